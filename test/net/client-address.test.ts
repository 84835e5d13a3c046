import { describe, expect, it } from 'vitest';
import { AddressSlots } from '../../src/net/address-slots.js';
import { clientAddressKey } from '../../src/net/client-address.js';

describe('client address keys', () => {
  it('gives an IPv4 client seen through a dual-stack listener the key of its IPv4 address', () => {
    expect(clientAddressKey('::ffff:127.0.0.2')).toBe('127.0.0.2');
    expect(clientAddressKey('::FFFF:192.0.2.7')).toBe('192.0.2.7');
    expect(clientAddressKey('127.0.0.2')).toBe('127.0.0.2');
  });

  it('keeps IPv6 addresses apart, case aside, and gives an unknown address a key of its own', () => {
    expect(clientAddressKey('2001:DB8::1')).toBe('2001:db8::1');
    expect(clientAddressKey('::ffff:2001:db8::1')).toBe('::ffff:2001:db8::1');
    expect(clientAddressKey(undefined)).toBe('unknown');
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
