-- Retention of automation runs (ADR 0038): the `automation-run-retention` job deletes finished runs
-- (every status but waiting) whose last change is older than OMS_AUTOMATION_RUN_RETENTION_DAYS
-- (default 90), oldest first, 1,000 per transaction. This index lets it find them without reading
-- the table; it serves a job across tenants, not the API, so it does not begin with the tenant
-- (as webhook_deliveries_finished, migration 0021). Waiting runs are never deleted, however old.
create index automation_runs_finished on automation_runs (updated_at) where status <> 'waiting';
