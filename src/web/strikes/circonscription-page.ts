/**
 * The IEN's pages for one circonscription and one strike day: per école, the declarants, the
 * headcount, whether the 25 % of the service d'accueil is reached (said in words, not only in
 * colour) and the names (L133-5: for the organisation of the service d'accueil, so only here);
 * and « Communiquer au maire », printable, per commune, counts only, never a name.
 */
import { frenchDate, type CivilDate } from '../../calendar/index.js';
import type { Structure } from '../../directory/index.js';
import type { EcoleCount, EcoleDeclarations } from '../../strikes/index.js';
import { html, type SafeHtml } from '../mail-render/index.js';
import { GREVE_URL, CIRCONSCRIPTION_URL, MAYOR_URL, circonscriptionDayUrl } from './strike-urls.js';

export interface DayChoice {
  circonscriptions: readonly Structure[];
  circonscription: Structure;
  /** The préavis days and days with declarations, in order. */
  days: readonly CivilDate[];
  day: CivilDate | null;
}

export interface CirconscriptionPageInput extends DayChoice {
  /** Null when there is no day to show. */
  ecoles: readonly EcoleDeclarations[] | null;
}

export interface MayorPageInput {
  circonscription: Structure;
  day: CivilDate;
  communes: ReadonlyArray<{ commune: string; ecoles: readonly EcoleCount[] }>;
}

const circonscriptionName = (c: Structure) => `${c.nom} (${c.uai})`;

function threshold(reached: boolean): SafeHtml {
  return reached ? html`<strong class="strike-threshold">atteint</strong>` : html`non atteint`;
}

function ecoleCell(ecole: Structure): SafeHtml {
  return html`<th scope="row">${ecole.nom}<br><span class="hint">${ecole.uai}, ${ecole.commune || 'commune non renseignée'}</span></th>`;
}

function totals(counts: readonly EcoleCount[]): { declarants: number; headcount: number; reached: number } {
  return {
    declarants: counts.reduce((n, c) => n + c.declarants, 0),
    headcount: counts.reduce((n, c) => n + c.headcount, 0),
    reached: counts.filter((c) => c.accueilThreshold).length,
  };
}

function reachedText(reached: number): string {
  return reached === 0 ? 'aucune école' : reached === 1 ? '1 école' : `${reached} écoles`;
}

/** The GET form choosing the circonscription and the day: works without JavaScript. */
function choiceForm(input: DayChoice): SafeHtml {
  return html`<form method="get" action="${CIRCONSCRIPTION_URL}" class="strike-choice">
  ${
    input.circonscriptions.length > 1
      ? html`<div class="field"><label for="choix-uai">Circonscription</label>
  <select id="choix-uai" name="uai">${input.circonscriptions.map(
    (c) => html`<option value="${c.uai}"${c.uai === input.circonscription.uai ? html` selected` : ''}>${circonscriptionName(c)}</option>`,
  )}</select></div>`
      : html`<input type="hidden" name="uai" value="${input.circonscription.uai}">`
  }
  ${
    input.days.length > 0
      ? html`<div class="field"><label for="choix-date">Journée de grève</label>
  <select id="choix-date" name="date">${input.days.map((d) => html`<option value="${d}"${d === input.day ? html` selected` : ''}>${frenchDate(d)}</option>`)}</select></div>`
      : ''
  }
  <p><button type="submit">Afficher</button></p>
</form>`;
}

function ecoleRow(e: EcoleDeclarations): SafeHtml {
  return html`<tr>
  ${ecoleCell(e.ecole)}
  <td class="num">${e.declarants}</td>
  <td class="num">${e.headcount}</td>
  <td>${threshold(e.accueilThreshold)}</td>
  <td>${e.names.length > 0 ? html`<ul class="strike-names">${e.names.map((name) => html`<li>${name}</li>`)}</ul>` : ''}</td>
</tr>`;
}

function dayTable(input: CirconscriptionPageInput, day: CivilDate, ecoles: readonly EcoleDeclarations[]): SafeHtml {
  const total = totals(ecoles);
  return html`<div class="table-scroll"><table class="strike-table">
  <caption>Déclarations d’intention de grève du ${frenchDate(day)}, circonscription ${input.circonscription.nom}</caption>
  <thead><tr><th scope="col">École</th><th scope="col">Déclarants</th><th scope="col">Effectif enseignant</th><th scope="col">Seuil de 25 %</th><th scope="col">Noms</th></tr></thead>
  <tbody>${ecoles.map(ecoleRow)}</tbody>
  <tfoot><tr><th scope="row">Total (${ecoles.length} ${ecoles.length > 1 ? 'écoles' : 'école'})</th><td class="num">${total.declarants}</td><td class="num">${total.headcount}</td><td>atteint dans ${reachedText(total.reached)}</td><td></td></tr></tfoot>
</table></div>
<p><a class="btn" href="${circonscriptionDayUrl(MAYOR_URL, input.circonscription.uai, day)}">Communiquer au maire</a></p>`;
}

export function circonscriptionPage(input: CirconscriptionPageInput): SafeHtml {
  return html`<p class="breadcrumb"><a href="${GREVE_URL}">Grève</a></p>
<h1>Déclarations de la circonscription ${input.circonscription.nom}</h1>
<p>Quand le nombre de déclarants atteint 25 % des personnes qui enseignent dans une école, la commune organise le service d’accueil (article L133-4 du code de l’éducation).</p>
<p class="strike-secrecy">Les noms sont couverts par le secret professionnel et ne peuvent être utilisés que pour l’organisation du service d’accueil (article L133-5 du code de l’éducation) : ils ne sont jamais transmis au maire.</p>
${choiceForm(input)}
${
  input.day === null || input.ecoles === null
    ? html`<p class="empty">Aucun préavis de grève n’est enregistré pour les semaines passées ou à venir.</p>`
    : input.ecoles.length === 0
      ? html`<p class="empty">Aucune école publique n’est rattachée à cette circonscription dans l’annuaire.</p>`
      : dayTable(input, input.day, input.ecoles)
}`;
}

function communeTable(commune: string, ecoles: readonly EcoleCount[]): SafeHtml {
  const total = totals(ecoles);
  return html`<section class="strike-commune">
  <h2>${commune}</h2>
  <table class="strike-table">
    <caption class="sr-only">Écoles publiques de ${commune}</caption>
    <thead><tr><th scope="col">École</th><th scope="col">Déclarants</th><th scope="col">Effectif enseignant</th><th scope="col">Seuil de 25 %</th></tr></thead>
    <tbody>${ecoles.map(
      (e) => html`<tr>${ecoleCell(e.ecole)}<td class="num">${e.declarants}</td><td class="num">${e.headcount}</td><td>${threshold(e.accueilThreshold)}</td></tr>`,
    )}</tbody>
    <tfoot><tr><th scope="row">Total ${commune}</th><td class="num">${total.declarants}</td><td class="num">${total.headcount}</td><td>atteint dans ${reachedText(total.reached)}</td></tr></tfoot>
  </table>
</section>`;
}

export function mayorPage(input: MayorPageInput): SafeHtml {
  const { circonscription: c, day } = input;
  return html`<p class="breadcrumb no-print"><a href="${circonscriptionDayUrl(CIRCONSCRIPTION_URL, c.uai, day)}">Déclarations de la circonscription</a></p>
<h1>Grève du ${frenchDate(day)} : déclarations d’intention par école</h1>
<p>Circonscription ${c.nom} (${c.uai}). Nombre de personnes ayant déclaré leur intention de participer à la grève, par école publique ; la commune organise le service d’accueil dans les écoles où ce nombre atteint 25 % des personnes qui y enseignent (article L133-4 du code de l’éducation).</p>
<p>Ce document ne comporte aucun nom : les déclarations sont couvertes par le secret professionnel et ne peuvent être utilisées que pour l’organisation du service d’accueil (article L133-5 du code de l’éducation).</p>
<p class="no-print"><a class="btn" href="${circonscriptionDayUrl(MAYOR_URL, c.uai, day, 'csv')}" hx-boost="false" download>Télécharger le tableau (CSV)</a> Pour l’imprimer, utilisez la fonction d’impression de votre navigateur.</p>
${input.communes.length === 0 ? html`<p class="empty">Aucune école publique n’est rattachée à cette circonscription dans l’annuaire.</p>` : input.communes.map(({ commune, ecoles }) => communeTable(commune, ecoles))}`;
}
