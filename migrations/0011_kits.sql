-- Kits (bundles): a product made of other products. A kit holds no stock of its own; an order
-- line for a kit is exploded at capture into component lines, which are what is reserved,
-- picked and shipped. Components are one level deep (a component is never itself a kit).
create table product_components (
  tenant_id     text not null,
  kit_sku       text not null,
  component_sku text not null,
  -- The order the components were given in (the first one takes a price allocation's remainder).
  position      int  not null check (position >= 0),
  quantity      int  not null check (quantity > 0),
  primary key (tenant_id, kit_sku, component_sku),
  constraint product_components_not_itself check (kit_sku <> component_sku)
);
-- "Which kits use this SKU?": refuses turning a component into a kit (no nesting).
create index product_components_component on product_components (tenant_id, component_sku, kit_sku);

-- A component line points at the customer's kit line it was exploded from; null otherwise.
alter table order_lines add column parent_line_id text;
-- A component line's share of its kit line's total (minor units): the shares of a kit line's
-- components add up exactly to that line's quantity × unit price. Null on other lines.
alter table order_lines add column price_share_minor bigint check (price_share_minor >= 0);
