/**
 * `fetch` from a chosen local address (127.0.0.2, …): the webmail then sees another peer, as it
 * would a reverse proxy or a second browser. Node's own fetch cannot bind a source address, so
 * this goes through node:http and answers with a standard Response.
 */
import http from 'node:http';

export function fetchFrom(localAddress: string): typeof fetch {
  return (input, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(String(input));
      const headers = new Headers(init.headers);
      const body = init.body === undefined || init.body === null ? null : String(init.body);
      if (body !== null && !headers.has('content-type')) headers.set('content-type', 'text/plain;charset=UTF-8');
      const request = http.request(
        { host: url.hostname, port: url.port, path: url.pathname + url.search, method: init.method ?? 'GET', localAddress, headers: Object.fromEntries(headers) },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const out = new Headers();
            for (const [name, value] of Object.entries(response.headers)) {
              for (const item of Array.isArray(value) ? value : [value ?? '']) out.append(name, item);
            }
            const status = response.statusCode ?? 500;
            resolve(new Response([204, 304].includes(status) ? null : Buffer.concat(chunks), { status, headers: out }));
          });
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(body ?? undefined);
    });
}
