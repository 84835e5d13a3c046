/** /metrics' text: Prometheus's exposition format, every sample on its family's HELP and TYPE. */
import { expect, it } from 'vitest';
import { metricsText } from '../../src/admin/index.js';

it('writes each family with HELP and TYPE, labels escaped, fullness as cumulative buckets', () => {
  const text = metricsText({
    snapshot: { at: 0, imapConnections: 3, imapSessions: [{ accountId: 1, login: 'chabotte', ip: '127.0.0.1', since: 0 }], deliveredMessages: 42, deliveredRecipients: 50 },
    refusals24h: [{ code: '452 4.2.2', n: 7 }, { code: '550 "5.1.1"', n: 1 }],
    queueRecipients: 2,
    webSessions: 5,
    quota: {
      accounts: 4, totalBytes: 1000, over80: 2, over95: 1, full: 1,
      histogram: [
        { label: '', from: 0, to: 10, accounts: 1 },
        { label: '', from: 10, to: 20, accounts: 1 },
        { label: '', from: 100, to: null, accounts: 2 },
      ],
    },
  });
  const lines = text.trimEnd().split('\n');
  const families = new Set<string>();
  for (const line of lines) {
    if (line.startsWith('# TYPE ')) families.add(line.split(' ')[2]!);
    else if (!line.startsWith('# HELP ')) {
      expect(line).toMatch(/^[a-z_0-9]+(\{[a-z]+="(?:[^"\\]|\\.)*"(,[a-z]+="(?:[^"\\]|\\.)*")*\})? -?\d+(\.\d+)?$/);
      expect(families.has(line.split(/[{ ]/)[0]!)).toBe(true);
    }
  }
  expect(text).toContain('webmel_deliveries_total 42');
  expect(text).toContain('webmel_refusals_24h{code="452 4.2.2"} 7');
  expect(text).toContain('webmel_refusals_24h{code="550 \\"5.1.1\\""} 1');
  expect(text).toContain('webmel_imap_sessions 1');
  expect(text).toContain('webmel_accounts_by_usage{le="0.2"} 2');
  expect(text).toContain('webmel_accounts_by_usage{le="+Inf"} 4');
});
