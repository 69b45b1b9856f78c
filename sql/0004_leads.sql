-- 0004: channels, leads, customers, contacts, activities, API keys, imports,
-- and the minimal pipeline a converted lead's deal starts in.

-- A channel is where leads come from (直播, 抖音表单, 展会 ...): a weight for
-- routing, a first-response SLA, a public form at /f/<code>.
CREATE TABLE channel (
  id            INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  code          VARCHAR(40)  NOT NULL UNIQUE,
  name          VARCHAR(100) NOT NULL,
  weight        DECIMAL(3,2) NOT NULL DEFAULT 1.00,
  sla_minutes   INT UNSIGNED NOT NULL DEFAULT 120,
  active        TINYINT(1)   NOT NULL DEFAULT 1,
  -- the optional fields the public form shows (name and phone always):
  form_fields   VARCHAR(200) NOT NULL DEFAULT 'company,region,industry,email,need,intent',
  created_at    DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  updated_at    DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE pipeline (
  id    INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  code  VARCHAR(40)  NOT NULL UNIQUE,
  name  VARCHAR(100) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE stage (
  id                INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  pipeline_id       INT UNSIGNED NOT NULL,
  position          SMALLINT UNSIGNED NOT NULL,
  name              VARCHAR(100) NOT NULL,
  stagnation_hours  INT UNSIGNED NOT NULL DEFAULT 72,
  UNIQUE KEY u_stage_pos (pipeline_id, position),
  CONSTRAINT fk_stage_pipeline FOREIGN KEY (pipeline_id) REFERENCES pipeline (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE customer (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name          VARCHAR(200) NOT NULL,
  name_norm     VARCHAR(200) NOT NULL,
  owner_id      INT UNSIGNED NULL,
  region_id     INT UNSIGNED NULL,
  region_code   CHAR(6)      NULL,
  industry      VARCHAR(40)  NULL,
  phone         VARCHAR(24)  NULL,
  email         VARCHAR(254) NULL,
  budget        DECIMAL(14,2) NULL,
  bank_account  VARCHAR(64)  NULL,
  created_at    DATETIME(6)  NOT NULL,
  updated_at    DATETIME(6)  NOT NULL,
  KEY k_customer_owner (owner_id, id),
  KEY k_customer_region (region_id, id),
  KEY k_customer_name (name_norm),
  CONSTRAINT fk_customer_owner FOREIGN KEY (owner_id) REFERENCES users (id),
  CONSTRAINT fk_customer_region FOREIGN KEY (region_id) REFERENCES region (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE contact (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  customer_id     BIGINT UNSIGNED NOT NULL,
  name            VARCHAR(100) NOT NULL,
  title           VARCHAR(100) NULL,
  phone           VARCHAR(24)  NULL,
  email           VARCHAR(254) NULL,
  is_key          TINYINT(1)   NOT NULL DEFAULT 0,
  decision_maker  TINYINT(1)   NOT NULL DEFAULT 0,
  created_at      DATETIME(6)  NOT NULL,
  KEY k_contact_customer (customer_id),
  CONSTRAINT fk_contact_customer FOREIGN KEY (customer_id) REFERENCES customer (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE deal (
  id                BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  customer_id       BIGINT UNSIGNED NOT NULL,
  pipeline_id       INT UNSIGNED NOT NULL,
  stage_id          INT UNSIGNED NOT NULL,
  owner_id          INT UNSIGNED NULL,
  region_id         INT UNSIGNED NULL,
  name              VARCHAR(200) NOT NULL,
  amount            DECIMAL(14,2) NULL,
  stage_entered_at  DATETIME(6)  NOT NULL,
  created_at        DATETIME(6)  NOT NULL,
  updated_at        DATETIME(6)  NOT NULL,
  KEY k_deal_owner (owner_id, id),
  KEY k_deal_stage (stage_id, id),
  KEY k_deal_customer (customer_id),
  CONSTRAINT fk_deal_customer FOREIGN KEY (customer_id) REFERENCES customer (id),
  CONSTRAINT fk_deal_stage FOREIGN KEY (stage_id) REFERENCES stage (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A lead keeps its original source for ever (channel, address, agent,
-- referrer, how it came: form / api:<key> / import:<batch> / staff).
CREATE TABLE lead (
  id                 BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  channel_id         INT UNSIGNED NOT NULL,
  name               VARCHAR(100) NOT NULL,
  phone              VARCHAR(24)  NULL,
  phone_norm         VARCHAR(16)  NULL,
  email              VARCHAR(254) NULL,
  company            VARCHAR(200) NULL,
  company_norm       VARCHAR(200) NULL,
  region_code        CHAR(6)      NULL,
  region_id          INT UNSIGNED NULL,
  industry           VARCHAR(40)  NULL,
  need               TEXT         NULL,
  intent             VARCHAR(100) NULL,
  tier               ENUM('high','medium','low') NOT NULL,
  status             ENUM('new','contacted','qualified','converted','disqualified') NOT NULL DEFAULT 'new',
  owner_id           INT UNSIGNED NULL,
  source             VARCHAR(60)  NOT NULL,
  source_ip          VARCHAR(45)  NULL,
  user_agent         VARCHAR(255) NULL,
  referrer           VARCHAR(500) NULL,
  customer_id        BIGINT UNSIGNED NULL,
  deal_id            BIGINT UNSIGNED NULL,
  sla_due_at         DATETIME(6)  NOT NULL,
  first_response_at  DATETIME(6)  NULL,
  created_at         DATETIME(6)  NOT NULL,
  updated_at         DATETIME(6)  NOT NULL,
  KEY k_lead_created (created_at, id),
  KEY k_lead_owner (owner_id),
  KEY k_lead_channel (channel_id),
  KEY k_lead_status (status),
  KEY k_lead_region (region_id),
  KEY k_lead_tier (tier),
  KEY k_lead_phone (phone_norm),
  KEY k_lead_email (email),
  KEY k_lead_company (company_norm),
  CONSTRAINT fk_lead_channel FOREIGN KEY (channel_id) REFERENCES channel (id),
  CONSTRAINT fk_lead_owner FOREIGN KEY (owner_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One-click actions and visit records (R5.1, R3.7).
CREATE TABLE activity (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  kind          VARCHAR(30)  NOT NULL,
  user_id       INT UNSIGNED NOT NULL,
  lead_id       BIGINT UNSIGNED NULL,
  customer_id   BIGINT UNSIGNED NULL,
  deal_id       BIGINT UNSIGNED NULL,
  at            DATETIME(6)  NOT NULL,
  source_ip     VARCHAR(45)  NULL,
  duration_sec  INT UNSIGNED NULL,
  core_need     TEXT NULL,
  next_step     TEXT NULL,
  detail        TEXT NULL,
  KEY k_activity_lead (lead_id, at),
  KEY k_activity_customer (customer_id, at),
  KEY k_activity_user (user_id, at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Refused public-form submissions are counted, never silently dropped.
CREATE TABLE form_refusal (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  channel_id  INT UNSIGNED NULL,
  reason      VARCHAR(20)  NOT NULL,
  ip          VARCHAR(45)  NOT NULL,
  at          DATETIME(6)  NOT NULL,
  KEY k_refusal_ip (ip, at),
  KEY k_refusal_at (at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Intake API keys: shown once, stored as SHA-256; the prefix finds the row.
CREATE TABLE api_key (
  id            INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name          VARCHAR(100) NOT NULL,
  prefix        CHAR(8)      NOT NULL UNIQUE,
  key_hash      CHAR(64)     NOT NULL,
  channel_id    INT UNSIGNED NOT NULL,
  created_by    INT UNSIGNED NULL,
  created_at    DATETIME(6)  NOT NULL,
  revoked_at    DATETIME(6)  NULL,
  last_used_at  DATETIME(6)  NULL,
  CONSTRAINT fk_apikey_channel FOREIGN KEY (channel_id) REFERENCES channel (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE api_idempotency (
  api_key_id  INT UNSIGNED NOT NULL,
  idem_key    VARCHAR(100) NOT NULL,
  lead_id     BIGINT UNSIGNED NOT NULL,
  created_at  DATETIME(6)  NOT NULL,
  PRIMARY KEY (api_key_id, idem_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- CSV imports: rows wait in import_row between preview and confirmation.
CREATE TABLE import_batch (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id         INT UNSIGNED NOT NULL,
  channel_id      INT UNSIGNED NOT NULL,
  filename        VARCHAR(200) NOT NULL,
  encoding        VARCHAR(10)  NOT NULL,
  rows_total      INT UNSIGNED NOT NULL DEFAULT 0,
  rows_ok         INT UNSIGNED NOT NULL DEFAULT 0,
  rows_duplicate  INT UNSIGNED NOT NULL DEFAULT 0,
  rows_bad        INT UNSIGNED NOT NULL DEFAULT 0,
  rows_imported   INT UNSIGNED NOT NULL DEFAULT 0,
  status          ENUM('preview','done','cancelled') NOT NULL DEFAULT 'preview',
  bulk_confirmed  TINYINT(1)   NOT NULL DEFAULT 0,
  created_at      DATETIME(6)  NOT NULL,
  finished_at     DATETIME(6)  NULL,
  KEY k_batch_user (user_id, created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE import_row (
  batch_id      BIGINT UNSIGNED NOT NULL,
  row_no        INT UNSIGNED NOT NULL,
  name          VARCHAR(100) NULL,
  phone         VARCHAR(24)  NULL,
  email         VARCHAR(254) NULL,
  company       VARCHAR(200) NULL,
  region_code   CHAR(6)      NULL,
  industry      VARCHAR(40)  NULL,
  need          TEXT         NULL,
  intent        VARCHAR(100) NULL,
  error         VARCHAR(200) NULL,
  duplicate_of  BIGINT UNSIGNED NULL,
  PRIMARY KEY (batch_id, row_no)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Region codes (GB/T 2260 province level) map a lead to a sales region.
CREATE TABLE region_code_map (
  prefix     CHAR(2)      NOT NULL PRIMARY KEY,
  region_id  INT UNSIGNED NOT NULL,
  CONSTRAINT fk_rcm_region FOREIGN KEY (region_id) REFERENCES region (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO pipeline (code, name) VALUES ('standard', '标准销售流程'), ('hospital', '医院准入流程');
INSERT INTO stage (pipeline_id, position, name, stagnation_hours)
SELECT p.id, s.pos, s.name, s.hours FROM pipeline p JOIN (
  SELECT 'standard' AS p, 1 AS pos, '接触' AS name, 72 AS hours UNION ALL
  SELECT 'standard', 2, '需求诊断', 72 UNION ALL
  SELECT 'standard', 3, '方案呈现', 72 UNION ALL
  SELECT 'standard', 4, '商务谈判', 72 UNION ALL
  SELECT 'standard', 5, '签约交付', 72 UNION ALL
  SELECT 'hospital', 1, '预沟通', 72 UNION ALL
  SELECT 'hospital', 2, '资质审核', 360 UNION ALL
  SELECT 'hospital', 3, '招标备案', 72 UNION ALL
  SELECT 'hospital', 4, '临床试用', 72 UNION ALL
  SELECT 'hospital', 5, '正式签约', 72
) s ON s.p = p.code;

