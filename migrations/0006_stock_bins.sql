-- Where a SKU sits in a location: a bin code (zone-aisle-bay-level, e.g. A-03-2-B), for pick paths.
alter table stock_levels add column bin text;
