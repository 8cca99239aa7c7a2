import type { AddressCheck, StandardizedAddress } from './address-check.js';

/**
 * The seam for an address-verification service (CASS/DPV for the US, or a national post's
 * equivalent). The default is `none`: nothing leaves the process. A real provider is an adapter
 * that calls its service through the one guarded outbound client (src/platform/http/outbound.ts,
 * ADR 0012), before the capture's transaction opens (ADR 0027).
 */
export interface AddressVerifier {
  readonly name: string;
  /** null: this provider does not check such addresses (another country, not configured). */
  verify(address: StandardizedAddress): Promise<VerificationAnswer | null>;
}

/** What a CASS/DPV-like service answers. */
export interface VerificationAnswer {
  verdict: 'deliverable' | 'corrected' | 'undeliverable';
  /** The service's corrected address (verdict corrected): only the fields it changed. */
  corrected?: Partial<Pick<StandardizedAddress, 'line1' | 'line2' | 'city' | 'region' | 'postal_code'>>;
  /** The service's own result codes (DPV footnotes…), kept as evidence. */
  codes?: string[];
}

export interface VerificationRecord {
  provider: string;
  verdict: VerificationAnswer['verdict'];
  codes: string[];
}

export const noVerification: AddressVerifier = { name: 'none', verify: () => Promise.resolve(null) };

/** Pure: the check with the service's answer applied (a correction replaces the fields it names). */
export function applyVerification(check: AddressCheck, provider: string, answer: VerificationAnswer | null, prefix: string): AddressCheck & { verification: VerificationRecord | null } {
  if (!answer) return { ...check, verification: null };
  const verification = { provider, verdict: answer.verdict, codes: answer.codes ?? [] };
  if (answer.verdict === 'deliverable') return { ...check, verification };
  if (answer.verdict === 'undeliverable') {
    return {
      ...check,
      verification,
      findings: [...check.findings, { code: 'verification_undeliverable', field: `${prefix}.line1`, severity: 'error', message: `The address service (${provider}) says nothing can be delivered to this address: check the street and number with the customer.` }],
    };
  }
  const changed = Object.entries(answer.corrected ?? {}).filter(([k, v]) => v !== undefined && v !== check.standardized[k as keyof StandardizedAddress]);
  return {
    standardized: { ...check.standardized, ...Object.fromEntries(changed) },
    verification,
    findings: [
      ...check.findings,
      { code: 'verification_corrected', field: prefix, severity: 'warning', message: `The address service (${provider}) corrected ${changed.map(([k, v]) => `${k} to ${String(v)}`).join(', ') || 'the address'}; the corrected form is the one to ship to.` },
    ],
  };
}
