-- 0018: credibility checks (R5.2).
-- A credibility flag is raised by activity_record() (reason 'repeat': more
-- than Credibility.RepeatMax actions of one kind by one person on one
-- customer — or lead without a customer — in 24 h; 'burst': more than
-- Credibility.BurstMax entries by one person from one address within 60 s)
-- or by the credibility_ratio job (reason 'ratio': recorded vs verifiable
-- actions over 30 days below 0.7).  While a repeat/burst flag is open, the
-- person's further entries on that customer are refused; a manager's review
-- (cleared or confirmed) lifts it and restarts the counting window.
-- Flags are reviewed once by UPDATE, never deleted.
CREATE TABLE credibility_flag (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id       INT UNSIGNED NOT NULL,
  customer_id   BIGINT UNSIGNED NULL,
  lead_id       BIGINT UNSIGNED NULL,
  kind          VARCHAR(30)  NULL,
  reason        VARCHAR(20)  NOT NULL,
  activity_id   BIGINT UNSIGNED NULL,
  source_ip     VARCHAR(45)  NULL,
  window_from   DATETIME(6)  NULL,
  recorded      INT UNSIGNED NULL,
  verifiable    INT UNSIGNED NULL,
  dedup_key     VARCHAR(80)  NULL,
  created_at    DATETIME(6)  NOT NULL,
  status        ENUM('open','cleared','confirmed') NOT NULL DEFAULT 'open',
  reviewed_by   INT UNSIGNED NULL,
  reviewed_at   DATETIME(6)  NULL,
  review_note   VARCHAR(500) NULL,
  UNIQUE KEY u_cred_dedup (dedup_key),
  KEY k_cred_user (user_id, status),
  KEY k_cred_status (status, id),
  CONSTRAINT fk_cred_user FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO role_capability (role_id, cap)
SELECT r.id, 'credibility.review' FROM role r
WHERE r.code IN ('team_lead', 'regional_manager', 'sales_director', 'ops_admin');

-- Complaint keywords (R7.4).  Admin-managed PCRE2 patterns, run over the
-- text of every visit record (core need, next step, details) when it is
-- saved; a match marks the customer process-sensitive.
CREATE TABLE complaint_pattern (
  id          INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  pattern     VARCHAR(200) NOT NULL,
  label       VARCHAR(100) NOT NULL,
  active      TINYINT(1)   NOT NULL DEFAULT 1,
  created_by  INT UNSIGNED NULL,
  created_at  DATETIME(6)  NOT NULL,
  UNIQUE KEY u_complaint_pattern (pattern)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

INSERT INTO complaint_pattern (pattern, label, created_at) VALUES
  ('找不到人', '找不到人', UTC_TIMESTAMP(6)),
  ('重复解释', '重复解释', UTC_TIMESTAMP(6)),
  ('等(?:了)?太久', '等太久', UTC_TIMESTAMP(6));

-- One row per process-sensitive customer: the latest match, and whether the
-- service commitment has been confirmed since.  While confirmed_at is NULL
-- every forward move of the customer's open deals is locked (dealrule.c:
-- ServiceCommitment).  A later match sets it back to NULL.
CREATE TABLE customer_sensitivity (
  customer_id   BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  pattern_id    INT UNSIGNED NULL,
  label         VARCHAR(100) NOT NULL,
  activity_id   BIGINT UNSIGNED NULL,
  matched_by    INT UNSIGNED NULL,
  matched_at    DATETIME(6)  NOT NULL,
  confirmed_at  DATETIME(6)  NULL,
  confirmed_by  INT UNSIGNED NULL,
  commitment    VARCHAR(500) NULL,
  CONSTRAINT fk_sens_customer FOREIGN KEY (customer_id) REFERENCES customer (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Customer grading (R7.1–R7.3).  grade_config: the weights and thresholds
-- (one row, /admin/grading).  customer_potential: the potential signal an
-- admin enters or imports (0–100).  customer_score: each customer's latest
-- run (dimensions, score, target) and the pending change (candidate, runs:
-- a grade changes when the target differs on 2 consecutive runs);
-- idle_task_for keys the one task per 90-day silence.  grade_history: every
-- change (append-only); grade_run: every run.
CREATE TABLE grade_config (
  id           TINYINT UNSIGNED NOT NULL PRIMARY KEY,
  w_base       DECIMAL(6,2) NOT NULL,
  w_activity   DECIMAL(6,2) NOT NULL,
  w_potential  DECIMAL(6,2) NOT NULL,
  a_min        DECIMAL(5,1) NOT NULL,
  b_min        DECIMAL(5,1) NOT NULL,
  c_min        DECIMAL(5,1) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
INSERT INTO grade_config VALUES (1, 0.40, 0.35, 0.25, 75.0, 55.0, 35.0);

CREATE TABLE customer_potential (
  customer_id  BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  score        TINYINT UNSIGNED NOT NULL,
  note         VARCHAR(200) NULL,
  updated_by   INT UNSIGNED NULL,
  updated_at   DATETIME(6)  NOT NULL,
  CONSTRAINT fk_potential_customer FOREIGN KEY (customer_id) REFERENCES customer (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE grade_run (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  started_at   DATETIME(6)  NOT NULL,
  forced       TINYINT(1)   NOT NULL DEFAULT 0,
  customers    INT UNSIGNED NULL,
  changed      INT UNSIGNED NULL,
  tasks        INT UNSIGNED NULL,
  duration_ms  INT UNSIGNED NULL,
  KEY k_grade_run_at (started_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE customer_score (
  customer_id          BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  grade                CHAR(1)       NULL,
  base                 DECIMAL(5,1)  NOT NULL,
  activity             DECIMAL(5,1)  NOT NULL,
  potential            DECIMAL(5,1)  NOT NULL,
  score                DECIMAL(5,1)  NOT NULL,
  target               CHAR(1)       NOT NULL,
  candidate            CHAR(1)       NULL,
  runs                 TINYINT UNSIGNED NOT NULL DEFAULT 0,
  last_interaction_at  DATETIME(6)   NULL,
  idle_task_for        DATETIME(6)   NULL,
  run_id               BIGINT UNSIGNED NOT NULL,
  computed_at          DATETIME(6)   NOT NULL,
  KEY k_score_run (run_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE grade_history (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  customer_id BIGINT UNSIGNED NOT NULL,
  run_id      BIGINT UNSIGNED NOT NULL,
  old_grade   CHAR(1)      NULL,
  new_grade   CHAR(1)      NOT NULL,
  score       DECIMAL(5,1) NOT NULL,
  at          DATETIME(6)  NOT NULL,
  KEY k_grade_hist_customer (customer_id, id),
  KEY k_grade_hist_run (run_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
