-- The satisfaction survey after delivery (issue 16 §2, ADR 0037): one answer per order, the 0–10
-- "how likely are you to recommend" score (NPS) and an optional comment. The link is signed over
-- (tenant, order, expiry) and stored nowhere: this table holds answers only. A second answer
-- through the link replaces the first (score, comment, answered_at; `answers` counts them), so
-- the NPS counts each order once. The channel and the order's name are copied from the order when
-- answered (modules refer to each other by id; the metric groups by channel without a join).
-- Customer erasure blanks the comment and keeps the score (erased_at says so).
create table survey_responses (
  tenant_id         text        not null,
  id                text        not null,
  order_id          text        not null,
  order_name        text        not null,
  channel           text        not null,
  score             smallint    not null check (score between 0 and 10),
  comment           text        check (char_length(comment) between 1 and 2000),
  answers           integer     not null default 1 check (answers >= 1),
  first_answered_at timestamptz not null,
  answered_at       timestamptz not null,
  erased_at         timestamptz,
  primary key (tenant_id, id),
  unique (tenant_id, order_id)
);

-- The NPS over a period (GET /v1/nps) and the list filtered by period (GET /v1/survey-responses).
create index survey_responses_by_time on survey_responses (tenant_id, answered_at);
