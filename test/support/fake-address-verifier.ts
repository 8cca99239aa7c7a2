import type { AddressVerifier, StandardizedAddress, VerificationAnswer } from '../../src/modules/address-checks/index.js';

/**
 * A stand-in for a CASS/DPV address service (we do not own one), answering as such a service does:
 * a street address it knows is deliverable (DPV Y), one it can correct is corrected to the
 * USPS form with its ZIP+4 (footnote AA), anything else in the US is undeliverable (M1); addresses
 * outside the US are not its business (null). It records what it was asked.
 */
export function fakeAddressVerifier(): AddressVerifier & { asked: StandardizedAddress[] } {
  const asked: StandardizedAddress[] = [];
  const known = new Map<string, VerificationAnswer>([
    ['350 S GRAND AVE|90071', { verdict: 'deliverable', codes: ['Y'] }],
    ['350 SOUTH GRAND AVENUE|90071', { verdict: 'corrected', corrected: { line1: '350 S GRAND AVE', postal_code: '90071-3406' }, codes: ['Y', 'AA'] }],
  ]);
  return {
    name: 'fake-cass',
    asked,
    verify(address) {
      asked.push(address);
      if (address.country !== 'US') return Promise.resolve(null);
      const key = `${address.line1.toUpperCase()}|${(address.postal_code ?? '').slice(0, 5)}`;
      return Promise.resolve(known.get(key) ?? { verdict: 'undeliverable', codes: ['N', 'M1'] });
    },
  };
}
