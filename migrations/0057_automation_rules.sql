-- Automation rules (issue 16 §1, ADR 0038): trigger, condition, actions in order, as data.
--
-- automation_rules: a tenant's own rules (id aut_…) and its overrides of the default rules (id
-- default.<template>.<event>, is_default): the defaults themselves are code, derived from the
-- notification template catalog, so only what a tenant turned off or edited is stored. `version`
-- counts writes (If-Match: a stale version answers 409).
create table automation_rules (
  tenant_id  text        not null,
  id         text        not null,
  is_default boolean     not null,
  name       text        not null,
  trigger    text        not null,
  condition  text,
  actions    jsonb       not null,
  enabled    boolean     not null,
  version    integer     not null,
  created_by text        not null,
  created_at timestamptz not null,
  updated_by text        not null,
  updated_at timestamptz not null,
  primary key (tenant_id, id)
);
create index automation_rules_trigger on automation_rules (tenant_id, trigger);

-- automation_runs: every evaluation of an enabled rule for an event, once per (rule, event): the
-- rule's version, the event, the order, the chain depth (0: a person's or the system's event; n:
-- caused by an automation n steps away), the facts the condition saw, its result, each action's
-- outcome, and the status: not_matched, completed, failed, waiting (resume_at: a wait action; the
-- automation-waits job runs the rest from next_action), loop_guarded (reason).
create table automation_runs (
  tenant_id        text        not null,
  id               text        not null,
  rule_id          text        not null,
  rule_version     integer     not null,
  event_id         text        not null,
  event_type       text        not null,
  order_id         text,
  depth            integer     not null,
  facts            jsonb       not null,
  condition_result boolean,
  outcomes         jsonb       not null,
  status           text        not null,
  reason           text,
  next_action      integer     not null,
  resume_at        timestamptz,
  dry_run          boolean     not null default false,
  created_at       timestamptz not null,
  updated_at       timestamptz not null,
  primary key (tenant_id, id),
  unique (tenant_id, rule_id, event_id)
);
create index automation_runs_rule on automation_runs (tenant_id, rule_id, id);
create index automation_runs_order on automation_runs (tenant_id, order_id, id);
create index automation_runs_due on automation_runs (resume_at) where status = 'waiting';
