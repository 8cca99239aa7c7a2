import { isGlobalUnicast, isIpLiteral } from './ip-range.js';

/**
 * Where the OMS may send requests of its own (webhooks, carrier aggregators, marketplace and shop
 * APIs), checked when a URL is saved. https anywhere; plain http and addresses inside private
 * networks (anything but global unicast: loopback, RFC 1918, link-local incl. cloud metadata
 * 169.254.169.254, unique-local IPv6, IPv4 embedded in IPv6 …) only when the installation allows
 * it (OMS_OUTBOUND_ALLOW_PRIVATE=1, for development and tests): an API key must not turn the OMS
 * into a proxy into its own network. A name is checked again when it is connected to (the outbound
 * client, ./outbound.ts), since what it resolves to can change.
 */
export function outboundUrlProblem(raw: string, allowPrivate: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute URL such as https://example.com/hooks/oms';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must use https';
  if (url.username || url.password) return 'must not carry a user name or password; the payload is signed instead';
  if (url.hash) return 'must not have a #fragment';
  if (allowPrivate) return null;
  if (url.protocol !== 'https:') return 'must use https';
  if (isPrivateHost(url.hostname)) return 'points into a private network; use a public https address';
  return null;
}

/** Names that never leave the machine or the site, and IP literals that are not global unicast. */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
  if (isIpLiteral(host)) return !isGlobalUnicast(host);
  return host === '' || host === 'localhost' || PRIVATE_SUFFIXES.some((suffix) => host.endsWith(suffix));
}

/** RFC 6761 / 6762 / 8375 special-use names, and the suffixes clouds give internal hosts. */
const PRIVATE_SUFFIXES = ['.localhost', '.local', '.internal', '.home.arpa', '.localdomain'];
