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
