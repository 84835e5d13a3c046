/**
 * « Annuaire », the search page: the plain GET form finds people and structures as staff type
 * them (accents, case and word order ignored, UAIs in lower case), htmx gets the results alone,
 * the filters narrow them, a broad query says so, and whatever is typed answers, escaped.
 */
import { describe, expect, it } from 'vitest';
import { MAX_RESULTS, RANK_LIMIT } from '../../../src/directory/index.js';
import { annuaireTestBed, UAI } from '../../helpers/directory-fixtures.js';
import { HX, visibleText } from '../../helpers/web.js';

const bed = annuaireTestBed();

const search = (params: Record<string, string>, headers: Record<string, string> = {}) => bed.client.get(`/annuaire?${new URLSearchParams(params)}`, headers);

/** The cards' titles, in order. */
function titles(markup: string): string[] {
  return [...markup.matchAll(/<h3 class="card__title">([\s\S]*?)<\/h3>/g)].map((m) => visibleText(m[1]!));
}

describe('GET /annuaire without JavaScript', () => {
  it('is a page titled « Annuaire » with a labelled search field in a GET form, in the main navigation', async () => {
    const page = await bed.client.get('/annuaire');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<title>Annuaire – Webmel</title>');
    expect(page.text).toMatch(/<form method="get" action="\/annuaire" role="search"/);
    expect(page.text).toContain('<label for="annuaire-q">Rechercher dans l&#39;annuaire</label>');
    expect(page.text).toMatch(/<input id="annuaire-q" name="q" type="search"[^>]*hx-get="\/annuaire" hx-trigger="input changed delay:300ms, search" hx-target="#annuaire-results"[^>]*hx-push-url="true"/);
    expect(page.text).toMatch(/<section id="annuaire-results"[^>]*aria-live="polite"/);
    expect(page.text).toContain('<a href="/annuaire" aria-current="page">Annuaire</a>');
    // Elsewhere the entry is there, not current.
    const inbox = await bed.client.open('/');
    expect(inbox.text).toContain('<a href="/annuaire">Annuaire</a>');
  });

  it('offers no « Écrire » for someone without a mailbox here, and says so', async () => {
    const page = await search({ q: 'lucie moreau' });
    expect(visibleText(page.text)).toContain('Lucie Moreau');
    expect(visibleText(page.text)).toContain('Pas encore de boîte aux lettres sur la messagerie académique.');
    expect(page.text).not.toContain(encodeURIComponent('lucie.moreau@ac-test.fr'));
    // Her école's address reaches nobody either: its director has no mailbox in this académie.
    const ecole = await bed.client.get(`/annuaire/structures/${UAI.maternelle}`);
    expect(ecole.text).not.toContain('href="/compose?to=');
  });

  it('finds a colleague from an accent-less query in the other order, with her affectation and « Écrire »', async () => {
    const page = await search({ q: 'girard emilie' });
    expect(page.status).toBe(200);
    expect(page.text).toContain('<!DOCTYPE html>');
    expect(titles(page.text)[0]).toBe('Émilie Girard');
    const text = visibleText(page.text);
    expect(text).toContain('Émilie Girard Fonction professeure des écoles Affectation École élémentaire Jean Jaurès (Marseille) Adresse emilie.girard@ac-test.fr Écrire à Émilie Girard');
    expect(page.text).toContain(`<a href="/annuaire/structures/${UAI.ecole}">École élémentaire Jean Jaurès (Marseille)</a>`);
    expect(page.text).toContain(`href="/compose?to=${encodeURIComponent('Émilie Girard <emilie.girard@ac-test.fr>')}"`);
    const reversed = await search({ q: 'EMILIE Girard' });
    expect(titles(reversed.text)[0]).toBe('Émilie Girard');
  });

  it('finds a school by its UAI in lower case, with its type, commune, UAI and functional address', async () => {
    const page = await search({ q: UAI.ecole.toLowerCase() });
    expect(titles(page.text)[0]).toBe('École élémentaire Jean Jaurès');
    expect(page.text).toContain(`<h3 class="card__title"><a href="/annuaire/structures/${UAI.ecole}">École élémentaire Jean Jaurès</a></h3>`);
    expect(visibleText(page.text)).toContain(`École élémentaire Jean Jaurès Commune Marseille UAI ${UAI.ecole} Adresse fonctionnelle ce.0131234w@ac-test.fr Écrire`);
    expect(page.text).toContain(`href="/compose?to=${encodeURIComponent('École élémentaire Jean Jaurès <ce.0131234w@ac-test.fr>')}"`);
  });

  it('finds the IEN and her circonscription from « ien marseille 5 »', async () => {
    const found = titles((await search({ q: 'ien marseille 5' })).text);
    expect(found).toContain('Sophie Martin-Durand');
    expect(found.indexOf('Sophie Martin-Durand')).toBeLessThan(3);
    const circonscription = titles((await search({ q: 'circonscription marseille 5' })).text);
    expect(circonscription[0]).toBe('Circonscription Marseille 5 – Saint-Just');
  });

  it('says when nothing matched, and shows help and the quick recipients before any search', async () => {
    const none = await search({ q: 'zzzyx' });
    expect(visibleText(none.text)).toContain('Aucun résultat pour « zzzyx ».');
    const empty = visibleText((await bed.client.get('/annuaire')).text);
    expect(empty).toContain('Cherchez un collègue, une école');
    expect(empty).toContain('Destinataires fréquents');
    expect(empty).toContain('Mon IEN Sophie Martin-Durand');
    expect(empty).toContain('Ma circonscription Circonscription Marseille 5 – Saint-Just');
    expect(empty).toContain('Direction académique (DSDEN) DSDEN des Bouches-du-Rhône');
    expect(empty).toContain('Mon gestionnaire Nadia Benali');
  });

  it('says a broad query shows only part of what matched', async () => {
    const writer = bed.t.webmel.services.directory.writer;
    writer.transaction(() => {
      for (let i = 0; i <= RANK_LIMIT; i++) {
        writer.upsertPerson({ nom: `Moreau${i}`, prenom: 'Anne', address: `anne.moreau${i}@ac-test.fr`, fonction: '', corps: '', discipline: '', role: 'enseignant', affectations: [], gestionnaire: null });
      }
    });
    const broad = await search({ q: 'm' });
    expect(visibleText(broad.text)).toContain("Plus de résultats que la page n'en montre : précisez votre recherche.");
    expect(titles(broad.text).length).toBeLessThanOrEqual(MAX_RESULTS);
    const narrow = await search({ q: 'girard' });
    expect(narrow.text).not.toContain('Plus de résultats');
  });
});

describe('the active search (htmx)', () => {
  it('answers an htmx request with the results alone and puts the search in the address bar', async () => {
    const fragment = await search({ q: 'jaures', kind: '', fonction: '' }, HX);
    expect(fragment.status).toBe(200);
    expect(fragment.text).not.toContain('<html');
    expect(fragment.text).not.toContain('<form');
    expect(titles(fragment.text)).toContain('École élémentaire Jean Jaurès');
    expect(fragment.headers.get('hx-push-url')).toBe('/annuaire?q=jaures');
    expect(fragment.headers.get('vary')).toContain('HX-Request');
    // A boosted form submission wants the whole page, like a plain browser.
    const boosted = await search({ q: 'jaures' }, { ...HX, 'HX-Boosted': 'true' });
    expect(boosted.text).toContain('<!DOCTYPE html>');
  });
});

describe('filters', () => {
  it('keeps people or structures', async () => {
    const people = titles((await search({ q: 'marseille', kind: 'person' })).text);
    expect(people).toContain('Marc Lefèvre');
    expect(people).not.toContain('École élémentaire Jean Jaurès');
    const structures = titles((await search({ q: 'marseille', kind: 'structure' })).text);
    expect(structures).toContain('École élémentaire Jean Jaurès');
    expect(structures).not.toContain('Marc Lefèvre');
  });

  it('narrows by degré, fonction and commune', async () => {
    const second = titles((await search({ q: 'aubagne', degre: '2d' })).text);
    expect(second).toEqual(expect.arrayContaining(['Collège Édouard Manet', 'Jean-Pierre Dupont']));
    expect(second).not.toContain('École maternelle Les Lilas');
    const first = titles((await search({ q: 'aubagne', degre: '1d' })).text);
    expect(first).toContain('École maternelle Les Lilas');
    expect(first).not.toContain('Collège Édouard Manet');
    expect(titles((await search({ q: 'marseille', fonction: "directeur d'école" })).text)).toEqual(['Marc Lefèvre']);
    expect(titles((await search({ q: 'professeure', commune: 'aubagne' })).text)).toEqual(['Lucie Moreau']);
  });

  it('lists a circonscription chosen in the list, without words', async () => {
    const page = await bed.client.get('/annuaire');
    // The list, by name.
    const options = [...page.text.matchAll(/<option value="([^"]*)"[^>]*>([^<]*)<\/option>/g)].map((m) => [m[1], m[2]]);
    expect(options).toEqual([
      ['', 'Toutes'],
      [UAI.aubagne, `Aubagne (${UAI.aubagne})`],
      [UAI.circonscription, `Marseille 5 – Saint-Just (${UAI.circonscription})`],
    ]);
    const aubagne = await search({ circonscription: UAI.aubagne.toLowerCase() });
    expect(titles(aubagne.text)).toEqual(expect.arrayContaining(['Circonscription Aubagne', 'École maternelle Les Lilas', 'Lucie Moreau']));
    expect(titles(aubagne.text)).not.toContain('École élémentaire Jean Jaurès');
    expect(aubagne.text).toContain(`<option value="${UAI.aubagne}" selected>`);
    const marseille = titles((await search({ q: 'professeure', circonscription: UAI.circonscription })).text);
    expect(marseille.sort()).toEqual(['Charlotte Habotté', 'Émilie Girard']);
  });
});

describe('hostile queries', () => {
  const HOSTILE = [
    '"',
    '""',
    '*',
    'jau*',
    'NEAR(jean jaures)',
    '-jean',
    'jean OR -',
    'nom:girard',
    '^girard',
    'a'.repeat(10 * 1024),
    'girard '.repeat(1500),
    'gir\u0000ard\u0007\r\n\u001b[31m',
    '<script>alert(1)</script>',
    '"><img src=x onerror=alert(1)>',
    '\uD800',
    '𝕲𝖎𝖗𝖆𝖗𝖉 😀',
  ];

  it('answers 200 with everything typed escaped, as a page and as a fragment', async () => {
    for (const q of HOSTILE) {
      for (const headers of [{}, HX]) {
        // 10 KB fits in a request line (Node's headers are 16 KB at most) once, not six times.
        const params: Record<string, string> = q.length > 1000 ? { q } : { q, fonction: q, commune: q, circonscription: q, kind: q, degre: q };
        const page = await search(params, headers);
        expect(page.status, JSON.stringify(q.slice(0, 40))).toBe(200);
        expect(page.text).not.toContain('<script>alert');
        expect(page.text).not.toContain('<img src=x');
        expect(page.text).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
      }
    }
    const script = await search({ q: '<script>alert(1)</script>' });
    expect(script.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('takes the fields as given once each: a repeated parameter is not a list', async () => {
    const page = await bed.client.get('/annuaire?q=girard&q=emilie&kind=person&kind=structure');
    expect(page.status).toBe(200);
  });
});
