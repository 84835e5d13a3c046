import { describe, expect, it } from 'vitest';
import { clientAddressKey } from '../../src/accounts/client-address.js';

describe('the address sign-in limits count by', () => {
  it('is the IPv4 address, also when it came over an IPv6 socket', () => {
    expect(clientAddressKey('192.0.2.7')).toBe('192.0.2.7');
    expect(clientAddressKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
  });

  it('is the /64 of an IPv6 address, however it is written', () => {
    const key = '2001:db8:0:12::/64';
    for (const address of ['2001:db8:0:12::1', '2001:0DB8:0000:0012:abcd:ef01:2345:6789', '2001:db8::12:0:0:0:5', '2001:db8:0:12::1%eth0']) {
      expect(clientAddressKey(address), address).toBe(key);
    }
    expect(clientAddressKey('::1')).toBe('0:0:0:0::/64');
    expect(clientAddressKey('64:ff9b::192.0.2.7')).toBe('64:ff9b:0:0::/64');
  });

  it('leaves anything else as it is', () => {
    expect(clientAddressKey('unknown')).toBe('unknown');
  });
});
