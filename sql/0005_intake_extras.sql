-- 0005: server secrets (signing public-form timestamps), made once at install;
CREATE TABLE app_secret (
  name   VARCHAR(40) NOT NULL PRIMARY KEY,
  value  BINARY(32)  NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
INSERT INTO app_secret (name, value) VALUES ('form', RANDOM_BYTES(32));

-- Customer grade (A/B/C/D); computed by the grading job later, shown now.
ALTER TABLE customer ADD COLUMN grade CHAR(1) NULL AFTER industry;
