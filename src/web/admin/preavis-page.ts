/**
 * `/admin/greve`: the préavis de grève the admins register (a declaration may only name a day
 * one of them covers), the form to add one, and the school holidays the deadlines count with,
 * shown read-only (they are entered with `webmel calendar holiday add`).
 */
import { frenchDate, type SchoolHoliday } from '../../calendar/index.js';
import type { Preavis } from '../../strikes/index.js';
import { html, type SafeHtml } from '../mail-render/index.js';
import { csrfField, errorSummary, field } from '../views/form-fields.js';
import { ADMIN_PREAVIS_URL, GREVE_URL } from '../strikes/strike-urls.js';

export interface PreavisFormValues {
  union: string;
  from: string;
  to: string;
  ref: string;
  text: string;
}

export interface PreavisAdminInput {
  csrfToken: string;
  preavis: readonly Preavis[];
  holidays: readonly SchoolHoliday[];
  error?: string | null;
  values?: PreavisFormValues;
}

const ZONES: Record<SchoolHoliday['zone'], string> = { A: 'Zone A', B: 'Zone B', C: 'Zone C', all: 'Toutes les zones' };

function preavisTable(list: readonly Preavis[]): SafeHtml {
  if (list.length === 0) return html`<p class="empty">Aucun préavis n’est enregistré : aucune déclaration ne peut être faite.</p>`;
  return html`<div class="table-scroll"><table>
  <caption class="sr-only">Préavis de grève enregistrés</caption>
  <thead><tr><th scope="col">Organisation syndicale</th><th scope="col">Du</th><th scope="col">Au</th><th scope="col">Référence</th><th scope="col">Texte</th></tr></thead>
  <tbody>${list.map(
    (p) => html`<tr><td>${p.union}</td><td>${frenchDate(p.from)}</td><td>${frenchDate(p.to)}</td><td>${p.reference}</td><td>${
      p.text ? html`<details><summary>Lire</summary><p class="strike-text">${p.text}</p></details>` : ''
    }</td></tr>`,
  )}</tbody>
</table></div>`;
}

function holidaysTable(list: readonly SchoolHoliday[]): SafeHtml {
  if (list.length === 0) return html`<p class="empty">Aucune période de vacances scolaires n’est enregistrée : les délais ne comptent que les week-ends et les jours fériés.</p>`;
  return html`<div class="table-scroll"><table>
  <caption class="sr-only">Vacances scolaires enregistrées</caption>
  <thead><tr><th scope="col">Zone</th><th scope="col">Du</th><th scope="col">Au</th><th scope="col">Période</th></tr></thead>
  <tbody>${list.map((h) => html`<tr><td>${ZONES[h.zone]}</td><td>${frenchDate(h.from)}</td><td>${frenchDate(h.to)}</td><td>${h.label}</td></tr>`)}</tbody>
</table></div>`;
}

export function preavisAdminPage(input: PreavisAdminInput): SafeHtml {
  const v = input.values ?? { union: '', from: '', to: '', ref: '', text: '' };
  return html`<p class="breadcrumb"><a href="${GREVE_URL}">Grève</a></p>
<h1>Préavis de grève</h1>
${errorSummary(input.error)}
<section aria-labelledby="admin-preavis">
  <h2 id="admin-preavis">Préavis enregistrés</h2>
  ${preavisTable(input.preavis)}
</section>
<section aria-labelledby="admin-preavis-ajout">
  <h2 id="admin-preavis-ajout">Enregistrer un préavis</h2>
  <form method="post" action="${ADMIN_PREAVIS_URL}">
    ${csrfField(input.csrfToken)}
    ${field({ name: 'union', label: 'Organisation syndicale', value: v.union, required: true })}
    ${field({ name: 'from', label: 'Premier jour couvert', type: 'date', value: v.from, hint: 'Format : AAAA-MM-JJ', required: true })}
    ${field({ name: 'to', label: 'Dernier jour couvert', type: 'date', value: v.to, hint: 'Format : AAAA-MM-JJ ; le même jour pour une seule journée', required: true })}
    ${field({ name: 'ref', label: 'Référence', value: v.ref, hint: 'Facultatif : la référence du préavis déposé' })}
    <div class="field"><label for="f-text">Texte du préavis</label><span class="hint" id="f-text-hint">Facultatif</span>
    <textarea id="f-text" name="text" rows="5" aria-describedby="f-text-hint">${v.text}</textarea></div>
    <p><button type="submit" class="btn--primary">Enregistrer le préavis</button></p>
  </form>
</section>
<section aria-labelledby="admin-vacances">
  <h2 id="admin-vacances">Vacances scolaires</h2>
  <p>Les délais de déclaration comptent les jours de classe de chaque école : ces périodes se saisissent en ligne de commande, avec <code>webmel calendar holiday add</code>.</p>
  ${holidaysTable(input.holidays)}
</section>`;
}
