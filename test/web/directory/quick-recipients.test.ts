/**
 * Writing from the annuaire: « Écrire » opens a new message with « À » filled in (and a forged
 * `to` fills nothing); « Destinataires fréquents » on the compose form (a button adds the
 * recipient to « À » without JavaScript) and on the home page, absent when the directory knows
 * none; the compose suggestions name structures with their type and commune.
 */
import { describe, expect, it } from 'vitest';
import { composeId, formFields, postMultipart } from '../../helpers/compose.js';
import { annuaireTestBed, UAI } from '../../helpers/directory-fixtures.js';
import { HX, signedInUser, visibleText } from '../../helpers/web.js';

const bed = annuaireTestBed();

/** Opens a link's target like a browser: the composition it starts, and its fields. */
async function openCompose(href: string): Promise<{ id: string; fields: Record<string, string>; page: string }> {
  const start = await bed.client.get(href.replace(/&amp;/g, '&'));
  expect(start.status).toBe(303);
  const id = composeId(start.location);
  const page = await bed.client.get(`/compose/${id}`);
  return { id, fields: formFields(page.text), page: page.text };
}

describe('« Écrire »', () => {
  it('opens a new message to the colleague found in the annuaire', async () => {
    const results = await bed.client.get('/annuaire?q=girard');
    const href = /<a class="btn card__write" href="([^"]+)">Écrire<span class="sr-only"> à Émilie Girard<\/span><\/a>/.exec(results.text)?.[1];
    expect(href).toBeDefined();
    const { fields } = await openCompose(href!);
    expect(fields.to).toBe('Émilie Girard <emilie.girard@ac-test.fr>');
  });

  it('opens a new message to a school from its page', async () => {
    const school = await bed.client.get(`/annuaire/structures/${UAI.ecole}`);
    const href = /<a class="btn card__write" href="([^"]+)">Écrire/.exec(school.text)?.[1];
    const { fields } = await openCompose(href!);
    expect(fields.to).toBe('École élémentaire Jean Jaurès <ce.0131234w@ac-test.fr>');
  });

  it('fills « À » only with addresses: a forged `to` leaves it empty', async () => {
    for (const to of ['<script>alert(1)</script>', 'a@b.fr\r\nBcc: x@y.fr', 'pas une adresse', '"><img src=x>@x.fr']) {
      const { fields, page } = await openCompose(`/compose?to=${encodeURIComponent(to)}`);
      expect(fields.to, to).toBe('');
      expect(page).not.toContain('<script>alert');
    }
    const two = await openCompose(`/compose?to=${encodeURIComponent('marc.lefevre@ac-test.fr; "Benali, Nadia" <nadia.benali@ac-test.fr>')}`);
    expect(two.fields.to).toBe('marc.lefevre@ac-test.fr, "Benali, Nadia" <nadia.benali@ac-test.fr>');
  });
});

describe('« Destinataires fréquents »', () => {
  it('offers the IEN, the circonscription, the DSDEN and the gestionnaire on the compose form, added to « À » without JavaScript', async () => {
    const { id, page } = await openCompose('/compose');
    const text = visibleText(page);
    expect(text).toContain(
      'Destinataires fréquents D’après votre affectation : un bouton ajoute le destinataire au champ « À ». Mon IEN Sophie Martin-Durand Ma circonscription Circonscription Marseille 5 – Saint-Just Direction académique (DSDEN) DSDEN des Bouches-du-Rhône Mon gestionnaire Nadia Benali',
    );
    expect(page).toContain('name="addTo" value="Sophie Martin-Durand &lt;sophie.martin-durand@ac-test.fr&gt;" data-add-recipient="compose-to"');

    const added = await postMultipart(bed.client, `/compose/${id}`, { to: 'marc.lefevre@ac-test.fr,', subject: 'Sortie scolaire', text: 'Bonjour', addTo: 'Sophie Martin-Durand <sophie.martin-durand@ac-test.fr>' });
    expect(added.status).toBe(303);
    expect(added.location).toBe(`/compose/${id}`);
    const after = formFields((await bed.client.get(`/compose/${id}`)).text);
    expect(after).toMatchObject({ to: 'marc.lefevre@ac-test.fr, Sophie Martin-Durand <sophie.martin-durand@ac-test.fr>', subject: 'Sortie scolaire', text: 'Bonjour' });

    // Twice is once; a forged value adds nothing.
    await postMultipart(bed.client, `/compose/${id}`, { to: after.to!, addTo: 'Sophie Martin-Durand <SOPHIE.martin-durand@ac-test.fr>' });
    await postMultipart(bed.client, `/compose/${id}`, { to: after.to!, addTo: 'x@y.fr\r\nBcc: z@y.fr' });
    expect(formFields((await bed.client.get(`/compose/${id}`)).text).to).toBe(after.to);
  });

  it('shows them as links on the home page', async () => {
    const home = await bed.client.open('/');
    expect(home.text).toContain('<h2 id="quick-recipients-title" class="quick-recipients__title">Destinataires fréquents</h2>');
    expect(home.text).toContain(`<a href="/compose?to=${encodeURIComponent('Nadia Benali <nadia.benali@ac-test.fr>')}"><span class="quick-recipients__label">Mon gestionnaire</span>`);
    // Only on the inbox.
    expect((await bed.client.get('/mailboxes/Brouillons')).text).not.toContain('Destinataires fréquents');
  });

  it('is absent, not broken, for someone the directory places nowhere', async () => {
    const { client: claire } = await signedInUser(bed.t, { prenom: 'Claire', nom: 'Fontaine' });
    expect((await claire.open('/')).text).not.toContain('Destinataires fréquents');
    const start = await claire.get('/compose');
    const page = await claire.get(start.location!);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('Destinataires fréquents');
    expect((await claire.get('/annuaire')).text).not.toContain('Destinataires fréquents');
  });
});

describe('compose suggestions', () => {
  it('names structures with their type and commune, without saying the type twice', async () => {
    const school = await bed.client.get('/directory/suggestions?field=to&to=jaures', HX);
    expect(visibleText(school.text)).toContain(`École élémentaire Jean Jaurès ce.0131234w@ac-test.fr Marseille · UAI ${UAI.ecole}`);
    expect(school.text).toContain('data-value="École élémentaire Jean Jaurès &lt;ce.0131234w@ac-test.fr&gt;"');
    const dsden = await bed.client.get('/directory/suggestions?field=to&to=dsden', HX);
    expect(visibleText(dsden.text)).toContain(`DSDEN des Bouches-du-Rhône ce.0131000s@ac-test.fr Direction des services départementaux (DSDEN) · Marseille · UAI ${UAI.dsden}`);
    const colleague = await bed.client.get('/directory/suggestions?field=to&to=girard', HX);
    expect(visibleText(colleague.text)).toContain(`Émilie Girard emilie.girard@ac-test.fr professeure des écoles · Jean Jaurès · UAI ${UAI.ecole}`);
  });
});
