/**
 * « Grève »: the teacher's declaration page. Who she is and where comes from the annuaire and is
 * shown, never sent back (only the ticked days are): the préavis days of her école with their
 * deadlines, the days already declared or too late shown without a box; her declarations with
 * « Retirer » while it is still possible; and, kept apart, the declaration of participation
 * some administrations ask for after the day. Everything is a plain form: no JavaScript needed.
 */
import { frenchDate, type CivilDate } from '../../calendar/index.js';
import { frenchTimestamp, type Declaration, type Eligibility, type OfferedDay } from '../../strikes/index.js';
import { html, type SafeHtml } from '../mail-render/index.js';
import { csrfField, errorSummary } from '../views/form-fields.js';
import { ADMIN_GREVE_URL, CIRCONSCRIPTION_URL, DECLARE_URL, PARTICIPATION_URL, withdrawUrl } from './strike-urls.js';

/** L133-5, recalled wherever a declaration is made. */
export const SECRECY_NOTICE =
  'Votre déclaration est couverte par le secret professionnel et ne peut être utilisée que pour l’organisation du service d’accueil (article L133-5 du code de l’éducation).';

export interface DeclarationPageInput {
  csrfToken: string;
  eligibility: Eligibility;
  /** The préavis days of her école (empty when she is not obliged). */
  offered: readonly OfferedDay[];
  mine: ReadonlyArray<{ declaration: Declaration; canWithdraw: boolean }>;
  participationDays: readonly CivilDate[];
  /** An IEN or an admin: the link to the circonscription's counts. */
  circonscriptions: boolean;
  admin: boolean;
  /** A refused request, said at the top (role=alert). */
  error?: string | null;
  /** The days ticked in a refused form, ticked again. */
  ticked?: readonly string[];
}

const KINDS = { intention: 'Intention', participation: 'Participation (service fait)' } as const;

function fact(label: string, value: string): SafeHtml {
  return html`<div><dt>${label}</dt><dd>${value}</dd></div>`;
}

function preavisOf(day: OfferedDay): string {
  const unions = [...new Set(day.preavis.map((p) => p.union))];
  return `${unions.length > 1 ? 'préavis déposés par' : 'préavis déposé par'} ${unions.join(', ')}`;
}

/** One préavis day: a box when it may still be declared, its state otherwise. */
function offeredDay(day: OfferedDay, ticked: ReadonlySet<string>): SafeHtml {
  const id = `jour-${day.day}`;
  const deadline = `${frenchDate(day.deadline)} à 23 h 59`;
  if (day.declared) {
    return html`<li class="strike-day"><span class="strike-day__date">${frenchDate(day.day)}</span> <span class="strike-day__state">déjà déclarée</span> <span class="hint">${preavisOf(day)}</span></li>`;
  }
  if (day.late) {
    return html`<li class="strike-day"><span class="strike-day__date">${frenchDate(day.day)}</span> <span class="strike-day__state">délai dépassé (date limite : ${deadline})</span> <span class="hint">${preavisOf(day)}</span></li>`;
  }
  return html`<li class="strike-day strike-day--open">
  <input type="checkbox" id="${id}" name="days" value="${day.day}" aria-describedby="${id}-hint"${ticked.has(day.day) ? html` checked` : ''}>
  <label for="${id}">${frenchDate(day.day)}</label>
  <span class="hint" id="${id}-hint">à déclarer au plus tard le ${deadline} ; ${preavisOf(day)}</span>
</li>`;
}

function declarationForm(input: DeclarationPageInput): SafeHtml {
  if (!input.eligibility.obliged) return html``;
  const { person, ecole, circonscription } = input.eligibility.declarant;
  const ticked = new Set(input.ticked ?? []);
  const open = input.offered.some((d) => !d.declared && !d.late);
  return html`<section aria-labelledby="greve-intention">
  <h2 id="greve-intention">Déclarer mon intention de grève</h2>
  <p>Vos informations viennent de l’annuaire académique ; si elles sont inexactes, signalez-le à votre circonscription.</p>
  <dl class="structure-facts">
    ${fact('Nom', person.nom)}
    ${fact('Prénom', person.prenom)}
    ${fact('Affectation', `${ecole.nom} (${ecole.uai})`)}
    ${fact('Circonscription', circonscription ? circonscription.nom : 'non renseignée dans l’annuaire')}
  </dl>
  ${
    input.offered.length === 0
      ? html`<p class="empty">Aucun préavis de grève ne couvre les prochains jours de classe de votre école.</p>`
      : html`<form method="post" action="${DECLARE_URL}">
  ${csrfField(input.csrfToken)}
  <fieldset class="strike-days">
    <legend>Jours de classe couverts par un préavis de grève</legend>
    <ul>${input.offered.map((day) => offeredDay(day, ticked))}</ul>
  </fieldset>
  <p class="strike-secrecy">${SECRECY_NOTICE}</p>
  ${open ? html`<p><button type="submit" class="btn--primary">Déclarer mon intention de grève</button></p>` : ''}
</form>`
  }
</section>`;
}

function declarationRow({ declaration: d, canWithdraw }: DeclarationPageInput['mine'][number], csrfToken: string): SafeHtml {
  return html`<tr>
  <td>${frenchDate(d.day)}</td>
  <td>${KINDS[d.kind]}</td>
  <td>${frenchTimestamp(d.receivedAt)}</td>
  <td>${d.withdrawnAt !== null ? `retirée ${frenchTimestamp(d.withdrawnAt)}` : 'enregistrée'}</td>
  <td>${
    canWithdraw
      ? html`<form method="post" action="${withdrawUrl(d.id)}">${csrfField(csrfToken)}<button type="submit" class="btn--danger" aria-label="Retirer la déclaration du ${frenchDate(d.day)}">Retirer</button></form>`
      : ''
  }</td>
</tr>`;
}

function myDeclarations(input: DeclarationPageInput): SafeHtml {
  return html`<section aria-labelledby="greve-miennes">
  <h2 id="greve-miennes">Mes déclarations</h2>
  ${
    input.mine.length === 0
      ? html`<p class="empty">Vous n’avez fait aucune déclaration.</p>`
      : html`<div class="table-scroll"><table>
  <caption class="sr-only">Mes déclarations, la plus récente d’abord</caption>
  <thead><tr><th scope="col">Jour</th><th scope="col">Nature</th><th scope="col">Reçue</th><th scope="col">État</th><th scope="col"><span class="sr-only">Action</span></th></tr></thead>
  <tbody>${input.mine.map((row) => declarationRow(row, input.csrfToken))}</tbody>
</table></div>`
  }
  <p class="hint">Une déclaration d’intention peut être retirée jusqu’au début de la journée concernée.</p>
</section>`;
}

function participationForm(input: DeclarationPageInput): SafeHtml {
  if (!input.eligibility.obliged) return html``;
  const declared = new Set(input.mine.filter((m) => m.declaration.kind === 'participation' && m.declaration.withdrawnAt === null).map((m) => m.declaration.day));
  const days = input.participationDays.filter((day) => !declared.has(day));
  return html`<section class="strike-participation" aria-labelledby="greve-participation">
  <h2 id="greve-participation">Déclarer ma participation (service fait)</h2>
  <p>Ce formulaire ne sert qu’aux personnels à qui leur administration demande, après la journée de grève, de déclarer s’ils y ont participé.</p>
  ${
    days.length === 0
      ? html`<p class="empty">Aucune journée de grève récente n’est à déclarer.</p>`
      : html`<form method="post" action="${PARTICIPATION_URL}">
  ${csrfField(input.csrfToken)}
  <fieldset class="strike-days">
    <legend>Journée de grève à laquelle j’ai participé</legend>
    <ul>${days.map(
      (day, i) => html`<li class="strike-day strike-day--open"><input type="radio" id="participation-${day}" name="day" value="${day}"${i === 0 ? html` required` : ''}> <label for="participation-${day}">${frenchDate(day)}</label></li>`,
    )}</ul>
  </fieldset>
  <p><button type="submit">Déclarer ma participation</button></p>
</form>`
  }
</section>`;
}

export function declarationPage(input: DeclarationPageInput): SafeHtml {
  const { eligibility } = input;
  return html`<h1>Déclaration préalable de grève</h1>
${errorSummary(input.error)}
<p>Les personnes qui enseignent dans une école maternelle ou élémentaire publique déclarent leur intention de participer à une grève au moins 48 heures à l’avance, dont au moins un jour ouvré (article L133-4 du code de l’éducation).</p>
${eligibility.obliged ? declarationForm(input) : html`<div class="banner banner--info"><p>${eligibility.reason}</p><p>Vous n’avez donc pas de déclaration préalable à faire.</p></div>`}
${input.mine.length > 0 || eligibility.obliged ? myDeclarations(input) : ''}
${participationForm(input)}
${
  input.circonscriptions || input.admin
    ? html`<section aria-labelledby="greve-suivi">
  <h2 id="greve-suivi">Suivi</h2>
  <ul>
    ${input.circonscriptions ? html`<li><a href="${CIRCONSCRIPTION_URL}">Déclarations des écoles de ma circonscription</a></li>` : ''}
    ${input.admin ? html`<li><a href="${ADMIN_GREVE_URL}">Préavis de grève et vacances scolaires (administration)</a></li>` : ''}
  </ul>
</section>`
    : ''
}`;
}
