/**
 * A dossier as I-Prof shows it, read-only (the agent's « Votre dossier », the top of the
 * gestionnaire's page) and as the gestionnaire's form edits it. The form posts every row's
 * fields under one name each (`aff_from`, `aff_to`…), in row order, so that a refused form
 * comes back exactly as typed.
 */
import { CONGE_KINDS, GRADES, POSITIONS, type CongeKind, type Dossier, type DossierInput } from '../../portal/index.js';
import { html, type SafeHtml } from '../mail-render/index.js';
import { formatLongDate } from '../views/format.js';
import { csrfField } from '../views/form-fields.js';

/** Blank rows offered under the existing ones, to add an affectation or a congé. */
const BLANK_ROWS = 2;

/** 2021-09-01 → 01/09/2021, as an arrêté writes a date. */
export function dayText(date: string | null): string {
  return date ? `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}` : '';
}

function echelonText(echelon: number): string {
  return echelon === 1 ? '1er échelon' : `${echelon}e échelon`;
}

/** The dossier's sections, read-only; `headingLevel` 2 on the agent's page, 3 inside the gestionnaire's. */
export function dossierView(dossier: Dossier, headingLevel: 2 | 3 = 2): SafeHtml {
  const h = (text: string) => (headingLevel === 2 ? html`<h2>${text}</h2>` : html`<h3>${text}</h3>`);
  return html`<section class="iprof-dossier" aria-label="Situation administrative">
  ${h('Situation administrative')}
  <dl class="iprof-facts">
    <dt>Corps</dt><dd>${dossier.corps}</dd>
    <dt>Grade</dt><dd>${GRADES[dossier.grade]}</dd>
    <dt>Échelon</dt><dd>${echelonText(dossier.echelon)}, depuis le ${dayText(dossier.echelonDate)}</dd>
    <dt>Position</dt><dd>${POSITIONS[dossier.position]}</dd>
  </dl>
</section>
<section class="iprof-dossier" aria-label="Affectations">
  ${h('Affectations')}
  ${dossier.affectations.length === 0
    ? html`<p class="empty">Aucune affectation n’est enregistrée.</p>`
    : html`<div class="table-scroll"><table>
    <caption class="sr-only">Historique des affectations, la plus récente d’abord</caption>
    <thead><tr><th scope="col">Du</th><th scope="col">Au</th><th scope="col">Structure</th><th scope="col">UAI</th></tr></thead>
    <tbody>${dossier.affectations.map((a) => html`<tr><td>${dayText(a.from)}</td><td>${a.to ? dayText(a.to) : 'en cours'}</td><td>${a.label}</td><td>${a.uai}</td></tr>`)}</tbody>
  </table></div>`}
</section>
<section class="iprof-dossier" aria-label="Congés">
  ${h('Congés')}
  ${dossier.conges.length === 0
    ? html`<p class="empty">Aucun congé n’est enregistré.</p>`
    : html`<div class="table-scroll"><table>
    <caption class="sr-only">Congés, le plus récent d’abord</caption>
    <thead><tr><th scope="col">Nature</th><th scope="col">Du</th><th scope="col">Au</th></tr></thead>
    <tbody>${dossier.conges.map((c) => html`<tr><td>${CONGE_KINDS[c.kind]}</td><td>${dayText(c.from)}</td><td>${c.to ? dayText(c.to) : 'en cours'}</td></tr>`)}</tbody>
  </table></div>`}
</section>
<p class="hint">Dossier mis à jour le ${formatLongDate(new Date(dossier.updatedAt))}.</p>`;
}

/** The form's values from a stored dossier (none: an empty form). */
export function dossierInputOf(dossier: Dossier | null): DossierInput {
  if (!dossier) return { corps: '', grade: 'classe_normale', echelon: '', echelonDate: '', position: 'activite', affectations: [], conges: [] };
  return {
    corps: dossier.corps,
    grade: dossier.grade,
    echelon: String(dossier.echelon),
    echelonDate: dossier.echelonDate,
    position: dossier.position,
    affectations: dossier.affectations.map((a) => ({ from: a.from, to: a.to ?? '', uai: a.uai, label: a.label })),
    conges: dossier.conges.map((c) => ({ kind: c.kind, from: c.from, to: c.to ?? '' })),
  };
}

/** Every value posted under `name`, in order (one field gives a string, several an array). */
function posted(body: Record<string, unknown>, name: string): string[] {
  const value = body[name];
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? v : ''));
  return typeof value === 'string' ? [value] : [];
}

/** The form's values as posted, rows rebuilt from their parallel fields. */
export function dossierInputFrom(body: Record<string, unknown>): DossierInput {
  const one = (name: string) => posted(body, name)[0] ?? '';
  const [affFrom, affTo, affUai, affLabel] = ['aff_from', 'aff_to', 'aff_uai', 'aff_label'].map((n) => posted(body, n)) as [string[], string[], string[], string[]];
  const [congeKind, congeFrom, congeTo] = ['conge_kind', 'conge_from', 'conge_to'].map((n) => posted(body, n)) as [string[], string[], string[]];
  return {
    corps: one('corps'),
    grade: one('grade'),
    echelon: one('echelon'),
    echelonDate: one('echelon_date'),
    position: one('position'),
    affectations: affFrom.map((from, i) => ({ from, to: affTo[i] ?? '', uai: affUai[i] ?? '', label: affLabel[i] ?? '' })),
    conges: congeFrom.map((from, i) => ({ kind: congeKind[i] ?? '', from, to: congeTo[i] ?? '' })),
  };
}

export interface DossierFormInput {
  action: string;
  csrfToken: string;
  values: DossierInput;
  /** The corps the grids know, offered as suggestions. */
  corpsNames: readonly string[];
  /** The `updatedAt` of the dossier shown (null: none yet): a save made meanwhile refuses this one (409). */
  basedOn: number | null;
  error?: { message: string; field: string | null } | null;
}

function options(list: Readonly<Record<string, string>>, selected: string, blank?: string): SafeHtml {
  return html`${blank !== undefined ? html`<option value=""${selected === '' ? html` selected` : ''}>${blank}</option>` : ''}${Object.entries(list).map(
    ([code, label]) => html`<option value="${code}"${code === selected ? html` selected` : ''}>${label}</option>`,
  )}`;
}

export function dossierForm(input: DossierFormInput): SafeHtml {
  const v = input.values;
  const error = input.error ?? null;
  const invalid = (field: string) => (error?.field === field ? html` aria-invalid="true" aria-describedby="dossier-error"` : '');
  const fieldClass = (field: string) => (error?.field === field ? 'field field--error' : 'field');
  const affectations = [...v.affectations, ...Array.from({ length: BLANK_ROWS }, () => ({ from: '', to: '', uai: '', label: '' }))];
  const conges = [...v.conges, ...Array.from({ length: BLANK_ROWS }, () => ({ kind: '', from: '', to: '' }))];
  return html`${error ? html`<div class="banner banner--danger" role="alert" id="dossier-error"><p>${error.message}</p></div>` : ''}
<form method="post" action="${input.action}" class="iprof-dossier-form">
  ${csrfField(input.csrfToken)}
  <input type="hidden" name="base" value="${input.basedOn === null ? '' : String(input.basedOn)}">
  <fieldset>
    <legend>Situation administrative</legend>
    <div class="${fieldClass('corps')}">
      <label for="f-corps">Corps</label>
      <input id="f-corps" name="corps" type="text" list="corps-grilles" value="${v.corps}" required${invalid('corps')}>
      <datalist id="corps-grilles">${input.corpsNames.map((name) => html`<option value="${name}"></option>`)}</datalist>
    </div>
    <div class="${fieldClass('grade')}">
      <label for="f-grade">Grade</label>
      <select id="f-grade" name="grade"${invalid('grade')}>${options(GRADES, v.grade)}</select>
    </div>
    <div class="${fieldClass('echelon')}">
      <label for="f-echelon">Échelon</label>
      <span class="hint" id="f-echelon-hint">De 1 à 11 en classe normale.</span>
      <input id="f-echelon" name="echelon" type="number" min="1" max="20" step="1" inputmode="numeric" value="${v.echelon}" required${error?.field === 'echelon' ? html` aria-invalid="true" aria-describedby="f-echelon-hint dossier-error"` : html` aria-describedby="f-echelon-hint"`}>
    </div>
    <div class="${fieldClass('echelon_date')}">
      <label for="f-echelon-date">Date d’accès à l’échelon</label>
      <input id="f-echelon-date" name="echelon_date" type="date" value="${v.echelonDate}" required${invalid('echelon_date')}>
    </div>
    <div class="${fieldClass('position')}">
      <label for="f-position">Position</label>
      <select id="f-position" name="position"${invalid('position')}>${options(POSITIONS, v.position)}</select>
    </div>
  </fieldset>
  <fieldset${error?.field === 'affectations' ? html` class="field--error"` : ''}>
    <legend>Affectations</legend>
    <p class="hint">La plus récente d’abord. Laissez « au » vide pour l’affectation en cours ; une ligne laissée vide est ignorée.</p>
    ${affectations.map((a, i) => html`<fieldset class="iprof-row">
      <legend>Affectation n° ${i + 1}</legend>
      <div class="field"><label for="aff-${i}-from">Du</label><input id="aff-${i}-from" name="aff_from" type="date" value="${a.from}"></div>
      <div class="field"><label for="aff-${i}-to">Au</label><input id="aff-${i}-to" name="aff_to" type="date" value="${a.to}"></div>
      <div class="field"><label for="aff-${i}-uai">UAI</label><input id="aff-${i}-uai" name="aff_uai" type="text" maxlength="8" spellcheck="false" value="${a.uai}"></div>
      <div class="field"><label for="aff-${i}-label">Structure</label><input id="aff-${i}-label" name="aff_label" type="text" value="${a.label}"></div>
    </fieldset>`)}
  </fieldset>
  <fieldset${error?.field === 'conges' ? html` class="field--error"` : ''}>
    <legend>Congés</legend>
    <p class="hint">Laissez « au » vide pour un congé en cours ; une ligne laissée vide est ignorée.</p>
    ${conges.map((c, i) => html`<fieldset class="iprof-row">
      <legend>Congé n° ${i + 1}</legend>
      <div class="field"><label for="conge-${i}-kind">Nature</label><select id="conge-${i}-kind" name="conge_kind">${options(CONGE_KINDS, c.kind as CongeKind | '', '— choisir —')}</select></div>
      <div class="field"><label for="conge-${i}-from">Du</label><input id="conge-${i}-from" name="conge_from" type="date" value="${c.from}"></div>
      <div class="field"><label for="conge-${i}-to">Au</label><input id="conge-${i}-to" name="conge_to" type="date" value="${c.to}"></div>
    </fieldset>`)}
  </fieldset>
  <button type="submit" class="btn">Enregistrer le dossier</button>
</form>`;
}
