/**
 * « Diffusion syndicale », for a union's account (role syndicat): the rules the law sets
 * (shared/domain.md §2.4), the form of a message to agents of the annuaire, and the union's
 * own messages with how many each reached and why the others did not: already at the monthly
 * cap, unsubscribed, mailbox full. The union sees counts, never who.
 */
import { UNION_MONTHLY_CAP, type Publication } from '../../bulletins/index.js';
import { html, type SafeHtml } from '../mail-render/index.js';
import { csrfField, errorSummary, field } from '../views/form-fields.js';
import { audienceField, EMPTY_MESSAGE_FORM, formatAndTextFields, type MessageFormValues } from './bulletin-form.js';
import { bulletinUrl, UNION_URL } from './bulletin-urls.js';
import { audienceWords, dateCell, inProgress, liveList, statusText } from './publication-view.js';

export const UNION_LIST_ID = 'live-union-messages';

export interface UnionPageInput {
  csrfToken: string;
  unionName: string;
  sent: readonly Publication[];
  error?: string | null;
  values?: MessageFormValues;
}

const count = (n: number) => n.toLocaleString('fr-FR');

function sentRow(p: Publication): SafeHtml {
  return html`<tr>
  <td>${dateCell(p)}</td>
  <td><a href="${bulletinUrl(p.id)}">${p.subject}</a></td>
  <td>${audienceWords(p.audience)}</td>
  <td>${statusText(p)}</td>
  <td class="num">${count(p.delivered)}</td>
  <td class="num">${count(p.skippedCap)}</td>
  <td class="num">${count(p.skippedUnsubscribed)}</td>
  <td class="num">${count(p.skippedFull)}</td>
</tr>`;
}

/** The union's messages (also the fragment its poll swaps in while one is being delivered). */
export function unionMessages(sent: readonly Publication[]): SafeHtml {
  const table =
    sent.length === 0
      ? html`<p class="empty">Votre syndicat n’a encore diffusé aucun message.</p>`
      : html`<div class="table-scroll"><table class="publications">
  <caption class="sr-only">Messages diffusés par votre syndicat, du plus récent au plus ancien, et ce qu’il en est advenu</caption>
  <thead><tr><th scope="col">Date</th><th scope="col">Objet</th><th scope="col">Public</th><th scope="col">État</th>
  <th scope="col" class="num">Remis</th>
  <th scope="col" class="num">Plafond<span class="sr-only"> : non remis, ont déjà reçu ${UNION_MONTHLY_CAP} messages de votre syndicat ce mois-ci</span></th>
  <th scope="col" class="num">Désabonnés<span class="sr-only"> : non remis, se sont désabonnés</span></th>
  <th scope="col" class="num">Boîte pleine<span class="sr-only"> : non remis</span></th></tr></thead>
  <tbody>${sent.map(sentRow)}</tbody>
</table></div>
<p class="publications-legend">Non remis : « Plafond », ces agents ont déjà reçu ${UNION_MONTHLY_CAP} messages de votre syndicat ce mois-ci ; « Désabonnés », ils se sont désabonnés de vos messages ; « Boîte pleine », leur boîte aux lettres était pleine. Vous voyez combien, jamais qui.</p>`;
  return liveList(UNION_LIST_ID, UNION_URL, inProgress(sent), table);
}

export function unionPage(input: UnionPageInput): SafeHtml {
  const v = input.values ?? EMPTY_MESSAGE_FORM;
  return html`<h1>Diffusion syndicale</h1>
${errorSummary(input.error)}
<section aria-labelledby="regles" class="union-rules">
  <h2 id="regles">Les règles de la diffusion</h2>
  <p>Un agent reçoit au plus <strong>${UNION_MONTHLY_CAP} messages par mois</strong> de votre syndicat : au-delà, il ne lui est pas remis et le compte le dit.
  Les destinataires ne sont pas visibles (chacun ne voit que sa propre adresse), aucun accusé de lecture ni de réception n’est demandé,
  et chaque message rappelle le droit de refuser les messages syndicaux : un lien de désabonnement y est ajouté, valable jusqu’aux prochaines élections professionnelles.
  Les réponses vous parviennent directement, jamais aux autres destinataires.</p>
</section>
<section aria-labelledby="diffuser">
  <h2 id="diffuser">Diffuser un message</h2>
  <form method="post" action="${UNION_URL}">
    ${csrfField(input.csrfToken)}
    ${field({ name: 'subject', label: 'Objet', value: v.subject, required: true, hint: `« [${input.unionName}] » est ajouté automatiquement devant l’objet.` })}
    ${audienceField(v.audience)}
    ${formatAndTextFields(v)}
    <p><button type="submit" class="btn--primary">Diffuser le message</button></p>
  </form>
</section>
<section aria-labelledby="diffuses">
  <h2 id="diffuses">Messages diffusés</h2>
  ${unionMessages(input.sent)}
</section>`;
}
