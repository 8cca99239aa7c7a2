import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * May the OMS open a connection to this IP address on a tenant's behalf? Only global unicast:
 * ipaddr.js names every special-purpose range of the IANA registries (loopback, RFC 1918,
 * carrier-grade NAT, link-local and cloud metadata, benchmarking 198.18/15, documentation,
 * multicast, reserved, site-local fec0::/10, unique-local, ORCHID, discard …), and `unicast` is
 * what is left. Two gaps of that name are closed here: IPv6 outside 2000::/3 is not allocated as
 * global unicast (ipaddr.js calls `::7f00:1`, an IPv4-compatible loopback, and `4000::1` unicast),
 * and addresses that carry an IPv4 address are judged by that IPv4 address: IPv4-mapped
 * (`::ffff:a.b.c.d`, what a dual-stack resolver may hand back) and the well-known NAT64 prefix
 * 64:ff9b::/96 (an IPv6-only host reaches every IPv4 service through it). Other translation and
 * tunnel ranges (SIIT ::ffff:0:0:0/96, local NAT64 64:ff9b:1::/48, 6to4 2002::/16, Teredo
 * 2001::/32) are refused outright: no API the OMS calls lives there, and their IPv4 part may be a
 * private one.
 */
export function isGlobalUnicast(address: string): boolean {
  const text = address.replace(/^\[|\]$/g, '');
  // Zone ids (fe80::1%eth0) only exist on link-local addresses.
  if (text.includes('%') || isIP(text) === 0) return false;
  const ip = ipaddr.parse(text);
  if (ip.kind() === 'ipv4') return ip.range() === 'unicast';
  const v6 = ip as ipaddr.IPv6;
  const range = v6.range();
  if (range === 'ipv4Mapped') return v6.toIPv4Address().range() === 'unicast';
  if (range === 'rfc6052') return isWellKnownNat64(v6) && embeddedV4(v6).range() === 'unicast';
  const [first = 0] = v6.parts;
  return range === 'unicast' && (first & 0xe000) === 0x2000;
}

/** 64:ff9b::/96 (RFC 6052 §2.1); 64:ff9b:1::/48 is a network's own and embeds differently. */
function isWellKnownNat64(ip: ipaddr.IPv6): boolean {
  const p = ip.parts;
  return p[0] === 0x64 && p[1] === 0xff9b && p[2] === 0 && p[3] === 0 && p[4] === 0 && p[5] === 0;
}

function embeddedV4(ip: ipaddr.IPv6): ipaddr.IPv4 {
  const [, , , , , , hi = 0, lo = 0] = ip.parts;
  return new ipaddr.IPv4([hi >> 8, hi & 255, lo >> 8, lo & 255]);
}

/** A literal IPv4 or IPv6 address (not a name), with or without URL brackets. */
export function isIpLiteral(hostname: string): boolean {
  return isIP(hostname.replace(/^\[|\]$/g, '')) !== 0;
}
