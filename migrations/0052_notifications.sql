-- Messages to customers (issue 16 §1, ADR 0033): one row per (event, template, recipient), queued by
-- the outbox relay's in-process subscriber in the round that relays the event (so the event that
-- causes a message and the message are each written exactly once: a replayed event finds the row
-- and adds nothing). The row holds what is sent, rendered at queue time (subject, HTML, text), and
-- a deterministic Message-ID. A job leases due rows (FOR UPDATE SKIP LOCKED + leased_until), sends
-- with no transaction open (SMTP, or an .eml file in the data directory when no SMTP is set), and
-- settles: sent, retried with backoff after a transient failure, failed after a permanent one.
create table notifications (
  tenant_id       text        not null,
  id              text        not null,
  event_id        text        not null,
  template        text        not null,
  channel         text        not null default 'email' check (channel in ('email')),
  recipient       text        not null,
  order_id        text,
  subject         text        not null,
  html            text        not null,
  text_body       text        not null,
  -- <notification id@sender's domain>: the same on every attempt; recorded when first sent.
  message_id      text,
  status          text        not null default 'queued' check (status in ('queued', 'sent', 'failed')),
  attempts        integer     not null default 0,
  next_attempt_at timestamptz not null,
  leased_until    timestamptz,
  last_error      text,
  -- 'smtp' or 'file' (the .eml kept in the data directory): where the message went.
  transport       text,
  created_at      timestamptz not null,
  sent_at         timestamptz,
  primary key (tenant_id, id),
  unique (tenant_id, event_id, template, recipient)
);

create index notifications_due on notifications (next_attempt_at) where status = 'queued';
create index notifications_by_order on notifications (tenant_id, order_id, id);
create index notifications_by_tenant on notifications (tenant_id, id);
