/**
 * Gateways whose money stays with the merchant (ADR 0022): a refund on them gave nothing back to
 * what the customer paid with, so it is never sent to a sales platform as a refund (ADR 0021).
 */
export const STORE_CREDIT_GATEWAY = 'store_credit';
export const EXCHANGE_GATEWAY = 'exchange';
export const MERCHANT_HELD_GATEWAYS: ReadonlySet<string> = new Set([STORE_CREDIT_GATEWAY, EXCHANGE_GATEWAY]);
