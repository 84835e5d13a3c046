/**
 * Client addresses as everything counted per address counts them (client-address.ts: IPv4
 * mapped in IPv6 is IPv4, an IPv6 client is its /64) and the connections each holds
 * (address-slots.ts), for the sign-in limits and the SMTP and IMAP connection limits.
 *
 * May import: nothing of the project.
 */
export { clientAddressKey } from './client-address.js';
export { AddressSlots } from './address-slots.js';
