/**
 * An Idempotency-Key for one write being entered (a payment, a return, a receipt, a refund): a double
 * click or a retry after a lost answer records it once. getRandomValues, unlike randomUUID, also
 * works on a console served over plain http.
 */
export const newKey = (): string => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
