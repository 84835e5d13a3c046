/**
 * Where mail for a domain goes (RFC 5321 5.1): its MX hosts by preference, or the domain
 * itself (its A/AAAA records) when it has none. Injectable, so tests never touch DNS.
 */
import { promises as dns } from 'node:dns';

export interface MxHost {
  host: string;
  priority: number;
  /** Only for tests, which run several hosts on one address: port 25 (or mxPort) otherwise. */
  port?: number;
}

export type MxResolver = (domain: string) => Promise<MxHost[]>;

/** A route that can never work: the sender is told at once instead of after 4 days. */
export class PermanentRouteError extends Error {
  override name = 'PermanentRouteError';
  constructor(
    readonly status: string,
    message: string,
  ) {
    super(message);
  }
}

/** `[192.0.2.1]` or `[IPv6:2001:db8::1]` (RFC 5321 4.1.3): no lookup, that host. */
function addressLiteral(domain: string): string | null {
  const match = /^\[(?:IPv6:)?([0-9a-f:.]+)\]$/i.exec(domain);
  return match ? match[1]! : null;
}

export function dnsMxResolver(resolveMx: (domain: string) => Promise<Array<{ exchange: string; priority: number }>> = dns.resolveMx): MxResolver {
  return async (domain) => {
    const literal = addressLiteral(domain);
    if (literal) return [{ host: literal, priority: 0 }];
    let records: Array<{ exchange: string; priority: number }>;
    try {
      records = await resolveMx(domain);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // RFC 5321 5.1: no MX records, the domain itself is the implicit MX.
      if (code === 'ENODATA') return [{ host: domain, priority: 0 }];
      if (code === 'ENOTFOUND') throw new PermanentRouteError('5.1.2', `domaine inexistant / domain not found: ${domain}`);
      throw err; // SERVFAIL, timeout…: temporary.
    }
    // RFC 7505: a single MX with an empty exchange ("null MX") means the domain takes no mail.
    if (records.length === 1 && (records[0]!.exchange === '' || records[0]!.exchange === '.')) {
      throw new PermanentRouteError('5.1.10', `le domaine ne reçoit pas de courrier / domain accepts no mail (null MX): ${domain}`);
    }
    if (records.length === 0) return [{ host: domain, priority: 0 }];
    // RFC 5321 5.1: lowest preference first, hosts of equal preference in random order.
    return records
      .filter((record) => record.exchange !== '' && record.exchange !== '.')
      .map((record) => ({ host: record.exchange, priority: record.priority, tie: Math.random() }))
      .sort((a, b) => a.priority - b.priority || a.tie - b.tie)
      .map(({ host, priority }) => ({ host, priority }));
  };
}
