-- Issue #11: an aggregator carrier's API key and webhook secret are the tenant's own, sealed with
-- AES-256-GCM under OMS_SECRET_KEY like channel secrets (src/platform/kernel/secret-box.ts) and
-- never shown again. The alternative, naming an environment variable (settings.api_key_env), is
-- kept only for the names the installation lists in OMS_CARRIER_SECRET_NAMES.
alter table carriers add column api_key_sealed bytea;
alter table carriers add column webhook_secret_sealed bytea;
