/**
 * One key per client address, whatever form the socket reports it in, for the per-address
 * connection limits of SMTP and IMAP.
 */
import net from 'node:net';

/** RFC 4291 2.5.5.2: `::ffff:a.b.c.d` is the IPv4 client a.b.c.d seen by a dual-stack listener. */
const IPV4_MAPPED = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/**
 * The address `remoteAddress` names, as a key: an IPv4-mapped IPv6 address becomes its IPv4
 * address, IPv6 is lower-cased (the kernel already prints it compressed, RFC 5952 4). Unknown
 * (a socket already closed) is one key too, so it cannot slip past a limit.
 */
export function clientAddressKey(remoteAddress: string | undefined): string {
  const address = (remoteAddress ?? '').trim();
  const mapped = IPV4_MAPPED.exec(address);
  if (mapped && net.isIPv4(mapped[1]!)) return mapped[1]!;
  return address.toLowerCase() || 'unknown';
}
