-- Order edits after capture (issue 15 §5, ADR 0032): begin → stage → preview → commit.
-- An edit records the order's version and a digest of what it may change when it begins; commit
-- compares both under the order's row lock, so an edit committed on an order that moved since it
-- began (another edit, a cancel, a label bought, a tag) is refused with 409, nothing written.
create table order_edits (
  tenant_id     text        not null,
  id            text        not null,
  order_id      text        not null,
  status        text        not null check (status in ('open', 'committed', 'discarded')),
  base_version  integer     not null,
  base_digest   text        not null,
  -- The staged changes, in order (domain/edits.ts: EditChange); at most 100.
  changes       jsonb       not null default '[]'::jsonb check (jsonb_typeof(changes) = 'array' and jsonb_array_length(changes) <= 100),
  reason        text        check (length(reason) <= 500),
  created_by    text        not null,
  created_at    timestamptz not null,
  updated_at    timestamptz not null,
  closed_by     text,
  closed_at     timestamptz,
  -- What the commit did (before/after totals, delta, stock), as on the order.edited event.
  result        jsonb,
  primary key (tenant_id, id),
  constraint order_edits_closed_whole check ((status = 'open') = (closed_at is null) and (closed_at is null) = (closed_by is null))
);
create index order_edits_order on order_edits (tenant_id, order_id, id);
