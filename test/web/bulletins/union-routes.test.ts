/**
 * « Diffusion syndicale »: for a union's account only; its messages are recorded by the page
 * and delivered by the server, within 5 a month per agent (the 6th to the same agents is
 * refused whole), and the union sees how many each reached and why the others did not.
 */
import { describe, expect, it } from 'vitest';
import { UNION_LIST_ID } from '../../../src/web/bulletins/union-page.js';
import { adminClient, delivered, UNION, UNION_NAME, unionClient } from '../../helpers/bulletin-fixtures.js';
import { annuaireTestBed, PEOPLE, UAI } from '../../helpers/directory-fixtures.js';
import { mailsIn } from '../../helpers/strike-fixtures.js';
import { HX, visibleText } from '../../helpers/web.js';

const bed = annuaireTestBed();
const AUDIENCE = `uai:${UAI.ecole}`;
const message = (subject: string) => ({ subject, audience: AUDIENCE, format: 'text', source: 'Chères et chers collègues, réunion mercredi.' });

describe('the union page', () => {
  it('is refused (403) to anyone but a union, an admin included, whose POST records nothing', async () => {
    const admin = await adminClient(bed.t);
    for (const client of [bed.client, admin]) {
      const page = await client.get('/diffusion-syndicale');
      expect(page.status).toBe(403);
      expect(visibleText(page.text)).toContain('Cette page est réservée aux comptes des organisations syndicales.');
      await client.get('/bulletins');
      expect((await client.post('/diffusion-syndicale', message('Réunion'))).status).toBe(403);
    }
    expect(bed.t.webmel.services.bulletins.list()).toEqual([]);
    expect((await bed.t.client().get('/diffusion-syndicale')).location).toBe('/login?next=%2Fdiffusion-syndicale');
  });

  it('sends with the union’s name in front of the subject, and refuses the 6th message of the month to the same agents', async () => {
    const union = await unionClient(bed.t);
    const page = await union.get('/diffusion-syndicale');
    expect(page.status).toBe(200);
    const text = visibleText(page.text);
    expect(text).toContain(`« [${UNION_NAME}] » est ajouté automatiquement devant l’objet.`);
    expect(text).toContain('au plus 5 messages par mois');
    expect(text).toContain('Les destinataires ne sont pas visibles');
    expect(text).toContain('aucun accusé de lecture');
    expect(text).toContain('Votre syndicat n’a encore diffusé aucun message.');
    expect(page.text).toContain('<a href="/diffusion-syndicale" aria-current="page">Diffusion syndicale</a>');

    for (let i = 1; i <= 5; i++) {
      const sent = await union.post('/diffusion-syndicale', message(`Réunion n° ${i}`));
      expect(sent.status, `message ${i}`).toBe(303);
      // The cap counts what was delivered: each waits for the runner.
      const done = await delivered(bed.t);
      expect(done).toMatchObject({ kind: 'union', subject: `[${UNION_NAME}] Réunion n° ${i}`, recipients: 3, delivered: 3 });
    }
    const inbox = await mailsIn(bed.t, PEOPLE.teacher.address);
    expect(inbox.filter((m) => m.subject?.startsWith(`[${UNION_NAME}]`))).toHaveLength(5);
    expect(inbox.find((m) => m.subject === `[${UNION_NAME}] Réunion n° 1`)?.replyTo?.text).toBe(UNION.address);

    const sixth = await union.post('/diffusion-syndicale', message('Réunion n° 6'));
    expect(sixth.status).toBe(409);
    expect(visibleText(sixth.text)).toContain(`Rien n’est envoyé : chaque agent de ce public a déjà reçu 5 messages de ${UNION_NAME} ce mois-ci`);
    expect(sixth.text).toContain('role="alert"');
    expect(sixth.text).toContain('value="Réunion n° 6"');
    expect(sixth.text).toContain('Chères et chers collègues, réunion mercredi.');
    expect(bed.t.webmel.services.bulletins.list()).toHaveLength(5);

    // A wider audience: only the agents not yet at the cap receive it, and the union sees why not the others.
    expect((await union.post('/diffusion-syndicale', { ...message('Réunion de circonscription'), audience: `circo:${UAI.circonscription}` })).status).toBe(303);
    const wider = await delivered(bed.t);
    expect(wider).toMatchObject({ recipients: 4, delivered: 1, skippedCap: 3 });
    const list = visibleText((await union.get('/diffusion-syndicale')).text);
    expect(list).toContain('« Plafond », ces agents ont déjà reçu 5 messages de votre syndicat ce mois-ci');
    expect(list).toMatch(new RegExp(`\\[${UNION_NAME}\\] Réunion de circonscription la circonscription ${UAI.circonscription} terminé 1 3 0 0`));
    expect(list).toMatch(new RegExp(`Message n° ${wider.id} enregistré : distribution en cours, à 4 agents au plus`));
  });

  it('refuses what cannot be sent, with its message at the top and the values kept', async () => {
    const union = await unionClient(bed.t);
    await union.get('/diffusion-syndicale');
    for (const [fields, words] of [
      [{ audience: 'tout le monde' }, 'Public inconnu'],
      [{ source: '' }, 'Le texte est vide.'],
      [{ format: 'pdf' }, 'Format inconnu'],
    ] as const) {
      const refused = await union.post('/diffusion-syndicale', { ...message('Réunion'), ...fields });
      expect(refused.status).toBe(400);
      expect(visibleText(refused.text)).toContain(words);
      expect(refused.text).toContain('value="Réunion"');
    }
    expect(bed.t.webmel.services.bulletins.list()).toEqual([]);
  });

  it('refreshes its list alone while a message is delivered (htmx), as a fragment', async () => {
    const union = await unionClient(bed.t);
    await union.get('/diffusion-syndicale');
    await union.post('/diffusion-syndicale', message('Réunion'));
    await delivered(bed.t);
    const fragment = await union.get('/diffusion-syndicale', { ...HX, 'HX-Trigger': UNION_LIST_ID });
    expect(fragment.text.startsWith(`<div id="${UNION_LIST_ID}">`)).toBe(true);
    expect(visibleText(fragment.text)).toContain(`[${UNION_NAME}] Réunion`);
  });
});
