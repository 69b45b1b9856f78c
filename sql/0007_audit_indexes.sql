-- 0007: the auditor's view (R9.3).
--
-- The audit list pages newest first by id (keyset: id < ? ORDER BY id DESC
-- LIMIT 51).  An index whose last column is id hands those rows over in
-- order for one filter value, so a page costs the same at row 10 and at row
-- 10,000,000; the (…, at) indexes of 0002 would sort every matching row.
-- Person and action together have their own: with one index each, the
-- planner intersects both (every login.* row and every row of the person)
-- and sorts the result.
ALTER TABLE audit_log
  ADD KEY k_audit_actor_id (actor_id, id),
  ADD KEY k_audit_action_id (action, id),
  ADD KEY k_audit_actor_action_id (actor_id, action, id),
  ADD KEY k_audit_ip_id (actor_ip, id),
  ADD KEY k_audit_object_type_id (object_type, id);

-- Each "verify now" on /audit: who ran it, when, how far the chain held.
-- ok = 1: rows 1..rows_checked are intact and end where audit_head says;
-- ok = 0: bad_id is the first row that does not fit, message says how.
CREATE TABLE audit_verification (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  at            DATETIME(6)     NOT NULL,
  user_id       INT UNSIGNED    NULL,
  rows_checked  BIGINT UNSIGNED NOT NULL,
  ok            TINYINT(1)      NOT NULL,
  bad_id        BIGINT UNSIGNED NULL,
  message       VARCHAR(255)    NULL,
  CONSTRAINT fk_audit_verification_user FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
