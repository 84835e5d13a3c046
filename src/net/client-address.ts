/**
 * One key per client, whatever form the socket reports its address in, for everything counted
 * per address: sign-in limits (src/accounts) and connection limits (SMTP, IMAP).
 *
 * An IPv4 client reached over an IPv6 socket (`::ffff:192.0.2.1`, RFC 4291 2.5.5.2) is its IPv4
 * address, the same whichever protocol it uses. An IPv6 client is its /64: a subscriber usually
 * gets a whole /64 (RFC 6177), so counting single addresses would give one client 2^64 fresh
 * budgets and connection shares. An unknown address (a socket already closed) is one key too,
 * so it cannot slip past a limit.
 */
import net from 'node:net';

const MAPPED_IPV4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

export function clientAddressKey(remoteAddress: string | undefined): string {
  const address = (remoteAddress ?? '').trim();
  if (address === '') return 'unknown';
  const mapped = MAPPED_IPV4.exec(address);
  if (mapped) return mapped[1]!;
  const plain = address.split('%')[0]!; // a zone index (fe80::1%eth0) names the interface, not the client
  if (!net.isIPv6(plain)) return address;
  return `${ipv6Groups(plain).slice(0, 4).join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address, in lowercase hex without leading zeros. */
function ipv6Groups(address: string): string[] {
  const groupsOf = (part: string): string[] =>
    part === ''
      ? []
      : part.split(':').flatMap((group) => {
          if (!group.includes('.')) return [group];
          // A trailing dotted IPv4 (::ffff:1.2.3.4, 64:ff9b::1.2.3.4) is two groups.
          const [a, b, c, d] = group.split('.').map(Number) as [number, number, number, number];
          return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
        });
  const [head, tail] = address.split('::') as [string, string | undefined];
  const first = groupsOf(head);
  const last = tail === undefined ? [] : groupsOf(tail);
  const zeros = new Array<string>(8 - first.length - last.length).fill('0');
  return [...first, ...zeros, ...last].map((group) => parseInt(group, 16).toString(16));
}
