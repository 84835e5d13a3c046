/**
 * « Bulletins » for every agent: in the main navigation, the list with its badge and its
 * sentence on unsubscribing, one bulletin shown as a received message is (HTML only in the
 * sandboxed frame, under the frame's CSP and sanitiser; plain text escaped), nothing of a
 * publication not sent to the reader.
 */
import { describe, expect, it } from 'vitest';
import { frameCsp } from '../../../src/web/routes/message-content-routes.js';
import { adminClient, delivered, unionClient } from '../../helpers/bulletin-fixtures.js';
import { annuaireTestBed, PEOPLE, UAI } from '../../helpers/directory-fixtures.js';
import { signInAs } from '../../helpers/strike-fixtures.js';
import { visibleText } from '../../helpers/web.js';

const bed = annuaireTestBed();
const RECTORAT = 'Rectorat de l’académie <communication@ac-test.fr>';

async function publish(subject: string, body: { format: 'text' | 'markdown' | 'html'; source: string }, audience = `uai:${UAI.ecole}`) {
  const publication = bed.t.webmel.services.bulletins.publish({ kind: 'bulletin', from: RECTORAT, subject, audience, body, authorId: null });
  return delivered(bed.t, publication.id);
}

const nav = (markup: string) => /<nav class="main-nav"[\s\S]*?<\/nav>/.exec(markup)?.[0] ?? '';

describe('the « Bulletins » page', () => {
  it('is in the main navigation of every agent; « Diffusion syndicale » only in a union’s', async () => {
    const page = await bed.client.get('/bulletins');
    expect(page.status).toBe(200);
    expect(nav(page.text)).toContain('<a href="/bulletins" aria-current="page">Bulletins</a>');
    expect(nav(page.text)).not.toContain('Diffusion syndicale');
    expect(nav((await bed.client.get('/mailboxes/INBOX')).text)).toContain('<a href="/bulletins">Bulletins</a>');
    const union = await unionClient(bed.t);
    const unionNav = nav((await union.get('/bulletins')).text);
    expect(unionNav).toContain('<a href="/diffusion-syndicale">Diffusion syndicale</a>');
    expect(visibleText(page.text)).toContain('on ne peut pas s’en désabonner');
    expect(visibleText(page.text)).toContain('Ils restent lisibles ici, même après leur suppression de votre boîte de réception.');
    expect((await bed.t.client().get('/bulletins')).location).toBe('/login?next=%2Fbulletins');
  });

  it('lists her bulletins newest first, and shows an HTML one in the sandboxed frame, remote images blocked', async () => {
    const first = await publish('Premier bulletin', { format: 'text', source: 'Le premier.' });
    const html = await publish('Lettre illustrée', {
      format: 'html',
      source: '<h1>Lettre</h1><p onclick="x()">Bonjour <a href="https://www.education.gouv.fr/">le site</a></p><img src="https://images.example/logo.png" alt="logo"><script>alert(1)</script>',
    });
    const list = await bed.client.get('/bulletins');
    const text = visibleText(list.text);
    expect(text.indexOf('Lettre illustrée')).toBeLessThan(text.indexOf('Premier bulletin'));
    expect(text).toContain(`${RECTORAT} Lettre illustrée Message institutionnel`);

    const page = await bed.client.get(`/bulletins/${html.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`<iframe class="mail-frame" title="Contenu du message" src="/bulletins/${html.id}/contenu"`);
    expect(page.text).toContain('sandbox="allow-popups allow-popups-to-escape-sandbox"');
    expect(visibleText(page.text)).toContain('Une image distante a été bloquée');
    expect(page.text).toContain(`href="/bulletins/${html.id}?images=1"`);
    expect(page.text).not.toContain('Bonjour');

    const frame = await bed.client.get(`/bulletins/${html.id}/contenu`);
    expect(frame.status).toBe(200);
    expect(frame.headers.get('content-security-policy')).toBe(frameCsp(false));
    expect(frame.headers.get('referrer-policy')).toBe('no-referrer');
    expect(frame.text).toContain('<h1>Lettre</h1>');
    expect(frame.text).toContain('target="_blank"');
    expect(frame.text).not.toMatch(/onclick|<script|images\.example/);
    const withImages = await bed.client.get(`/bulletins/${html.id}/contenu?images=1`);
    expect(withImages.headers.get('content-security-policy')).toBe(frameCsp(true));
    expect(withImages.text).toContain('src="https://images.example/logo.png"');

    const plain = await bed.client.get(`/bulletins/${first.id}`);
    expect(plain.text).toContain('<div class="plain-text">Le premier.</div>');
  });

  it('escapes a plain-text bulletin into the page', async () => {
    const p = await publish('Texte <b>brut</b>', { format: 'text', source: 'Voir <script>alert(1)</script> et https://www.education.gouv.fr/' });
    const page = await bed.client.get(`/bulletins/${p.id}`);
    expect(page.text).toContain('Voir &lt;script&gt;alert(1)&lt;/script&gt; et <a href="https://www.education.gouv.fr/"');
    expect(page.text).toContain('<h1>Texte &lt;b&gt;brut&lt;/b&gt;</h1>');
    expect(page.text).not.toContain('<iframe');
  });

  it('answers 404 for a publication not sent to her, whatever its number, and lets an admin read any', async () => {
    const p = await publish('Pour le collège', { format: 'text', source: 'Réservé au collège.' }, `uai:${UAI.college}`);
    for (const path of [`/bulletins/${p.id}`, `/bulletins/${p.id}/contenu`, '/bulletins/0', '/bulletins/abc', '/bulletins/1e3', `/bulletins/${p.id + 1}`]) {
      const page = await bed.client.get(path);
      expect(page.status, path).toBe(404);
      expect(page.text, path).not.toContain('Réservé au collège');
    }
    const professeur = await signInAs(bed.t, PEOPLE.professeur.address);
    expect(visibleText((await professeur.get(`/bulletins/${p.id}`)).text)).toContain('Réservé au collège.');
    const admin = await adminClient(bed.t);
    expect((await admin.get(`/bulletins/${p.id}`)).status).toBe(200);
    expect(visibleText((await admin.get('/bulletins')).text)).toContain('Publier un bulletin');
  });
});
