import { simpleParser, type ParsedMail } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../src/app.js';
import { BulletinError, Bulletins, UNION_MONTHLY_CAP, type BodySource, type Publication } from '../../src/bulletins/index.js';
import { testConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log/logger.js';
import { INBOX, personalize } from '../../src/store/index.js';
import { PEOPLE, PERSONS, UAI, person, seedDirectory } from '../helpers/directory-fixtures.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { testNumen } from '../helpers/webmel.js';

let temp: ReturnType<typeof makeTempDir>;
let services: Services;
let clock: number;
const ids = new Map<string, number>();
const MINISTERE = "Ministère de l'Éducation nationale <communication@education.gouv.fr>";
const UNION = { prenom: 'Syndicat', nom: 'SNTEST-13', address: 'syndicat.sntest-13@ac-test.fr' };

function bulletinsFor(s: Services, batchSize?: number): Bulletins {
  return new Bulletins({
    store: s.store,
    accounts: s.accounts,
    directory: s.directory,
    inboundLimitFor: (account) => s.policy.inboundLimitFor(account),
    hostname: 'mail.ac-test.fr',
    publicUrl: 'https://webmel.ac-test.fr',
    electionEnd: Date.parse('2026-12-10T17:00:00+01:00'),
    log: silentLogger,
    now: () => clock,
    ...(batchSize ? { batchSize } : {}),
  });
}

let bulletins: Bulletins;

beforeEach(() => {
  temp = makeTempDir();
  services = createServices({ ...testConfig(temp.dir), domain: 'ac-test.fr' }, silentLogger);
  seedDirectory(services.directory);
  ids.clear();
  for (const p of PERSONS) ids.set(p.address, services.accounts.create({ prenom: p.prenom, nom: p.nom, numen: testNumen(), address: p.address, role: p.role as never }).id);
  const union = services.accounts.create({ ...UNION, numen: testNumen(), role: 'syndicat' });
  ids.set(UNION.address, union.id);
  clock = Date.parse('2026-12-07T10:00:00+01:00');
  bulletins = bulletinsFor(services);
});
afterEach(() => {
  services.close();
  temp.cleanup();
});

const id = (address: string) => ids.get(address)!;
const headerLine = (mail: ParsedMail, key: string) => mail.headerLines.find((h) => h.key === key)?.line ?? '';
const text = (source: string) => ({ format: 'text' as const, source });

function inboxOf(address: string) {
  const inbox = services.store.getMailbox(id(address), INBOX);
  const uids = services.store.messageIndex(inbox.id).map((m) => m.uid);
  return { inbox, rows: services.store.messagesByUids(inbox.id, uids) };
}

async function publish(audience: string, kind: 'bulletin' | 'election' = 'bulletin', subject = 'Lettre aux personnels'): Promise<Publication> {
  const publication = bulletins.publish({ kind, from: MINISTERE, subject, audience, body: text('Mesdames et messieurs, chers collègues.'), authorId: null });
  return bulletins.deliverNow(publication.id);
}

/** The addresses whose INBOX holds the subject. */
function reached(subject: string): string[] {
  return [...ids.keys()].filter((address) => inboxOf(address).rows.some((row) => row.subject === subject)).sort();
}

describe('audiences from the annuaire', () => {
  const everyone = () => [...ids.keys()].filter((a) => a !== PEOPLE.maternelle.address || true).sort();

  it('all reaches every open mailbox, each once', async () => {
    const done = await publish('all', 'bulletin', 'Tous');
    expect(reached('Tous')).toEqual(everyone());
    expect(done.recipients).toBe(ids.size);
    expect(done.delivered).toBe(ids.size);
    expect(done.status).toBe('done');
  });

  it('1d and 2d follow the degré of the affectation', async () => {
    await publish('1d', 'bulletin', 'Premier degré');
    expect(reached('Premier degré')).toEqual(
      [PEOPLE.ien, PEOPLE.directeur, PEOPLE.teacher, PEOPLE.colleague, PEOPLE.maternelle].map((p) => p.address).sort(),
    );
    await publish('2d', 'bulletin', 'Second degré');
    expect(reached('Second degré')).toEqual([PEOPLE.professeur.address]);
  });

  it('circo: reaches the circonscription and its écoles; uai: one structure; role: a role; dept: a département', async () => {
    await publish(`circo:${UAI.circonscription.toLowerCase()}`, 'bulletin', 'Circo');
    expect(reached('Circo')).toEqual([PEOPLE.ien, PEOPLE.directeur, PEOPLE.teacher, PEOPLE.colleague].map((p) => p.address).sort());
    await publish(`uai:${UAI.college}`, 'bulletin', 'Collège');
    expect(reached('Collège')).toEqual([PEOPLE.professeur.address]);
    await publish('role:directeur', 'bulletin', 'Directeurs');
    expect(reached('Directeurs')).toEqual([PEOPLE.dasen.address, PEOPLE.directeur.address].sort());
    await publish('dept:013', 'bulletin', 'Département');
    expect(reached('Département')).toEqual(everyone().filter((a) => a !== UNION.address));
  });

  it('several criteria joined with « , » mean any of them, each person once', async () => {
    const done = await publish(`uai:${UAI.college},role:ien,uai:${UAI.circonscription}`, 'bulletin', 'Union');
    expect(reached('Union')).toEqual([PEOPLE.professeur.address, PEOPLE.ien.address].sort());
    expect(done.delivered).toBe(2);
  });

  it('refuses an unknown audience, an unknown UAI and a circo: that is not one, delivering nothing', async () => {
    for (const audience of ['tout', 'dept:1', `circo:${UAI.ecole}`, 'uai:0131234A', 'uai:0999999V', '']) {
      expect(() => bulletins.publish({ kind: 'bulletin', from: MINISTERE, subject: 'x', audience, body: text('y'), authorId: null })).toThrow(BulletinError);
    }
    expect(bulletins.list()).toEqual([]);
  });
});

describe('one message stored once', () => {
  it('every INBOX references one content, held also by the publication', async () => {
    const contentsBefore = services.db.prepare('SELECT count(*) FROM contents').pluck().get() as number;
    const done = await publish('all', 'bulletin', 'Une seule copie');
    const contentIds = new Set([...ids.keys()].flatMap((a) => inboxOf(a).rows.filter((r) => r.subject === 'Une seule copie').map((r) => r.contentId)));
    expect([...contentIds]).toEqual([done.contentId]);
    expect(services.db.prepare('SELECT count(*) FROM contents').pluck().get()).toBe(contentsBefore + 1);
    expect(services.db.prepare('SELECT refcount FROM contents WHERE id = ?').pluck().get(done.contentId)).toBe(ids.size + 1);
  });

  it('has the headers of a message to many: undisclosed recipients, Auto-Submitted, no List-Unsubscribe', async () => {
    const done = await publish('all', 'bulletin', 'En-têtes');
    const mail = await simpleParser(services.store.raw(done.contentId));
    expect(headerLine(mail, 'to')).toBe('To: undisclosed-recipients:;');
    expect(mail.from?.value[0]).toMatchObject({ name: "Ministère de l'Éducation nationale", address: 'communication@education.gouv.fr' });
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail.messageId).toMatch(/@mail\.ac-test\.fr>$/);
    expect(mail.date).toBeInstanceOf(Date);
    expect(mail.headers.has('list-unsubscribe')).toBe(false);
  });

  it('cleans hostile HTML and renders Markdown', async () => {
    const html = bulletins.publish({
      kind: 'bulletin', from: MINISTERE, subject: 'HTML', audience: 'all', authorId: null,
      body: { format: 'html', source: '<p onclick="x()">Bonjour <script>alert(1)</script><a href="javascript:alert(1)">lien</a><iframe src="https://x.test"></iframe></p>' },
    });
    const raw = services.store.raw(html.contentId).toString('latin1');
    const mail = await simpleParser(services.store.raw(html.contentId));
    expect(mail.html).toContain('Bonjour');
    expect(mail.html).not.toMatch(/script|onclick|javascript:|iframe/);
    expect(mail.text).toContain('Bonjour');
    expect(raw).toContain('multipart/alternative');
    const md = bulletins.publish({ kind: 'bulletin', from: MINISTERE, subject: 'MD', audience: 'all', authorId: null, body: { format: 'markdown', source: '# Rentrée\n\n**Important** : [lien](https://education.gouv.fr)' } });
    const parsed = await simpleParser(services.store.raw(md.contentId));
    expect(parsed.html).toContain('<h1>Rentrée</h1>');
    expect(parsed.html).toContain('<strong>Important</strong>');
    expect(parsed.html).toContain('href="https://education.gouv.fr"');
  });

  it('refuses an empty or oversized bulletin, an empty subject and a bad sender', () => {
    const base = { kind: 'bulletin' as const, from: MINISTERE, subject: 'S', audience: 'all', authorId: null };
    expect(() => bulletins.publish({ ...base, body: text('   \n ') })).toThrow(/vide/);
    expect(() => bulletins.publish({ ...base, body: { format: 'html', source: '<p> <script>x</script></p>' } })).toThrow(/vide/);
    expect(() => bulletins.publish({ ...base, body: text('x'.repeat(1024 * 1024 + 1)) })).toThrow(/trop long/);
    expect(() => bulletins.publish({ ...base, subject: ' ', body: text('x') })).toThrow(/objet/i);
    expect(() => bulletins.publish({ ...base, from: 'personne', body: text('x') })).toThrow(/Expéditeur/);
    expect(bulletins.list()).toEqual([]);
  });
});

describe('quota', () => {
  function fill(address: string): void {
    services.accounts.setQuota(id(address), 1024 * 1024);
    // Over the limit and the grace: nothing ordinary fits any more.
    services.store.db.prepare('UPDATE quota_usage SET used_bytes = ? WHERE account_id = ?').run(20 * 1024 * 1024, id(address));
  }

  it('an ordinary bulletin skips a full mailbox and counts it; the agent still finds it in Bulletins', async () => {
    fill(PEOPLE.teacher.address);
    const done = await publish('all', 'bulletin', 'Pas pour les boîtes pleines');
    expect(done.skippedFull).toBe(1);
    expect(done.delivered).toBe(ids.size - 1);
    expect(reached('Pas pour les boîtes pleines')).not.toContain(PEOPLE.teacher.address);
    const listed = bulletins.receivedBy(id(PEOPLE.teacher.address));
    expect(listed.map((r) => [r.publication.subject, r.delivered])).toEqual([['Pas pour les boîtes pleines', false]]);
    expect(bulletins.message(id(PEOPLE.teacher.address), done.id)).not.toBeNull();
  });

  it('an election notice reaches a full mailbox and is not counted in its quota', async () => {
    fill(PEOPLE.teacher.address);
    const before = services.store.usage(id(PEOPLE.teacher.address)).usedBytes;
    const done = await publish('all', 'election', 'Élections professionnelles : votre identifiant');
    expect(done.skippedFull).toBe(0);
    expect(reached('Élections professionnelles : votre identifiant')).toContain(PEOPLE.teacher.address);
    expect(services.store.usage(id(PEOPLE.teacher.address)).usedBytes).toBe(before);
    // Deleting it frees nothing it never took; recounting agrees.
    const { inbox, rows } = inboxOf(PEOPLE.teacher.address);
    services.store.expunge(inbox, rows.map((r) => r.uid), false);
    expect(services.store.usage(id(PEOPLE.teacher.address)).usedBytes).toBe(before);
    services.store.db.prepare('UPDATE quota_usage SET used_bytes = 0 WHERE account_id = ?').run(id(PEOPLE.colleague.address));
    const colleague = services.store.recalcUsage(id(PEOPLE.colleague.address));
    expect(colleague.after.usedBytes).toBe(0);
    expect(colleague.after.messageCount).toBe(1);
  });
});

describe('the Bulletins archive', () => {
  it('keeps a bulletin readable after its mail copy was deleted, and only for those it was sent to', async () => {
    const done = await publish(`uai:${UAI.college}`, 'bulletin', 'Archive');
    const agent = id(PEOPLE.professeur.address);
    const { inbox, rows } = inboxOf(PEOPLE.professeur.address);
    services.store.expunge(inbox, rows.map((r) => r.uid), false);
    expect(inboxOf(PEOPLE.professeur.address).rows).toEqual([]);
    expect(bulletins.receivedBy(agent).map((r) => r.publication.id)).toEqual([done.id]);
    const mail = await simpleParser(bulletins.message(agent, done.id)!);
    expect(mail.subject).toBe('Archive');
    expect(bulletins.message(id(PEOPLE.teacher.address), done.id)).toBeNull();
    expect(bulletins.receivedBy(id(PEOPLE.teacher.address))).toEqual([]);
  });
});

describe('exactly once across a restart', () => {
  it('a publication stopped after one batch is taken over once its lease lapses, nobody twice, nobody forgotten', async () => {
    const small = bulletinsFor(services, 3);
    const publication = small.publish({ kind: 'bulletin', from: MINISTERE, subject: 'Reprise', audience: 'all', body: text('x'), authorId: null });
    const first = Bulletins.newOwner();
    expect(small.claim(first)).toBe(publication.id);
    let batches = 0;
    const stopped = await small.deliver(publication.id, first, { shouldStop: () => batches++ >= 1 });
    expect(stopped.status).toBe('delivering');
    expect(stopped.delivered).toBe(3);

    // Another process: nothing to take while the first one's lease holds.
    const other = createServices({ ...testConfig(temp.dir), domain: 'ac-test.fr' }, silentLogger);
    try {
      const second = bulletinsFor(other, 3);
      expect(second.claim(Bulletins.newOwner())).toBeNull();
      clock += 16_000;
      const owner = Bulletins.newOwner();
      expect(second.claim(owner)).toBe(publication.id);
      const done = await second.deliver(publication.id, owner);
      expect(done.status).toBe('done');
      expect(done.delivered).toBe(ids.size);
      // The first process, back, has lost its lease and writes nothing more.
      const late = await small.deliver(publication.id, first);
      expect(late.delivered).toBe(ids.size);
    } finally {
      other.close();
    }
    for (const address of ids.keys()) expect(inboxOf(address).rows.filter((r) => r.subject === 'Reprise')).toHaveLength(1);
  });
});

describe('union mail', () => {
  const unionId = () => id(UNION.address);
  const send = (subject: string, body: BodySource = text('Chers collègues, réunion mardi.')) =>
    bulletins.deliverNow(bulletins.unionSend({ unionId: unionId(), subject, audience: 'all', body }).id);

  it('puts the union in the subject, hides recipients, replies to the union, carries a one-click unsubscribe per recipient', async () => {
    const done = await send('Réunion d’information syndicale', { format: 'markdown', source: 'Chers collègues,\n\n**Réunion** mardi.' });
    expect(done.subject).toBe('[Syndicat SNTEST-13] Réunion d’information syndicale');
    expect((await send('[Syndicat SNTEST-13] Déjà préfixé')).subject).toBe('[Syndicat SNTEST-13] Déjà préfixé');
    expect(reached('[Syndicat SNTEST-13] Réunion d’information syndicale')).not.toContain(UNION.address);
    const raw = services.store.raw(done.contentId);
    const shared = await simpleParser(raw);
    expect(headerLine(shared, 'to')).toBe('To: undisclosed-recipients:;');
    expect(shared.replyTo?.value[0]?.address).toBe(UNION.address);
    expect(shared.headers.has('disposition-notification-to')).toBe(false);
    expect(shared.headers.has('return-receipt-to')).toBe(false);
    expect(headerLine(shared, 'list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    // Each mailbox reads its own token where the shared content has the slot.
    const teacherRow = inboxOf(PEOPLE.teacher.address).rows.find((r) => r.contentId === done.contentId)!;
    const colleagueRow = inboxOf(PEOPLE.colleague.address).rows.find((r) => r.contentId === done.contentId)!;
    const personalOf = (row: { id?: number; uid: number }, address: string) =>
      services.db.prepare('SELECT personal FROM messages WHERE mailbox_id = ? AND uid = ?').pluck().get(inboxOf(address).inbox.id, row.uid) as string;
    const teacherMail = await simpleParser(personalize(raw, personalOf(teacherRow, PEOPLE.teacher.address)));
    const colleagueMail = await simpleParser(personalize(raw, personalOf(colleagueRow, PEOPLE.colleague.address)));
    const link = (mail: ParsedMail) => /^List-Unsubscribe: <(https:\/\/webmel\.ac-test\.fr\/desabonnement\/[A-Za-z0-9_-]{36})>$/.exec(headerLine(mail, 'list-unsubscribe'))![1]!;
    expect(link(teacherMail)).not.toBe(link(colleagueMail));
    expect(teacherMail.text).toContain(link(teacherMail));
    expect(teacherMail.html).toContain(link(teacherMail));
    expect(teacherMail.text).toMatch(/libre de refuser/);
  });

  it('delivers at most 5 a month per union to each agent: the 6th skips and counts them', async () => {
    for (let n = 1; n <= UNION_MONTHLY_CAP; n++) expect((await send(`Message ${n}`)).skippedCap).toBe(0);
    // The 6th to everyone is refused whole, nothing recorded; to a newcomer, only they get it.
    expect(() => bulletins.unionSend({ unionId: unionId(), subject: 'Message 6', audience: 'all', body: text('x') })).toThrow(
      expect.objectContaining({ status: 409, message: expect.stringMatching(/déjà reçu 5 messages/) }),
    );
    const newcomer = services.accounts.create({ prenom: 'Nina', nom: 'Nouvelle', numen: testNumen(), address: 'nina.nouvelle@ac-test.fr' });
    const sixth = await send('Message 6');
    expect(sixth.delivered).toBe(1);
    expect(sixth.skippedCap).toBe(ids.size - 1);
    expect(reached('[Syndicat SNTEST-13] Message 6')).toEqual([]);
    expect(services.store.messageIndex(services.store.getMailbox(newcomer.id, INBOX).id)).toHaveLength(1);
    // A new month, a new allowance.
    clock = Date.parse('2027-01-01T00:30:00+01:00');
    expect((await send('Janvier')).delivered).toBe(ids.size); // the newcomer too
  });

  it('the one-click unsubscribe stops that union’s mail until the next elections, and the agent can take it back', async () => {
    const first = await send('Premier');
    const agent = id(PEOPLE.teacher.address);
    const token = /desabonnement\/([A-Za-z0-9_-]{36})/.exec(bulletins.message(agent, first.id)!.toString('latin1'))![1]!;
    const result = bulletins.unsubscribe(token);
    expect(result).toMatchObject({ unionName: 'Syndicat SNTEST-13', already: false, until: Date.parse('2026-12-10T17:00:00+01:00') });
    expect(bulletins.unsubscribe(token).already).toBe(true);
    const second = await send('Second');
    expect(second.skippedUnsubscribed).toBe(1);
    expect(reached('[Syndicat SNTEST-13] Second')).not.toContain(PEOPLE.teacher.address);
    expect(bulletins.unsubscriptions(agent).map((u) => u.unionName)).toEqual(['Syndicat SNTEST-13']);
    // Persisted: another process sees it.
    const other = createServices({ ...testConfig(temp.dir), domain: 'ac-test.fr' }, silentLogger);
    try {
      expect(bulletinsFor(other).unsubscriptions(agent)).toHaveLength(1);
    } finally {
      other.close();
    }
    expect(bulletins.resubscribe(agent, unionId())).toBe(true);
    expect((await send('Troisième')).skippedUnsubscribed).toBe(0);
  });

  it('refuses a forged, altered or expired token, and anyone but a union account', async () => {
    const first = await send('Jeton');
    const token = /desabonnement\/([A-Za-z0-9_-]{36})/.exec(bulletins.message(id(PEOPLE.teacher.address), first.id)!.toString('latin1'))![1]!;
    const altered = (token[0] === 'A' ? 'B' : 'A') + token.slice(1);
    expect(() => bulletins.unsubscribe(altered)).toThrow(expect.objectContaining({ status: 404 }));
    expect(() => bulletins.unsubscribe('x'.repeat(36))).toThrow(expect.objectContaining({ status: 404 }));
    clock = Date.parse('2026-12-11T10:00:00+01:00');
    expect(() => bulletins.unsubscribe(token)).toThrow(expect.objectContaining({ status: 410 }));
    expect(() => bulletins.unionSend({ unionId: id(PEOPLE.teacher.address), subject: 's', audience: 'all', body: text('x') })).toThrow(expect.objectContaining({ status: 403 }));
  });
});

it('a person added later is reached by the next publication, never by an old one', async () => {
  await publish('all', 'bulletin', 'Avant');
  const late = services.accounts.create({ prenom: 'Paul', nom: 'Tardif', numen: testNumen(), address: 'paul.tardif@ac-test.fr' });
  services.directory.writer.transaction(() => services.directory.writer.upsertPerson(person({ prenom: 'Paul', nom: 'Tardif', address: late.address, affectations: [UAI.ecole] })));
  ids.set(late.address, late.id);
  await publish('all', 'bulletin', 'Après');
  expect(reached('Avant')).not.toContain(late.address);
  expect(reached('Après')).toContain(late.address);
});
