import type { FieldError } from '../../../platform/errors.js';
import { normalisePhone } from './contact.js';

export const TAG_MAX_LENGTH = 40;
export const TAGS_MAX = 50;

export interface CustomerPatch {
  name?: string | null;
  phone?: string | null;
  tags?: string[];
  note?: string | null;
}

/**
 * A PATCH made ready to store, or the fields that refuse it: a phone must read as E.164 (its
 * country code given), tags are trimmed, de-duplicated and short, the note bounded.
 */
export function preparePatch(patch: CustomerPatch): { changes: CustomerPatch; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const changes: CustomerPatch = {};
  if (patch.name !== undefined) changes.name = patch.name?.trim() || null;
  if (patch.phone !== undefined) {
    if (patch.phone === null || patch.phone.trim() === '') changes.phone = null;
    else {
      const e164 = normalisePhone(patch.phone);
      if (e164) changes.phone = e164;
      else errors.push({ field: 'phone', message: 'is not a phone number with its country code (e.g. +49 30 1234567)' });
    }
  }
  if (patch.tags !== undefined) {
    const tags = [...new Set(patch.tags.map((t) => t.trim()).filter((t) => t !== ''))];
    patch.tags.forEach((t, i) => {
      if (t.trim().length > TAG_MAX_LENGTH) errors.push({ field: `tags[${i}]`, message: `is longer than ${TAG_MAX_LENGTH} characters` });
    });
    if (tags.length > TAGS_MAX) errors.push({ field: 'tags', message: `has more than ${TAGS_MAX} tags` });
    changes.tags = tags;
  }
  if (patch.note !== undefined) changes.note = patch.note?.trim() || null;
  return { changes, errors };
}
