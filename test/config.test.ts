import { describe, expect, it } from 'vitest';
import { loadConfig, MIB } from '../src/config.js';

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
