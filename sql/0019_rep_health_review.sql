-- 0019: issue 9 (second part) — the rep's dashboard, process health, the
-- rep funnel-health score (R10.3), review action items (R10.4) and the
-- self-check questionnaire (R10.5).

-- "Customer temporarily unreachable" (R10.3): while a pause is open the deal
-- does not count against its rep's health score; remind_at (14 days on) is
-- when the scheduler reminds the rep to look again (once: reminded_at).
CREATE TABLE deal_pause (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  deal_id      BIGINT UNSIGNED NOT NULL,
  user_id      INT UNSIGNED NOT NULL,
  reason       VARCHAR(200) NOT NULL,
  started_at   DATETIME(6)  NOT NULL,
  remind_at    DATETIME(6)  NOT NULL,
  ended_at     DATETIME(6)  NULL,
  reminded_at  DATETIME(6)  NULL,
  KEY k_pause_deal (deal_id, ended_at),
  KEY k_pause_remind (reminded_at, remind_at),
  CONSTRAINT fk_pause_deal FOREIGN KEY (deal_id) REFERENCES deal (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The weekly funnel-health score per rep, kept by the rep_health job (one
-- row per rep and ISO week, recomputed during the week).
CREATE TABLE rep_health (
  user_id       INT UNSIGNED NOT NULL,
  period        CHAR(8)      NOT NULL,
  score         TINYINT UNSIGNED NOT NULL,
  stage_part    TINYINT UNSIGNED NOT NULL,
  task_part     TINYINT UNSIGNED NOT NULL,
  contact_part  TINYINT UNSIGNED NOT NULL,
  open_deals    INT UNSIGNED NOT NULL,
  paused_deals  INT UNSIGNED NOT NULL,
  computed_at   DATETIME(6)  NOT NULL,
  PRIMARY KEY (user_id, period),
  KEY k_health_period (period, score)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Review action items (R10.4): owner, due date, acceptance criterion; closed
-- once, with evidence.
CREATE TABLE review_action (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  title        VARCHAR(200) NOT NULL,
  owner_id     INT UNSIGNED NOT NULL,
  due_date     DATE         NOT NULL,
  criterion    VARCHAR(500) NOT NULL,
  source       VARCHAR(200) NULL,
  status       ENUM('open','closed') NOT NULL DEFAULT 'open',
  evidence     TEXT         NULL,
  created_by   INT UNSIGNED NOT NULL,
  created_at   DATETIME(6)  NOT NULL,
  closed_by    INT UNSIGNED NULL,
  closed_at    DATETIME(6)  NULL,
  KEY k_action_owner (owner_id, status, due_date),
  KEY k_action_status (status, due_date, id),
  CONSTRAINT fk_action_owner FOREIGN KEY (owner_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The 10-item self-check (R10.5): one row per filled questionnaire, the ten
-- answers (1–5) as ten digits.  A record: added, never changed.
CREATE TABLE self_check (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id     INT UNSIGNED NOT NULL,
  answers     CHAR(10)     NOT NULL,
  total       TINYINT UNSIGNED NOT NULL,
  created_at  DATETIME(6)  NOT NULL,
  KEY k_selfcheck_user (user_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Indexes the dashboards read by: the heat maps by activity kind and time,
-- a rep's leads by arrival, a rep's tasks by completion, the timeline by kind.
ALTER TABLE activity ADD KEY k_activity_kind_at (kind, at, user_id);
ALTER TABLE lead ADD KEY k_lead_owner_created (owner_id, created_at);
ALTER TABLE task ADD KEY k_task_assignee_done (assignee_id, done_at);
ALTER TABLE deal ADD KEY k_deal_owner_status (owner_id, status, pipeline_id);
