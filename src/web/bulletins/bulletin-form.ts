/**
 * The fields the admins' publishing form and the union's form share: Public (the audience of
 * the annuaire, explained in its hint), Format and Texte; and reading them back from a posted
 * form. Labels and hints as form-fields.ts makes them (RGAA 11: a visible label, hints tied
 * with aria-describedby).
 */
import { MAX_BODY_BYTES, type BodyFormat } from '../../bulletins/index.js';
import { html, type SafeHtml } from '../mail-render/index.js';
import { field } from '../views/form-fields.js';

export interface MessageFormValues {
  subject: string;
  audience: string;
  format: string;
  source: string;
}

export const EMPTY_MESSAGE_FORM: MessageFormValues = { subject: '', audience: '', format: 'text', source: '' };

const FORMATS: ReadonlyArray<{ value: BodyFormat; label: string }> = [
  { value: 'text', label: 'Texte simple' },
  { value: 'markdown', label: 'Markdown (titres #, **gras**, listes -)' },
  { value: 'html', label: 'HTML (nettoyé avant l’envoi : ni script, ni formulaire, ni style externe)' },
];

/** Longest field read from a form: the text may be as long as the engine takes (it says so beyond). */
const MAX_SHORT_FIELD_CHARS = 2000;
const MAX_SOURCE_CHARS = MAX_BODY_BYTES + 1;

export function formText(body: unknown, name: string, max = MAX_SHORT_FIELD_CHARS): string {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value.slice(0, max) : '';
}

export function readMessageForm(body: unknown): MessageFormValues {
  return { subject: formText(body, 'subject'), audience: formText(body, 'audience'), format: formText(body, 'format'), source: formText(body, 'source', MAX_SOURCE_CHARS) };
}

export function bodyFormat(value: string): BodyFormat | null {
  return FORMATS.some((f) => f.value === value) ? (value as BodyFormat) : null;
}

export function audienceField(value: string): SafeHtml {
  return field({
    name: 'audience',
    label: 'Public',
    value,
    required: true,
    hint:
      'Qui reçoit le message, selon l’annuaire : all (tous les agents), 1d ou 2d (1er ou 2nd degré), dept:013 (un département), ' +
      'circo:UAI (une circonscription), uai:UAI (une école ou un établissement), role:RÔLE (par exemple role:directeur). ' +
      'Plusieurs critères séparés par des virgules : un agent qui répond à l’un d’eux le reçoit.',
    attrs: html` spellcheck="false" autocapitalize="off"`,
  });
}

export function formatAndTextFields(values: Pick<MessageFormValues, 'format' | 'source'>): SafeHtml {
  const current = bodyFormat(values.format) ?? 'text';
  return html`<div class="field"><label for="f-format">Format du texte</label>
  <span class="hint" id="f-format-hint">Le Markdown et le HTML donnent un message mis en forme, accompagné de sa version en texte simple.</span>
  <select id="f-format" name="format" aria-describedby="f-format-hint">${FORMATS.map(
    (f) => html`<option value="${f.value}"${f.value === current ? html` selected` : ''}>${f.label}</option>`,
  )}</select></div>
<div class="field"><label for="f-source">Texte <span aria-hidden="true">*</span></label>
  <span class="hint" id="f-source-hint">Au plus ${MAX_BODY_BYTES / 1024 / 1024} Mo.</span>
  <textarea id="f-source" name="source" rows="14" required aria-describedby="f-source-hint" class="bulletin-source">${values.source}</textarea></div>`;
}
