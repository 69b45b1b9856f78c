-- 0008: field policies — who may see a field's clear value, and what everyone
-- else sees instead (R8.2).  Every output path asks cgi/policy.c.
--
-- Visible when: not `nobody`, and either the viewer's role is in
-- allow_roles, or (the condition, if any, holds) and (no person rule is set,
-- or one of them matches: the record's owner, the owner's direct superior,
-- any manager above the owner).
CREATE TABLE field_policy (
  id                     INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  object                 VARCHAR(20)  NOT NULL,
  field                  VARCHAR(40)  NOT NULL,
  allow_owner            TINYINT(1)   NOT NULL DEFAULT 0,
  allow_direct_superior  TINYINT(1)   NOT NULL DEFAULT 0,
  allow_managers_above   TINYINT(1)   NOT NULL DEFAULT 0,
  allow_roles            VARCHAR(200) NOT NULL DEFAULT '',
  allow_condition        VARCHAR(20)  NULL,
  nobody                 TINYINT(1)   NOT NULL DEFAULT 0,
  mask_style             VARCHAR(20)  NOT NULL,
  custom_pattern         VARCHAR(200) NULL,
  custom_replacement     VARCHAR(200) NULL,
  revealable             TINYINT(1)   NOT NULL DEFAULT 0,
  updated_at             DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  UNIQUE KEY u_policy (object, field)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO field_policy (object, field, allow_owner, allow_direct_superior,
  allow_managers_above, allow_roles, allow_condition, mask_style, revealable) VALUES
  -- contact phones: the owner and the direct superior (others see 138****1234)
  ('lead',     'phone',        1, 1, 0, '', NULL, 'phone', 1),
  ('customer', 'phone',        1, 1, 0, '', NULL, 'phone', 1),
  ('contact',  'phone',        1, 1, 0, '', NULL, 'phone', 1),
  -- e-mail: the owner and everyone above them
  ('lead',     'email',        1, 1, 1, '', NULL, 'email', 1),
  ('customer', 'email',        1, 1, 1, '', NULL, 'email', 1),
  ('contact',  'email',        1, 1, 1, '', NULL, 'email', 1),
  -- budget: only once the deal is signed (finance always)
  ('customer', 'budget',       0, 0, 0, 'finance', 'signed', 'amount_band', 0),
  ('deal',     'amount',       0, 0, 0, 'finance', 'signed', 'amount_band', 0),
  -- bank details: finance only
  ('customer', 'bank_account', 0, 0, 0, 'finance', NULL, 'hide', 0),
  -- decision-chain notes: the owner and the managers above
  ('contact',  'title',        1, 1, 1, '', NULL, 'hide', 0);

-- Reveal requests are rate-limited per person; each is in the audit log too.
CREATE TABLE field_reveal (
  id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id    INT UNSIGNED NOT NULL,
  object     VARCHAR(20)  NOT NULL,
  object_id  BIGINT UNSIGNED NOT NULL,
  field      VARCHAR(40)  NOT NULL,
  reason     VARCHAR(200) NOT NULL,
  at         DATETIME(6)  NOT NULL,
  KEY k_reveal_user (user_id, at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
