/**
 * `/admin/comptes/nouveau` and `/admin/comptes/import`: an account created by hand, with the
 * fields of `webmel user add` (the identity rules make its login and address), and a file of
 * people imported as `webmel user import` does, with a trial run and its report of the lines
 * added, already there and rejected. The NUMEN typed is never written back into a page.
 */
import { ROLES } from '../../accounts/account-store.js';
import type { ImportReport } from '../../directory/index.js';
import { html, type SafeHtml } from '../mail-render/index.js';
import { csrfField, errorSummary, field } from '../views/form-fields.js';
import { plural } from '../views/format.js';
import { CONSOLE_URL, IMPORT_URL, NEW_ACCOUNT_URL } from './console-urls.js';

export const NEW_ACCOUNT_FIELDS = ['prenom', 'nom', 'numen', 'naissance', 'role', 'degree', 'sector', 'uai', 'circonscription', 'fonction'] as const;
export type NewAccountValues = Record<(typeof NEW_ACCOUNT_FIELDS)[number], string>;

function choice(name: string, label: string, value: string, options: ReadonlyArray<[string, string]>): SafeHtml {
  return html`<div class="field"><label for="f-${name}">${label}</label><select id="f-${name}" name="${name}">${options.map(
    ([v, text]) => html`<option value="${v}"${v === value ? html` selected` : ''}>${text}</option>`,
  )}</select></div>`;
}

export function newAccountPage(input: { csrfToken: string; error?: string | null; values?: Partial<NewAccountValues> }): SafeHtml {
  const v = input.values ?? {};
  return html`<p class="breadcrumb"><a href="${CONSOLE_URL}">Administration</a></p>
<h1>Créer un compte</h1>
<p>L’identifiant (initiale du prénom et nom) et l’adresse (prenom.nom@…) suivent les règles de l’académie, les homonymes sont numérotés ; le mot de passe initial est le NUMEN de la personne.</p>
<form method="post" action="${NEW_ACCOUNT_URL}">
  ${csrfField(input.csrfToken)}
  ${errorSummary(input.error)}
  ${field({ name: 'prenom', label: 'Prénom', value: v.prenom ?? '', required: true })}
  ${field({ name: 'nom', label: 'Nom de famille', value: v.nom ?? '', required: true })}
  ${field({ name: 'numen', label: 'NUMEN', required: true, autocomplete: 'off', hint: '13 caractères, par exemple 01E9501234ABC. Jamais conservé en clair.', attrs: html` spellcheck="false"` })}
  ${field({ name: 'naissance', type: 'date', label: 'Date de naissance', value: v.naissance ?? '', hint: 'Facultatif. Format : AAAA-MM-JJ' })}
  ${choice('role', 'Rôle', v.role ?? 'enseignant', ROLES.map((r): [string, string] => [r, r]))}
  ${choice('degree', 'Degré', v.degree ?? '', [['', 'aucun'], ['1d', '1er degré'], ['2d', '2nd degré']])}
  ${choice('sector', 'Secteur', v.sector ?? 'public', [['public', 'public'], ['prive', 'privé sous contrat']])}
  ${field({ name: 'uai', label: 'Établissement (UAI)', value: v.uai ?? '', hint: 'Facultatif, par exemple 0131234W' })}
  ${field({ name: 'circonscription', label: 'Circonscription', value: v.circonscription ?? '', hint: 'Facultatif, par exemple « Marseille 5 »' })}
  ${field({ name: 'fonction', label: 'Fonction', value: v.fonction ?? '', hint: 'Facultatif, par exemple « professeure des écoles »' })}
  <p><button type="submit" class="btn--primary">Créer le compte</button></p>
</form>`;
}

function reportView(report: ImportReport): SafeHtml {
  return html`<section aria-labelledby="rapport" role="status">
  <h2 id="rapport">${report.dryRun ? 'Essai : rien n’a été enregistré' : 'Import terminé'}</h2>
  <ul>
    <li>${plural(report.added, report.dryRun ? 'compte serait créé' : 'compte créé', report.dryRun ? 'comptes seraient créés' : 'comptes créés')}</li>
    <li>${plural(report.unchanged, 'ligne déjà pourvue d’un compte (ignorée)', 'lignes déjà pourvues d’un compte (ignorées)')}</li>
    <li>${plural(report.rejected.length, 'ligne refusée', 'lignes refusées')}</li>
  </ul>
  ${report.rejected.length ? html`<div class="table-scroll"><table><caption>Lignes refusées</caption>
    <thead><tr><th scope="col" class="num">Ligne</th><th scope="col">Motif</th></tr></thead>
    <tbody>${report.rejected.map((r) => html`<tr><td class="num">${r.line}</td><td>${r.reason}</td></tr>`)}</tbody></table></div>` : ''}
</section>`;
}

export function importPage(input: { csrfToken: string; error?: string | null; report?: ImportReport | null }): SafeHtml {
  // The body is read by the route after the CSRF check: the token rides in the URL (csrf.ts).
  return html`<p class="breadcrumb"><a href="${CONSOLE_URL}">Administration</a></p>
<h1>Importer des comptes depuis un fichier CSV</h1>
<p>Le fichier de personnes de l’annuaire (séparateur ; ou ,, UTF-8 ou Windows-1252), avec une colonne <code>numen</code> : comme <code>webmel user import</code>. Une personne qui a déjà un compte est ignorée ; tout le fichier est enregistré, ou rien.</p>
${input.report ? reportView(input.report) : ''}
<form method="post" action="${IMPORT_URL}?_csrf=${encodeURIComponent(input.csrfToken)}" enctype="multipart/form-data">
  ${errorSummary(input.error)}
  <div class="field"><label for="f-fichier">Fichier CSV <span aria-hidden="true">*</span></label>
  <input id="f-fichier" name="fichier" type="file" accept=".csv,text/csv" required></div>
  <div class="checkbox"><input type="checkbox" id="f-essai" name="essai" value="1" checked><label for="f-essai">Essai seulement : afficher le rapport sans rien enregistrer</label></div>
  <p><button type="submit" class="btn--primary">Importer</button></p>
</form>`;
}
