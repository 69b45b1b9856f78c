-- 0024: the dashboard's heat maps at scale (issue 9).  Per metric, rep,
-- region and ISO week (Monday, UTC) the sum and count the map shows, kept by
-- cgi/heat.c: the scheduler's heat_refresh job (the current week recomputed
-- each pass, past weeks final; the whole 8 weeks rebuilt once a day) and the
-- page itself, which first recomputes the cells of the rows changed since the
-- last refresh (so an answer given a second ago is on the map).
--   first:     leads by their owner and region, week of the lead's arrival:
--              sum = minutes to the first response, n = answered leads
--   proposal:  deals by owner and region, week of the deal's first proposal:
--              sum = minutes from the deal's opening, n = deals
--   objection: price objections by the rep (region 0: the rep's region is
--              read from users), week of the entry: sum = objections,
--              n = distinct customers (or leads) they were raised on
CREATE TABLE heat_week (
  metric     VARCHAR(12)     NOT NULL,
  owner_id   INT UNSIGNED    NOT NULL,
  region_id  INT UNSIGNED    NOT NULL,
  week       DATE            NOT NULL,
  vsum       BIGINT          NOT NULL,
  n          INT UNSIGNED    NOT NULL,
  PRIMARY KEY (metric, week, owner_id, region_id),
  KEY k_heat_owner (metric, owner_id, week)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- How far each metric's summary reaches: leads changed (updated_at) before
-- upto_at, activities up to upto_id; built_on: the day of the last full
-- rebuild.
CREATE TABLE heat_mark (
  metric     VARCHAR(12)     NOT NULL PRIMARY KEY,
  upto_id    BIGINT UNSIGNED NOT NULL DEFAULT 0,
  upto_at    DATETIME(6)     NOT NULL,
  built_on   DATE            NULL,
  refreshed_at DATETIME(6)   NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Each deal's first proposal after its opening (the deal owner's
-- sent_proposal on the deal's customer), kept from new activities.
CREATE TABLE heat_first_proposal (
  deal_id    BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  first_at   DATETIME(6)     NOT NULL,
  KEY k_hfp_at (first_at, deal_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Which leads changed since the last refresh (an answer, a new owner), and
-- one window's answered leads read from the index alone (the current window
-- is recomputed every minute: at 1,000,000 leads it holds ~80,000).
ALTER TABLE lead
  ADD KEY k_lead_updated (updated_at),
  ADD KEY k_lead_heat_window (created_at, owner_id, region_id, first_response_at),
  -- /dashboard/me's SLA line (a rep's leads of 30 days: answered late or
  -- waiting past due) and one rep's heat cell from the index alone
  ADD KEY k_lead_sla_owner (owner_id, created_at, first_response_at, sla_due_at, region_id);
-- A window's price objections from the index alone; a new proposal's deals
-- (the customer's deals of the proposal's author) without reading the
-- customer's other deals.
ALTER TABLE activity ADD KEY k_activity_heat (kind, at, user_id, customer_id, lead_id);
ALTER TABLE deal ADD KEY k_deal_customer_owner (customer_id, owner_id, created_at);
