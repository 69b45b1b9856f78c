-- 0026: the audit chain is sealed after the fact (issue 10, form POST
-- throughput).  Until now every audited write took the chain's head row
-- FOR UPDATE inside its own transaction and held it to its commit: every
-- audited transaction in the system committed one after another (the form
-- POST stopped at ~230/s with the disk good for ~1,200 serial commits/s).
--
-- Now a write only appends its row to audit_log (AUTO_INCREMENT id) and
-- notes it in audit_pending, in its own transaction, taking no shared lock.
-- A sealer (the worker after its answer is sent, the scheduler, the CLI,
-- and every verify first) takes audit_head, hashes the waiting rows in id
-- order onto the chain and records each in audit_seal: seq is the row's
-- place in the chain, prev_hash/hash as before (SHA-256 over the previous
-- hash and the row's canonical bytes, its audit id included).
--
-- The rows written so far keep their hashes: they become seals with
-- seq = id, so the chain verifies unchanged across this migration.
CREATE TABLE audit_seal (
  seq        BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  audit_id   BIGINT UNSIGNED NOT NULL,
  prev_hash  CHAR(64) NOT NULL,
  hash       CHAR(64) NOT NULL,
  UNIQUE KEY k_seal_audit (audit_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE audit_pending (
  audit_id   BIGINT UNSIGNED NOT NULL PRIMARY KEY
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO audit_seal (seq, audit_id, prev_hash, hash)
  SELECT id, id, prev_hash, hash FROM audit_log ORDER BY id;

ALTER TABLE audit_log
  MODIFY id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  DROP COLUMN prev_hash,
  DROP COLUMN hash;
