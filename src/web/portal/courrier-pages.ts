/**
 * « Votre courrier »'s pages: the agent's « Reçus », « Envoyés » and « Archives » (the icon to
 * the right of « Envoyés », as the seed announces it), the form in the seed's words
 * (« Choix du thème », « Objet », « Message », « Le seul destinataire possible est votre
 * gestionnaire », « taille max : 5,24 Mo »), an exchange read whole, and the gestionnaire's
 * queue of their agents' courrier with its theme and status filters.
 */
import { attachmentLimitMessage, COURRIER_LIST_LIMIT as LIST_LIMIT, MAX_SUBJECT_CHARS, type AgentBox, type CourrierSummary, type CourrierWithContent, type QueueFilter } from '../../portal/index.js';
import { CSRF_FIELD } from '../http/csrf.js';
import { html, raw, textToHtml, type SafeHtml } from '../mail-render/index.js';
import { csrfField, errorSummary } from '../views/form-fields.js';
import { formatListDate, formatLongDate, formatSize, isoDate } from '../views/format.js';
import { archiveText } from './home-page.js';
import { COURRIER_NEW_URL, COURRIER_URL, GESTION_COURRIER_URL, GESTION_URL } from './portal-urls.js';

export const BOX_URLS: Record<AgentBox, string> = {
  recus: COURRIER_URL,
  envoyes: `${COURRIER_URL}/envoyes`,
  archives: `${COURRIER_URL}/archives`,
};
const BOX_TITLES: Record<AgentBox, string> = { recus: 'Reçus', envoyes: 'Envoyés', archives: 'Archives' };

export const courrierUrl = (id: number) => `${COURRIER_URL}/${id}`;
export const attachmentUrl = (id: number, index: number) => `${courrierUrl(id)}/pj/${index}`;

/** An archive box, drawn here (no icon font, no emoji a system may lack); its name is the link's text for screen readers. */
const ARCHIVE_ICON = raw(
  '<svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false"><path d="M3 4h18v4H3zM5 8v11a1 1 0 0 0 1 1h12a1 1 0 0 0 1-1V8M10 12h4" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round" stroke-linecap="round"/></svg>',
);

/** Who a courrier is from or to, by account id: the page's reader resolves them once. */
export type NameOf = (accountId: number | null) => string;

function boxNav(current: AgentBox | 'nouveau' | null, unread: number, isGestionnaire: boolean): SafeHtml {
  const mark = (box: AgentBox | 'nouveau') => (box === current ? html` aria-current="page"` : '');
  return html`<nav class="iprof-courrier-nav" aria-label="Votre courrier">
  <a class="btn" href="${COURRIER_NEW_URL}"${mark('nouveau')}>Écrire à votre gestionnaire</a>
  <a href="${BOX_URLS.recus}"${mark('recus')}>Reçus${unread > 0 ? html` <span class="badge">${unread} non lu${unread > 1 ? 's' : ''}</span>` : ''}</a>
  <a href="${BOX_URLS.envoyes}"${mark('envoyes')}>Envoyés</a>
  <a class="iprof-archives-icon" href="${BOX_URLS.archives}" title="Archives"${mark('archives')}>${ARCHIVE_ICON}<span class="sr-only">Archives</span></a>
  ${isGestionnaire ? html`<a href="${GESTION_COURRIER_URL}">Courrier de vos agents</a>` : ''}
</nav>`;
}

export interface BoxInput {
  box: AgentBox;
  items: readonly CourrierSummary[];
  unread: number;
  isGestionnaire: boolean;
  archiveAfterDays: number;
  nameOf: NameOf;
  now: Date;
}

export function boxPage(input: BoxInput): SafeHtml {
  const { box } = input;
  const empty = {
    recus: 'Aucun courrier reçu de votre gestionnaire.',
    envoyes: 'Vous n’avez pas encore écrit à votre gestionnaire.',
    archives: `Aucun courrier archivé : les courriers de plus ${archiveText(input.archiveAfterDays)} sont rangés ici.`,
  }[box];
  return html`<h1>Votre courrier : ${BOX_TITLES[box]}</h1>
${boxNav(box, input.unread, input.isGestionnaire)}
${box === 'archives' ? html`<p>Les courriers de plus ${archiveText(input.archiveAfterDays)} sont rangés ici chaque jour ; ils restent lisibles.</p>` : ''}
${input.items.length === LIST_LIMIT ? html`<p class="hint">Les ${LIST_LIMIT} courriers les plus récents.</p>` : ''}
${input.items.length === 0 ? html`<p class="empty">${empty}</p>` : courrierTable(`Courriers ${{ recus: 'reçus', envoyes: 'envoyés', archives: 'archivés' }[box]}`, input.items, box === 'envoyes' ? 'À' : box === 'recus' ? 'De' : 'Correspondant', (c) => input.nameOf(c.gestionnaireId), input.now, (c) => !c.fromAgent && c.readAt === null)}`;
}

function courrierTable(caption: string, items: readonly CourrierSummary[], whoHeader: string, who: (c: CourrierSummary) => string, now: Date, unread: (c: CourrierSummary) => boolean, extra?: (c: CourrierSummary) => SafeHtml): SafeHtml {
  return html`<table class="iprof-courriers">
  <caption class="sr-only">${caption}, du plus récent au plus ancien</caption>
  <thead><tr><th scope="col">Date</th><th scope="col">${whoHeader}</th><th scope="col">Objet</th><th scope="col">Thème</th><th scope="col">Pièces jointes</th>${extra ? html`<th scope="col">État</th>` : ''}</tr></thead>
  <tbody>${items.map((c) => html`<tr${unread(c) ? html` class="unread"` : ''}>
    <td><time datetime="${isoDate(new Date(c.sentAt))}">${formatListDate(new Date(c.sentAt), now)}</time></td>
    <td>${who(c)}</td>
    <td><a href="${courrierUrl(c.id)}">${unread(c) ? html`<strong>${c.subject}</strong> <span class="sr-only">(non lu)</span>` : c.subject}</a></td>
    <td>${c.theme ?? '—'}</td>
    <td>${c.attachmentCount > 0 ? String(c.attachmentCount) : '—'}</td>
    ${extra ? html`<td>${extra(c)}</td>` : ''}
  </tr>`)}</tbody>
</table>`;
}

export interface FormValues {
  subject: string;
  message: string;
  theme: string;
}

export interface FormInput {
  csrfToken: string;
  themes: readonly string[];
  gestionnaireName: string | null;
  values: FormValues;
  error?: string | null;
  /** The attachments' total: « 5,24 Mo » and its bytes. */
  limit: { text: string; bytes: number };
  unread: number;
  isGestionnaire: boolean;
}

export function formPage(input: FormInput): SafeHtml {
  const error = input.error ?? null;
  const action = `${COURRIER_NEW_URL}?${CSRF_FIELD}=${encodeURIComponent(input.csrfToken)}`;
  return html`<h1>Écrire à votre gestionnaire</h1>
${boxNav('nouveau', input.unread, input.isGestionnaire)}
${errorSummary(error)}
${input.gestionnaireName === null
    ? html`<div class="banner banner--warning" role="note"><p>Aucun gestionnaire n’est indiqué pour vous dans l’annuaire : vous ne pouvez pas encore écrire. Signalez-le à votre établissement.</p></div>`
    : html`<p class="iprof-recipient">Le seul destinataire possible est votre gestionnaire : <strong>${input.gestionnaireName}</strong>.</p>
<form method="post" action="${action}" enctype="multipart/form-data" hx-boost="false" class="iprof-courrier-form">
  ${csrfField(input.csrfToken)}
  <div class="field">
    <label for="f-theme">Thème</label>
    <span class="hint" id="f-theme-hint">Choix du thème${input.themes.length === 0 ? ' : pas de thème autorisé' : ''}</span>
    <select id="f-theme" name="theme" aria-describedby="f-theme-hint"${input.themes.length > 0 ? html` required` : ''}>
      ${input.themes.length === 0
        ? html`<option value="">pas de thème autorisé</option>`
        : html`<option value="">— Choisissez un thème —</option>${input.themes.map((t) => html`<option${t === input.values.theme ? html` selected` : ''}>${t}</option>`)}`}
    </select>
  </div>
  <div class="field">
    <label for="f-subject">Objet</label>
    <input id="f-subject" name="subject" type="text" maxlength="${String(MAX_SUBJECT_CHARS)}" required value="${input.values.subject}">
  </div>
  <div class="field">
    <label for="f-message">Message</label>
    <textarea id="f-message" name="message" rows="12" required>${input.values.message}</textarea>
  </div>
  ${filesField(input.limit, Boolean(error && /pièces jointes/i.test(error)))}
  <div class="actions">
    <button type="submit" class="btn">Envoyer</button>
    <a class="btn btn--secondary" href="${COURRIER_URL}">Annuler</a>
  </div>
</form>`}`;
}

export interface ThreadInput {
  csrfToken: string;
  thread: readonly CourrierWithContent[];
  /** The reader is the exchange's agent (else its gestionnaire). */
  readerIsAgent: boolean;
  nameOf: NameOf;
  agentName: string;
  limit: { text: string; bytes: number };
  unread: number;
  isGestionnaire: boolean;
  error?: string | null;
  typed?: string;
}

export function threadPage(input: ThreadInput): SafeHtml {
  const first = input.thread[0]!;
  const last = input.thread[input.thread.length - 1]!;
  // The agent's courrier the gestionnaire handles: the latest one they wrote.
  const fromAgent = [...input.thread].reverse().find((c) => c.fromAgent) ?? null;
  return html`<h1>${first.subject}</h1>
${input.readerIsAgent ? boxNav(null, input.unread, input.isGestionnaire) : html`<p><a href="${GESTION_COURRIER_URL}">← Courrier de vos agents</a></p>`}
${errorSummary(input.error ?? null)}
<p>${first.theme ? html`Thème : ${first.theme}. ` : ''}${input.readerIsAgent ? '' : html`Agent : <strong>${input.agentName}</strong>.`}</p>
${input.thread.map((c) => html`<article class="iprof-courrier" aria-labelledby="c-${c.id}">
  <header>
    <h2 id="c-${c.id}">${c.fromAgent ? (input.readerIsAgent ? 'Vous' : input.agentName) : (input.readerIsAgent ? `Votre gestionnaire (${input.nameOf(c.gestionnaireId)})` : input.nameOf(c.gestionnaireId))}</h2>
    <p><time datetime="${isoDate(new Date(c.sentAt))}">${formatLongDate(new Date(c.sentAt))}</time>${c.archivedAt !== null ? ' · archivé' : ''}${c.fromAgent && c.handledAt !== null ? ' · traité' : ''}</p>
  </header>
  <div class="plain-text">${raw(textToHtml(c.text))}</div>
  ${c.attachments.length > 0 ? html`<ul class="iprof-attachments" aria-label="Pièces jointes">${c.attachments.map((a) => html`<li><a href="${attachmentUrl(c.id, a.index)}" download>${a.filename}</a> (${formatSize(a.size)})</li>`)}</ul>` : ''}
</article>`)}
${input.readerIsAgent
    ? html`<section aria-labelledby="answer-title"><h2 id="answer-title">Répondre</h2>${answerForm(`${COURRIER_NEW_URL}?repondre=${last.id}&${CSRF_FIELD}=${encodeURIComponent(input.csrfToken)}`, input)}</section>`
    : html`<section aria-labelledby="answer-title"><h2 id="answer-title">Répondre à ${input.agentName}</h2>${answerForm(`${courrierUrl(last.id)}/reponse?${CSRF_FIELD}=${encodeURIComponent(input.csrfToken)}`, input)}</section>
${fromAgent ? html`<form method="post" action="${courrierUrl(fromAgent.id)}/traite">
  ${csrfField(input.csrfToken)}
  <input type="hidden" name="traite" value="${fromAgent.handledAt === null ? '1' : '0'}">
  <button type="submit" class="btn btn--secondary">${fromAgent.handledAt === null ? 'Marquer comme traité' : 'Remettre à traiter'}</button>
</form>` : ''}`}`;
}

function answerForm(action: string, input: ThreadInput): SafeHtml {
  return html`<form method="post" action="${action}" enctype="multipart/form-data" hx-boost="false" class="iprof-courrier-form">
  ${csrfField(input.csrfToken)}
  <div class="field">
    <label for="f-message">Message</label>
    <textarea id="f-message" name="message" rows="8" required>${input.typed ?? ''}</textarea>
  </div>
  ${filesField(input.limit, Boolean(input.error && /pièces jointes/i.test(input.error)))}
  <button type="submit" class="btn">Envoyer</button>
</form>`;
}

/** « Pièces jointes », with the seed's hint « Vous pouvez joindre des documents (taille max : 5,24 Mo) ». */
function filesField(limit: { text: string; bytes: number }, invalid: boolean): SafeHtml {
  return html`<div class="field${invalid ? ' field--error' : ''}">
    <label for="f-files">Pièces jointes</label>
    <span class="hint" id="f-files-hint">Vous pouvez joindre des documents (taille max : ${limit.text}).</span>
    <input id="f-files" name="files" type="file" multiple aria-describedby="f-files-hint" data-max-total-bytes="${String(limit.bytes)}" data-too-big="${attachmentLimitMessage(limit.bytes)}"${invalid ? html` aria-invalid="true"` : ''}>
  </div>`;
}

export interface QueueInput {
  items: readonly CourrierSummary[];
  filter: QueueFilter;
  page: number;
  hasNext: boolean;
  themes: readonly string[];
  nameOf: NameOf;
  agentCount: number;
  now: Date;
}

export function queuePage(input: QueueInput): SafeHtml {
  const statuses: Array<[QueueFilter['status'], string]> = [['a-traiter', 'À traiter'], ['traites', 'Traités'], ['tous', 'Tous']];
  return html`<h1>Courrier de vos agents</h1>
<p>Vous êtes le gestionnaire de ${input.agentCount} agent${input.agentCount > 1 ? 's' : ''} dans l’annuaire : vous ne voyez que leur courrier. <a href="${GESTION_URL}">Dossiers de vos agents</a>.</p>
<form method="get" action="${GESTION_COURRIER_URL}" class="iprof-queue-filter">
  <div class="field">
    <label for="f-statut">État</label>
    <select id="f-statut" name="statut">${statuses.map(([value, label]) => html`<option value="${value}"${value === input.filter.status ? html` selected` : ''}>${label}</option>`)}</select>
  </div>
  <div class="field">
    <label for="f-theme">Thème</label>
    <select id="f-theme" name="theme"><option value="">Tous les thèmes</option>${input.themes.map((t) => html`<option${t === input.filter.theme ? html` selected` : ''}>${t}</option>`)}</select>
  </div>
  <button type="submit" class="btn btn--secondary">Filtrer</button>
</form>
${input.items.length === 0
    ? html`<p class="empty">Aucun courrier ${input.filter.status === 'a-traiter' ? 'à traiter' : input.filter.status === 'traites' ? 'traité' : ''}${input.filter.theme ? html` pour le thème « ${input.filter.theme} »` : ''}.</p>`
    : courrierTable('Courrier de vos agents', input.items, 'Agent', (c) => input.nameOf(c.agentId), input.now, (c) => c.readAt === null, (c) => html`${c.handledAt === null ? 'À traiter' : 'Traité'}`)}
${input.page > 1 || input.hasNext ? html`<nav class="pager" aria-label="Pages du courrier de vos agents"><p>
  ${input.page > 1 ? html`<a href="${queueUrl(input.filter, input.page - 1)}" rel="prev">Page précédente</a>` : ''}
  <span aria-current="page">Page ${input.page}</span>
  ${input.hasNext ? html`<a href="${queueUrl(input.filter, input.page + 1)}" rel="next">Page suivante</a>` : ''}
</p></nav>` : ''}`;
}

/** The queue with its filters, at a page. */
function queueUrl(filter: QueueFilter, page: number): string {
  const query = new URLSearchParams({ statut: filter.status, ...(filter.theme ? { theme: filter.theme } : {}), ...(page > 1 ? { page: String(page) } : {}) });
  return `${GESTION_COURRIER_URL}?${query.toString()}`;
}
