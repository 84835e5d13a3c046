/**
 * A structure's functional address (`ce.<uai>@…`) is delivered to the account responsible for
 * it (an école's director, a circonscription's IEN) until shared mailboxes exist, and refused
 * at RCPT, like any unknown address, when nobody responsible has a mailbox here.
 */
import nodemailer from 'nodemailer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Account } from '../../src/accounts/account-store.js';
import { INBOX } from '../../src/store/mail-store.js';
import { person, structure } from '../helpers/directory-fixtures.js';
import { RawSmtp } from '../helpers/raw-smtp.js';
import { startTestWebmel, type TestWebmel } from '../helpers/webmel.js';

const CIRCO = '0133300S';
const ECOLE = '0131234W';
const MATERNELLE = '0131235X';

let webmel: TestWebmel;
let director: Account;
let ien: Account;

function inboxSubjects(account: Account): string[] {
  const { store } = webmel.services;
  const inbox = store.getMailbox(account.id, INBOX);
  return store.messagesByUids(inbox.id, store.messageIndex(inbox.id).map((m) => m.uid)).map((row) => row.subject);
}

beforeEach(async () => {
  webmel = await startTestWebmel();
  director = webmel.addAccount({ prenom: 'Marc', nom: 'Lefèvre', role: 'directeur', uai: ECOLE });
  ien = webmel.addAccount({ prenom: 'Sophie', nom: 'Martin-Durand', role: 'ien' });
  const w = webmel.services.directory.writer;
  w.transaction(() => {
    w.upsertStructure(structure({ uai: CIRCO, type: 'circonscription', nom: 'Marseille 5 – Saint-Just' }));
    w.upsertStructure(structure({ uai: ECOLE, type: 'ecole_elementaire', nom: 'Jean Jaurès', circonscription: CIRCO }));
    w.upsertStructure(structure({ uai: MATERNELLE, type: 'ecole_maternelle', nom: 'Les Oliviers', circonscription: CIRCO }));
    w.upsertPerson(person({ nom: 'Lefèvre', prenom: 'Marc', address: director.address, role: 'directeur', affectations: [ECOLE] }));
    w.upsertPerson(person({ nom: 'Martin-Durand', prenom: 'Sophie', address: ien.address, role: 'ien', affectations: [CIRCO] }));
    // The maternelle's director is in the annuaire but has no mailbox here.
    w.upsertPerson(person({ nom: 'Roussel', prenom: 'Yves', address: 'yves.roussel@ac-test.fr', role: 'directeur', affectations: [MATERNELLE] }));
  });
});

afterEach(async () => {
  await webmel.stop();
});

describe('functional addresses', () => {
  it("delivers mail to an école's address into its director's INBOX, and to a circonscription's into its IEN's", async () => {
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: webmel.ports.smtp, secure: false, ignoreTLS: true });
    const info = await transport.sendMail({
      from: 'Mairie <scolaire@marseille.example>',
      to: ['ce.0131234w@ac-test.fr', 'CE.0133300S@ac-test.fr'],
      subject: 'Inscriptions scolaires',
      text: 'Bonjour, voici les listes.',
    });
    expect(info.accepted).toHaveLength(2);
    expect(inboxSubjects(director)).toContain('Inscriptions scolaires');
    expect(inboxSubjects(ien)).toContain('Inscriptions scolaires');
  });

  it('refuses at RCPT the address of a structure whose responsible has no mailbox here, and of an unknown UAI', async () => {
    const smtp = await RawSmtp.connect(webmel.ports.smtp);
    expect(await smtp.command('EHLO client.example.org')).toMatch(/^250/);
    expect(await smtp.command('MAIL FROM:<scolaire@marseille.example>')).toMatch(/^250/);
    expect(await smtp.command('RCPT TO:<ce.0131235x@ac-test.fr>')).toMatch(/^550 5\.1\.1/);
    expect(await smtp.command('RCPT TO:<ce.0139999a@ac-test.fr>')).toMatch(/^550 5\.1\.1/);
    smtp.close();
  });

  it('offers « Ma circonscription » only when its address reaches someone', () => {
    const { directory } = webmel.services;
    expect(directory.functionalAddressHolder('ce.0131234w@ac-test.fr')).toBe(director.address);
    expect(directory.functionalAddressHolder('ce.0131235x@ac-test.fr')).toBeNull();
    expect(directory.quickRecipients(director.address).map((r) => r.label)).toEqual(['Mon IEN', 'Ma circonscription']);
    webmel.services.accounts.disable(ien.id);
    expect(directory.quickRecipients(director.address)).toEqual([]);
  });
});
