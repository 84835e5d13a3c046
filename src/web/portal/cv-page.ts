/**
 * « Votre CV »: the agent's form (one field per section, one entry per line), the version it
 * shows and the earlier ones; a CV read-only, for an earlier version and for the
 * gestionnaire's page. The form carries the version it was based on (`base_version`): a save
 * from a stale page comes back as typed, with the newer version shown beside it.
 */
import { CV_SECTIONS, type CvContent, type CvVersion } from '../../portal/index.js';
import { html, type SafeHtml } from '../mail-render/index.js';
import { formatLongDate } from '../views/format.js';
import { csrfField, errorSummary } from '../views/form-fields.js';
import { CV_URL } from './portal-urls.js';

export const cvVersionUrl = (version: number) => `${CV_URL}/versions/${version}`;

/** « Version 3 du mardi 12 mars 2024 à 14:05 » */
export function versionLine(cv: Pick<CvVersion, 'version' | 'savedAt'>): string {
  return `Version ${cv.version} du ${formatLongDate(new Date(cv.savedAt))}`;
}

/** A CV's sections, read-only; sections left empty say so. */
export function cvView(cv: CvVersion | null, headingLevel: 2 | 3 = 2): SafeHtml {
  if (!cv) return html`<p class="empty">Aucun CV n’a encore été enregistré.</p>`;
  const h = (text: string) => (headingLevel === 2 ? html`<h2>${text}</h2>` : html`<h3>${text}</h3>`);
  return html`<p class="iprof-version">${versionLine(cv)}</p>
${CV_SECTIONS.map(({ key, label }) => html`<section aria-label="${label}">${h(label)}${cv.content[key].length === 0
  ? html`<p class="empty">Non renseigné.</p>`
  : html`<ul>${cv.content[key].map((entry) => html`<li>${entry}</li>`)}</ul>`}</section>`)}`;
}

export interface CvPageInput {
  csrfToken: string;
  /** The version the form is based on (null: the agent has none yet). */
  current: CvVersion | null;
  /** What the fields hold: the current version's entries, or what was typed when refused. */
  values: Record<keyof CvContent, string>;
  history: ReadonlyArray<{ version: number; savedAt: number }>;
  error?: string | null;
  /** A save refused as stale: the version saved in between, shown beside the typed values. */
  conflict?: CvVersion | null;
}

export function cvFieldsOf(cv: CvVersion | null): Record<keyof CvContent, string> {
  return Object.fromEntries(CV_SECTIONS.map(({ key }) => [key, cv ? cv.content[key].join('\n') : ''])) as Record<keyof CvContent, string>;
}

export function cvPage(input: CvPageInput): SafeHtml {
  return html`<h1>Votre CV</h1>
<p class="iprof-notice"><strong>Un espace strictement personnel :</strong> vous seul le complétez. Votre gestionnaire et l’administration le consultent, sans pouvoir le modifier, notamment pour les promotions et les mouvements spécifiques.</p>
${errorSummary(input.error)}
<p>${input.current ? versionLine(input.current) : 'Vous n’avez pas encore enregistré de CV.'}</p>
<form method="post" action="${CV_URL}" class="iprof-cv-form">
  ${csrfField(input.csrfToken)}
  <input type="hidden" name="base_version" value="${String(input.current?.version ?? 0)}">
  ${CV_SECTIONS.map(({ key, label, hint }) => html`<div class="field">
    <label for="cv-${key}">${label}</label>
    <span class="hint" id="cv-${key}-hint">${hint}</span>
    <textarea id="cv-${key}" name="${key}" rows="5" aria-describedby="cv-${key}-hint">${input.values[key]}</textarea>
  </div>`)}
  <button type="submit" class="btn">Enregistrer une nouvelle version</button>
</form>
${input.conflict ? html`<section class="iprof-conflict" aria-labelledby="cv-conflict-title">
  <h2 id="cv-conflict-title">La version enregistrée entre-temps</h2>
  ${cvView(input.conflict, 3)}
</section>` : ''}
<section aria-labelledby="cv-history-title">
  <h2 id="cv-history-title">Historique des versions</h2>
  ${input.history.length === 0
    ? html`<p class="empty">Aucune version.</p>`
    : html`<ol reversed>${input.history.map((v) => html`<li><a href="${cvVersionUrl(v.version)}">${versionLine(v)}</a></li>`)}</ol>`}
</section>`;
}

/** An earlier version, read-only, with the way back to the form. */
export function cvVersionPage(cv: CvVersion, latest: number): SafeHtml {
  return html`<h1>Votre CV : version ${String(cv.version)}</h1>
${cv.version < latest ? html`<p class="banner banner--info" role="note">Ce n’est pas la dernière version (version ${String(latest)}).</p>` : ''}
${cvView(cv)}
<p><a href="${CV_URL}">Retour à votre CV</a></p>`;
}
