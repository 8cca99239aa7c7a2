import { Badge, type MantineColor } from '@mantine/core';

/**
 * A status of any record (order, fulfillment order, shipment, webhook delivery…), coloured by what it
 * asks of the operator: red needs action, orange waits on something, blue is in progress, green is
 * done, gray is over. Unknown statuses are gray, so a new status never breaks a screen.
 */
const colours: Record<string, MantineColor> = {
  on_hold: 'red',
  // An order with an active hold (ADR 0025): nothing of it goes to a location.
  held: 'red',
  exception: 'red',
  failed: 'red',
  rejected: 'red',
  dead: 'red',
  interrupted: 'red',
  late: 'red',
  out_of_stock: 'red',
  low_stock: 'orange',
  open: 'orange',
  active: 'blue',
  partially_received: 'teal',
  consumed: 'green',
  expired: 'gray',
  backordered: 'orange',
  partially_allocated: 'orange',
  pending: 'orange',
  received: 'blue',
  running: 'blue',
  allocated: 'blue',
  released: 'blue',
  accepted: 'blue',
  in_fulfillment: 'blue',
  picking: 'blue',
  packed: 'blue',
  label_created: 'blue',
  in_transit: 'blue',
  out_for_delivery: 'blue',
  partially_shipped: 'teal',
  shipped: 'teal',
  delivered: 'green',
  succeeded: 'green',
  // A refund to record on the sales platform by hand (a channel push the OMS does not send).
  manual_action_required: 'red',
  // Payments: an order's financial status and a transaction's outcome.
  authorized: 'blue',
  partially_paid: 'orange',
  paid: 'green',
  partially_refunded: 'teal',
  refunded: 'gray',
  success: 'green',
  failure: 'red',
  error: 'red',
  completed: 'green',
  // Automation runs (ADR 0038): a guarded loop wants a look; a rule that did not match is over.
  loop_guarded: 'orange',
  matched: 'blue',
  not_matched: 'gray',
  closed: 'gray',
  cancelled: 'gray',
  voided: 'gray',
  returned: 'gray',
  partially_returned: 'gray',
  // Customer messages (ADRs 0033, 0035): queued waits, sent is done, skipped was on purpose;
  // suppressed and the bounces that suppress an address ask for a look at the address.
  queued: 'orange',
  sent: 'green',
  skipped: 'gray',
  suppressed: 'orange',
  hard_bounce: 'red',
  complaint: 'red',
};

export const statusLabel = (status: string): string => status.replaceAll('_', ' ');

export function StatusBadge({ status }: { status: string }) {
  // The light variant keeps its text at AA contrast on every colour.
  return (
    <Badge color={colours[status] ?? 'gray'} variant="light" radius="sm" data-status={status}>
      {statusLabel(status)}
    </Badge>
  );
}
