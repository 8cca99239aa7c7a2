-- Payments (issue 14): an order's transaction ledger. Append-only: a new outcome is a new row.
-- The financial status and balance are derived from these rows and orders.total_minor, never stored.
create table order_transactions (
  tenant_id         text        not null,
  id                text        not null,
  order_id          text        not null,
  kind              text        not null check (kind in ('authorization', 'capture', 'sale', 'refund', 'void', 'chargeback', 'chargeback_reversal')),
  status            text        not null check (status in ('pending', 'success', 'failure', 'error')),
  amount_minor      bigint      not null check (amount_minor > 0),
  currency          char(3)     not null,
  gateway           text        not null check (length(gateway) between 1 and 100),
  gateway_reference text        check (length(gateway_reference) between 1 and 255),
  -- The authorization a capture or void acts on, the capture or sale a refund acts on.
  parent_id         text,
  source            text        not null check (source in ('channel', 'api', 'console')),
  reason            text,
  processed_at      timestamptz not null,
  created_at        timestamptz not null,
  actor             text        not null,
  primary key (tenant_id, id)
);
-- What a gateway reports once is recorded once, however often it is reported.
create unique index order_transactions_reference on order_transactions (tenant_id, order_id, gateway, gateway_reference) where gateway_reference is not null;
-- The ledger of a page of orders in one probe each (the order view's payment summary).
create index order_transactions_order on order_transactions (tenant_id, order_id, id);
