import type { RuleSet } from './rules.js';

/**
 * The rule set every tenant starts with (ADR 0029). Aimed at what costs merchants most — card
 * testing, reshipping of goods bought with stolen cards, and throwaway identities — while leaving
 * gifts to another state, travellers and repeat customers' big orders alone (the pinned corpus in
 * `corpus.ts` holds it to that). The set has no currency of its own, so its amounts are major units
 * of each order's currency (ADR 0030 "Money in rules": a tenant selling in several sets one).
 */
export const DEFAULT_RULE_SET: RuleSet = {
  version: 'default-1',
  rules: [
    { id: 'allow-listed', rule: 'allow if lists.allowed', description: 'The shop put this customer, card, address or network on its allow list.' },
    { id: 'block-listed', rule: 'reject if lists.blocked', description: 'The shop put this customer, card, address or network on its block list.' },
    {
      id: 'card-testing',
      rule: 'reject if velocity.cards_per_email_24h >= 3 or velocity.cards_per_ip_24h >= 4 or velocity.orders_per_card_1h > 3',
      description: 'Several cards tried by one buyer in a day, or one card used again and again within an hour: card testing.',
    },
    { id: 'email-burst', rule: 'reject if velocity.orders_per_email_1h > 3', description: 'More than three orders on one e-mail address within an hour.' },
    { id: 'ip-burst', rule: 'reject if velocity.orders_per_ip_1h > 5', description: 'More than five orders from one network address within an hour.' },
    {
      id: 'card-checks-failed',
      rule: 'reject if payment.cvv_result = "no_match" and payment.avs_result = "no_match"',
      description: 'Both the card’s security code and its billing address were wrong.',
    },
    { id: 'channel-cancel', rule: 'review if channel.recommendation = "cancel" or channel.risk_level = "high"', description: 'The sales channel’s own fraud analysis rates the order high risk.' },
    {
      id: 'cvv-mismatch-first-order',
      rule: 'review if payment.cvv_result = "no_match" and customer.first_order and order.total >= 100',
      description: 'A first order of 100 or more paid with a wrong card security code.',
    },
    { id: 'disposable-email', rule: 'review if email.disposable and order.total > 200', description: 'A throwaway e-mail address on an order over 200.' },
    { id: 'forwarder-first-order', rule: 'review if address.forwarder and customer.first_order', description: 'A first order shipped to a package forwarder.' },
    {
      id: 'expedited-first-high-value',
      rule: 'review if shipping.expedited_first_high_value and (address.country_mismatch or ip.country_mismatch or payment.avs_result != "match")',
      description: 'A first, high-value order shipped expedited, with the card’s address or the buyer’s location not matching.',
    },
    { id: 'card-many-addresses', rule: 'review if velocity.addresses_per_card_7d >= 3', description: 'One card shipping to three or more addresses in a week.' },
    {
      id: 'third-country',
      rule: 'review if ip.country_mismatch and address.country_mismatch and customer.first_order',
      description: 'A first order billed in one country, shipped to another and placed from a third.',
    },
    {
      id: 'cross-border-first-order',
      rule: 'verify if address.country_mismatch and customer.first_order and order.total >= 250',
      description: 'A first order of 250 or more billed in one country and shipped to another: ask the customer to confirm.',
    },
    {
      id: 'po-box-expedited-first',
      rule: 'verify if address.po_box and shipping.expedited and customer.first_order and order.high_value',
      description: 'A first high-value order rushed to a PO box: ask the customer to confirm.',
    },
  ],
  lists: { allow: {}, block: {} },
};
