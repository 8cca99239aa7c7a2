-- Tenants' message templates, locales and customers' preferences (issue 16 §1, ADR 0034).
--
-- notification_templates: a tenant's own version of a shipped template in one locale (subject,
-- HTML, text in Liquid; enabled false: that message is not sent in that locale, recorded as
-- skipped). Absent: the shipped default. notification_template_versions keeps every write and
-- delete (who, when, what), so a merchant can see what was sent with which wording.
create table notification_templates (
  tenant_id  text        not null,
  template   text        not null,
  locale     text        not null,
  subject    text        not null,
  html       text        not null,
  text_body  text        not null,
  enabled    boolean     not null,
  version    integer     not null,
  updated_by text        not null,
  updated_at timestamptz not null,
  primary key (tenant_id, template, locale)
);

create table notification_template_versions (
  tenant_id  text        not null,
  template   text        not null,
  locale     text        not null,
  version    integer     not null,
  -- null parts: the version is a delete (back to the shipped default).
  subject    text,
  html       text,
  text_body  text,
  enabled    boolean,
  updated_by text        not null,
  updated_at timestamptz not null,
  primary key (tenant_id, template, locale, version)
);

-- A customer's choices: the language their messages are written in, and opt-outs per channel.
-- Honoured when a message is queued: an opted-out message is recorded as skipped with the reason.
create table notification_preferences (
  tenant_id     text        not null,
  customer_id   text        not null,
  locale        text,
  email_opt_out boolean     not null default false,
  sms_opt_out   boolean     not null default false,
  updated_by    text        not null,
  updated_at    timestamptz not null,
  primary key (tenant_id, customer_id)
);

-- A message not sent on purpose (opted out, template turned off, staff said no_notification) is
-- kept as `skipped`, the reason in last_error; the locale it was written in.
alter table notifications drop constraint notifications_status_check;
alter table notifications add constraint notifications_status_check check (status in ('queued', 'sent', 'failed', 'skipped'));
alter table notifications add column locale text;
