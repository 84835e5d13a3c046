import { afterEach, describe, expect, it } from 'vitest';
import { MIB, type ElectionPeriod } from '../../../src/config.js';
import { electionSentence } from '../../../src/web/election/election-period.js';
import { GOOD_PASSWORD, HX, signedInUser, startWebTest, visibleText, type WebClient, type WebTest } from '../../helpers/web.js';

const HOUR = 3_600_000;

let t: WebTest | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
});

function vote(start: number, end: number, demo = false): ElectionPeriod {
  return { start, end, url: 'https://vote.example/elections', demo };
}

/** A Webmel whose vote opened a minute ago and closes in an hour, unless told otherwise. */
async function startDuring(period: ElectionPeriod = vote(Date.now() - 60_000, Date.now() + HOUR)): Promise<WebTest> {
  t = await startWebTest({ election: period });
  return t;
}

const BANNER = 'id="election-banner"';

async function hasBanner(client: WebClient, path: string): Promise<boolean> {
  const page = await client.get(path);
  expect(page.status).toBe(200);
  return page.text.includes(BANNER);
}

/** A message of about `bytes` bytes. */
function messageOf(bytes: number, n: number): string {
  const line = 'x'.repeat(76) + '\n';
  return `From: a@ac-test.fr\nTo: b@ac-test.fr\nSubject: Remplissage ${n}\nMessage-ID: <election-fill-${n}@ac-test.fr>\n\n${line.repeat(Math.ceil(bytes / line.length))}`;
}

describe('the élections professionnelles banner', () => {
  it('is shown on the mailbox and on the other pages while the vote is open, with its dates and the portal', async () => {
    const period = vote(Date.now() - 60_000, Date.now() + HOUR);
    await startDuring(period);
    const { client } = await signedInUser(t!);
    for (const path of ['/mailboxes/INBOX', '/account', '/space', '/annuaire']) {
      const page = await client.get(path);
      expect(page.status, path).toBe(200);
      const banner = /<aside class="election-banner" id="election-banner" aria-label="Élections professionnelles">[\s\S]*?<\/aside>/.exec(page.text)?.[0];
      expect(banner, path).toBeDefined();
      expect(banner).toContain(`<p><strong>${electionSentence(period)}</strong>.</p>`);
      expect(banner).toContain('<a href="https://vote.example/elections" rel="noreferrer">Aller sur le portail de vote</a> (vote.example)');
      expect(banner).not.toContain('démonstration');
      // Plenty of room: no word about the quota.
      expect(banner).not.toContain('election-banner__quota');
      // « Masquer »: a real form with the session's token, coming back to this page.
      expect(banner).toMatch(/<form method="post" action="\/election-banner\/hide"[^>]*>/);
      expect(banner).toContain(`name="_csrf" value="${client.csrf}"`);
      expect(banner).toContain(`name="back" value="${path}"`);
      expect(visibleText(banner!)).toContain('Masquer l’annonce des élections jusqu’à votre prochaine connexion');
    }
  });

  it('is shown by the webmail in its own thread too, as `npm start` runs it', async () => {
    t = await startWebTest({ election: vote(Date.now() - 60_000, Date.now() + HOUR), webThread: true });
    const { client } = await signedInUser(t);
    expect(await hasBanner(client, '/mailboxes/INBOX')).toBe(true);
  });

  it('is not shown before the vote opens, nor once it has closed', async () => {
    await startDuring(vote(Date.now() + HOUR, Date.now() + 2 * HOUR));
    const early = await signedInUser(t!);
    expect(await hasBanner(early.client, '/mailboxes/INBOX')).toBe(false);
    await t!.stop();

    await startDuring(vote(Date.now() - 2 * HOUR, Date.now() - 1));
    const late = await signedInUser(t!);
    expect(await hasBanner(late.client, '/mailboxes/INBOX')).toBe(false);
    expect(await hasBanner(late.client, '/account')).toBe(false);
  });

  it('is not shown when no vote is configured, nor to a visitor', async () => {
    t = await startWebTest();
    const { client } = await signedInUser(t);
    expect(await hasBanner(client, '/mailboxes/INBOX')).toBe(false);
    await t.stop();

    await startDuring();
    const login = await t!.client().get('/login');
    expect(login.text).not.toContain(BANNER);
  });

  it('says when it is the demo’s example', async () => {
    await startDuring(vote(Date.now() - 60_000, Date.now() + HOUR, true));
    const { client } = await signedInUser(t!);
    const text = visibleText((await client.get('/mailboxes/INBOX')).text);
    expect(text).toMatch(/à \d+ h( \d\d)? \(démonstration\)\./);
    expect(text).toContain('Dates et portail d’exemple de l’académie de démonstration : le lien ne mène à aucun portail réel.');
  });

  it('warns an agent whose mailbox is nearly full, and only then, that a full one refuses election mail too', async () => {
    await startDuring();
    const { account, client } = await signedInUser(t!);
    t!.webmel.services.accounts.setQuota(account.id, 1 * MIB);
    t!.deliver(account, messageOf(0.5 * MIB, 1));
    expect((await client.get('/mailboxes/INBOX')).text).not.toContain('election-banner__quota');

    // 80 %: the quota meter's warning level.
    t!.deliver(account, messageOf(0.32 * MIB, 2));
    const nearly = await client.get('/mailboxes/INBOX');
    expect(nearly.text).toContain('class="quota quota--warn"');
    const warning = /<p class="election-banner__quota">[\s\S]*?<\/p>/.exec(nearly.text)?.[0] ?? '';
    expect(visibleText(warning)).toMatch(/^Votre boîte est bientôt pleine \(0,8\d? Mo sur 1 Mo\) : les avis des élections professionnelles diffusés par l’académie vous parviendront quand même, mais pas les autres messages une fois la boîte pleine\. Libérez de l’espace \.$/);
    expect(warning).toContain('<a href="/space">Libérez de l’espace</a>');

    t!.deliver(account, messageOf(0.2 * MIB, 3));
    const full = visibleText((await client.get('/account')).text);
    expect(full).toMatch(/Votre boîte est pleine \([\d,]+ Mo sur 1 Mo\) : seuls les avis des élections professionnelles diffusés par l’académie vous parviennent encore ; les autres messages vous sont refusés/);
  });

  it('stays hidden for the rest of the session after « Masquer », and shows again at the next sign-in', async () => {
    await startDuring();
    const { account, client } = await signedInUser(t!);
    expect(await hasBanner(client, '/account')).toBe(true);

    const hidden = await client.post('/election-banner/hide', { back: '/account' });
    expect(hidden.status).toBe(303);
    expect(hidden.location).toBe('/account');
    const back = await client.get('/account');
    expect(back.text).not.toContain(BANNER);
    expect(visibleText(back.text)).toContain('L’annonce des élections professionnelles est masquée jusqu’à votre prochaine connexion.');
    expect(await hasBanner(client, '/mailboxes/INBOX')).toBe(false);
    expect(await hasBanner(client, '/space')).toBe(false);

    // Another session of the same agent (another browser) still shows it.
    const other = t!.client();
    await other.signIn(account.login, GOOD_PASSWORD);
    expect(await hasBanner(other, '/mailboxes/INBOX')).toBe(true);

    // Signing out and in again: a new session, the banner again.
    await client.post('/logout');
    await client.signIn(account.login, GOOD_PASSWORD);
    expect(await hasBanner(client, '/mailboxes/INBOX')).toBe(true);
  });

  it('hides in place for htmx: the answer only tells the live region', async () => {
    await startDuring();
    const { client } = await signedInUser(t!);
    const answer = await client.post('/election-banner/hide', { back: '/account' }, { headers: HX });
    expect(answer.status).toBe(200);
    expect(answer.text).toBe(
      '<div id="live-status" class="sr-only" role="status" aria-live="polite" hx-swap-oob="true">L’annonce des élections professionnelles est masquée jusqu’à votre prochaine connexion.</div>',
    );
    expect(await hasBanner(client, '/account')).toBe(false);
  });

  it('refuses « Masquer » without the session’s token, and goes back only to a page of the webmail', async () => {
    await startDuring();
    const { client } = await signedInUser(t!);
    expect((await client.post('/election-banner/hide', { back: '/account' }, { csrf: false })).status).toBe(403);
    expect(await hasBanner(client, '/account')).toBe(true);

    const away = await client.post('/election-banner/hide', { back: '//evil.example/' });
    expect(away.location).toBe('/mailboxes/INBOX');
  });
});
