import ipaddr from 'ipaddr.js';
import type { ScreeningAddress, ScreeningInput } from './input.js';
import { emailDomain, matchesDomainSuffix } from './lists.js';

/**
 * A tenant's allow and block lists, versioned with its rule set. Entries of each kind:
 * - `emails`: whole addresses, case-insensitive;
 * - `domains`: e-mail domains, matched as suffixes (`fraud.test` also matches `x.fraud.test`);
 * - `ips`: an IPv4/IPv6 address or a CIDR range (ipaddr.js); an IPv4-mapped IPv6 client address
 *   is matched as its IPv4 address;
 * - `addresses`: a fragment of a postal address, matched against the shipping and billing address
 *   after both are lower-cased and every run of other characters than letters and digits becomes
 *   one space, as whole words (`12 Harbor Road` matches `12 HARBOR ROAD, Unit 4`, not `12 Harbor Rd`);
 * - `cards`: card fingerprints, exactly.
 * A matching allow entry sets `lists.allowed`, a block entry `lists.blocked`; rules decide what
 * that means (the default rule set: allow wins, block rejects).
 */
export interface ListEntries {
  emails?: string[];
  domains?: string[];
  ips?: string[];
  addresses?: string[];
  cards?: string[];
}

export interface RiskLists {
  allow?: ListEntries;
  block?: ListEntries;
}

export const MAX_LIST_ENTRIES = 10_000;
export const MAX_LIST_ENTRY_LENGTH = 200;

export interface ListProblem {
  /** e.g. `lists.block.ips[3]`. */
  field: string;
  message: string;
  fix: string;
}

export interface CompiledList {
  /** What matched, in words (`the e-mail domain fraud.test`), or null. */
  match(input: ScreeningInput): string | null;
}

type Kind = keyof ListEntries;
const KINDS: readonly Kind[] = ['emails', 'domains', 'ips', 'addresses', 'cards'];

export function normaliseAddressText(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

function addressText(a: ScreeningAddress): string {
  return ` ${normaliseAddressText([a.company, a.line1, a.line2, a.city, a.region, a.postalCode, a.country].filter(Boolean).join(' '))} `;
}

function isIpText(text: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(text) || (text.includes(':') && ipaddr.IPv6.isValid(text));
}

function isCidrText(text: string): boolean {
  const slash = text.indexOf('/');
  return slash > 0 && isIpText(text.slice(0, slash)) && ipaddr.isValidCIDR(text);
}

function entryProblem(kind: Kind, value: string): string | null {
  if (value.length === 0 || value.length > MAX_LIST_ENTRY_LENGTH) return `must be 1 to ${MAX_LIST_ENTRY_LENGTH} characters`;
  switch (kind) {
    case 'emails':
      return emailDomain(value) ? null : 'must be an e-mail address such as buyer@shop.test';
    case 'domains':
      return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(value) ? null : 'must be a domain such as mailinator.com';
    case 'ips':
      return isIpText(value) || isCidrText(value) ? null : 'must be an IPv4 or IPv6 address, or a CIDR range such as 203.0.113.0/24';
    case 'addresses':
      return normaliseAddressText(value).length >= 4 ? null : 'must hold at least four letters or digits of an address';
    case 'cards':
      return null;
  }
}

/** Checks every entry; problems name the entry (`lists.allow.domains[2]`). */
export function validateLists(lists: RiskLists): ListProblem[] {
  const problems: ListProblem[] = [];
  for (const side of ['allow', 'block'] as const) {
    const entries = lists[side];
    if (!entries) continue;
    for (const kind of KINDS) {
      const values = entries[kind] ?? [];
      if (values.length > MAX_LIST_ENTRIES) {
        problems.push({ field: `lists.${side}.${kind}`, message: `has ${values.length} entries, more than ${MAX_LIST_ENTRIES}`, fix: `keep at most ${MAX_LIST_ENTRIES} entries per list` });
        continue;
      }
      values.forEach((value, i) => {
        const problem = typeof value === 'string' ? entryProblem(kind, value.trim()) : 'must be a string';
        if (problem) problems.push({ field: `lists.${side}.${kind}[${i}]`, message: problem, fix: `correct or remove entry ${i}` });
      });
    }
  }
  return problems;
}

/** Compiles one side of the lists (call `validateLists` first: invalid entries are skipped). */
export function compileList(entries: ListEntries | undefined): CompiledList {
  const emails = new Set((entries?.emails ?? []).map((e) => e.trim().toLowerCase()));
  const domains = new Set((entries?.domains ?? []).map((d) => d.trim().toLowerCase()));
  const cards = new Set((entries?.cards ?? []).map((c) => c.trim()));
  const addresses = (entries?.addresses ?? []).map((a) => ({ text: a.trim(), needle: ` ${normaliseAddressText(a)} ` })).filter((a) => a.needle.trim().length >= 4);
  const ips: { text: string; range: [ipaddr.IPv4 | ipaddr.IPv6, number] }[] = [];
  for (const raw of entries?.ips ?? []) {
    const text = raw.trim();
    if (isCidrText(text)) ips.push({ text, range: ipaddr.parseCIDR(text) });
    else if (isIpText(text)) {
      const ip = ipaddr.process(text);
      ips.push({ text, range: [ip, ip.kind() === 'ipv4' ? 32 : 128] });
    }
  }
  return {
    match(input) {
      const email = input.email?.trim().toLowerCase();
      if (email && emails.has(email)) return `the e-mail address ${email}`;
      const domain = emailDomain(email);
      const hit = domain && domains.size > 0 ? matchesDomainSuffix(domain, domains) : null;
      if (hit) return `the e-mail domain ${hit}`;
      const card = input.payment?.cardFingerprint;
      if (card && cards.has(card)) return `the card ${card}`;
      const ipText = input.client?.ip;
      if (ipText && ips.length > 0 && isIpText(ipText)) {
        const ip = ipaddr.process(ipText);
        for (const { text, range } of ips) if (ip.kind() === range[0].kind() && ip.match(range)) return `the IP address ${ipText} (${text})`;
      }
      if (addresses.length > 0) {
        const texts = [input.shippingAddress, input.billingAddress].filter((a): a is ScreeningAddress => !!a).map(addressText);
        for (const { text, needle } of addresses) if (texts.some((t) => t.includes(needle))) return `the address "${text}"`;
      }
      return null;
    },
  };
}
