-- Whether an order's address still needs someone to check it is its active `address_review` hold
-- (ADR 0025/0027), not a flag capture wrote once: the flag never cleared when the hold was
-- released, and nothing read it or its index. What capture found stays in address_checks.
drop index if exists order_checks_address_review;
alter table order_checks drop column if exists needs_address_review;
