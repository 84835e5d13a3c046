/** The annuaire is for signed-in staff: a visitor is sent to the sign-in page and sees nothing of it. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedDirectory, UAI } from '../../helpers/directory-fixtures.js';
import { HX, signedInUser, startWebTest, type WebTest } from '../../helpers/web.js';

let t: WebTest;

beforeEach(async () => {
  t = await startWebTest();
  seedDirectory(t.webmel.services.directory);
});
afterEach(async () => {
  await t.stop();
});

const PATHS = ['/annuaire', '/annuaire?q=jaures', `/annuaire/structures/${UAI.ecole}`, '/annuaire/structures/0000000A', '/directory/search?q=girard', '/directory/suggestions?field=to&to=girard'];

describe('annuaire access', () => {
  it('sends a visitor to the sign-in page, or answers an htmx request 401, revealing nothing', async () => {
    const visitor = t.client();
    for (const path of PATHS) {
      const page = await visitor.get(path);
      expect(page.status, path).toBe(303);
      expect(page.location, path).toBe(`/login?next=${encodeURIComponent(path)}`);
      const fragment = await visitor.get(path, HX);
      expect(fragment.status, path).toBe(401);
      expect(fragment.headers.get('hx-redirect')).toBe('/login');
      // The redirect's body names the sign-in URL, with the page asked for: nothing else.
      for (const answer of [page, fragment]) {
        expect(answer.text.replace(encodeURIComponent(path), ''), path).not.toMatch(/Jaur|Girard|0131234W|ce\.0131234w/i);
      }
    }
  });

  it('shows the whole directory to any signed-in staff member, whatever their affectation', async () => {
    const { client } = await signedInUser(t, { prenom: 'Claire', nom: 'Fontaine' });
    expect((await client.get(`/annuaire?q=girard`)).text).toContain('Émilie Girard');
    expect((await client.get(`/annuaire/structures/${UAI.ecole}`)).status).toBe(200);
  });
});
