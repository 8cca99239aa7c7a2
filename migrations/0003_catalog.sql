create table products (
  tenant_id           text        not null,
  sku                 text        not null,
  name                text        not null,
  price_minor         bigint      not null check (price_minor >= 0),
  currency            char(3)     not null,
  weight_grams        int         check (weight_grams >= 0),
  length_mm           int         check (length_mm > 0),
  width_mm            int         check (width_mm > 0),
  height_mm           int         check (height_mm > 0),
  backorderable       boolean     not null default false,
  low_stock_threshold int         not null default 0 check (low_stock_threshold >= 0),
  gtin                text,
  created_at          timestamptz not null,
  updated_at          timestamptz not null,
  primary key (tenant_id, sku)
);
create index products_gtin on products (tenant_id, gtin) where gtin is not null;
