/**
 * `GET /metrics` (issue 21): Prometheus's text format (version 0.0.4, built by src/admin's
 * metricsText) for the operator's scraper, without a session, served only to the client
 * addresses of WEBMEL_METRICS_ALLOW (loopback by default). The socket's own address decides,
 * never X-Forwarded-For: a proxy would otherwise let anyone claim to be the scraper. Others: 403.
 */
import net from 'node:net';
import { Router } from 'express';
import { metricsText } from '../../admin/index.js';
import type { WebDeps } from '../web-context.js';

const DAY_MS = 86_400_000;

/** The allow-list of WEBMEL_METRICS_ALLOW (addresses and CIDRs, as config.ts checked them). */
export function metricsAllowList(entries: readonly string[]): (address: string | undefined) => boolean {
  const list = new net.BlockList();
  for (const entry of entries) {
    const [address = '', prefix] = entry.split('/');
    const family = net.isIPv6(address) ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return (address) => {
    if (!address) return false;
    // A dual-stack socket reports an IPv4 client as ::ffff:a.b.c.d.
    const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
    if (v4) return list.check(v4, 'ipv4');
    return net.isIPv6(address) ? list.check(address, 'ipv6') : net.isIPv4(address) && list.check(address, 'ipv4');
  };
}

export function metricsRoutes(deps: WebDeps): Router {
  const router = Router();
  const { config, serverStats, refusals, outbound, sessions, quotaOverview } = deps.services;
  const allowed = metricsAllowList(config.metricsAllow);
  router.get('/metrics', (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    if (!allowed(req.socket.remoteAddress)) {
      res.status(403).type('text/plain').send('Accès refusé : adresse absente de WEBMEL_METRICS_ALLOW.\n');
      return;
    }
    const text = metricsText({
      snapshot: serverStats.current(),
      refusals24h: refusals.countsByCode(Date.now() - DAY_MS),
      queueRecipients: outbound.pendingCount(),
      webSessions: sessions.activeCount(),
      quota: quotaOverview.overview(),
    });
    res.setHeader('Content-Type', 'text/plain; version=0.0.4; charset=utf-8');
    res.end(text);
  });
  return router;
}
