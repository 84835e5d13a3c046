/**
 * `/metrics` in Prometheus's text format (version 0.0.4): what an operator graphs and alerts
 * on. Counters since the server started come from its snapshot; the rest is read at scrape
 * time (the delivery log, the queue, the web sessions, the quota distribution).
 */
import type { QuotaOverview } from './quota-overview.js';
import type { ServerSnapshot } from './server-stats.js';

export interface MetricsInput {
  snapshot: ServerSnapshot | null;
  refusals24h: ReadonlyArray<{ code: string; n: number }>;
  queueRecipients: number;
  webSessions: number;
  quota: Pick<QuotaOverview, 'accounts' | 'totalBytes' | 'over80' | 'over95' | 'full' | 'histogram'>;
}

const label = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

function metric(out: string[], name: string, type: 'counter' | 'gauge', help: string, samples: Array<[Record<string, string>, number]>): void {
  out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
  for (const [labels, value] of samples) {
    const text = Object.entries(labels).map(([k, v]) => `${k}="${label(v)}"`).join(',');
    out.push(`${name}${text ? `{${text}}` : ''} ${Number.isFinite(value) ? value : 0}`);
  }
}

export function metricsText(input: MetricsInput): string {
  const out: string[] = [];
  const s = input.snapshot;
  metric(out, 'webmel_deliveries_total', 'counter', 'Messages stored in at least one local mailbox since the server started.', [[{}, s?.deliveredMessages ?? 0]]);
  metric(out, 'webmel_delivered_recipients_total', 'counter', 'Local mailboxes reached since the server started.', [[{}, s?.deliveredRecipients ?? 0]]);
  metric(out, 'webmel_refusals_24h', 'gauge', 'Recipients refused at RCPT or DATA in the last 24 hours, by reply code.', input.refusals24h.map((r) => [{ code: r.code }, r.n]));
  metric(out, 'webmel_queue_recipients', 'gauge', 'Outside recipients waiting in the outbound queue.', [[{}, input.queueRecipients]]);
  metric(out, 'webmel_imap_connections', 'gauge', 'Open IMAP connections.', [[{}, s?.imapConnections ?? 0]]);
  metric(out, 'webmel_imap_sessions', 'gauge', 'Authenticated IMAP sessions.', [[{}, s?.imapSessions.length ?? 0]]);
  metric(out, 'webmel_web_sessions', 'gauge', 'Signed-in webmail sessions not expired.', [[{}, input.webSessions]]);
  metric(out, 'webmel_accounts', 'gauge', 'Accounts.', [[{}, input.quota.accounts]]);
  metric(out, 'webmel_mailbox_bytes', 'gauge', 'Bytes counted in every quota together.', [[{}, input.quota.totalBytes]]);
  metric(out, 'webmel_accounts_over_quota_ratio', 'gauge', 'Accounts at or over a share of their limit.', [
    [{ level: '0.8' }, input.quota.over80],
    [{ level: '0.95' }, input.quota.over95],
    [{ level: '1' }, input.quota.full],
  ]);
  // The distribution of fullness, cumulative as histogram buckets are: accounts under each share.
  let cumulative = 0;
  metric(out, 'webmel_accounts_by_usage', 'gauge', 'Accounts using at most this share of their limit (le="+Inf": all).', input.quota.histogram.map((bucket) => {
    cumulative += bucket.accounts;
    return [{ le: bucket.to === null ? '+Inf' : String(bucket.to / 100) }, cumulative];
  }));
  return `${out.join('\n')}\n`;
}
