/**
 * Events that one module (or flow) appends and another reacts to, named and shaped once here.
 * Modules never import each other, so the producer and its consumers both import the contract
 * from the platform. `data` is stored as JSON: names are snake_case, amounts in minor units.
 */

/**
 * Appended by the returns feature when money goes back to a customer, on aggregate `refund` /
 * refund_id; accounting turns each into a credit note on the day it was recorded.
 */
export const REFUND_CREATED = 'refund.created';

/** The data of a `refund.created` event. amount_minor = Σ lines.amount_minor + shipping_minor + tax_minor. */
export interface RefundCreated {
  order_id: string;
  refund_id: string;
  currency: string;
  amount_minor: number;
  lines: { sku: string; quantity: number; amount_minor: number }[];
  shipping_minor: number;
  /** Optional in the event; 0 when absent. */
  tax_minor?: number;
  reason: string;
}

/**
 * Appended by the channel pushes (ADR 0021), on aggregate `order`, actor `system:channel-pushes`,
 * when a refund's fate on the order's sales platform is known: recorded there (`succeeded`), given
 * up after the retries or refused (`failed`, reason = the last error), or left to an operator
 * (`manual_action_required`, reason = why).
 */
export const ORDER_REFUND_CHANNEL_STATUS = 'order.refund_channel_status';

/** The data of an `order.refund_channel_status` event. */
export interface OrderRefundChannelStatus {
  refund_id: string;
  push_id: string;
  channel_id: string;
  kind: string;
  status: 'succeeded' | 'failed' | 'manual_action_required';
  /** The platform's refund id, when recorded there. */
  remote_id: string | null;
  reason: string;
}

/**
 * Appended by the orders module when a person adds a note to an order (POST /v1/orders/{id}/notes),
 * on aggregate `order`; the timeline shows it with its actor, and the console reads the notes too.
 */
export const ORDER_NOTE_ADDED = 'order.note_added';

/** The data of an `order.note_added` event. */
export interface OrderNoteAdded {
  note_id: string;
  text: string;
}

/** Appended by the orders module when an order's tags are replaced (PUT /v1/orders/{id}/tags), on aggregate `order`. */
export const ORDER_TAGS_CHANGED = 'order.tags_changed';

/** The data of an `order.tags_changed` event: the whole lists before and after, and the difference. */
export interface OrderTagsChanged {
  before: string[];
  after: string[];
  added: string[];
  removed: string[];
}

/**
 * Appended by the orders flows when a hold is placed on an order (ADR 0025), on aggregate `order`:
 * by staff (POST /v1/orders/{id}/holds), at capture (a routing policy's hold queue, a flow's initial
 * holds) or by the flow that owns the check. `fulfillment_orders_held`: fulfillment orders moved to
 * on_hold; `fulfillment_orders_in_progress`: ones the location had already accepted or started,
 * which a hold does not stop (cancel them to stop them).
 */
export const ORDER_HELD = 'order.held';

/** The data of an `order.held` event. */
export interface OrderHeld {
  hold_id: string;
  hold_type: string;
  /** The routing policy's hold queue (type routing), else null. */
  queue: string | null;
  reason: string;
  fulfillment_orders_held?: string[];
  fulfillment_orders_in_progress?: string[];
}

/**
 * Appended when a hold is released (DELETE /v1/orders/{id}/holds/{hold_id}), on aggregate `order`.
 * `reason` is the release note; when `holds_left` is 0 the order is released: its on_hold
 * fulfillment orders went to `fulfillment_orders_released` by the tenant's release policy.
 */
export const ORDER_RELEASED = 'order.released';

/** The data of an `order.released` event. */
export interface OrderReleased {
  hold_id: string;
  hold_type: string;
  queue: string | null;
  reason: string;
  hold_reason: string;
  holds_left: number;
  fulfillment_orders_released?: string[];
}

/**
 * Appended by capture when fraud screening decided about a new order (ADR 0030), on aggregate
 * `order`, right after `order.created`; a `review` or `reject` is followed by an `order.held` of
 * type fraud_review, a `verify` by one of type verification. The whole decision (signals with
 * sentences, every matched rule): GET /v1/orders/{id}/risk.
 */
export const ORDER_SCREENED = 'order.screened';

/** The data of an `order.screened` event. */
export interface OrderScreened {
  action: 'allow' | 'reject' | 'review' | 'verify';
  score: number;
  rule_set_version: string;
  decided_by: string[];
  matched: string[];
  /** The decision's first sentence. */
  reason: string | null;
}

/** Appended when an admin writes a fraud-screening rule set version (aggregate `risk_rule_set`, id `v<version>`). */
export const RISK_RULE_SET_CREATED = 'risk.rule_set_created';
/** Appended when a rule set version becomes the one capture screens with; `previous` null: the default set. */
export const RISK_RULE_SET_ACTIVATED = 'risk.rule_set_activated';

/**
 * The review queue (ADR 0031), on aggregate `order` (the case id in the data): `review.opened`
 * when a fraud_review, address_review or verification hold opens a case; `review.assigned` when
 * its assignee changes; `review.closed` with the resolution (approved, rejected, or cancelled: the
 * order was cancelled meanwhile) and the required reason.
 */
export const REVIEW_OPENED = 'review.opened';
export const REVIEW_ASSIGNED = 'review.assigned';
export const REVIEW_CLOSED = 'review.closed';

/**
 * Customer verification (ADR 0031), on aggregate `order`: `verification.requested` names the link
 * (`verification_id`, `expires_at`; never the token, which confirms the order: the notifications
 * sign it again to send it); `verification.confirmed`
 * when the customer confirmed (the verification hold is then released).
 */
export const VERIFICATION_REQUESTED = 'verification.requested';
export const VERIFICATION_CONFIRMED = 'verification.confirmed';

/**
 * Appended by the order-edit flow when an edit is committed (POST /v1/orders/{id}/edits/{edit_id}/commit
 * or PATCH /v1/orders/{id}), on aggregate `order` (ADR 0032). The actor is who committed it.
 */
export const ORDER_EDITED = 'order.edited';

/** The data of an `order.edited` event. */
export interface OrderEdited {
  edit_id: string;
  reason: string;
  /** The order's version the edit began from, and after it. */
  base_version: number;
  version: number;
  /** Every change with what it touched, before and after (line ids as stored). */
  changes: { type: string; line_id?: string; sku?: string; before: unknown; after: unknown }[];
  /** Minor units of the order's currency: totals before and after, the delta, and the ledger's balance after (positive: refund owed; negative: amount due). */
  money: { currency: string; total_before: number; total_after: number; delta: number; balance: number; amount_due: number; refund_owed: number };
  stock: { allocations: { line_id: string; sku: string; location: string; quantity: number }[]; backorders: { line_id: string; sku: string; quantity: number }[]; cancelled: { line_id: string; quantity: number }[] };
  /** Staff asked that the customer not be told (the order_edited message is kept as skipped; ADR 0034). */
  no_notification?: boolean;
}

/**
 * The satisfaction survey (ADR 0037), on aggregate `order`: a customer answered through the survey
 * link after delivery, or changed their answer (`replaced`). Never the comment: events reach
 * webhooks and the broker, and a comment is the customer's own words (read it through
 * GET /v1/survey-responses, which erasure blanks).
 */
export const SURVEY_ANSWERED = 'survey.answered';

/** The data of a `survey.answered` event. */
export interface SurveyAnswered {
  response_id: string;
  score: number;
  category: 'promoter' | 'passive' | 'detractor';
  channel: string;
  /** Whether the answer carries a comment (its text is not in the event). */
  has_comment: boolean;
  /** True when this answer replaced an earlier one for the order. */
  replaced: boolean;
}
