-- The daily accounting export reads a day's shipments and voided labels per tenant
-- (src/modules/shipping/db/accounting.queries.ts); without these it reads all of a tenant's shipments.
create index shipments_created on shipments (tenant_id, created_at);
create index shipments_voided on shipments (tenant_id, updated_at) where status = 'voided';
