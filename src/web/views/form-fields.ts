/**
 * Form building blocks with the accessibility rules built in (RGAA 11): every control has a
 * visible <label>, hints and errors are tied to it with aria-describedby, an invalid field says
 * so with aria-invalid, and the CSRF token rides along in every form.
 */
import { html, type SafeHtml } from '../mail-render/index.js';
import { CSRF_FIELD } from '../http/csrf.js';

export function csrfField(token: string): SafeHtml {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${token}">`;
}

export interface FieldOptions {
  name: string;
  label: string;
  type?: 'text' | 'password' | 'date' | 'search' | 'email';
  value?: string;
  hint?: string;
  error?: string | null;
  autocomplete?: string;
  required?: boolean;
  id?: string;
  /** Extra attributes, already safe markup (e.g. `spellcheck="false"`). */
  attrs?: SafeHtml;
}

export function field(o: FieldOptions): SafeHtml {
  const id = o.id ?? `f-${o.name}`;
  const describedBy = [o.hint ? `${id}-hint` : '', o.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="field${o.error ? ' field--error' : ''}">
  <label for="${id}">${o.label}${o.required ? html` <span aria-hidden="true">*</span>` : ''}</label>
  ${o.hint ? html`<span class="hint" id="${id}-hint">${o.hint}</span>` : ''}
  ${o.error ? html`<p class="error-text" id="${id}-error">${o.error}</p>` : ''}
  <input id="${id}" name="${o.name}" type="${o.type ?? 'text'}" value="${o.value ?? ''}"${o.autocomplete ? html` autocomplete="${o.autocomplete}"` : ''}${o.required ? html` required` : ''}${describedBy ? html` aria-describedby="${describedBy}"` : ''}${o.error ? html` aria-invalid="true"` : ''}${o.attrs ?? ''}>
</div>`;
}

/** The error summary at the top of a refused form (RGAA 11.10): role=alert so it is announced. */
export function errorSummary(message: string | null | undefined): SafeHtml | '' {
  return message ? html`<div class="banner banner--danger" role="alert"><p>${message}</p></div>` : '';
}
