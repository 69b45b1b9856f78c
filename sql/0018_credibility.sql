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
