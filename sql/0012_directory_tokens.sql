-- 0012: directory sign-in (issue 11) and personal access tokens for the
-- staff JSON API.

-- Where an account signs in: 'local' (its own password_hash) or
-- 'directory' (a bind against LDAP.URI; password_hash holds no usable hash).
-- directory_dn is the entry the last directory sign-in bound as, and
-- directory_group the group that gave the role.
ALTER TABLE users
  ADD COLUMN auth_source     ENUM('local','directory') NOT NULL DEFAULT 'local',
  ADD COLUMN directory_dn    VARCHAR(512) NULL,
  ADD COLUMN directory_group VARCHAR(512) NULL;

-- Personal access tokens: "Authorization: Bearer sgp_<prefix>_<secret>" on
-- /api/v1/.  Only a SHA-256 of the whole token is kept; the prefix (shown
-- in lists and the audit log) identifies it.  A token acts as its owner:
-- the owner's role, scopes, field policies, status; freezing the owner
-- stops every token at once.
CREATE TABLE api_token (
  id            INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id       INT UNSIGNED NOT NULL,
  name          VARCHAR(100) NOT NULL,
  prefix        CHAR(8)      NOT NULL,
  token_hash    CHAR(64)     NOT NULL UNIQUE,
  created_at    DATETIME(6)  NOT NULL,
  expires_at    DATETIME(6)  NULL,
  last_used_at  DATETIME(6)  NULL,
  last_used_ip  VARCHAR(45)  NULL,
  revoked_at    DATETIME(6)  NULL,
  KEY k_token_user (user_id, revoked_at),
  CONSTRAINT fk_token_user FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
