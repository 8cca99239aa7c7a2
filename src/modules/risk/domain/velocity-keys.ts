import ipaddr from 'ipaddr.js';
import type { ScreeningAddress, ScreeningInput, VelocityKey } from './input.js';

/**
 * The values velocity is counted over, normalised so the same buyer writes the same key twice
 * (ADR 0030): the e-mail trimmed and lower-cased; the IP in its canonical form (IPv4-mapped IPv6
 * as IPv4), an IPv6 address as its /64; the phone as the caller normalised it (E.164); the shipping address as street, unit,
 * postal code and country, lower-cased, punctuation and repeated spaces dropped (no name or
 * company: a reshipper's many recipients share one address); the card's fingerprint.
 */
export interface VelocityValues {
  keys: { kind: VelocityKey; value: string }[];
  /** The order's card and address, counted as distinct values under every other key. */
  card: string | null;
  address: string | null;
}

export function addressKey(a: ScreeningAddress | null | undefined): string | null {
  if (!a) return null;
  const parts = [a.line1, a.line2, a.postalCode, a.country].map((p) => (p ?? '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim());
  return parts[0] === '' ? null : parts.join('|');
}

/**
 * An IPv4 address as itself; an IPv6 address as its /64 network (`2001:db8:1:2::/64`): a household
 * or phone gets a /64 and privacy extensions hand out a new address in it every day or so, so
 * keying by the full address would let one buyer look like many.
 */
export function ipKey(ip: string | null | undefined): string | null {
  if (!ip || !ipaddr.isValid(ip)) return null;
  const parsed = ipaddr.process(ip);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const parts = (parsed as ipaddr.IPv6).parts.slice(0, 4).concat([0, 0, 0, 0]);
  return `${new ipaddr.IPv6(parts).toString()}/64`;
}

export function velocityValues(input: ScreeningInput): VelocityValues {
  const email = input.email?.trim().toLowerCase() || null;
  const ip = ipKey(input.client?.ip);
  const phone = input.phone?.trim() || null;
  const address = addressKey(input.shippingAddress);
  const card = input.payment?.cardFingerprint?.trim() || null;
  const keys: VelocityValues['keys'] = [];
  const add = (kind: VelocityKey, value: string | null) => {
    if (value) keys.push({ kind, value });
  };
  add('email', email);
  add('ip', ip);
  add('phone', phone);
  add('address', address);
  add('card', card);
  return { keys, card, address };
}
