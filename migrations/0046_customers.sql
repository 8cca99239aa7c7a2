-- Customers (issue 15 §1, ADR 0026): one record per tenant and person, matched across channels by
-- normalised e-mail (or, for an order with no e-mail, by its phone in E.164); orders point at it.

create table customers (
  tenant_id       text        not null,
  id              text        not null,
  -- What capture matches on: 'e:' || normalised e-mail, or 'p:' || E.164 phone for a customer known
  -- by phone only. Unique per tenant, so two captures of the same new e-mail create one customer
  -- (insert … on conflict do nothing). A merged customer keeps its key (its orders' e-mail still
  -- finds the survivor); an erased one loses it.
  match_key       text        check (match_key ~ '^(e:.+|p:\+[0-9]{8,15})$'),
  email           text        check (email = lower(email) and email <> ''),
  phone           text        check (phone ~ '^\+[0-9]{8,15}$'),
  name            text        check (length(name) <= 200),
  -- The shipping address of the first order (the canonical order's address shape).
  default_address jsonb,
  tags            text[]      not null default '{}',
  note            text        check (length(note) <= 5000),
  -- A merged customer is a tombstone pointing at the survivor (always the last one: merging into a
  -- customer that was itself merged is refused, and a survivor merged later re-points its tombstones).
  merged_into     text,
  erased_at       timestamptz,
  version         integer     not null default 1,
  created_at      timestamptz not null,
  updated_at      timestamptz not null,
  primary key (tenant_id, id),
  check (merged_into is null or merged_into <> id)
);
create unique index customers_match_key on customers (tenant_id, match_key) where match_key is not null;
-- The search box: prefixes of e-mail, lower-case name (and its last word) and phone digits.
create index customers_email on customers (tenant_id, email text_pattern_ops) where merged_into is null;
create index customers_name on customers (tenant_id, lower(name) text_pattern_ops) where merged_into is null;
create index customers_last_name on customers (tenant_id, lower(substring(name from '([^[:space:]]+)[[:space:]]*$')) text_pattern_ops) where merged_into is null;
create index customers_phone on customers (tenant_id, phone text_pattern_ops) where merged_into is null;
create index customers_merged_into on customers (tenant_id, merged_into) where merged_into is not null;

-- The order's customer (null: the order named neither an e-mail nor a parseable phone).
alter table orders add column customer_id text;
create index orders_customer_id on orders (tenant_id, customer_id, id) where customer_id is not null;

-- Backfill: one customer per e-mail (trimmed, lower-case) of the existing orders, and per phone of
-- the orders without one when it is written in international form (+ and 8-15 digits). A
-- customer's id is its first order's, re-prefixed: unique (an order has one customer) and sorting
-- by that first order's time, as new ids do. Its name and address are the first order's.
create temporary table customer_backfill on commit drop as
select o.tenant_id, o.id as order_id, o.created_at, o.customer ->> 'name' as name, o.shipping_address,
       nullif(lower(btrim(o.customer_email)), '') as email,
       case when btrim(o.customer ->> 'phone') like '+%' and length(regexp_replace(o.customer ->> 'phone', '[^0-9]', '', 'g')) between 8 and 15
            then '+' || regexp_replace(o.customer ->> 'phone', '[^0-9]', '', 'g') end as phone
from orders o;
alter table customer_backfill add column match_key text;
update customer_backfill set match_key = case when email is not null then 'e:' || email when phone is not null then 'p:' || phone end;

insert into customers (tenant_id, id, match_key, email, phone, name, default_address, created_at, updated_at)
select distinct on (tenant_id, match_key) tenant_id, 'cus_' || substr(order_id, 5), match_key, email, phone, left(name, 200), shipping_address, created_at, created_at
from customer_backfill
where match_key is not null
order by tenant_id, match_key, order_id;

update orders o set customer_id = c.id
from customer_backfill b join customers c on c.tenant_id = b.tenant_id and c.match_key = b.match_key
where o.tenant_id = b.tenant_id and o.id = b.order_id;

-- Store-credit accounts (keyed by e-mail, migration 0043) point at the customer of their e-mail.
update store_credit_accounts a set customer_id = c.id
from customers c
where c.tenant_id = a.tenant_id and c.match_key = 'e:' || a.email and a.customer_id is null;
