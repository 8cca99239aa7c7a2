-- Store credit and exchanges of returns (issue 14 §2, ADR 0022).

-- One store-credit account per customer and currency. There is no customer record yet: the account
-- is keyed by the customer's e-mail (lower-case); `customer_id` is filled in once customers exist,
-- without changing the key that entries point at (the account id).
create table store_credit_accounts (
  tenant_id     text        not null,
  id            text        not null,
  email         text        not null check (email = lower(email) and email <> ''),
  customer_id   text,
  currency      char(3)     not null,
  -- Kept equal to the sum of the account's entries by the one write path (a conditional update in
  -- the entry's transaction); the check makes a negative balance impossible whatever the caller.
  balance_minor bigint      not null check (balance_minor >= 0),
  created_at    timestamptz not null,
  updated_at    timestamptz not null,
  primary key (tenant_id, id)
);
create unique index store_credit_accounts_email on store_credit_accounts (tenant_id, email, currency);
create index store_credit_accounts_customer on store_credit_accounts (tenant_id, customer_id) where customer_id is not null;

-- The ledger: issue (> 0), redeem (< 0), adjust (either sign); never updated.
create table store_credit_entries (
  tenant_id           text        not null,
  id                  text        not null,
  account_id          text        not null,
  kind                text        not null check (kind in ('issue', 'redeem', 'adjust')),
  amount_minor        bigint      not null check (amount_minor <> 0),
  balance_after_minor bigint      not null check (balance_after_minor >= 0),
  currency            char(3)     not null,
  return_id           text,
  order_id            text,
  transaction_id      text,
  reason              text        not null,
  actor               text        not null,
  created_at          timestamptz not null,
  primary key (tenant_id, id),
  check ((kind = 'issue' and amount_minor > 0) or (kind = 'redeem' and amount_minor < 0) or kind = 'adjust')
);
create index store_credit_entries_account on store_credit_entries (tenant_id, account_id, id);
-- A return issues store credit at most once, whatever the requests.
create unique index store_credit_entries_one_issue_per_return on store_credit_entries (tenant_id, return_id) where kind = 'issue' and return_id is not null;

-- A return's exchange: the replacement order, what the returned units were worth, and the
-- difference. At most one per return; the replacement order is linked both ways through this row.
create table return_exchanges (
  tenant_id              text        not null,
  id                     text        not null,
  return_id              text        not null,
  order_id               text        not null,
  replacement_order_id   text        not null,
  instant                boolean     not null,
  currency               char(3)     not null,
  credit_minor           bigint      not null check (credit_minor >= 0),
  replacement_total_minor bigint     not null check (replacement_total_minor >= 0),
  -- replacement total − credit: > 0 owed on the replacement order, < 0 given back (difference_to).
  difference_minor       bigint      not null,
  difference_to          text        check (difference_to in ('original_payment', 'store_credit')),
  -- Instant exchanges: the parcel must be on its way by then, else the return is flagged.
  due_at                 timestamptz,
  overdue_at             timestamptz,
  created_at             timestamptz not null,
  actor                  text        not null,
  primary key (tenant_id, id)
);
create unique index return_exchanges_one_per_return on return_exchanges (tenant_id, return_id);
create index return_exchanges_replacement on return_exchanges (tenant_id, replacement_order_id);
create index return_exchanges_due on return_exchanges (due_at) where due_at is not null and overdue_at is null;
