/**
 * « Votre courrier » when an account goes (the end of a departure): the agent's courrier and
 * the store's contents it held go with them; a departed gestionnaire's agents keep their
 * exchanges, the gestionnaire no longer named.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Account } from '../../src/accounts/account-store.js';
import { person } from '../helpers/directory-fixtures.js';
import { startTestWebmel, type TestWebmel } from '../helpers/webmel.js';

let webmel: TestWebmel;
let agent: Account;
let gestionnaire: Account;
const DAY_MS = 86_400_000;

beforeEach(async () => {
  webmel = await startTestWebmel();
  agent = webmel.addAccount({ prenom: 'Charlotte', nom: 'Habotté' });
  gestionnaire = webmel.addAccount({ prenom: 'Nadia', nom: 'Benali' });
  const writer = webmel.services.directory.writer;
  writer.transaction(() => {
    writer.upsertPerson(person({ prenom: 'Nadia', nom: 'Benali', address: gestionnaire.address, role: 'gestionnaire' }));
    writer.upsertPerson(person({ prenom: 'Charlotte', nom: 'Habotté', address: agent.address, gestionnaire: gestionnaire.address }));
  });
});
afterEach(async () => {
  await webmel.stop();
});

const contents = () => webmel.services.db.prepare('SELECT count(*) FROM contents').pluck().get() as number;

async function exchange(): Promise<number> {
  const { courrier } = webmel.services.portal;
  const asked = await courrier.sendToGestionnaire(agent, { subject: 'Question', message: 'Ma question', theme: '', attachments: [] });
  await courrier.reply(gestionnaire, asked.id, { message: 'Ma réponse', attachments: [] });
  return asked.id;
}

it('gives back the contents of a departed agent’s courrier when the account is deleted', async () => {
  const before = contents();
  await exchange();
  // Two courriers held, and the notice delivered in the INBOX.
  expect(contents()).toBe(before + 3);
  webmel.services.admin.depart({ login: 'admin-test' }, agent.login);
  expect(webmel.services.admin.finishDepartures(Date.now() + 100 * DAY_MS)).toBe(1);
  expect(webmel.services.db.prepare('SELECT count(*) FROM portal_courriers').pluck().get()).toBe(0);
  // The courriers' two contents and the INBOX notice's are gone.
  expect(contents()).toBe(before);
});

it('keeps a departed gestionnaire’s exchanges for the agent, the gestionnaire no longer named', async () => {
  const id = await exchange();
  webmel.services.admin.depart({ login: 'admin-test' }, gestionnaire.login);
  expect(webmel.services.admin.finishDepartures(Date.now() + 100 * DAY_MS)).toBe(1);
  const thread = await webmel.services.portal.courrier.open(agent, id);
  expect(thread.map((c) => [c.text.trim(), c.gestionnaireId])).toEqual([['Ma question', null], ['Ma réponse', null]]);
});
