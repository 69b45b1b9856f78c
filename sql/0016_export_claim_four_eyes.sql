-- 0016: a one-time export link is spent only by a download that was sent
-- completely (R8.3).  A download claims the link first (claim: a random
-- value of that download, claimed_at: when), so two parallel downloads
-- cannot both run; a download whose stream breaks releases its claim and
-- the link stays usable; a complete one sets status 'downloaded'.  A claim
-- older than Export.ClaimMinutes (a worker that died mid-stream) may be
-- taken over by the next download.
ALTER TABLE export_request
  ADD COLUMN claim CHAR(32) NULL AFTER downloaded_at,
  ADD COLUMN claimed_at DATETIME(6) NULL AFTER claim;

-- Four-eyes on technical agreements (R8.5): the deal timeline's event kinds
-- grow to change_confirmed_tech_agreement (31 characters).
ALTER TABLE deal_event MODIFY kind VARCHAR(40) NOT NULL;

-- Which deal changes need four-eyes, set on /admin/four-eyes (admin.config).
-- One row per setting; without the row the config file's FourEyes.Types
-- holds.  types: a comma list of quote, key_contact, tech_agreement (may
-- be empty: none).
CREATE TABLE four_eyes_setting (
  id          TINYINT UNSIGNED NOT NULL PRIMARY KEY,
  types       VARCHAR(200) NOT NULL,
  updated_by  INT UNSIGNED NOT NULL,
  updated_at  DATETIME(6)  NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
