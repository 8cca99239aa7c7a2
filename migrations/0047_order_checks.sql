-- Validation and verification at capture (issue 15 §2, ADR 0027): per order, the standardised
-- addresses next to what was sent (orders.shipping_address / billing_address keep the original),
-- the address findings, whether the order needs address review, the address service's verdict,
-- and the price signals. One row per captured order, written in the capture's transaction.

create table order_checks (
  tenant_id       text        not null,
  order_id        text        not null,
  -- { delivery_method, standardized: { shipping_address, billing_address }, findings: [...],
  --   needs_review, review_reason, verification } (src/flows/capture/steps/check-order.ts)
  address_checks  jsonb       not null,
  -- [{ code, field, value, message }] (src/modules/orders/domain/price-signals.ts)
  signals         jsonb       not null default '[]',
  needs_address_review boolean not null default false,
  created_at      timestamptz not null,
  primary key (tenant_id, order_id)
);

-- The address review queue: orders waiting for someone to check their address.
create index order_checks_address_review on order_checks (tenant_id, order_id) where needs_address_review;
