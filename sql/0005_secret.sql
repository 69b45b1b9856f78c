-- Server secrets (signing public-form timestamps), made once at install.
CREATE TABLE app_secret (
  name   VARCHAR(40) NOT NULL PRIMARY KEY,
  value  BINARY(32)  NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
INSERT INTO app_secret (name, value) VALUES ('form', RANDOM_BYTES(32));
