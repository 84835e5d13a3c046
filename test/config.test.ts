import { describe, expect, it } from 'vitest';
import { loadConfig, MIB, testConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('gives the connection limits, proxy list, public address and disk reserve their documented defaults', () => {
    const config = loadConfig({}, '/');
    expect(config.smtpMaxPerIp).toBe(20);
    expect(config.imapMaxPerIp).toBe(50);
    expect(config.imapMaxPerAccount).toBe(20);
    expect(config.trustProxy).toEqual([]);
    expect(config.publicUrl).toBe('http://localhost:8080');
    expect(config.minFreeBytes).toBe(512 * MIB);
  });

  it('reads the variables an operator sets', () => {
    const config = loadConfig(
      {
        WEBMEL_SMTP_MAX_PER_IP: '5',
        WEBMEL_IMAP_MAX_PER_IP: '7',
        WEBMEL_IMAP_MAX_PER_ACCOUNT: '3',
        WEBMEL_TRUST_PROXY: '10.0.0.5, 192.168.0.0/16,loopback, ::1, fd00::/8',
        WEBMEL_PUBLIC_URL: 'https://webmel.ac-aix-marseille.fr/',
        WEBMEL_MIN_FREE_MB: '64',
      },
      '/',
    );
    expect(config.smtpMaxPerIp).toBe(5);
    expect(config.imapMaxPerIp).toBe(7);
    expect(config.imapMaxPerAccount).toBe(3);
    expect(config.trustProxy).toEqual(['10.0.0.5', '192.168.0.0/16', 'loopback', '::1', 'fd00::/8']);
    expect(config.publicUrl).toBe('https://webmel.ac-aix-marseille.fr');
    expect(config.minFreeBytes).toBe(64 * MIB);
  });

  it('refuses a proxy entry that is neither an address, a network nor a known name', () => {
    for (const bad of ['proxy.example', '10.0.0.0/33', '10.0.0.1/8/2', '::1/129', '*']) {
      expect(() => loadConfig({ WEBMEL_TRUST_PROXY: bad }, '/')).toThrow(/WEBMEL_TRUST_PROXY/);
    }
  });

  it('refuses a public address that is not an http or https URL', () => {
    expect(() => loadConfig({ WEBMEL_PUBLIC_URL: 'webmel' }, '/')).toThrow(/WEBMEL_PUBLIC_URL/);
    expect(() => loadConfig({ WEBMEL_PUBLIC_URL: 'ftp://webmel.fr' }, '/')).toThrow(/WEBMEL_PUBLIC_URL/);
  });
});

describe('loadConfig: the élections professionnelles vote', () => {
  const VOTE = {
    WEBMEL_ELECTION_START: '2026-12-03T10:00:00+01:00',
    WEBMEL_ELECTION_END: '2026-12-10T16:00:00Z',
    WEBMEL_ELECTION_URL: 'https://vote.example/education',
  };

  it('reads the three variables, dates with their offset', () => {
    expect(loadConfig({ ...VOTE, WEBMEL_DEMO: '0' }, '/').election).toEqual({
      start: Date.UTC(2026, 11, 3, 9),
      end: Date.UTC(2026, 11, 10, 16),
      url: 'https://vote.example/education',
      demo: false,
    });
  });

  it('announces the 2026 vote with a placeholder portal in the demo, and nothing outside it', () => {
    expect(loadConfig({}, '/').election).toEqual({
      start: Date.parse('2026-12-03T10:00:00+01:00'),
      end: Date.parse('2026-12-10T17:00:00+01:00'),
      url: 'https://elections-demo.invalid/',
      demo: true,
    });
    expect(loadConfig({ WEBMEL_DEMO: '0' }, '/').election).toBeNull();
    // An operator's vote replaces the demo's.
    expect(loadConfig(VOTE, '/').election?.demo).toBe(false);
  });

  it('leaves tests without a vote unless they open one', () => {
    expect(testConfig('/tmp/x').election).toBeNull();
  });

  it('refuses a date without an offset, or one that is not a date', () => {
    for (const bad of ['2026-12-03T10:00:00', '2026-12-03', '3 décembre 2026', '2026-02-30T10:00:00+01:00', '2026-12-03T24:00:00+01:00', '2026-12-03T10:00:00+25:00']) {
      expect(() => loadConfig({ ...VOTE, WEBMEL_ELECTION_START: bad }, '/')).toThrow(/^WEBMEL_ELECTION_START : date et heure invalides .*décalage horaire/);
    }
    expect(() => loadConfig({ ...VOTE, WEBMEL_ELECTION_END: 'demain' }, '/')).toThrow(/^WEBMEL_ELECTION_END : date et heure invalides/);
  });

  it('refuses an end that is not after the start', () => {
    expect(() => loadConfig({ ...VOTE, WEBMEL_ELECTION_END: '2026-12-03T09:00:00Z' }, '/')).toThrow(
      'WEBMEL_ELECTION_END (2026-12-03T09:00:00Z) doit être postérieure à WEBMEL_ELECTION_START (2026-12-03T10:00:00+01:00)',
    );
    expect(() => loadConfig({ ...VOTE, WEBMEL_ELECTION_END: '2026-12-01T00:00:00+01:00' }, '/')).toThrow(/doit être postérieure/);
  });

  it('refuses a portal that is not an http or https address', () => {
    expect(() => loadConfig({ ...VOTE, WEBMEL_ELECTION_URL: 'ftp://vote.example/' }, '/')).toThrow(/^WEBMEL_ELECTION_URL : adresse http ou https attendue/);
    expect(() => loadConfig({ ...VOTE, WEBMEL_ELECTION_URL: 'javascript:alert(1)' }, '/')).toThrow(/^WEBMEL_ELECTION_URL : adresse http ou https attendue/);
    expect(() => loadConfig({ ...VOTE, WEBMEL_ELECTION_URL: 'vote.example' }, '/')).toThrow(/^WEBMEL_ELECTION_URL : adresse invalide/);
  });

  it('refuses only some of the three, naming those missing', () => {
    expect(() => loadConfig({ WEBMEL_ELECTION_START: VOTE.WEBMEL_ELECTION_START }, '/')).toThrow(
      'WEBMEL_ELECTION_START, WEBMEL_ELECTION_END, WEBMEL_ELECTION_URL vont ensemble : WEBMEL_ELECTION_END et WEBMEL_ELECTION_URL manquent',
    );
    expect(() => loadConfig({ ...VOTE, WEBMEL_ELECTION_URL: '' }, '/')).toThrow(/vont ensemble : WEBMEL_ELECTION_URL manque$/);
  });
});
