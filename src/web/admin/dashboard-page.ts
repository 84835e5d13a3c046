/**
 * `/admin`, the console's dashboard (issue 21): how full the mailboxes are at a glance, and how
 * much mail was refused for it. The histogram is an inline SVG (role="img", named by its
 * title and described by its desc, one <title> per bar for pointer users) with the same numbers
 * in a table beside it, which screen readers read (RGAA 1.3 and 4.x: an image carrying data has
 * a text alternative of the same data).
 */
import type { QuotaOverview } from '../../admin/index.js';
import { html, type SafeHtml } from '../mail-render/index.js';
import { formatSize, plural } from '../views/format.js';
import { ACCOUNTS_URL, IMPORT_URL, IPROF_SETTINGS_URL, JOURNAL_URL, NEW_ACCOUNT_URL } from './console-urls.js';

const count = (n: number) => n.toLocaleString('fr-FR');

/** The list's URL pre-filtered. */
export function listUrl(params: Record<string, string>): string {
  return `${ACCOUNTS_URL}?${new URLSearchParams(params).toString()}`;
}

const CHART = { width: 640, height: 240, left: 44, bottom: 40, top: 16 } as const;

export function histogramChart(histogram: QuotaOverview['histogram']): SafeHtml {
  const max = Math.max(1, ...histogram.map((b) => b.accounts));
  const plotHeight = CHART.height - CHART.bottom - CHART.top;
  const slot = (CHART.width - CHART.left) / histogram.length;
  const summary = histogram.map((b) => `${b.label} : ${plural(b.accounts, 'compte', 'comptes')}`).join(' ; ');
  const bars = histogram.map((b, i) => {
    const h = Math.round((b.accounts / max) * plotHeight);
    const x = Math.round(CHART.left + i * slot + slot * 0.15);
    const y = CHART.top + plotHeight - h;
    const full = b.to === null;
    return html`<g><title>${b.label} : ${plural(b.accounts, 'compte', 'comptes')}</title>
  <rect x="${x}" y="${y}" width="${Math.round(slot * 0.7)}" height="${Math.max(h, b.accounts > 0 ? 1 : 0)}" class="${full ? 'bar bar--full' : b.from >= 80 ? 'bar bar--high' : 'bar'}"></rect>
  <text x="${Math.round(x + slot * 0.35)}" y="${CHART.height - CHART.bottom + 16}" text-anchor="middle" class="axis">${full ? '100+' : String(b.from)}</text>
  <text x="${Math.round(x + slot * 0.35)}" y="${Math.max(CHART.top + 10, y - 4)}" text-anchor="middle" class="value">${count(b.accounts)}</text></g>`;
  });
  return html`<svg class="histogram" viewBox="0 0 ${CHART.width} ${CHART.height}" width="100%" role="img" aria-labelledby="histo-title histo-desc" focusable="false" xmlns="http://www.w3.org/2000/svg">
  <title id="histo-title">Répartition des comptes selon le remplissage de leur boîte</title>
  <desc id="histo-desc">${summary}.</desc>
  <line x1="${CHART.left}" y1="${CHART.top + plotHeight}" x2="${CHART.width}" y2="${CHART.top + plotHeight}" class="axis-line"></line>
  <text x="${CHART.left}" y="${CHART.height - 6}" class="axis">% du quota utilisé</text>
  ${bars}
</svg>`;
}

function histogramTable(histogram: QuotaOverview['histogram']): SafeHtml {
  return html`<table class="histogram-table">
  <caption>Comptes par tranche de remplissage</caption>
  <thead><tr><th scope="col">Remplissage</th><th scope="col" class="num">Comptes</th></tr></thead>
  <tbody>${histogram.map((b) => html`<tr><th scope="row">${b.label}</th><td class="num">${count(b.accounts)}</td></tr>`)}</tbody>
</table>`;
}

function figure(label: string, value: string, link?: string): SafeHtml {
  return html`<div class="figure"><dt>${label}</dt><dd>${link ? html`<a href="${link}">${value}</a>` : value}</dd></div>`;
}

export function dashboardPage(o: QuotaOverview): SafeHtml {
  return html`<h1>Administration de la messagerie</h1>
<nav aria-label="Console d’administration"><ul class="toolbar">
  <li><a href="${ACCOUNTS_URL}">Comptes</a></li>
  <li><a href="${NEW_ACCOUNT_URL}">Créer un compte</a></li>
  <li><a href="${IMPORT_URL}">Importer un fichier CSV</a></li>
  <li><a href="${JOURNAL_URL}">Journal des actions</a></li>
  <li><a href="${IPROF_SETTINGS_URL}">I-Prof</a></li>
</ul></nav>
<section aria-labelledby="chiffres">
  <h2 id="chiffres">Quotas</h2>
  <dl class="figures">
    ${figure('Comptes', count(o.accounts), ACCOUNTS_URL)}
    ${figure('Espace utilisé en tout', formatSize(o.totalBytes))}
    ${figure('Espace moyen par compte', formatSize(o.averageBytes))}
    ${figure('Comptes à 80 % ou plus', count(o.over80), listUrl({ min: '80' }))}
    ${figure('Comptes à 95 % ou plus', count(o.over95), listUrl({ min: '95' }))}
    ${figure('Boîtes pleines', count(o.full), listUrl({ pleine: '1' }))}
    ${figure('Messages refusés (boîte pleine), dernières 24 h', count(o.refusedFull24h), listUrl({ refuse: '1' }))}
    ${figure('Messages refusés (boîte pleine), 7 derniers jours', count(o.refusedFull7d), listUrl({ refuse: '1' }))}
  </dl>
</section>
<section aria-labelledby="repartition">
  <h2 id="repartition">Répartition du remplissage</h2>
  <div class="histogram-pair">
    <div class="histogram-chart">${histogramChart(o.histogram)}</div>
    ${histogramTable(o.histogram)}
  </div>
</section>`;
}
