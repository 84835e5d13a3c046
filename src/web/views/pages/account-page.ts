/**
 * « Mon compte »: who the reader is for the académie, the password, the active sessions with
 * « Déconnecter les autres sessions », the senders whose images always show, and the unions
 * whose mail she refused.
 */
import type { Account } from '../../../accounts/account-store.js';
import type { UnionUnsubscription } from '../../../bulletins/index.js';
import { unionRefusalsSection } from '../../bulletins/union-refusals.js';
import { html, type SafeHtml } from '../../mail-render/index.js';
import type { WebSession } from '../../../sessions/index.js';
import { csrfField } from '../form-fields.js';
import { formatLongDate } from '../format.js';
import { privateSectorNote } from './login-page.js';

export interface AccountPageInput {
  account: Account;
  csrfToken: string;
  current: WebSession;
  sessions: WebSession[];
  trustedSenders: string[];
  unionRefusals: readonly UnionUnsubscription[];
}

/** A readable browser name from a user agent: enough to recognise one's own devices. */
export function browserName(userAgent: string): string {
  const ua = userAgent.toLowerCase();
  const browser = ua.includes('edg/') ? 'Edge' : ua.includes('firefox/') ? 'Firefox' : ua.includes('chrome/') || ua.includes('chromium/') ? 'Chrome' : ua.includes('safari/') ? 'Safari' : 'Navigateur';
  const system = ua.includes('android') ? 'Android' : ua.includes('iphone') || ua.includes('ipad') ? 'iOS' : ua.includes('windows') ? 'Windows' : ua.includes('mac os') ? 'macOS' : ua.includes('linux') ? 'Linux' : '';
  return system ? `${browser} sous ${system}` : browser;
}

function sessionRow(session: WebSession, current: WebSession, csrfToken: string): SafeHtml {
  const isCurrent = session.id === current.id;
  return html`<tr>
  <td>${browserName(session.userAgent)}${isCurrent ? html` <strong>(cette session)</strong>` : ''}</td>
  <td>${session.ip}</td>
  <td>${formatLongDate(new Date(session.createdAt))}</td>
  <td>${formatLongDate(new Date(session.lastSeenAt))}</td>
  <td>${
    isCurrent
      ? ''
      : html`<form method="post" action="/account/sessions/${session.id}/delete">${csrfField(csrfToken)}<button type="submit" class="btn--danger">Déconnecter</button></form>`
  }</td>
</tr>`;
}

export function accountPage(input: AccountPageInput): SafeHtml {
  const { account } = input;
  return html`<h1>Mon compte</h1>
${account.sector === 'prive' ? privateSectorNote() : ''}
<h2>Identité</h2>
<dl class="message-headers">
  <dt>Nom</dt><dd>${account.prenom} ${account.nom}</dd>
  <dt>Identifiant</dt><dd>${account.login}</dd>
  <dt>Adresse</dt><dd>${account.address}</dd>
  ${account.fonction ? html`<dt>Fonction</dt><dd>${account.fonction}</dd>` : ''}
  ${account.uai ? html`<dt>Affectation (UAI)</dt><dd>${account.uai}</dd>` : ''}
  ${account.circonscription ? html`<dt>Circonscription</dt><dd>${account.circonscription}</dd>` : ''}
</dl>
<p><a class="btn" href="/account/password">Changer de mot de passe</a></p>

<h2>Sessions actives</h2>
<div class="table-scroll"><table>
  <caption class="sr-only">Vos sessions ouvertes dans la messagerie</caption>
  <thead><tr><th scope="col">Appareil</th><th scope="col">Adresse IP</th><th scope="col">Ouverte le</th><th scope="col">Dernière activité</th><th scope="col"><span class="sr-only">Action</span></th></tr></thead>
  <tbody>${input.sessions.map((s) => sessionRow(s, input.current, input.csrfToken))}</tbody>
</table></div>
${
  input.sessions.length > 1
    ? html`<form method="post" action="/account/sessions/others/delete" class="toolbar">${csrfField(input.csrfToken)}<button type="submit" class="btn--danger">Déconnecter les autres sessions</button></form>`
    : ''
}

<h2>Images distantes</h2>
${
  input.trustedSenders.length === 0
    ? html`<p>Les images distantes sont bloquées pour tous les expéditeurs. Vous pouvez les autoriser depuis un message.</p>`
    : html`<p>Les images distantes s’affichent toujours pour ces expéditeurs :</p>
<ul>${input.trustedSenders.map(
        (address) => html`<li>${address}
  <form method="post" action="/account/trusted-senders/delete" class="toolbar">${csrfField(input.csrfToken)}<input type="hidden" name="address" value="${address}"><button type="submit" class="btn--link">Retirer<span class="sr-only"> ${address}</span></button></form></li>`,
      )}</ul>`
}
${unionRefusalsSection(input.unionRefusals, input.csrfToken)}`;
}
