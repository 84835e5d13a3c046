/**
 * `/admin/comptes/:login`: what the console knows of one account (issue 21) and, for an admin,
 * what can be done to it. Usage per folder (the Corbeille and Indésirables apart: they are what
 * a purge frees), the largest messages by size, date and sender only (never a subject or any
 * content: shared/domain.md §6.4), the warnings sent, the recent refusals, the web and IMAP
 * sessions; then one form per action, each a CSRF-protected POST, with a reason where the audit
 * log should say why. An IEN sees the same facts without any form.
 */
import { ROLES, type Account } from '../../accounts/account-store.js';
import { DEPARTURE_REPLY_DAYS } from '../../admin/index.js';
import { addDays, parisDay } from '../../calendar/index.js';
import { html, type SafeHtml } from '../mail-render/index.js';
import { csrfField, errorSummary, field } from '../views/form-fields.js';
import { formatLongDate, formatSize } from '../views/format.js';
import { WARNED_TEXT } from './accounts-page.js';
import { ACCOUNTS_URL, CONSOLE_URL, actionUrl, mboxUrl, type AccountAction } from './console-urls.js';

export interface FolderUsage {
  name: string;
  specialUse: string | null;
  bytes: number;
  messages: number;
}

export interface AccountFacts {
  account: Account;
  usedBytes: number;
  limitBytes: number;
  messages: number;
  warnedLevel: number;
  folders: readonly FolderUsage[];
  /** Size, date, sender and folder: nothing of the content. */
  largest: ReadonlyArray<{ size: number; internalDate: number; fromText: string; folder: string }>;
  refusals: ReadonlyArray<{ at: number; sender: string; size: number; code: string; reason: string }>;
  webSessions: ReadonlyArray<{ createdAt: number; lastSeenAt: number; ip: string; userAgent: string }>;
  imapSessions: ReadonlyArray<{ ip: string; since: number }>;
  /** A departure under way (its automatic reply answers senders). */
  departing: boolean;
}

/** What was typed in the refused form, to show it again. */
export type ActionValues = Record<string, string>;

export interface AccountPageInput extends AccountFacts {
  csrfToken: string;
  readOnly: boolean;
  error?: { action: AccountAction | null; message: string; status: number } | null;
  values?: ActionValues;
}

const when = (ms: number) => formatLongDate(new Date(ms));
const SET_APART = new Set(['\\Trash', '\\Junk']);
const REASONS: Record<string, string> = { full: 'boîte pleine', unknown: 'adresse inconnue', disabled: 'compte désactivé', relay: 'relais refusé' };

function foldersTable(folders: readonly FolderUsage[]): SafeHtml {
  const kept = folders.filter((f) => !SET_APART.has(f.specialUse ?? ''));
  const apart = folders.filter((f) => SET_APART.has(f.specialUse ?? ''));
  const rows = (list: readonly FolderUsage[]) => list.map((f) => html`<tr><th scope="row">${f.name}</th><td class="num">${f.messages.toLocaleString('fr-FR')}</td><td class="num">${formatSize(f.bytes)}</td></tr>`);
  return html`<div class="table-scroll"><table>
  <caption>Espace par dossier</caption>
  <thead><tr><th scope="col">Dossier</th><th scope="col" class="num">Messages</th><th scope="col" class="num">Taille</th></tr></thead>
  <tbody>${rows(kept)}</tbody>
  ${apart.length ? html`<tbody><tr><th scope="rowgroup" colspan="3">Corbeille et Indésirables (libérables)</th></tr>${rows(apart)}</tbody>` : ''}
</table></div>`;
}

function largestTable(largest: AccountFacts['largest']): SafeHtml {
  if (largest.length === 0) return html`<p class="empty">La boîte ne contient aucun message.</p>`;
  return html`<div class="table-scroll"><table>
  <caption>Plus gros messages (taille, date et expéditeur seulement : jamais le contenu)</caption>
  <thead><tr><th scope="col" class="num">Taille</th><th scope="col">Reçu le</th><th scope="col">Expéditeur</th><th scope="col">Dossier</th></tr></thead>
  <tbody>${largest.map((m) => html`<tr><td class="num">${formatSize(m.size)}</td><td>${when(m.internalDate)}</td><td>${m.fromText}</td><td>${m.folder}</td></tr>`)}</tbody>
</table></div>`;
}

function refusalsTable(refusals: AccountFacts['refusals']): SafeHtml {
  if (refusals.length === 0) return html`<p class="empty">Aucun message refusé ces 30 derniers jours.</p>`;
  return html`<div class="table-scroll"><table>
  <caption>Messages refusés à ce compte (30 derniers jours, les plus récents d’abord)</caption>
  <thead><tr><th scope="col">Date</th><th scope="col">Expéditeur</th><th scope="col" class="num">Taille</th><th scope="col">Réponse</th></tr></thead>
  <tbody>${refusals.map((r) => html`<tr><td>${when(r.at)}</td><td>${r.sender || '(vide)'}</td><td class="num">${formatSize(r.size)}</td><td>${r.code} (${REASONS[r.reason] ?? r.reason})</td></tr>`)}</tbody>
</table></div>`;
}

function sessionsLists(f: AccountFacts): SafeHtml {
  const loopback = (ip: string) => ip === '127.0.0.1' || ip === '::1' || ip === '::ffff:127.0.0.1';
  return html`<h3>Webmail</h3>
${f.webSessions.length === 0 ? html`<p class="empty">Aucune session ouverte dans le webmail.</p>` : html`<ul>${f.webSessions.map((s) => html`<li>Depuis ${s.ip}, ouverte le ${when(s.createdAt)}, dernière activité le ${when(s.lastSeenAt)}<br><span class="hint">${s.userAgent}</span></li>`)}</ul>`}
<h3>IMAP</h3>
${f.imapSessions.length === 0 ? html`<p class="empty">Aucune session IMAP (relevé toutes les 5 secondes).</p>` : html`<ul>${f.imapSessions.map((s) => html`<li>${loopback(s.ip) ? html`Le webmail lui-même (${s.ip})` : html`Depuis ${s.ip}`}, connectée le ${when(s.since)}</li>`)}</ul>`}`;
}

function reasonField(action: AccountAction, values: ActionValues, required = false): SafeHtml {
  return field({ name: 'reason', id: `f-${action}-reason`, label: 'Motif', value: values.reason ?? '', required, hint: 'Écrit au journal des actions (ni mot de passe, ni NUMEN, ni contenu de message).' });
}

function actionForm(input: AccountPageInput, action: AccountAction, title: string, body: SafeHtml, button: string): SafeHtml {
  const error = input.error?.action === action ? input.error : null;
  return html`<form method="post" action="${actionUrl(input.account.login, action)}" class="form-card" aria-labelledby="h-${action}">
  <h3 id="h-${action}">${title}</h3>
  ${csrfField(input.csrfToken)}
  ${error ? errorSummary(`Erreur ${error.status} : ${error.message}`) : ''}
  ${body}
  <p><button type="submit">${button}</button></p>
</form>`;
}

function options(values: readonly string[], selected: string, labels: Record<string, string> = {}): SafeHtml[] {
  return values.map((v) => html`<option value="${v}"${v === selected ? html` selected` : ''}>${labels[v] ?? v}</option>`);
}

function actionForms(input: AccountPageInput): SafeHtml {
  const a = input.account;
  const own = (action: AccountAction) => (input.error?.action === action ? (input.values ?? {}) : {});
  const quotaValues = own('quota');
  const profileValues = own('profile');
  const departValues = own('depart');
  const today = parisDay(Date.now());
  const mb = a.quotaBytes === null ? '' : String(Math.round((a.quotaBytes / 1024 ** 2) * 10) / 10).replace('.', ',');
  const profile = { role: profileValues.role ?? a.role, degree: profileValues.degree ?? a.degree ?? '', uai: profileValues.uai ?? a.uai ?? '', circonscription: profileValues.circonscription ?? a.circonscription ?? '' };
  return html`<section aria-labelledby="actions">
<h2 id="actions">Actions</h2>
${actionForm(input, 'quota', 'Quota personnel', html`
  <input type="hidden" name="expected" value="${a.quotaBytes === null ? '' : String(a.quotaBytes)}">
  ${field({ name: 'quota_mb', label: 'Quota, en Mo', value: quotaValues.quota_mb ?? mb, hint: `Vide : la valeur de l’académie. Actuellement ${a.quotaBytes === null ? 'valeur de l’académie' : formatSize(a.quotaBytes)} (${formatSize(input.limitBytes)}).`, attrs: html` inputmode="decimal"` })}
  ${reasonField('quota', quotaValues, true)}`, 'Enregistrer le quota')}
${actionForm(input, 'recalc', 'Recalculer l’espace utilisé', html`<p>Recompte l’espace à partir des messages, et affiche l’écart trouvé.</p>`, 'Recalculer')}
${actionForm(input, 'remind', 'Envoyer le rappel « Pensez à vider votre messagerie »', html`<p>Un message dans sa boîte de réception, avec ses chiffres et le lien vers « Libérer de l’espace ».</p>`, 'Envoyer le rappel')}
${actionForm(input, 'purgeTrash', 'Vider la Corbeille', html`<p>Les messages de sa Corbeille sont supprimés définitivement.</p>`, 'Vider la Corbeille')}
${a.disabledAt === null
  ? actionForm(input, 'disable', 'Désactiver le compte', html`<p>Connexion refusée, sessions fermées, courrier refusé.</p>${reasonField('disable', own('disable'))}`, 'Désactiver')
  : actionForm(input, 'enable', 'Réactiver le compte', html`<p>${input.departing ? 'Annule aussi le départ en cours.' : 'La personne peut de nouveau se connecter.'}</p>${reasonField('enable', own('enable'))}`, 'Réactiver')}
${actionForm(input, 'resetPassword', 'Revenir au NUMEN comme mot de passe', html`<p>Toutes ses sessions sont fermées ; elle choisira un nouveau mot de passe à sa prochaine connexion.</p>${reasonField('resetPassword', own('resetPassword'))}`, 'Réinitialiser le mot de passe')}
${actionForm(input, 'unlock', 'Lever le blocage des connexions', html`<p>Efface les tentatives échouées comptées pour ce compte.</p>`, 'Débloquer')}
${actionForm(input, 'revokeSessions', 'Fermer toutes les sessions', html`<p>Webmail : la personne devra se reconnecter.</p>${reasonField('revokeSessions', own('revokeSessions'))}`, 'Fermer les sessions')}
${actionForm(input, 'profile', 'Rôle, degré et affectation', html`
  <input type="hidden" name="expected_role" value="${a.role}"><input type="hidden" name="expected_degree" value="${a.degree ?? ''}">
  <input type="hidden" name="expected_uai" value="${a.uai ?? ''}"><input type="hidden" name="expected_circonscription" value="${a.circonscription ?? ''}">
  <div class="field"><label for="f-role">Rôle</label><select id="f-role" name="role">${options(ROLES, profile.role)}</select></div>
  <div class="field"><label for="f-degree">Degré</label><select id="f-degree" name="degree">${options(['', '1d', '2d'], profile.degree, { '': 'aucun', '1d': '1er degré', '2d': '2nd degré' })}</select></div>
  ${field({ name: 'uai', label: 'Établissement (UAI)', value: profile.uai, hint: 'Par exemple 0131234W ; vide : aucun' })}
  ${field({ name: 'circonscription', label: 'Circonscription', value: profile.circonscription })}
  ${reasonField('profile', profileValues)}`, 'Enregistrer')}
${actionForm(input, 'depart', 'Départ de l’académie', html`
  <p>Connexion bloquée aussitôt ; jusqu’à la date choisie, chaque expéditeur reçoit une réponse automatique disant que la personne est partie et à qui écrire ; puis la boîte est supprimée et son espace libéré.
  Pour une mutation dans une autre académie, proposez d’abord <a href="${mboxUrl(a.login)}">le téléchargement de son courrier</a>.</p>
  ${field({ name: 'reply_until', type: 'date', label: 'Réponse automatique jusqu’au', value: departValues.reply_until ?? addDays(today, DEPARTURE_REPLY_DAYS.default), required: true, hint: `Format : AAAA-MM-JJ, entre un et trois mois (du ${addDays(today, DEPARTURE_REPLY_DAYS.min)} au ${addDays(today, DEPARTURE_REPLY_DAYS.max - 1)}).` })}
  ${field({ name: 'successor', type: 'email', label: 'Adresse à laquelle écrire à sa place', value: departValues.successor ?? '', hint: 'Facultatif : par exemple celle de son service ou de son successeur.' })}
  ${reasonField('depart', departValues)}`, 'Enregistrer le départ')}
</section>`;
}

export function accountPage(input: AccountPageInput): SafeHtml {
  const a = input.account;
  const percent = input.limitBytes > 0 ? Math.round((input.usedBytes / input.limitBytes) * 1000) / 10 : 100;
  return html`<p class="breadcrumb">${input.readOnly ? '' : html`<a href="${CONSOLE_URL}">Administration</a> › `}<a href="${ACCOUNTS_URL}">Comptes</a></p>
<h1>${a.prenom} ${a.nom} <span class="hint">(${a.login})</span></h1>
${input.error && input.error.action === null ? errorSummary(`Erreur ${input.error.status} : ${input.error.message}`) : ''}
<dl class="figures">
  <div class="figure"><dt>Adresse</dt><dd>${a.address}</dd></div>
  <div class="figure"><dt>Rôle</dt><dd>${a.role}${a.degree ? ` (${a.degree})` : ''}</dd></div>
  <div class="figure"><dt>Affectation</dt><dd>${a.uai ?? 'aucune'}${a.circonscription ? ` – ${a.circonscription}` : ''}</dd></div>
  <div class="figure"><dt>État</dt><dd>${a.disabledAt === null ? 'actif' : `désactivé le ${formatLongDate(new Date(a.disabledAt))}`}${input.departing ? ' (départ en cours : réponse automatique)' : ''}${a.passwordIsNumen ? ' ; mot de passe : le NUMEN' : ''}</dd></div>
  <div class="figure"><dt>Espace utilisé</dt><dd id="usage">${formatSize(input.usedBytes)} sur ${formatSize(input.limitBytes)} (${percent.toLocaleString('fr-FR')} %), ${input.messages.toLocaleString('fr-FR')} messages</dd></div>
  <div class="figure"><dt>Quota</dt><dd>${a.quotaBytes === null ? 'valeur de l’académie' : `personnel : ${formatSize(a.quotaBytes)}`}</dd></div>
  <div class="figure"><dt>Dernier avertissement envoyé</dt><dd>${WARNED_TEXT[input.warnedLevel] ?? `${input.warnedLevel} %`}</dd></div>
</dl>
${input.readOnly ? '' : html`<p><a class="btn" href="${mboxUrl(a.login)}" download>Télécharger le courrier (mbox)</a></p>`}
<section aria-labelledby="espace"><h2 id="espace">Espace</h2>${foldersTable(input.folders)}${largestTable(input.largest)}</section>
<section aria-labelledby="refus"><h2 id="refus">Courrier refusé</h2>${refusalsTable(input.refusals)}</section>
<section aria-labelledby="sessions"><h2 id="sessions">Sessions en cours</h2>${sessionsLists(input)}</section>
${input.readOnly ? '' : actionForms(input)}`;
}
