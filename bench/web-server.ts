/**
 * The server side of `npm run bench:web`: Webmel with its webmail, in its own process so its
 * CPU and memory are measured apart from the load. Prints the `listening` line (JSON) with
 * every port, `http` included, whether or not startWebmel starts the webmail itself.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startWebmel } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/log/logger.js';
import { startWebServer } from '../src/web/server.js';

const config = loadConfig();
const log = createLogger(config.logLevel);
const webmel = await startWebmel(config, log);
const ports = webmel.ports as unknown as Record<string, number>;
let web: Awaited<ReturnType<typeof startWebServer>> | null = null;
if (ports.http === undefined) {
  web = await startWebServer(webmel.services, { imapHost: '127.0.0.1', imapPort: ports.imap!, submissionPort: ports.submission });
  ports.http = web.port;
}
process.stdout.write(`${JSON.stringify({ msg: 'listening', ...ports })}\n`);
// How long the event loop was blocked at worst: one slow synchronous step delays every request.
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
// A clean exit, so that --cpu-prof can write its profile.
process.once('SIGTERM', async () => {
  const ms = (ns: number) => Math.round(ns / 1e5) / 10;
  process.stderr.write(`event loop delay: p50 ${ms(loopDelay.percentile(50))} ms, p99 ${ms(loopDelay.percentile(99))} ms, max ${ms(loopDelay.max)} ms\n`);
  await web?.close();
  await webmel.close();
  process.exit(0);
});
