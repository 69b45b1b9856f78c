-- 0002: organisation, roles, sign-in sessions and the audit chain.

CREATE TABLE region (
  id    INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  code  VARCHAR(20)  NOT NULL UNIQUE,
  name  VARCHAR(100) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE team (
  id         INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name       VARCHAR(100) NOT NULL UNIQUE,
  region_id  INT UNSIGNED NULL,
  CONSTRAINT fk_team_region FOREIGN KEY (region_id) REFERENCES region (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A role is a set of capabilities plus the record scopes it reads and edits.
-- Its display name comes from the language files (Lang.Role.<code>).
CREATE TABLE role (
  id          INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  code        VARCHAR(40) NOT NULL UNIQUE,
  read_scope  ENUM('none','own','team','subtree','region','all') NOT NULL,
  edit_scope  ENUM('none','own','team','subtree','region','all') NOT NULL,
  sort        INT NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE role_capability (
  role_id  INT UNSIGNED NOT NULL,
  cap      VARCHAR(60)  NOT NULL,
  PRIMARY KEY (role_id, cap),
  CONSTRAINT fk_rc_role FOREIGN KEY (role_id) REFERENCES role (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE users (
  id                  INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  login               VARCHAR(40)  NOT NULL UNIQUE,
  display_name        VARCHAR(100) NOT NULL,
  password_hash       VARCHAR(255) NOT NULL,
  role_id             INT UNSIGNED NOT NULL,
  team_id             INT UNSIGNED NULL,
  region_id           INT UNSIGNED NULL,
  manager_id          INT UNSIGNED NULL,
  status              ENUM('active','frozen','departed') NOT NULL DEFAULT 'active',
  cert_no             VARCHAR(60)  NULL,
  cert_expires        DATE         NULL,
  hire_date           DATE         NULL,
  load_cap            SMALLINT UNSIGNED NOT NULL DEFAULT 35,
  lang                VARCHAR(5)   NOT NULL DEFAULT 'zh-CN',
  time_zone           VARCHAR(40)  NOT NULL DEFAULT 'Asia/Shanghai',
  email               VARCHAR(254) NULL,
  phone               VARCHAR(24)  NULL,
  password_changed_at DATETIME(6)  NULL,
  created_at          DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  updated_at          DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY k_users_manager (manager_id),
  KEY k_users_team (team_id),
  KEY k_users_region (region_id),
  CONSTRAINT fk_users_role FOREIGN KEY (role_id) REFERENCES role (id),
  CONSTRAINT fk_users_team FOREIGN KEY (team_id) REFERENCES team (id),
  CONSTRAINT fk_users_region FOREIGN KEY (region_id) REFERENCES region (id),
  CONSTRAINT fk_users_manager FOREIGN KEY (manager_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The manager chain as a closure: (ancestor, descendant, depth), depth 0 is
-- the person themself.  Rebuilt in the same transaction as any change to
-- manager_id, so "my subtree" is one indexed lookup.
CREATE TABLE user_tree (
  ancestor_id    INT UNSIGNED NOT NULL,
  descendant_id  INT UNSIGNED NOT NULL,
  depth          SMALLINT UNSIGNED NOT NULL,
  PRIMARY KEY (ancestor_id, descendant_id),
  KEY k_tree_desc (descendant_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Sign-in sessions.  Only a SHA-256 of the token is stored.
CREATE TABLE session (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  token_hash       CHAR(64)     NOT NULL UNIQUE,
  user_id          INT UNSIGNED NOT NULL,
  view_as_user_id  INT UNSIGNED NULL,
  ip               VARCHAR(45)  NOT NULL,
  user_agent       VARCHAR(255) NOT NULL DEFAULT '',
  created_at       DATETIME(6)  NOT NULL,
  last_seen_at     DATETIME(6)  NOT NULL,
  ended_at         DATETIME(6)  NULL,
  end_reason       VARCHAR(20)  NULL,
  KEY k_session_user (user_id, ended_at),
  CONSTRAINT fk_session_user FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Every sign-in attempt, for throttling (per login and per address).
CREATE TABLE login_attempt (
  id     BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  login  VARCHAR(40)  NOT NULL,
  ip     VARCHAR(45)  NOT NULL,
  at     DATETIME(6)  NOT NULL,
  ok     TINYINT(1)   NOT NULL,
  KEY k_attempt_login (login, at),
  KEY k_attempt_ip (ip, at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The audit log: append-only (the application account may INSERT and
-- SELECT, nothing else) and hash-chained: hash = SHA-256(prev_hash ||
-- canonical bytes of the row, id included).  Rows are numbered by the
-- writer (no gaps), under the lock on audit_head, so the chain never forks.
CREATE TABLE audit_log (
  id             BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  at             DATETIME(6)  NOT NULL,
  actor_id       INT UNSIGNED NULL,
  actor_login    VARCHAR(40)  NULL,
  actor_ip       VARCHAR(45)  NULL,
  session_hash   CHAR(16)     NULL,
  action         VARCHAR(60)  NOT NULL,
  object_type    VARCHAR(40)  NULL,
  object_id      BIGINT UNSIGNED NULL,
  field          VARCHAR(60)  NULL,
  before_value   TEXT         NULL,
  after_value    TEXT         NULL,
  request_id     VARCHAR(40)  NULL,
  prev_hash      CHAR(64)     NOT NULL,
  hash           CHAR(64)     NOT NULL,
  KEY k_audit_at (at),
  KEY k_audit_actor (actor_id, at),
  KEY k_audit_action (action, at),
  KEY k_audit_object (object_type, object_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE audit_head (
  id       TINYINT UNSIGNED NOT NULL PRIMARY KEY,
  last_id  BIGINT UNSIGNED NOT NULL,
  last_hash CHAR(64) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
INSERT INTO audit_head (id, last_id, last_hash)
  VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
