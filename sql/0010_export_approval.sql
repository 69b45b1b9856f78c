-- 0010: export approval (R8.3), permission escalation and its circuit
-- breaker (R8.4), emergency takeover (R8.6), permission health (R8.7).

-- A takeover freezes the departing person's sensitive operations (export,
-- reveal) without ending their account: user.c drops those capabilities
-- while this is set.
ALTER TABLE users ADD COLUMN ops_frozen_at DATETIME(6) NULL;

-- An export starts as a request: what (kind, columns, filter), why, the
-- preview the requester saw (rows, sensitive values per column, latest
-- change), and who must approve it.  Approval sets a one-time token and an
-- expiry; the first download spends it (status 'downloaded').
CREATE TABLE export_request (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  requester_id    INT UNSIGNED NOT NULL,
  approver_id     INT UNSIGNED NOT NULL,
  kind            VARCHAR(20)  NOT NULL,
  export_columns  VARCHAR(500) NOT NULL,
  f_q             VARCHAR(200) NULL,
  f_region        INT UNSIGNED NULL,
  f_owner_me      TINYINT(1)   NOT NULL DEFAULT 0,
  f_status        VARCHAR(20)  NULL,
  f_from          DATE         NULL,
  f_to            DATE         NULL,
  reason          VARCHAR(200) NOT NULL,
  row_count       INT UNSIGNED NOT NULL,
  sensitive_counts VARCHAR(500) NOT NULL DEFAULT '',
  latest_change   DATETIME(6)  NULL,
  status          ENUM('pending','approved','rejected','downloaded') NOT NULL DEFAULT 'pending',
  decided_at      DATETIME(6)  NULL,
  decision_reason VARCHAR(200) NULL,
  token           CHAR(64)     NULL,
  expires_at      DATETIME(6)  NULL,
  downloaded_at   DATETIME(6)  NULL,
  created_at      DATETIME(6)  NOT NULL,
  KEY k_export_requester (requester_id, id),
  KEY k_export_approver (approver_id, status, id),
  CONSTRAINT fk_export_requester FOREIGN KEY (requester_id) REFERENCES users (id),
  CONSTRAINT fk_export_approver FOREIGN KEY (approver_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A request for a capability, a wider read scope or one more region to
-- read, for some days.  An approved row is a grant until expires_at; user.c
-- adds live grants when it loads a person.
CREATE TABLE permission_request (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id         INT UNSIGNED NOT NULL,
  kind            ENUM('cap','scope','region') NOT NULL,
  cap             VARCHAR(40)  NULL,
  scope           VARCHAR(10)  NULL,
  region_id       INT UNSIGNED NULL,
  days            SMALLINT UNSIGNED NOT NULL,
  reason          VARCHAR(200) NOT NULL,
  approver_id     INT UNSIGNED NULL,
  status          ENUM('pending','approved','refused','revoked') NOT NULL DEFAULT 'pending',
  decided_by      INT UNSIGNED NULL,
  decided_at      DATETIME(6)  NULL,
  decision_reason VARCHAR(200) NULL,
  expires_at      DATETIME(6)  NULL,
  created_at      DATETIME(6)  NOT NULL,
  KEY k_preq_user (user_id, created_at),
  KEY k_preq_approver (approver_id, status, id),
  KEY k_preq_live (user_id, status, expires_at),
  CONSTRAINT fk_preq_user FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Alerts for the security role (security.alerts).  While an unresolved
-- 'escalation_burst' alert names a person, their escalation requests are
-- paused.
CREATE TABLE security_alert (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  kind         VARCHAR(30)  NOT NULL,
  user_id      INT UNSIGNED NOT NULL,
  detail       VARCHAR(200) NOT NULL,
  created_at   DATETIME(6)  NOT NULL,
  resolved_at  DATETIME(6)  NULL,
  resolved_by  INT UNSIGNED NULL,
  KEY k_alert_user (user_id, resolved_at),
  KEY k_alert_open (resolved_at, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO role_capability (role_id, cap)
SELECT r.id, c.cap FROM role r JOIN (
  SELECT 'team_lead' AS role, 'escalation.approve' AS cap UNION ALL
  SELECT 'regional_manager', 'escalation.approve' UNION ALL
  SELECT 'sales_director', 'escalation.approve' UNION ALL
  SELECT 'sysadmin', 'escalation.approve' UNION ALL
  SELECT 'regional_manager', 'takeover.run' UNION ALL
  SELECT 'sales_director', 'takeover.run' UNION ALL
  SELECT 'sysadmin', 'takeover.run' UNION ALL
  SELECT 'sysadmin', 'security.alerts' UNION ALL
  SELECT 'sysadmin', 'health.read' UNION ALL
  SELECT 'auditor', 'health.read'
) c ON c.role = r.code;
