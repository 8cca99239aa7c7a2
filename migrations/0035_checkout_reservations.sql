-- One word, one meaning (ADR 0015): what POST /v1/reservations creates is a checkout
-- reservation, "hold" names only an order on hold. The table and the owner column follow; the
-- data, the constraints' meaning and the ids (`hld_…`, part of the public API) stay as they are.
-- A rename keeps the rows, indexes and constraints (PostgreSQL rewrites the constraints' column
-- references itself); only their names change here.
alter table stock_holds rename to checkout_reservations;
alter table checkout_reservations rename constraint stock_holds_pkey to checkout_reservations_pkey;
alter table checkout_reservations rename constraint stock_holds_consumed_by_order to checkout_reservations_consumed_by_order;
alter table checkout_reservations rename constraint stock_holds_quantity_check to checkout_reservations_quantity_check;
alter table checkout_reservations rename constraint stock_holds_status_check to checkout_reservations_status_check;
alter index stock_holds_expiry rename to checkout_reservations_expiry;

alter table reservations rename column hold_id to checkout_reservation_id;
alter index reservations_hold rename to reservations_checkout_reservation;
