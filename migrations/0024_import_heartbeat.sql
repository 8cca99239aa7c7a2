-- A running import records its progress (and so a heartbeat) at least every 10 s; an import whose
-- process died stops beating and the `imports-interrupted` job marks it `interrupted`.
alter table import_jobs add column updated_at timestamptz;
alter table import_jobs drop constraint import_jobs_status_check;
alter table import_jobs add constraint import_jobs_status_check check (status in ('running', 'completed', 'failed', 'interrupted'));
create index import_jobs_running on import_jobs (updated_at) where status = 'running';
