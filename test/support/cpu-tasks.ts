/** Tasks for the CPU pool's own tests (src/platform/cpu/pool.test.ts): plain exported functions. */
import { DomainError } from '../../src/platform/errors.js';

/** Busy for `ms`: a stand-in for cartonizing or rendering. */
export function spin(ms: number): boolean {
  const end = Date.now() + ms;
  while (Date.now() < end);
  return true;
}

export function echo(value: { when: Date; sizes: Map<string, number> }): { when: Date; sizes: Map<string, number>; pdf: Buffer } {
  return { ...value, pdf: Buffer.from('%PDF-1.7') };
}

export async function bytes(): Promise<Buffer> {
  return Buffer.from('%PDF-1.7\n');
}

export function refuse(): never {
  throw new DomainError('FULFILLMENT_PLAN_TOO_LARGE', 'Too big.', [{ field: 'items', message: 'at most 5000 units' }], { limit: 'units', max: 5000 });
}

export function crash(): never {
  throw new RangeError('a bug');
}
