/**
 * « Votre courrier » (issue 22): a closed channel between an agent and the gestionnaire the
 * annuaire names, kept out of mailboxes and quotas, with the 5.24 MB attachment limit, the
 * gestionnaire's queue, the notice in the agent's INBOX, and yearly archiving.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../../src/accounts/account-store.js';
import { imapClient } from '../../helpers/imap.js';
import { countIn, GOOD_PASSWORD, startWebTest, visibleText, type WebClient, type WebTest } from '../../helpers/web.js';
import { person } from '../../helpers/directory-fixtures.js';

let t: WebTest;
let teacher: Account;
let gestionnaire: Account;
let otherGestionnaire: Account;
let otherTeacher: Account;
let orphan: Account;
const browsers: Record<string, WebClient> = {};

const DAY_MS = 86_400_000;

async function signedIn(user: { account: Account; password: string }): Promise<WebClient> {
  const client = t.client();
  expect((await client.signIn(user.account.login, user.password)).status).toBe(303);
  return client;
}

beforeAll(async () => {
  t = await startWebTest();
  const users = {
    teacher: t.user({ prenom: 'Charlotte', nom: 'Habotté', fonction: 'professeur des écoles' }),
    gestionnaire: t.user({ prenom: 'Nadia', nom: 'Benali', fonction: 'gestionnaire' }),
    otherGestionnaire: t.user({ prenom: 'Paul', nom: 'Martin', fonction: 'gestionnaire' }),
    otherTeacher: t.user({ prenom: 'Agathe', nom: 'Roux' }),
    orphan: t.user({ prenom: 'Jean', nom: 'Seul' }),
  };
  ({ teacher, gestionnaire, otherGestionnaire, otherTeacher, orphan } = Object.fromEntries(Object.entries(users).map(([k, u]) => [k, u.account])) as Record<keyof typeof users, Account>);
  const writer = t.webmel.services.directory.writer;
  writer.transaction(() => {
    writer.upsertPerson(person({ prenom: 'Nadia', nom: 'Benali', address: gestionnaire.address, role: 'gestionnaire' }));
    writer.upsertPerson(person({ prenom: 'Paul', nom: 'Martin', address: otherGestionnaire.address, role: 'gestionnaire' }));
    writer.upsertPerson(person({ prenom: 'Charlotte', nom: 'Habotté', address: teacher.address, gestionnaire: gestionnaire.address }));
    writer.upsertPerson(person({ prenom: 'Agathe', nom: 'Roux', address: otherTeacher.address, gestionnaire: otherGestionnaire.address }));
    writer.upsertPerson(person({ prenom: 'Jean', nom: 'Seul', address: orphan.address }));
  });
  for (const [name, user] of Object.entries(users)) browsers[name] = await signedIn(user);
});
afterAll(() => t.stop());

const courrier = () => t.webmel.services.portal.courrier;

async function write(client: WebClient, fields: Record<string, string>, files: Array<{ filename: string; content: Buffer }> = []) {
  await client.get('/iprof/courrier/nouveau');
  return client.postMultipart('/iprof/courrier/nouveau', fields, files.map((f) => ({ name: 'files', ...f })));
}

describe('Votre courrier: the form', () => {
  it('names the only recipient and offers the seed’s fields and limit', async () => {
    const page = await browsers.teacher!.get('/iprof/courrier/nouveau?objet=Changement%20de%20situation');
    expect(page.status).toBe(200);
    const text = visibleText(page.text);
    expect(text).toContain('Le seul destinataire possible est votre gestionnaire : Nadia Benali');
    expect(text).toContain('taille max : 5,24 Mo');
    expect(text).toContain('pas de thème autorisé');
    for (const label of ['Thème', 'Objet', 'Message', 'Pièces jointes']) expect(page.text).toMatch(new RegExp(`<label for="[^"]+">${label}</label>`));
    expect(page.text).toContain('<button type="submit" class="btn">Envoyer</button>');
    expect(page.text).toContain('value="Changement de situation"');
    expect(page.text).toMatch(/enctype="multipart\/form-data"/);
  });

  it('says so, and refuses to send, when the annuaire names no gestionnaire', async () => {
    const page = await browsers.orphan!.get('/iprof/courrier/nouveau');
    expect(visibleText(page.text)).toContain('Aucun gestionnaire n’est indiqué pour vous dans l’annuaire');
    const sent = await browsers.orphan!.postMultipart('/iprof/courrier/nouveau', { subject: 'Bonjour', message: 'Test', theme: '' });
    expect(sent.status).toBe(403);
    expect(courrier().box(orphan, 'envoyes')).toHaveLength(0);
  });

  it('refuses a form without its CSRF token', async () => {
    const client = browsers.teacher!;
    const saved = client.csrf;
    client.csrf = 'faux';
    const refused = await client.postMultipart('/iprof/courrier/nouveau', { subject: 'Forgé', message: 'Forgé', theme: '' });
    client.csrf = saved;
    expect(refused.status).toBe(403);
    expect(courrier().box(teacher, 'envoyes').map((c) => c.subject)).not.toContain('Forgé');
  });
});

describe('Votre courrier: between an agent and their gestionnaire only', () => {
  let courrierId: number;

  it('reaches the gestionnaire, outside every mailbox and quota', async () => {
    const inboxBefore = countIn(t, gestionnaire.id, 'INBOX');
    const usageBefore = t.webmel.services.store.usage(teacher.id).usedBytes;
    const sent = await write(browsers.teacher!, { subject: 'Mon échelon', message: 'Bonjour,\nmon échelon est-il à jour ?', theme: '' }, [
      { filename: 'arrêté.pdf', content: Buffer.from('%PDF-1.4 arrêté de promotion') },
    ]);
    expect(sent.status).toBe(303);
    expect(sent.location).toBe('/iprof/courrier/envoyes');
    const [mine] = courrier().box(teacher, 'envoyes');
    expect(mine).toMatchObject({ subject: 'Mon échelon', fromAgent: true, gestionnaireId: gestionnaire.id, attachmentCount: 1 });
    courrierId = mine!.id;
    // A separate channel: no copy in the gestionnaire's INBOX, nothing counted in the agent's 50 Mo.
    expect(countIn(t, gestionnaire.id, 'INBOX')).toBe(inboxBefore);
    expect(t.webmel.services.store.usage(teacher.id).usedBytes).toBe(usageBefore);
    expect(visibleText((await browsers.teacher!.get('/iprof/courrier/envoyes')).text)).toContain('Mon échelon');
    // Over IMAP, as Thunderbird sees the gestionnaire's mailbox: no courrier folder, no courrier in any folder.
    const imap = await imapClient(t.webmel.ports.imap, gestionnaire.login, GOOD_PASSWORD);
    try {
      const boxes = await imap.list();
      expect(boxes.map((b) => b.path).filter((p) => /courrier|i-?prof/i.test(p))).toEqual([]);
      for (const box of boxes.filter((b) => !b.flags.has('\\Noselect'))) {
        await imap.mailboxOpen(box.path, { readOnly: true });
        expect(await imap.search({ subject: 'Mon échelon' }, { uid: true }), box.path).toEqual([]);
      }
    } finally {
      await imap.logout();
    }
  });

  it('is in the gestionnaire’s queue, not in another gestionnaire’s', async () => {
    const queue = await browsers.gestionnaire!.get('/iprof/gestion/courrier');
    expect(queue.status).toBe(200);
    expect(visibleText(queue.text)).toMatch(/Charlotte Habotté Mon échelon/);
    // The home leads there, with the count.
    expect(visibleText((await browsers.gestionnaire!.get('/iprof')).text)).toContain('Espace gestionnaire Courrier de vos agents : 1 courrier à traiter');
    expect(visibleText((await browsers.teacher!.get('/iprof')).text)).not.toContain('Espace gestionnaire');
    const other = await browsers.otherGestionnaire!.get('/iprof/gestion/courrier');
    expect(other.status).toBe(200);
    expect(visibleText(other.text)).not.toContain('Mon échelon');
  });

  it('is read by its agent and their gestionnaire, by nobody else', async () => {
    const read = await browsers.gestionnaire!.get(`/iprof/courrier/${courrierId}`);
    expect(read.status).toBe(200);
    expect(visibleText(read.text)).toContain('mon échelon est-il à jour ?');
    expect(read.text).toContain(`/iprof/courrier/${courrierId}/pj/0`);
    const file = await browsers.gestionnaire!.get(`/iprof/courrier/${courrierId}/pj/0`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toContain("filename*=UTF-8''arr%C3%AAt%C3%A9.pdf");
    expect(file.text).toContain('arrêté de promotion');
    for (const intruder of ['otherGestionnaire', 'otherTeacher']) {
      expect((await browsers[intruder]!.get(`/iprof/courrier/${courrierId}`)).status).toBe(404);
      expect((await browsers[intruder]!.get(`/iprof/courrier/${courrierId}/pj/0`)).status).toBe(404);
    }
    // The gestionnaire's reading marked it read; the agent's own opening does not change that.
    expect(courrier().box(teacher, 'envoyes')[0]!.readAt).not.toBeNull();
  });

  it('keeps the queue to the gestionnaires: an agent is refused it', async () => {
    const page = await browsers.teacher!.get('/iprof/gestion/courrier');
    expect(page.status).toBe(403);
    expect(visibleText(page.text)).toContain('l’annuaire ne vous confie aucun agent');
  });

  it('refuses another gestionnaire’s answer and marking', async () => {
    await browsers.otherGestionnaire!.get('/iprof/gestion/courrier');
    const answer = await browsers.otherGestionnaire!.postMultipart(`/iprof/courrier/${courrierId}/reponse`, { message: 'Je ne suis pas son gestionnaire' });
    expect(answer.status).toBe(404);
    const mark = await browsers.otherGestionnaire!.post(`/iprof/courrier/${courrierId}/traite`, { traite: '1' });
    expect(mark.status).toBe(404);
    const agentMark = await browsers.teacher!.post(`/iprof/courrier/${courrierId}/traite`, { traite: '1' });
    expect(agentMark.status).toBe(403);
    expect(courrier().box(teacher, 'envoyes')[0]!.handledAt).toBeNull();
  });

  it('brings the gestionnaire’s answer to the agent, who is told in her INBOX and at her personal address without its content', async () => {
    t.webmel.services.portal.personalAddresses.set(teacher.id, 'charlotte.perso@exemple.fr');
    const inboxBefore = countIn(t, teacher.id, 'INBOX');
    const queuedBefore = t.webmel.services.outbound.list().length;
    await browsers.gestionnaire!.get(`/iprof/courrier/${courrierId}`);
    const answer = await browsers.gestionnaire!.postMultipart(`/iprof/courrier/${courrierId}/reponse`, { message: 'Votre échelon 7 est enregistré depuis le 1er septembre.' });
    expect(answer.status).toBe(303);
    // Answering handles it.
    expect(courrier().box(teacher, 'envoyes')[0]!.handledAt).not.toBeNull();

    const [received] = courrier().box(teacher, 'recus');
    expect(received).toMatchObject({ subject: 'Re : Mon échelon', fromAgent: false, readAt: null });
    expect(courrier().unreadCount(teacher)).toBe(1);

    await expect.poll(() => countIn(t, teacher.id, 'INBOX'), { timeout: 5000 }).toBe(inboxBefore + 1);
    const store = t.webmel.services.store;
    const inbox = store.getMailbox(teacher.id, 'INBOX');
    const newest = store.messageIndex(inbox.id).at(-1)!;
    const notice = store.raw(store.messagesByUids(inbox.id, [newest.uid])[0]!.contentId).toString('utf8');
    expect(notice).toContain('I-Prof');
    expect(notice).not.toMatch(/chelon 7/);
    const queued = t.webmel.services.outbound.list();
    expect(queued.length).toBe(queuedBefore + 1);
    expect(queued.at(-1)!.recipients.map((r) => r.address)).toEqual(['charlotte.perso@exemple.fr']);

    const list = await browsers.teacher!.get('/iprof/courrier');
    expect(visibleText(list.text)).toContain('Reçus 1 non lu');
    // Every I-Prof page says so beside « Votre Courrier ».
    expect((await browsers.teacher!.get('/iprof/cv')).text).toMatch(/href="\/iprof\/courrier">Votre Courrier <span class="badge">1 non lu<\/span>/);
    const thread = await browsers.teacher!.get(`/iprof/courrier/${received!.id}`);
    expect(visibleText(thread.text)).toContain('Votre échelon 7 est enregistré');
    expect(visibleText(thread.text)).toContain('mon échelon est-il à jour ?');
    expect(courrier().unreadCount(teacher)).toBe(0);
    expect((await browsers.teacher!.get('/iprof/cv')).text).toMatch(/href="\/iprof\/courrier">Votre Courrier<\/a>/);
  });
});

describe('Votre courrier: themes and the queue’s filters', () => {
  it('asks for an allowed theme once the administration set some, and filters the queue by it', async () => {
    const themes = t.webmel.services.portal.courrierThemes;
    themes.add('Mutation');
    themes.add('Promotion');
    try {
      const form = await browsers.otherTeacher!.get('/iprof/courrier/nouveau');
      expect(form.text).toContain('<option>Mutation</option>');
      const unknown = await write(browsers.otherTeacher!, { subject: 'Essai', message: 'Texte', theme: 'Vacances' });
      expect(unknown.status).toBe(400);
      expect(visibleText(unknown.text)).toContain('Le thème « Vacances » n’est pas autorisé');
      // What was typed is kept.
      expect(unknown.text).toContain('value="Essai"');
      const none = await write(browsers.otherTeacher!, { subject: 'Essai', message: 'Texte', theme: '' });
      expect(none.status).toBe(400);
      expect((await write(browsers.otherTeacher!, { subject: 'Ma mutation', message: 'Ma demande', theme: 'mutation' })).status).toBe(303);
      expect((await write(browsers.otherTeacher!, { subject: 'Ma promotion', message: 'Ma demande', theme: 'Promotion' })).status).toBe(303);

      // The agent answers in her exchange: no theme to choose again, the exchange's is kept.
      const [mine] = courrier().box(otherTeacher, 'envoyes');
      await browsers.otherTeacher!.get(`/iprof/courrier/${mine!.id}`);
      const followUp = await browsers.otherTeacher!.postMultipart(`/iprof/courrier/nouveau?repondre=${mine!.id}`, { message: 'Une précision' });
      expect(followUp.status).toBe(303);
      const [answer] = courrier().box(otherTeacher, 'envoyes');
      expect(answer).toMatchObject({ subject: 'Re : Ma promotion', theme: 'Promotion', threadId: mine!.threadId });

      const mutations = visibleText((await browsers.otherGestionnaire!.get('/iprof/gestion/courrier?theme=Mutation')).text);
      expect(mutations).toContain('Ma mutation');
      expect(mutations).not.toContain('Ma promotion');
      const [first] = courrier().queue(otherGestionnaire, { status: 'a-traiter', theme: 'Promotion' }).items;
      await browsers.otherGestionnaire!.get(`/iprof/courrier/${first!.id}`);
      expect((await browsers.otherGestionnaire!.post(`/iprof/courrier/${first!.id}/traite`, { traite: '1' })).status).toBe(303);
      const open = visibleText((await browsers.otherGestionnaire!.get('/iprof/gestion/courrier')).text);
      expect(open).toContain('Ma mutation');
      expect(open).not.toContain('Ma promotion');
      expect(visibleText((await browsers.otherGestionnaire!.get('/iprof/gestion/courrier?statut=traites')).text)).toContain('Ma promotion');
    } finally {
      themes.remove('Mutation');
      themes.remove('Promotion');
    }
  });
});

describe('Votre courrier: the 5.24 MB limit', () => {
  it('takes attachments up to 5.24 MB in total', async () => {
    const half = Buffer.alloc(2_700_000, 0x61);
    const sent = await write(browsers.teacher!, { subject: 'Deux pièces', message: 'Ci-joint', theme: '' }, [
      { filename: 'a.txt', content: half },
      { filename: 'b.txt', content: half },
    ]);
    expect(sent.status).toBe(303);
    expect(courrier().box(teacher, 'envoyes')[0]).toMatchObject({ subject: 'Deux pièces', attachmentCount: 2 });
  });

  it('refuses more, with the limit shown, and keeps nothing', async () => {
    const before = courrier().box(teacher, 'envoyes').length;
    const refused = await write(browsers.teacher!, { subject: 'Trop lourd', message: 'Ci-joint', theme: '' }, [{ filename: 'gros.pdf', content: Buffer.alloc(5_600_000, 0x62) }]);
    expect(refused.status).toBe(413);
    expect(visibleText(refused.text)).toContain('taille maximale de 5,24 Mo');
    expect(courrier().box(teacher, 'envoyes')).toHaveLength(before);
  });

  it('refuses an upload whose declared size is over the limit before reading it', async () => {
    const client = browsers.teacher!;
    await client.get('/iprof/courrier/nouveau');
    const boundary = 'limite';
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="gros.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`);
    // Announces 20 MB, sends only the first part's head: an answer can only come from the header.
    const response = await fetch(`${client.base}/iprof/courrier/nouveau?_csrf=${encodeURIComponent(client.csrf)}`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        origin: client.base,
        'sec-fetch-site': 'same-origin',
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(20 * 1024 * 1024),
      },
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(head);
        },
      }),
      duplex: 'half',
    } as RequestInit).catch((err: Error) => err);
    expect(response).toBeInstanceOf(Response);
    const answer = response as Response;
    expect(answer.status).toBe(413);
    expect(answer.headers.get('connection')).toBe('close');
    expect(visibleText(await answer.text())).toContain('5,24 Mo');
  });
});

describe('Votre courrier: archiving', () => {
  it('moves courrier older than a year to « Archives », still readable', async () => {
    const now = Date.now();
    const old = await courrier().sendToGestionnaire(teacher, { subject: 'Vieille question', message: 'De l’an dernier', theme: '', attachments: [] }, now - 400 * DAY_MS);
    await courrier().sendToGestionnaire(teacher, { subject: 'Question récente', message: 'De ce mois', theme: '', attachments: [] }, now - 30 * DAY_MS);
    expect(courrier().archiveOld(now)).toBeGreaterThanOrEqual(1);
    const sent = courrier().box(teacher, 'envoyes').map((c) => c.subject);
    expect(sent).toContain('Question récente');
    expect(sent).not.toContain('Vieille question');
    const archives = await browsers.teacher!.get('/iprof/courrier/archives');
    expect(visibleText(archives.text)).toContain('Vieille question');
    expect(visibleText(archives.text)).not.toContain('Question récente');
    expect((await browsers.teacher!.get(`/iprof/courrier/${old.id}`)).status).toBe(200);
    // The icon beside « Envoyés », named for screen readers.
    expect(archives.text).toMatch(/>Envoyés<\/a>\s*<a class="iprof-archives-icon" href="\/iprof\/courrier\/archives" title="Archives"/);
    expect(courrier().archiveOld(now)).toBe(0);
  });
});

describe('Votre courrier: a gestionnaire’s long queue', () => {
  it('pages the queue fifty at a time, filters kept, and counts what waits on the home', async () => {
    const agentUser = t.user({ prenom: 'Léa', nom: 'Nombreuse' });
    const managerUser = t.user({ prenom: 'Hugo', nom: 'Débordé' });
    const writer = t.webmel.services.directory.writer;
    writer.transaction(() => {
      writer.upsertPerson(person({ prenom: 'Hugo', nom: 'Débordé', address: managerUser.account.address, role: 'gestionnaire' }));
      writer.upsertPerson(person({ prenom: 'Léa', nom: 'Nombreuse', address: agentUser.account.address, gestionnaire: managerUser.account.address }));
    });
    const start = Date.now() - 60 * 60_000;
    for (let i = 1; i <= 55; i++) {
      await courrier().sendToGestionnaire(agentUser.account, { subject: `Demande n° ${i}`, message: 'Texte', theme: '', attachments: [] }, start + i * 1000);
    }
    const manager = await signedIn(managerUser);
    const first = await manager.get('/iprof/gestion/courrier');
    expect([...first.text.matchAll(/Demande n° (\d+)</g)].map((m) => Number(m[1]))).toEqual(Array.from({ length: 50 }, (_, i) => 55 - i));
    expect(first.text).toContain('href="/iprof/gestion/courrier?statut=a-traiter&amp;page=2" rel="next">Page suivante</a>');
    const second = await manager.get('/iprof/gestion/courrier?statut=a-traiter&page=2');
    expect([...second.text.matchAll(/Demande n° (\d+)</g)].map((m) => Number(m[1]))).toEqual([5, 4, 3, 2, 1]);
    expect(second.text).toContain('rel="prev">Page précédente</a>');
    expect(second.text).not.toContain('Page suivante');
    expect(visibleText((await manager.get('/iprof')).text)).toContain('Courrier de vos agents : 55 courriers à traiter');
  });
});
