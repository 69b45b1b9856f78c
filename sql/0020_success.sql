-- 0020: the customer-success journey (R11) — a CSM per customer, contracts
-- (made on a deal's close-won handoff, or entered), the success tasks and
-- renewal packages the scheduler makes from a contract's dates — and the
-- indexes the dashboards need at 1M leads / 200k deals / 5M activities.

-- The customer-success manager who looks after the customer after the sale.
ALTER TABLE customer
  ADD COLUMN csm_id INT UNSIGNED NULL,
  ADD KEY k_customer_csm (csm_id),
  ADD CONSTRAINT fk_customer_csm FOREIGN KEY (csm_id) REFERENCES users (id);

-- A contract: from a won deal (deal_id, once per deal) or entered by hand.
CREATE TABLE contract (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  customer_id  BIGINT UNSIGNED NOT NULL,
  deal_id      BIGINT UNSIGNED NULL,
  start_date   DATE NOT NULL,
  end_date     DATE NOT NULL,
  amount       DECIMAL(14,2) NULL,
  created_by   INT UNSIGNED NULL,
  created_at   DATETIME(6) NOT NULL,
  UNIQUE KEY u_contract_deal (deal_id),
  KEY k_contract_customer (customer_id, start_date),
  KEY k_contract_end (end_date),
  KEY k_contract_start (start_date),
  CONSTRAINT fk_contract_customer FOREIGN KEY (customer_id) REFERENCES customer (id),
  CONSTRAINT fk_contract_deal FOREIGN KEY (deal_id) REFERENCES deal (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The day-1 welcome plan and the day-30 health check of a contract: one of
-- each kind per contract (the unique key makes the scheduler idempotent).
CREATE TABLE success_task (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  contract_id  BIGINT UNSIGNED NOT NULL,
  kind         ENUM('welcome','health') NOT NULL,
  assignee_id  INT UNSIGNED NOT NULL,
  due_at       DATETIME(6) NOT NULL,
  status       ENUM('open','done') NOT NULL DEFAULT 'open',
  created_at   DATETIME(6) NOT NULL,
  done_at      DATETIME(6) NULL,
  UNIQUE KEY u_success_task (contract_id, kind),
  KEY k_success_task_assignee (assignee_id, status, due_at),
  CONSTRAINT fk_success_task_contract FOREIGN KEY (contract_id) REFERENCES contract (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- 90 days before a contract's expiry: the renewal package, prefilled from
-- the customer's record, then edited by the CSM or a manager above them.
CREATE TABLE renewal_package (
  contract_id     BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  history         TEXT NULL,
  satisfaction    TEXT NULL,
  competitors     TEXT NULL,
  talking_points  TEXT NULL,
  created_at      DATETIME(6) NOT NULL,
  updated_at      DATETIME(6) NOT NULL,
  updated_by      INT UNSIGNED NULL,
  CONSTRAINT fk_renewal_contract FOREIGN KEY (contract_id) REFERENCES contract (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A contract's amount is policed like a deal's: the customer's owner and
-- the managers above, finance and the CSMs in clear; everyone else a band.
INSERT INTO field_policy (object, field, allow_owner, allow_direct_superior,
  allow_managers_above, allow_roles, allow_condition, mask_style, revealable) VALUES
  ('contract', 'amount', 1, 1, 1, 'finance,csm', NULL, 'amount_band', 0);

-- contract.edit: enter a contract, name a customer's CSM.
-- success.scan: the monthly list of won customers whose success journey
-- never started.
INSERT INTO role_capability (role_id, cap)
SELECT r.id, c.cap FROM role r JOIN (
  SELECT 'csm' AS role, 'contract.edit' AS cap UNION ALL
  SELECT 'team_lead', 'contract.edit' UNION ALL
  SELECT 'regional_manager', 'contract.edit' UNION ALL
  SELECT 'sales_director', 'contract.edit' UNION ALL
  SELECT 'team_lead', 'success.scan' UNION ALL
  SELECT 'regional_manager', 'success.scan' UNION ALL
  SELECT 'sales_director', 'success.scan' UNION ALL
  SELECT 'ops_admin', 'success.scan'
) c ON c.role = r.code;

-- Dashboards at scale (issue 9): indexes for cgi/dashboard.c's queries,
-- chosen with EXPLAIN over 1M leads, 200k deals and 5M activities
-- (bench/gen-deals.sql; figures in docs/ARCHITECTURE.md, "Scale").
-- The funnel reads every deal of a pipeline in the reader's scope: covering,
-- so the scan never touches the rows (owner for subtree scopes, region for
-- region scopes, status/created_at/amount for the counts and the period).
ALTER TABLE deal ADD KEY k_deal_funnel (pipeline_id, stage_id, owner_id, region_id, status, created_at, amount);
-- "Reached" (MAX position per deal) and the stays' LEAD() over each deal's
-- stage entries: the moves of one deal, covering.
ALTER TABLE deal_event ADD KEY k_event_move (deal_id, kind, to_stage_id, at);
-- The heat map: answered leads of the last 8 weeks per owner (subtree/own
-- scopes) or per region (region scopes), covering.
ALTER TABLE lead
  ADD KEY k_lead_heat_owner (owner_id, created_at, first_response_at),
  ADD KEY k_lead_heat_region (region_id, created_at, owner_id, first_response_at);
