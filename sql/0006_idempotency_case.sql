-- 0006: Idempotency-Key values are compared byte for byte ("ABC" is not "abc").
ALTER TABLE api_idempotency
  MODIFY idem_key VARCHAR(100) CHARACTER SET ascii COLLATE ascii_bin NOT NULL;
