-- The review queue and customer verification (issue 15 §4, ADR 0031). A review case is opened in
-- the transaction that places a fraud_review, address_review or verification hold; it carries
-- what a reviewer needs to decide (score, value, country, matched rules, sentences), copied at
-- opening so the queue filters and sorts without joining other modules' tables.
create table review_cases (
  tenant_id        text        not null,
  id               text        not null,
  order_id         text        not null,
  kind             text        not null check (kind in ('fraud_review', 'address_review', 'verification')),
  -- The hold the case decides (order_holds.id): approving releases it.
  hold_id          text        not null,
  status           text        not null default 'open' check (status in ('open', 'closed')),
  opened_by        text        not null,
  opened_at        timestamptz not null,
  assignee         text,
  -- Filled by whoever opens the case (screening: its decision), or later by fillReviewDetails.
  score            integer     check (score between 0 and 100),
  order_total_minor bigint     not null,
  currency         text        not null,
  shipping_country text,
  rules            text[]      not null default '{}',
  sentences        text[]      not null default '{}',
  details          jsonb,
  resolution       text        check (resolution in ('approved', 'rejected', 'cancelled')),
  reason           text        check (length(reason) between 1 and 1000),
  closed_by        text,
  closed_at        timestamptz,
  primary key (tenant_id, id),
  constraint review_cases_closed_whole check (
    (status = 'open') = (closed_at is null) and (closed_at is null) = (closed_by is null)
    and (closed_at is null) = (resolution is null) and (closed_at is null) = (reason is null))
);
-- One open case per order × kind: opening twice finds the first.
create unique index review_cases_open on review_cases (tenant_id, order_id, kind) where status = 'open';
-- The queue: open (or closed) cases oldest first; by assignee; by rule; the order's cases.
create index review_cases_queue on review_cases (tenant_id, status, id);
create index review_cases_assignee on review_cases (tenant_id, assignee, status, id) where assignee is not null;
create index review_cases_rules on review_cases using gin (rules);
create index review_cases_order on review_cases (tenant_id, order_id, id);

-- A signed, expiring link the customer confirms to release a verification hold. Only the token's
-- SHA-256 is stored; the token itself is HMAC-signed, so a tampered one is refused before lookup.
-- Looked up by that hash alone: the token is the credential of a public route.
create table review_verifications (
  tenant_id   text        not null,
  id          text        not null,
  case_id     text        not null,
  order_id    text        not null,
  hold_id     text        not null,
  token_hash  text        not null,
  created_by  text        not null,
  created_at  timestamptz not null,
  expires_at  timestamptz not null,
  used_at     timestamptz,
  voided_at   timestamptz,
  primary key (tenant_id, id)
);
create unique index review_verifications_token on review_verifications (token_hash);
create index review_verifications_case on review_verifications (tenant_id, case_id, id);

-- Linked orders (GET /v1/reviews/{id}): orders shipping to the same address, found by an index
-- on the address's first line, postal code and country as typed, lower case, spaces squeezed.
-- (E-mail, phone and customer are served by orders_customer, orders_search_*phone, orders_customer_id.)
create index orders_ship_address on orders (tenant_id, (lower(regexp_replace(coalesce(shipping_address ->> 'line1', '') || '|' || coalesce(shipping_address ->> 'postal_code', '') || '|' || coalesce(shipping_address ->> 'country', ''), '\s+', ' ', 'g'))), id)
  where shipping_address is not null;
