import { describe, expect, it } from 'vitest';
import { AddressSlots } from '../../src/net/address-slots.js';
import { clientAddressKey } from '../../src/net/client-address.js';

describe('client address keys', () => {
  it('gives an IPv4 client seen through a dual-stack listener the key of its IPv4 address', () => {
    expect(clientAddressKey('::ffff:127.0.0.2')).toBe('127.0.0.2');
    expect(clientAddressKey('::FFFF:192.0.2.7')).toBe('192.0.2.7');
    expect(clientAddressKey('127.0.0.2')).toBe('127.0.0.2');
  });

  it('is the /64 of an IPv6 address, however it is written', () => {
    const key = '2001:db8:0:12::/64';
    for (const address of ['2001:db8:0:12::1', '2001:0DB8:0000:0012:abcd:ef01:2345:6789', '2001:db8::12:0:0:0:5', '2001:db8:0:12::1%eth0']) {
      expect(clientAddressKey(address), address).toBe(key);
    }
    expect(clientAddressKey('::1')).toBe('0:0:0:0::/64');
    expect(clientAddressKey('64:ff9b::192.0.2.7')).toBe('64:ff9b:0:0::/64');
  });

  it('gives an unknown address a key of its own, and leaves what is no address as it is', () => {
    expect(clientAddressKey(undefined)).toBe('unknown');
    expect(clientAddressKey('')).toBe('unknown');
    expect(clientAddressKey('unknown')).toBe('unknown');
  });
});

describe('address slots', () => {
  it('counts connections per address and releases each once', () => {
    const slots = new AddressSlots();
    const first = slots.acquire('127.0.0.2');
    slots.acquire('127.0.0.2');
    slots.acquire('127.0.0.3');
    expect([slots.held('127.0.0.2'), slots.total, slots.holders]).toEqual([2, 3, 2]);
    first();
    first();
    expect([slots.held('127.0.0.2'), slots.total, slots.holders]).toEqual([1, 2, 2]);
  });
});
