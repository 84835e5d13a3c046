/**
 * Who reaches the console (issue 21), route by route: the list of /admin routes is read from
 * the admin router itself (its Express stack, sub-routers included), so that a route added
 * later is checked without anyone remembering to list it. An enseignant gets 403 on every GET
 * and every POST (with a valid CSRF token) and changes nothing; a visitor is sent to sign in.
 * An IEN reads the accounts of their circonscription, and nothing else.
 */
import type { Router } from 'express';
import { describe, expect, it } from 'vitest';
import { adminRoutes } from '../../../src/web/admin/admin-routes.js';
import type { WebDeps } from '../../../src/web/web-context.js';
import { parseCsv } from '../../helpers/csv.js';
import { annuaireTestBed, PEOPLE } from '../../helpers/directory-fixtures.js';
import { signInAs } from '../../helpers/strike-fixtures.js';
import { visibleText } from '../../helpers/web.js';

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
}

/** Every route of a router and its sub-routers, as [METHOD, path]. */
export function routesOf(router: Router): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const path of [layer.route.path].flat()) {
          for (const [method, on] of Object.entries(layer.route.methods)) if (on && method !== '_all') out.push([method.toUpperCase(), path]);
        }
      } else if (layer.handle.stack) walk(layer.handle.stack);
    }
  };
  walk((router as unknown as { stack: Layer[] }).stack);
  return out;
}

const bed = annuaireTestBed();

describe('access to the console', () => {
  it('reads its routes from the router, and refuses every one of them to an enseignant (403) and sends a visitor to sign in', async () => {
    const { services } = bed.t.webmel;
    const routes = routesOf(adminRoutes({ services } as WebDeps)).filter(([, path]) => path.startsWith('/admin'));
    // The console's pages are all there (the list is the router's, not written here).
    for (const expected of ['GET /admin', 'GET /admin/comptes', 'GET /admin/comptes.csv', 'GET /admin/comptes/:login', 'POST /admin/comptes/:login/quota', 'POST /admin/comptes/:login/depart', 'GET /admin/journal', 'POST /admin/comptes/import', 'GET /admin/greve', 'POST /admin/bulletins', 'GET /admin/iprof', 'POST /admin/iprof/guides']) {
      expect(routes.map(([m, p]) => `${m} ${p}`)).toContain(expected);
    }
    expect(routes.length).toBeGreaterThan(25);
    const target = services.accounts.byAddress(PEOPLE.colleague.address)!;
    const concrete = (path: string) => path.replace(':login', target.login);
    const before = { audit: services.audit.list().length, quota: target.quotaBytes, disabled: target.disabledAt };

    const teacher = bed.client; // Charlotte Habotté, enseignant, signed in
    await teacher.get('/account');
    const visitor = bed.t.client();
    await visitor.get('/login');
    for (const [method, path] of routes) {
      const url = concrete(path);
      const answer = method === 'GET' ? await teacher.get(url) : await teacher.post(url, { quota_mb: '500', reason: 'x', role: 'admin' });
      expect(answer.status, `${method} ${url}`).toBe(403);
      expect(visibleText(answer.text), `${method} ${url}`).toContain('Cette page est réservée aux administrateurs de la messagerie.');
      const anonymous = method === 'GET' ? await visitor.get(url) : await visitor.post(url, { quota_mb: '500' });
      expect(anonymous.status, `visitor ${method} ${url}`).toBe(303);
      expect(anonymous.location, `visitor ${method} ${url}`).toMatch(/^\/login(\?next=|$)/);
    }
    const after = services.accounts.byId(target.id)!;
    expect({ audit: services.audit.list().length, quota: after.quotaBytes, disabled: after.disabledAt }).toEqual(before);
  });

  it('lets an IEN read the accounts of their circonscription only, without any form, and refuses their POSTs', async () => {
    const { services } = bed.t.webmel;
    // The account's role says she is an IEN; the annuaire, of which circonscription.
    const account = services.accounts.byAddress(PEOPLE.ien.address)!;
    services.accounts.updateProfile(account.id, { role: 'ien', degree: '1d', uai: null, circonscription: null });
    const ien = await signInAs(bed.t, PEOPLE.ien.address);
    const list = await ien.get('/admin/comptes?tri=login&ordre=asc');
    expect(list.status).toBe(200);
    const logins = [...list.text.matchAll(/<td><a href="\/admin\/comptes\/([^"]+)">/g)].map((m) => m[1]);
    const login = (address: string) => services.accounts.byAddress(address)!.login;
    expect(logins).toEqual([PEOPLE.teacher, PEOPLE.colleague, PEOPLE.directeur, PEOPLE.ien].map((p) => login(p.address)).sort());
    expect(visibleText(list.text)).toContain('Comptes de la circonscription Marseille 5 – Saint-Just');
    expect(list.text).toContain('Comptes de la circonscription</a>');

    const csv = parseCsv((await ien.get('/admin/comptes.csv')).text);
    expect(csv.slice(1).map((r) => r[0]).sort()).toEqual([...logins].sort());
    // A disabled account of the circonscription stays in the IEN's view.
    const colleagueAccount = services.accounts.byAddress(PEOPLE.colleague.address)!;
    services.accounts.disable(colleagueAccount.id);
    const withDisabled = await ien.get('/admin/comptes?tri=login&ordre=asc');
    expect([...withDisabled.text.matchAll(/<td><a href="\/admin\/comptes\/([^"]+)">/g)].map((m) => m[1])).toEqual(logins);
    services.accounts.enable(colleagueAccount.id);

    const colleague = login(PEOPLE.colleague.address);
    const page = await ien.get(`/admin/comptes/${colleague}`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('<form method="post" action="/admin/comptes/');
    expect(page.text).not.toContain('courrier.mbox');
    expect((await ien.get(`/admin/comptes/${login(PEOPLE.professeur.address)}`)).status).toBe(403);
    expect((await ien.get(`/admin/comptes/${colleague}/courrier.mbox`)).status).toBe(403);
    for (const path of ['/admin', '/admin/journal', '/admin/comptes/nouveau', '/admin/greve', '/admin/iprof']) expect((await ien.get(path)).status, path).toBe(403);
    const refused = await ien.post(`/admin/comptes/${colleague}/quota`, { quota_mb: '500', reason: 'x', expected: '' });
    expect(refused.status).toBe(403);
    expect(services.accounts.byAddress(PEOPLE.colleague.address)!.quotaBytes).toBeNull();
    expect(services.audit.list()).toEqual([]);
  });
});
