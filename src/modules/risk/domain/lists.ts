import { createRequire } from 'node:module';
import { isPoBox as isPostOfficeBox, isPrivateMailbox } from '../../../platform/kernel/post-office-box.js';

/**
 * Reference lists screening matches against. E-mail domains come from maintained packages, loaded
 * once on first use: disposable domains from `disposable-email-domains-js` (CC0, republished
 * weekly from the disposable-email-domains project), free providers from `email-providers`
 * (`all.json`, ISC). Freight forwarders and PO boxes are our own short, documented lists below.
 */
const require = createRequire(import.meta.url);
let disposable: Set<string> | undefined;
let free: Set<string> | undefined;

function disposableSet(): Set<string> {
  disposable ??= (require('disposable-email-domains-js') as { disposableEmailBlocklistSet(): Set<string> }).disposableEmailBlocklistSet();
  return disposable;
}

function freeSet(): Set<string> {
  free ??= new Set(require('email-providers/all.json') as string[]);
  return free;
}

/** The domain of an e-mail address, lower case; null when there is none. */
export function emailDomain(email: string | null | undefined): string | null {
  if (!email) return null;
  const at = email.lastIndexOf('@');
  if (at < 1 || at === email.length - 1) return null;
  return email.slice(at + 1).trim().toLowerCase().replace(/\.$/, '');
}

/**
 * Whether `domain` or any parent domain is in `set` — suffix matching, so `x.mailinator.com` is
 * disposable because `mailinator.com` is. The bare top-level label is never tried.
 */
export function matchesDomainSuffix(domain: string, set: ReadonlySet<string>): string | null {
  let candidate = domain;
  for (;;) {
    if (set.has(candidate)) return candidate;
    const dot = candidate.indexOf('.');
    if (dot < 0) return null;
    candidate = candidate.slice(dot + 1);
    if (!candidate.includes('.')) return null;
  }
}

export function isDisposableDomain(domain: string, allow: ReadonlySet<string>): boolean {
  return matchesDomainSuffix(domain, allow) === null && matchesDomainSuffix(domain, disposableSet()) !== null;
}

/** A free mailbox provider (gmail.com, yahoo.co.jp…) that is not also disposable. */
export function isFreeDomain(domain: string, allow: ReadonlySet<string>): boolean {
  return matchesDomainSuffix(domain, allow) === null && matchesDomainSuffix(domain, freeSet()) !== null && matchesDomainSuffix(domain, disposableSet()) === null;
}

/**
 * Package forwarders (reshippers): companies that give shoppers abroad a domestic address and send
 * the parcel on — legitimate services, and the usual way to get goods bought with a stolen card out
 * of reach. Matched as whole words in the address lines and company, case-insensitively. Kept short
 * on purpose: the well-known names only; a tenant adds its own fragments (`forwarderFragments`).
 */
export const FORWARDER_NAMES = [
  'myus',
  'shipito',
  'stackry',
  'planet express',
  'borderlinx',
  'bongo international',
  'shop and ship',
  'shop & ship',
  'aramex shop',
  'usgobuy',
  'viabox',
  'forward2me',
  'parcel forwarding',
  'package forwarding',
  'freight forwarder',
  'reship',
  'ship7',
  'opas',
  'comgateway',
  'qwintry',
  'polar express',
] as const;

/**
 * Address shapes forwarders give out: a suite, unit or box number carrying a customer account code
 * (letters and digits, e.g. `Suite MYUS-48213`, `Unit #PX 20931`, `Ste 12-AB4433`). A plain
 * `Suite 200` or `Apt 4B` does not match: the code must be letters then four or more digits.
 */
const FORWARDER_PATTERNS: readonly RegExp[] = [
  /\b(?:suite|ste|unit|box)\s*#?\s*(?:[a-z]{2,6}[- ]?\d{4,10}|\d{1,4}-[a-z]{2,4}\d{4,8})\b/i,
];

function wordPattern(name: string): RegExp {
  const escaped = name.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?:^|[^a-z0-9])${escaped}(?:[^a-z0-9]|$)`);
}

const BUILT_IN = FORWARDER_NAMES.map((name) => ({ name: name as string, pattern: wordPattern(name) }));

export type ForwarderMatcher = (address: { line1: string; line2?: string | null; company?: string | null }) => string | null;

/** A matcher for the built-in names plus a tenant's own fragments; it says why an address matched. */
export function forwarderMatcher(extra: readonly string[] = []): ForwarderMatcher {
  const names = [...BUILT_IN, ...extra.filter((e) => e.trim()).map((e) => ({ name: e.trim().toLowerCase(), pattern: wordPattern(e.trim()) }))];
  return (address) => {
    const text = [address.company, address.line1, address.line2].filter(Boolean).join(' ').toLowerCase();
    for (const { name, pattern } of names) if (pattern.test(text)) return `the forwarder name "${name}"`;
    for (const pattern of FORWARDER_PATTERNS) {
      const hit = pattern.exec(text);
      if (hit) return `an account-style suite "${hit[0].trim()}"`;
    }
    return null;
  };
}

/**
 * A PO box or a private mailbox (PMB) on either line: carriers may deliver to a PMB, but for
 * screening both are places a parcel waits for someone to collect it. Detection is the kernel's,
 * shared with address checks.
 */
export function isPoBox(address: { line1: string; line2?: string | null }): boolean {
  return [address.line1, address.line2].some((line) => isPostOfficeBox(line) || isPrivateMailbox(line));
}

/** Service levels that mean faster than standard, as channels and carriers name them. */
const EXPEDITED = /\b(?:express|expedited|overnight|next[\s_-]?day|two[\s_-]?day|2[\s_-]?day|priority|same[\s_-]?day|rush)\b/i;

export function isExpedited(serviceLevel: string | null | undefined): boolean {
  return !!serviceLevel && EXPEDITED.test(serviceLevel.replace(/_/g, ' '));
}
