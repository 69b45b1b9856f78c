-- 0011: lead routing (R2), the scheduler's record, notifications (R12),
-- working-time calendar for SLA clocks.

-- A routing rule: conditions (NULL = any), a target and a strategy.
-- Rules are tried by priority (smallest first); the first one that places
-- the lead wins, a rule whose targets are all ineligible falls through.
CREATE TABLE routing_rule (
  id              INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name            VARCHAR(100) NOT NULL,
  priority        INT NOT NULL DEFAULT 100,
  active          TINYINT(1)   NOT NULL DEFAULT 1,
  cond_region_id  INT UNSIGNED NULL,
  cond_industry   VARCHAR(40)  NULL,
  cond_channel_id INT UNSIGNED NULL,
  cond_tier       ENUM('high','medium','low') NULL,
  cond_hour_from  TINYINT UNSIGNED NULL,   -- local time, [from, to), may wrap midnight
  cond_hour_to    TINYINT UNSIGNED NULL,
  target_kind     ENUM('user','team','pool') NOT NULL,
  target_user_id  INT UNSIGNED NULL,
  target_team_id  INT UNSIGNED NULL,
  strategy        ENUM('direct','round_robin','least_loaded','new_hire','weighted') NOT NULL,
  w_speed         DECIMAL(3,2) NOT NULL DEFAULT 0.40,
  w_conversion    DECIMAL(3,2) NOT NULL DEFAULT 0.35,
  w_load          DECIMAL(3,2) NOT NULL DEFAULT 0.25,
  rr_last_user_id INT UNSIGNED NULL,       -- round robin cursor
  created_at      DATETIME(6)  NOT NULL,
  updated_at      DATETIME(6)  NOT NULL,
  KEY k_rule_priority (active, priority, id),
  CONSTRAINT fk_rule_region FOREIGN KEY (cond_region_id) REFERENCES region (id),
  CONSTRAINT fk_rule_channel FOREIGN KEY (cond_channel_id) REFERENCES channel (id),
  CONSTRAINT fk_rule_user FOREIGN KEY (target_user_id) REFERENCES users (id),
  CONSTRAINT fk_rule_team FOREIGN KEY (target_team_id) REFERENCES team (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Every routing decision ("why this person"): which rule fired (NULL when
-- none could place the lead), the outcome and a reason code.
CREATE TABLE routing_decision (
  id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  lead_id    BIGINT UNSIGNED NOT NULL,
  rule_id    INT UNSIGNED NULL,
  owner_id   INT UNSIGNED NULL,
  outcome    ENUM('assigned','unassigned') NOT NULL,
  reason     VARCHAR(40)  NOT NULL,
  via        VARCHAR(20)  NOT NULL,        -- create / retry
  failed_rules VARCHAR(200) NULL,          -- rules that matched but could not place it
  at         DATETIME(6)  NOT NULL,
  KEY k_decision_lead (lead_id, id),
  KEY k_decision_at (at),
  KEY k_decision_rule (rule_id, at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The candidates each decision looked at, with their scores and why each
-- one was skipped.
CREATE TABLE routing_candidate (
  decision_id  BIGINT UNSIGNED NOT NULL,
  rule_id      INT UNSIGNED NOT NULL,
  user_id      INT UNSIGNED NOT NULL,
  skip_reason  VARCHAR(20)  NULL,
  load_now     INT UNSIGNED NOT NULL,
  load_cap     INT UNSIGNED NOT NULL,
  score_speed  DECIMAL(5,1) NOT NULL,
  score_conv   DECIMAL(5,1) NOT NULL,
  score_load   DECIMAL(5,1) NOT NULL,
  score_total  DECIMAL(5,1) NOT NULL,
  chosen       TINYINT(1)   NOT NULL DEFAULT 0,
  PRIMARY KEY (decision_id, rule_id, user_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Leads no rule could place: visible, with the reason, retried by the
-- scheduler; a row leaves when the lead gets an owner.
CREATE TABLE routing_queue (
  lead_id      BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  reason       VARCHAR(40)  NOT NULL,
  attempts     INT UNSIGNED NOT NULL DEFAULT 1,
  queued_at    DATETIME(6)  NOT NULL,
  last_try_at  DATETIME(6)  NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Per-rep scores for the weighted match, recomputed every 2 hours.
CREATE TABLE routing_score (
  user_id         INT UNSIGNED NOT NULL PRIMARY KEY,
  avg_response_min DECIMAL(10,1) NULL,
  conversion_rate DECIMAL(5,4) NULL,
  score_speed     DECIMAL(5,1) NOT NULL,
  score_conv      DECIMAL(5,1) NOT NULL,
  computed_at     DATETIME(6)  NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The scheduler: one row per job run (what it did, how long, errors).
CREATE TABLE job_run (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  job          VARCHAR(40)  NOT NULL,
  host         VARCHAR(64)  NOT NULL,
  started_at   DATETIME(6)  NOT NULL,
  duration_ms  INT UNSIGNED NOT NULL,
  ok           TINYINT(1)   NOT NULL,
  summary      VARCHAR(200) NOT NULL,
  error        VARCHAR(500) NULL,
  KEY k_jobrun_job (job, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- In-app notifications.  dedup_key makes every alert exactly-once: a job
-- that runs twice, or two hosts, insert the same key and the second is a
-- no-op.
CREATE TABLE notification (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id      INT UNSIGNED NOT NULL,
  kind         VARCHAR(40)  NOT NULL,
  dedup_key    VARCHAR(120) NOT NULL,
  object_type  VARCHAR(40)  NULL,
  object_id    BIGINT UNSIGNED NULL,
  detail       VARCHAR(300) NULL,
  created_at   DATETIME(6)  NOT NULL,
  read_at      DATETIME(6)  NULL,
  UNIQUE KEY u_notification_dedup (user_id, dedup_key),
  KEY k_notification_unread (user_id, read_at, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Holidays (local dates) the working-time clocks skip.
CREATE TABLE holiday (
  day   DATE NOT NULL PRIMARY KEY,
  name  VARCHAR(100) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- When a lead got its current owner (the response clock of R2.4 starts here).
ALTER TABLE lead ADD COLUMN assigned_at DATETIME(6) NULL AFTER owner_id;
-- Routing counts each candidate's open leads at assignment time.
ALTER TABLE lead ADD KEY k_lead_owner_status (owner_id, status);

-- Outgoing notifications (R12): group-robot webhooks (WeCom, DingTalk) and
-- e-mail through the host's sendmail.  Every in-app alert that has a way
-- out gets one delivery row per way; the scheduler sends them with retries.
CREATE TABLE webhook (
  id          INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name        VARCHAR(100) NOT NULL,
  kind        ENUM('wecom','dingtalk') NOT NULL,
  url         VARCHAR(500) NOT NULL,
  kinds       VARCHAR(200) NOT NULL DEFAULT '',   -- alert kinds it receives, '' = all
  active      TINYINT(1)   NOT NULL DEFAULT 1,
  created_at  DATETIME(6)  NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE delivery (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  notification_id  BIGINT UNSIGNED NOT NULL,
  channel          VARCHAR(20)  NOT NULL,        -- email / wecom / dingtalk
  webhook_id       INT UNSIGNED NOT NULL DEFAULT 0,
  target           VARCHAR(500) NOT NULL,        -- address or URL (never shown to non-admins)
  status           ENUM('pending','sent','failed') NOT NULL DEFAULT 'pending',
  attempts         INT UNSIGNED NOT NULL DEFAULT 0,
  next_try_at      DATETIME(6)  NOT NULL,
  last_error       VARCHAR(300) NULL,
  sent_at          DATETIME(6)  NULL,
  created_at       DATETIME(6)  NOT NULL,
  UNIQUE KEY u_delivery (notification_id, channel, webhook_id),
  KEY k_delivery_due (status, next_try_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
