-- 0001: the company this installation serves.
-- Times are UTC everywhere (the connection sets time_zone = '+00:00').
CREATE TABLE company (
  id          INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name        VARCHAR(200) NOT NULL,
  time_zone   VARCHAR(40)  NOT NULL DEFAULT 'Asia/Shanghai',
  created_at  DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
