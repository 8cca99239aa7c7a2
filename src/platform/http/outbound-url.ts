/**
 * Where the OMS may send requests of its own (webhooks, marketplace and shop APIs). https anywhere; plain http and addresses inside private networks
 * (loopback, RFC 1918, link-local incl. cloud metadata 169.254.169.254, unique-local IPv6) only
 * when the installation allows it (OMS_WEBHOOK_ALLOW_PRIVATE=1, for development and tests): an
 * API key must not turn the OMS into a proxy into its own network.
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

export function isPrivateHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal')) return true;
  if (IPV4.test(host)) return isPrivateV4(host);
  if (host.includes(':')) {
    if (host === '::1' || host === '::') return true;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host);
    if (mapped?.[1]) return isPrivateV4(mapped[1]);
    // WHATWG URL writes IPv4-mapped addresses in hex (::ffff:a00:1 for 10.0.0.1).
    const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
    if (hex?.[1] && hex[2]) {
      const hi = parseInt(hex[1], 16);
      const lo = parseInt(hex[2], 16);
      return isPrivateV4(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`);
    }
    return /^(fc|fd|fe8|fe9|fea|feb)/.test(host);
  }
  return false;
}

const IPV4 = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/** A literal IPv4 or IPv6 address (not a name). */
export function isIpLiteral(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return IPV4.test(host) || host.includes(':');
}

function isPrivateV4(ip: string): boolean {
  const [a = 0, b = 0] = ip.split('.').map(Number);
  return a === 0 || a === 10 || a === 127 || (a === 100 && b >= 64 && b <= 127) || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || a >= 224;
}
