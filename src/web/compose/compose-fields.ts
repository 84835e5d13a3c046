/**
 * The compose form's fields, read from a request and checked before sending: every address
 * field parsed on its own (errors are reported per field, in French), at least one recipient,
 * no more than the submission server accepts, local addresses that exist, a subject on one
 * line. Drafts are saved without these checks: a draft may be unfinished.
 */
import type { LocalDelivery } from '../../delivery/local-delivery.js';
import { headerText, parseAddressField, type Recipient } from './address-field.js';
import type { ComposeFields } from './compose-store.js';
import { field, type ParsedForm } from './multipart-form.js';
import { MAX_SUBJECT_CHARS } from './subject-prefix.js';

/** Characters of text kept from the form (the multipart reader already bounds the bytes). */
export const MAX_BODY_CHARS = 2 * 1024 * 1024;

export type AddressFieldName = 'to' | 'cc' | 'bcc';

export const FIELD_LABELS: Record<AddressFieldName, string> = { to: 'À', cc: 'Cc', bcc: 'Cci' };

/** Line ends as the browser sends them (CRLF) become \n; NUL and other controls but tab go. */
function bodyText(value: string): string {
  return value.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').slice(0, MAX_BODY_CHARS);
}

/** What the form holds now, as typed (addresses unparsed: they are checked on sending). */
export function readFields(form: ParsedForm): ComposeFields {
  const rich = field(form, 'format') === 'html';
  const html = field(form, 'html');
  return {
    to: field(form, 'to').slice(0, 32 * 1024),
    cc: field(form, 'cc').slice(0, 32 * 1024),
    bcc: field(form, 'bcc').slice(0, 32 * 1024),
    // A subject is one line: a forged request's line breaks become spaces (no header injection).
    subject: headerText(field(form, 'subject'), MAX_SUBJECT_CHARS),
    text: bodyText(field(form, 'text')),
    html: rich && html.trim() !== '' ? html.slice(0, MAX_BODY_CHARS) : null,
  };
}

export interface CheckedRecipients {
  to: Recipient[];
  cc: Recipient[];
  bcc: Recipient[];
  /** Every envelope recipient, once. */
  all: string[];
}

export type FieldErrors = Partial<Record<AddressFieldName | 'form', string>>;

export type CheckResult = { ok: true; recipients: CheckedRecipients } | { ok: false; errors: FieldErrors };

export interface CheckOptions {
  /** The submission server's own RCPT check, for académie addresses. */
  delivery: Pick<LocalDelivery, 'isLocalDomain' | 'checkRecipient'>;
  maxRecipients: number;
}

const LOCAL_REFUSALS: Record<'unknown' | 'disabled' | 'full', (address: string, label: string) => string> = {
  unknown: (a, l) => `Aucun compte de l’académie ne porte l’adresse « ${a} » (champ « ${l} »). Vérifiez-la dans l’annuaire.`,
  disabled: (a, l) => `Le compte « ${a} » est désactivé et ne reçoit plus de messages (champ « ${l} »).`,
  full: (a, l) => `La boîte de « ${a} » est pleine : le message ne pourrait pas lui être remis (champ « ${l} »). Retirez cette adresse ou réessayez plus tard.`,
};

/** Checks the address fields before sending; errors name the field and the faulty address. */
export function checkRecipients(fields: ComposeFields, options: CheckOptions): CheckResult {
  const errors: FieldErrors = {};
  const parsed: Record<AddressFieldName, Recipient[]> = { to: [], cc: [], bcc: [] };
  for (const name of ['to', 'cc', 'bcc'] as const) {
    const result = parseAddressField(fields[name], FIELD_LABELS[name]);
    if (!result.ok) {
      errors[name] = result.error;
      continue;
    }
    // An académie address the server would refuse at RCPT is caught now, with its field,
    // rather than after sending as a partial delivery and a bounce.
    let refusal: string | null = null;
    for (const r of result.recipients) {
      if (!options.delivery.isLocalDomain(r.address.toLowerCase())) continue;
      const check = options.delivery.checkRecipient(r.address.toLowerCase());
      if (!check.ok && check.reason !== 'relay') {
        refusal = LOCAL_REFUSALS[check.reason](r.address, FIELD_LABELS[name]);
        break;
      }
    }
    if (refusal) {
      errors[name] = refusal;
      continue;
    }
    parsed[name] = result.recipients;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const all = [...new Set([...parsed.to, ...parsed.cc, ...parsed.bcc].map((r) => r.address.toLowerCase()))];
  if (all.length === 0) return { ok: false, errors: { to: 'Indiquez au moins un destinataire.' } };
  if (all.length > options.maxRecipients) {
    return { ok: false, errors: { form: `Un message peut avoir ${options.maxRecipients} destinataires au plus (${all.length} indiqués). Envoyez-le en plusieurs fois ou utilisez une liste de diffusion.` } };
  }
  return { ok: true, recipients: { ...parsed, all } };
}
