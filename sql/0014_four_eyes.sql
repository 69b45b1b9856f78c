-- 0014: four-eyes confirmation (R8.5).  A change of a configured type
-- (FourEyes.Types: quote = the deal amount, key_contact = a contact of the
-- deal's customer marked or unmarked as key) is kept here as pending until
-- a second person with deal.approve, not the author, confirms it; until then
-- the deal and contact rows keep the old value, so the action locks
-- evaluate the old value.  Rows are decided once and never deleted.
CREATE TABLE pending_change (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  deal_id       BIGINT UNSIGNED NOT NULL,
  kind          VARCHAR(20)  NOT NULL,
  contact_id    BIGINT UNSIGNED NULL,
  old_value     VARCHAR(40)  NULL,
  new_value     VARCHAR(40)  NULL,
  author_id     INT UNSIGNED NOT NULL,
  status        ENUM('pending','confirmed','rejected') NOT NULL DEFAULT 'pending',
  decided_by    INT UNSIGNED NULL,
  comment       VARCHAR(500) NULL,
  created_at    DATETIME(6)  NOT NULL,
  decided_at    DATETIME(6)  NULL,
  KEY k_change_deal (deal_id, status),
  CONSTRAINT fk_change_deal FOREIGN KEY (deal_id) REFERENCES deal (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
