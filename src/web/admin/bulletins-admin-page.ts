/**
 * `/admin/bulletins`: the admins publish a bulletin or an election notice to an audience of
 * the annuaire (shared/domain.md §5), follow every publication's delivery (union messages
 * included: counts only, never who), and set the date union unsubscriptions last until.
 */
import { UNION_MONTHLY_CAP, type Publication } from '../../bulletins/index.js';
import { audienceField, formatAndTextFields, type MessageFormValues } from '../bulletins/bulletin-form.js';
import { ADMIN_BULLETINS_URL, ADMIN_UNSUBSCRIBE_UNTIL_URL, BULLETINS_URL, bulletinUrl } from '../bulletins/bulletin-urls.js';
import { audienceWords, dateCell, inProgress, KIND_LABELS, liveList, statusText, untilWords } from '../bulletins/publication-view.js';
import { html, type SafeHtml } from '../mail-render/index.js';
import { csrfField, errorSummary, field } from '../views/form-fields.js';

export const ADMIN_LIST_ID = 'live-publications';

export interface PublishFormValues extends MessageFormValues {
  kind: string;
  from: string;
}

export interface BulletinsAdminInput {
  csrfToken: string;
  publications: readonly Publication[];
  /** The senders offered (the rectorat's first: the form's default). */
  senders: readonly string[];
  /** Until when an unsubscription made now holds. */
  unsubscribeUntil: number;
  /** Whether a server's runner is there to deliver what is recorded. */
  runnerAlive: boolean;
  error?: string | null;
  /** The error is the unsubscription date's, not the publishing form's. */
  untilError?: string | null;
  values?: PublishFormValues;
}

const count = (n: number) => n.toLocaleString('fr-FR');

function publicationRow(p: Publication): SafeHtml {
  return html`<tr>
  <td class="num">${p.id}</td>
  <td>${KIND_LABELS[p.kind]}</td>
  <td><a href="${bulletinUrl(p.id)}">${p.subject}</a><br><span class="hint">${p.fromHeader}</span></td>
  <td><code>${p.audience}</code><br><span class="hint">${audienceWords(p.audience)}</span></td>
  <td>${statusText(p)}</td>
  <td class="num">${count(p.delivered)}</td>
  <td class="num">${count(p.skippedFull)}</td>
  <td class="num">${p.kind === 'union' ? count(p.skippedCap) : '–'}</td>
  <td class="num">${p.kind === 'union' ? count(p.skippedUnsubscribed) : '–'}</td>
  <td>${dateCell(p)}</td>
</tr>`;
}

/** The publications (also the fragment its poll swaps in while one is being delivered). */
export function publicationList(publications: readonly Publication[], runnerAlive: boolean): SafeHtml {
  const waiting = inProgress(publications);
  const table =
    publications.length === 0
      ? html`<p class="empty">Aucune publication n’a encore été faite.</p>`
      : html`${
          waiting && !runnerAlive
            ? html`<div class="banner banner--warn" role="note"><p>Aucun serveur Webmel ne distribue en ce moment : les publications en attente partiront à son prochain démarrage.</p></div>`
            : ''
        }<div class="table-scroll"><table class="publications">
  <caption class="sr-only">Publications, de la plus récente à la plus ancienne</caption>
  <thead><tr><th scope="col" class="num">N°</th><th scope="col">Type</th><th scope="col">Objet et expéditeur</th><th scope="col">Public</th><th scope="col">État</th>
  <th scope="col" class="num">Remis</th><th scope="col" class="num">Boîtes pleines<span class="sr-only"> non servies</span></th>
  <th scope="col" class="num">Plafond<span class="sr-only"> syndical de ${UNION_MONTHLY_CAP} messages par mois</span></th><th scope="col" class="num">Désabonnés</th><th scope="col">Date et durée</th></tr></thead>
  <tbody>${publications.map(publicationRow)}</tbody>
</table></div>`;
  return liveList(ADMIN_LIST_ID, ADMIN_BULLETINS_URL, waiting, html`${table}${
    publications.length > 0
      ? html`<p class="publications-legend">Non remis : « Boîtes pleines », les boîtes déjà pleines (un avis des élections y est remis quand même) ; « Plafond », les agents qui ont déjà reçu ${UNION_MONTHLY_CAP} messages du syndicat ce mois-ci ; « Désabonnés », ceux qui ont refusé ses messages.</p>`
      : ''
  }`);
}

function kindChoice(kind: string): SafeHtml {
  const election = kind === 'election';
  return html`<fieldset class="field">
  <legend>Type</legend>
  <div class="checkbox"><input type="radio" id="f-kind-bulletin" name="kind" value="bulletin"${election ? '' : html` checked`} aria-describedby="f-kind-bulletin-hint">
    <label for="f-kind-bulletin">Bulletin</label></div>
  <span class="hint" id="f-kind-bulletin-hint">Une boîte pleine ne le reçoit pas (il reste lisible dans « Bulletins »).</span>
  <div class="checkbox"><input type="radio" id="f-kind-election" name="kind" value="election"${election ? html` checked` : ''} aria-describedby="f-kind-election-hint">
    <label for="f-kind-election">Élections professionnelles</label></div>
  <span class="hint" id="f-kind-election-hint">Un avis des élections est remis même dans une boîte pleine et ne compte pas dans son quota : à réserver aux messages du scrutin.</span>
</fieldset>`;
}

function publishForm(input: BulletinsAdminInput): SafeHtml {
  const v = input.values ?? { kind: 'bulletin', from: input.senders[0] ?? '', subject: '', audience: 'all', format: 'text', source: '' };
  return html`<form method="post" action="${ADMIN_BULLETINS_URL}">
  ${csrfField(input.csrfToken)}
  ${errorSummary(input.error)}
  ${field({
    name: 'from',
    label: 'Expéditeur',
    value: v.from,
    required: true,
    hint: 'Sous la forme « Nom <adresse> », par exemple celui du rectorat ou du ministère.',
    attrs: html` list="expediteurs" spellcheck="false"`,
  })}
  <datalist id="expediteurs">${input.senders.map((s) => html`<option value="${s}"></option>`)}</datalist>
  ${field({ name: 'subject', label: 'Objet', value: v.subject, required: true })}
  ${audienceField(v.audience)}
  ${kindChoice(v.kind)}
  ${formatAndTextFields(v)}
  <p><button type="submit" class="btn--primary">Publier</button></p>
</form>`;
}

function untilForm(input: BulletinsAdminInput): SafeHtml {
  return html`<form method="post" action="${ADMIN_UNSUBSCRIBE_UNTIL_URL}" class="form-card">
  ${csrfField(input.csrfToken)}
  ${errorSummary(input.untilError)}
  <p>Un agent qui se désabonne aujourd’hui des messages d’un syndicat ne les reçoit plus jusqu’au <strong>${untilWords(input.unsubscribeUntil)}</strong>.
  Par défaut, c’est la fin des prochaines élections professionnelles (WEBMEL_ELECTION_END).</p>
  ${field({
    name: 'until',
    type: 'date',
    label: 'Désabonnements syndicaux valables jusqu’au',
    hint: 'Format : AAAA-MM-JJ, une date à venir. Vaut pour les désabonnements à venir : ceux déjà enregistrés gardent leur date.',
    required: true,
  })}
  <div class="toolbar"><button type="submit">Enregistrer la date</button>
  <button type="submit" name="action" value="reset" formnovalidate>Revenir aux prochaines élections</button></div>
</form>`;
}

export function bulletinsAdminPage(input: BulletinsAdminInput): SafeHtml {
  return html`<p class="breadcrumb"><a href="${BULLETINS_URL}">Bulletins</a></p>
<h1>Bulletins et avis institutionnels</h1>
<section aria-labelledby="publier">
  <h2 id="publier">Publier</h2>
  <p>Le message est enregistré puis distribué par le serveur dans la boîte de réception de chaque agent du public, en quelques secondes pour toute l’académie.
  Les agents ne peuvent pas s’en désabonner ; ils le retrouvent aussi dans leur page « Bulletins ».</p>
  ${publishForm(input)}
</section>
<section aria-labelledby="publications">
  <h2 id="publications">Publications</h2>
  ${publicationList(input.publications, input.runnerAlive)}
</section>
<section aria-labelledby="desabonnements">
  <h2 id="desabonnements">Désabonnements des messages syndicaux</h2>
  ${untilForm(input)}
</section>`;
}
