/** The one way our SMTP listeners start. */
import type { AddressInfo } from 'node:net';
import type { SMTPServer } from 'smtp-server';

/** Starts an smtp-server listening and resolves with the port it got (port 0 = any free port). */
export function listenSmtp(server: SMTPServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(port, host, () => {
      server.server.off('error', reject);
      resolve((server.server.address() as AddressInfo).port);
    });
  });
}
