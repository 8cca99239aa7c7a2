import ipaddr from 'ipaddr.js';

/**
 * An IPv4 address in dotted-quad form or an IPv6 address. Stricter than `ipaddr.isValid`, which
 * takes `1` or `0x7f.1` as IPv4: the canonical order, the channel mappers and screening read an
 * address only in the form browsers and web servers write.
 */
export function isIpAddress(value: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(value) || ipaddr.IPv6.isValid(value);
}
