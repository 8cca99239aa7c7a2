-- Customs data (issue #11, item 17). A product's Harmonized System code (6 to 10 digits: the six
-- of the international HS, then the national extension such as the US Schedule B / HTS or the EU
-- CN), the country where it was made, and the words a customs officer reads (default: its name).
alter table products add column hs_code text check (hs_code ~ '^[0-9]{6,10}$');
alter table products add column country_of_origin char(2) check (country_of_origin ~ '^[A-Z]{2}$');
alter table products add column customs_description text;

-- The customs declaration a shipment leaving its customs territory carries, as it was declared
-- when the label was bought (contents, items with value, weight, HS code and origin, signer,
-- EEL/PFC); null for a shipment that stays inside one customs territory.
alter table shipments add column customs jsonb;

-- Documents printed for a shipment besides its labels: the CN 22 / CN 23 customs declaration of a
-- postal service or the commercial invoice of a courier. Kept as the bytes handed to the carrier,
-- so a reprint is the same document, whatever later changes to the renderer.
create table shipment_documents (
  tenant_id    text        not null,
  shipment_id  text        not null,
  kind         text        not null check (kind in ('cn22', 'cn23', 'commercial_invoice')),
  pdf          bytea       not null,
  created_at   timestamptz not null,
  primary key (tenant_id, shipment_id)
);
