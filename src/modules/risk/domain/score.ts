import type { SignalValues } from './signals.js';

/**
 * The risk score: points for each risky signal, summed and capped at 100 (ADR 0029). Points, not a
 * model: a support agent can add them up from the decision's list, and a tenant tunes outcomes with
 * its thresholds and rules, not by retraining. The table is data; each entry says why it counts.
 * Free e-mail providers, PO boxes alone and a first order alone score little: most honest shoppers
 * have all three.
 */
export interface ScoreEntry {
  /** The signal (field) the points are for. */
  signal: string;
  points: number;
  when: (values: SignalValues) => boolean;
  /** Short reason shown with the points. */
  reason: string;
}

const num = (values: SignalValues, field: string): number => {
  const v = values[field];
  return typeof v === 'number' ? v : 0;
};

export const SCORE_TABLE: readonly ScoreEntry[] = [
  { signal: 'channel.risk_level', points: 40, when: (v) => v['channel.risk_level'] === 'high', reason: 'the channel rates it high risk' },
  { signal: 'channel.risk_level', points: 15, when: (v) => v['channel.risk_level'] === 'medium', reason: 'the channel rates it medium risk' },
  { signal: 'channel.recommendation', points: 25, when: (v) => v['channel.recommendation'] === 'cancel', reason: 'the channel recommends cancelling' },
  { signal: 'email.disposable', points: 30, when: (v) => v['email.disposable'] === true, reason: 'a throwaway mailbox' },
  { signal: 'payment.cvv_result', points: 30, when: (v) => v['payment.cvv_result'] === 'no_match', reason: 'wrong security code' },
  { signal: 'payment.avs_result', points: 20, when: (v) => v['payment.avs_result'] === 'no_match', reason: 'billing address does not match the card' },
  { signal: 'payment.avs_result', points: 5, when: (v) => v['payment.avs_result'] === 'partial', reason: 'billing address matches the card only in part' },
  { signal: 'address.forwarder', points: 30, when: (v) => v['address.forwarder'] === true, reason: 'ships to a package forwarder' },
  { signal: 'address.country_mismatch', points: 20, when: (v) => v['address.country_mismatch'] === true, reason: 'billed and shipped in different countries' },
  { signal: 'ip.country_mismatch', points: 20, when: (v) => v['ip.country_mismatch'] === true, reason: 'ordered from a third country' },
  { signal: 'shipping.expedited_first_high_value', points: 20, when: (v) => v['shipping.expedited_first_high_value'] === true, reason: 'first high-value order, expedited' },
  { signal: 'customer.value_ratio', points: 15, when: (v) => num(v, 'customer.value_ratio') >= 5, reason: 'five times the customer’s largest order' },
  { signal: 'customer.first_order', points: 5, when: (v) => v['customer.first_order'] === true, reason: 'first order' },
  { signal: 'address.po_box', points: 5, when: (v) => v['address.po_box'] === true, reason: 'ships to a PO box' },
  { signal: 'velocity.cards_per_email_24h', points: 35, when: (v) => num(v, 'velocity.cards_per_email_24h') >= 3, reason: 'three or more cards on this e-mail in 24 h' },
  { signal: 'velocity.cards_per_ip_24h', points: 35, when: (v) => num(v, 'velocity.cards_per_ip_24h') >= 3, reason: 'three or more cards from this IP in 24 h' },
  { signal: 'velocity.orders_per_email_1h', points: 25, when: (v) => num(v, 'velocity.orders_per_email_1h') > 3, reason: 'more than three orders on this e-mail in an hour' },
  { signal: 'velocity.orders_per_ip_1h', points: 25, when: (v) => num(v, 'velocity.orders_per_ip_1h') > 5, reason: 'more than five orders from this IP in an hour' },
  { signal: 'velocity.orders_per_card_1h', points: 25, when: (v) => num(v, 'velocity.orders_per_card_1h') > 3, reason: 'more than three orders on this card in an hour' },
  { signal: 'velocity.addresses_per_card_7d', points: 20, when: (v) => num(v, 'velocity.addresses_per_card_7d') >= 3, reason: 'this card ships to three or more addresses in a week' },
  { signal: 'velocity.orders_per_address_24h', points: 10, when: (v) => num(v, 'velocity.orders_per_address_24h') > 5, reason: 'more than five orders to this address in 24 h' },
];

export interface ScoreBreakdown {
  score: number;
  /** The entries that counted, in table order. */
  parts: { signal: string; points: number; reason: string }[];
}

export function scoreSignals(values: SignalValues): ScoreBreakdown {
  let total = 0;
  const parts: ScoreBreakdown['parts'] = [];
  for (const entry of SCORE_TABLE) {
    if (!entry.when(values)) continue;
    total += entry.points;
    parts.push({ signal: entry.signal, points: entry.points, reason: entry.reason });
  }
  return { score: Math.min(100, total), parts };
}
