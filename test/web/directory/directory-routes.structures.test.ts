/**
 * A structure's page: an école with its facts, circonscription and staff; a circonscription
 * with its IEN and écoles; the UAI in any case; an unknown or malformed one a French 404.
 */
import { describe, expect, it } from 'vitest';
import { STAFF_LIMIT } from '../../../src/directory/index.js';
import { annuaireTestBed, UAI } from '../../helpers/directory-fixtures.js';
import { visibleText } from '../../helpers/web.js';

const bed = annuaireTestBed();

/** The text of one section of the page, by its heading's id. */
function section(markup: string, id: string): string {
  const match = new RegExp(`<section aria-labelledby="${id}">([\\s\\S]*?)</section>`).exec(markup);
  return match ? visibleText(match[1]!) : '';
}

describe('GET /annuaire/structures/:uai', () => {
  it('shows an école: facts, week, circonscription, functional address with « Écrire », its staff', async () => {
    const page = await bed.client.get(`/annuaire/structures/${UAI.ecole.toLowerCase()}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h1>École élémentaire Jean Jaurès</h1>');
    const text = visibleText(page.text);
    expect(text).toContain(
      `Type École élémentaire UAI ${UAI.ecole} Commune 13013 Marseille Secteur Public Degré 1er degré Zone de vacances Zone B Semaine 4 jours (lundi, mardi, jeudi, vendredi) Circonscription Circonscription Marseille 5 – Saint-Just Adresse fonctionnelle ce.0131234w@ac-test.fr`,
    );
    expect(page.text).toContain(`<a href="/annuaire/structures/${UAI.circonscription}">Circonscription Marseille 5 – Saint-Just</a>`);
    expect(page.text).toContain(`href="/compose?to=${encodeURIComponent('École élémentaire Jean Jaurès <ce.0131234w@ac-test.fr>')}"`);
    const staff = section(page.text, 'structure-staff');
    expect(staff).toMatch(/^Personnels \(3\) /);
    expect(staff).toContain('Charlotte Habotté');
    expect(staff).toContain('Émilie Girard Fonction professeure des écoles');
    expect(staff).toContain("Marc Lefèvre Fonction directeur d'école");
    expect(page.text).toContain('<a href="/annuaire" aria-current="true">Annuaire</a>');
  });

  it('shows a circonscription with its IEN and its écoles', async () => {
    const page = await bed.client.get(`/annuaire/structures/${UAI.circonscription}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h1>Circonscription Marseille 5 – Saint-Just</h1>');
    expect(section(page.text, 'structure-ien')).toContain("Sophie Martin-Durand Fonction inspectrice de l'éducation nationale");
    const ecoles = section(page.text, 'structure-ecoles');
    expect(ecoles).toMatch(/^Écoles de la circonscription \(1\) École élémentaire Jean Jaurès/);
    expect(page.text).toContain(`<a href="/annuaire/structures/${UAI.ecole}">École élémentaire Jean Jaurès</a>`);
    expect(section(page.text, 'structure-ecoles')).not.toContain('Les Lilas');
  });

  it('shows a maternelle’s four-and-a-half-day week and a service without repeating its type', async () => {
    const maternelle = visibleText((await bed.client.get(`/annuaire/structures/${UAI.maternelle}`)).text);
    expect(maternelle).toContain('Semaine 4 jours et demi (lundi, mardi, mercredi matin, jeudi, vendredi)');
    const dsden = await bed.client.get(`/annuaire/structures/${UAI.dsden}`);
    expect(dsden.text).toContain('<h1>DSDEN des Bouches-du-Rhône</h1>');
    expect(visibleText(dsden.text)).toContain('Type Direction des services départementaux (DSDEN)');
  });

  it('counts the staff beyond those it lists', async () => {
    const writer = bed.t.webmel.services.directory.writer;
    writer.transaction(() => {
      for (let i = 0; i < STAFF_LIMIT + 1; i++) {
        writer.upsertPerson({ address: `prof.${i}@ac-test.fr`, nom: `Prof${String(i).padStart(4, '0')}`, prenom: 'Anne', fonction: 'professeure', corps: '', discipline: '', role: 'enseignant', affectations: [UAI.college], gestionnaire: null });
      }
    });
    const page = await bed.client.get(`/annuaire/structures/${UAI.college}`);
    const staff = section(page.text, 'structure-staff');
    expect(staff).toContain(`Personnels (${STAFF_LIMIT + 2})`);
    expect(staff).toContain(`Les ${STAFF_LIMIT} premiers par ordre alphabétique, sur ${(STAFF_LIMIT + 2).toLocaleString('fr-FR')} personnes`);
  });

  it('answers 404 in French for an unknown or malformed UAI', async () => {
    for (const uai of ['0131236Y', '0131234X', '013123', 'nimporte-quoi', encodeURIComponent('<script>alert(1)</script>'), 'a'.repeat(5000)]) {
      const page = await bed.client.get(`/annuaire/structures/${uai}`);
      expect(page.status, uai.slice(0, 20)).toBe(404);
      expect(page.text).toContain('<h1>Structure inconnue</h1>');
      expect(page.text).not.toContain('<script>alert');
    }
  });
});
