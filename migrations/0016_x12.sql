-- X12 EDI with trading partners (x12 channels). Issue #5.
--
-- x12_control_numbers: per channel, the last control number handed out of each kind (ISA13
-- interchange, GS06 group, SSCC serial). Allocated with one upsert inside the transaction that
-- stores the document, so a number is never handed out twice.
create table x12_control_numbers (
  tenant_id  text   not null,
  channel_id text   not null,
  name       text   not null check (name in ('interchange', 'group', 'sscc')),
  last_value bigint not null,
  primary key (tenant_id, channel_id, name)
);

-- Every interchange received and sent, verbatim. An inbound interchange is unique per
-- (channel, sender ISA06, ISA13): a repeat is answered with the 997 stored for the first. An
-- outbound 856/810 is unique per (shipment, type): a replayed shipment event changes nothing.
create table x12_documents (
  tenant_id        text        not null,
  id               text        not null,
  channel_id       text        not null,
  direction        text        not null check (direction in ('inbound', 'outbound')),
  type             text        not null check (type in ('interchange', '997', '855', '856', '810')),
  partner_id       text        not null,
  control_number   text        not null,
  reply_to_id      text,
  order_id         text,
  shipment_id      text,
  po_number        text,
  body             text        not null,
  summary          jsonb       not null default '{}',
  acknowledged_at  timestamptz,
  created_at       timestamptz not null,
  primary key (tenant_id, id)
);
create unique index x12_documents_inbound_interchange on x12_documents (tenant_id, channel_id, partner_id, control_number) where direction = 'inbound';
create unique index x12_documents_per_shipment on x12_documents (tenant_id, shipment_id, type) where shipment_id is not null;
create index x12_documents_of_channel on x12_documents (tenant_id, channel_id, id);
create index x12_documents_replies on x12_documents (tenant_id, reply_to_id) where reply_to_id is not null;

-- The 850 behind an order: the partner's line ids and product ids (echoed in 855/856/810), its
-- ship-to party with the partner's location code, and the separators/versions it used.
create table x12_purchase_orders (
  tenant_id          text        not null,
  channel_id         text        not null,
  po_number          text        not null,
  order_id           text        not null,
  document_id        text        not null,
  set_control_number text        not null,
  po_date            text        not null,
  currency           text        not null,
  ship_to            jsonb,
  lines              jsonb       not null,
  envelope           jsonb       not null,
  created_at         timestamptz not null,
  primary key (tenant_id, channel_id, po_number)
);
create index x12_purchase_orders_order on x12_purchase_orders (tenant_id, order_id);
