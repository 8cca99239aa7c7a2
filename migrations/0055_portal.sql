-- The customer portal (ADR 0036): a tenant's portal answers at /portal/{settings.portal_slug}.
-- The slug names one tenant, so it is unique across the installation (a tenant without one has
-- no portal). Settings stay one JSON document; this index is what makes the slug a key.
create unique index tenants_portal_slug on tenants ((settings->>'portal_slug'));
