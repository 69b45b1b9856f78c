-- 0017: handoff packages between roles with role SLAs (R6.1–R6.3).
-- A handoff type names the receiving role, the items a package must carry
-- (required or not) and the SLA in working hours (SLA.WorkHours/WorkDays,
-- holidays).  A package copies each item's label with what the sender
-- wrote, so editing a type never rewrites a package already sent.
CREATE TABLE handoff_type (
  id          INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  code        VARCHAR(40)  NOT NULL,
  name        VARCHAR(100) NOT NULL,
  to_role     VARCHAR(40)  NOT NULL,
  sla_hours   DECIMAL(6,2) NOT NULL,
  active      TINYINT      NOT NULL DEFAULT 1,
  sort        INT          NOT NULL DEFAULT 0,
  UNIQUE KEY u_handoff_type_code (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE handoff_item (
  id          INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  type_id     INT UNSIGNED NOT NULL,
  label       VARCHAR(100) NOT NULL,
  required    TINYINT      NOT NULL DEFAULT 1,
  sort        INT          NOT NULL DEFAULT 0,
  KEY k_handoff_item_type (type_id, sort),
  CONSTRAINT fk_handoff_item_type FOREIGN KEY (type_id) REFERENCES handoff_type (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- sent → acked → done, or → returned (with a reason) from sent or acked.
-- due_at = sent_at + sla_hours of working time; overdue_at is set once, by
-- the handoff_overdue job, when it notified the receiver's superior.
CREATE TABLE handoff (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  deal_id       BIGINT UNSIGNED NOT NULL,
  type_id       INT UNSIGNED NOT NULL,
  from_user_id  INT UNSIGNED NOT NULL,
  to_user_id    INT UNSIGNED NOT NULL,
  to_role       VARCHAR(40)  NOT NULL,
  sla_hours     DECIMAL(6,2) NOT NULL,
  status        ENUM('sent','acked','done','returned') NOT NULL DEFAULT 'sent',
  note          VARCHAR(2000) NULL,
  sent_at       DATETIME(6)  NOT NULL,
  due_at        DATETIME(6)  NOT NULL,
  acked_at      DATETIME(6)  NULL,
  closed_at     DATETIME(6)  NULL,
  outcome_note  VARCHAR(2000) NULL,
  overdue_at    DATETIME(6)  NULL,
  KEY k_handoff_deal (deal_id),
  KEY k_handoff_to (to_user_id, status),
  KEY k_handoff_from (from_user_id, status),
  KEY k_handoff_due (status, due_at),
  KEY k_handoff_sent (sent_at),
  CONSTRAINT fk_handoff_deal FOREIGN KEY (deal_id) REFERENCES deal (id),
  CONSTRAINT fk_handoff_type FOREIGN KEY (type_id) REFERENCES handoff_type (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE handoff_part (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  handoff_id  BIGINT UNSIGNED NOT NULL,
  label       VARCHAR(100) NOT NULL,
  content     VARCHAR(4000) NOT NULL,
  sort        INT NOT NULL DEFAULT 0,
  KEY k_handoff_part (handoff_id, sort),
  CONSTRAINT fk_handoff_part FOREIGN KEY (handoff_id) REFERENCES handoff (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The standard packages (seeds: 销售向售前移交 with 客户需求清单、竞品对比表、
-- 预算范围确认截图, first draft within 4 h; 法务合同初审; the close-won
-- handoff to delivery with 关键联系人变更记录、已交付文档清单、遗留问题跟踪号).
INSERT INTO handoff_type (code, name, to_role, sla_hours, sort) VALUES
  ('presales_draft', '售前方案初稿', 'presales', 4, 10),
  ('legal_review',   '法务合同初审', 'legal',   24, 20),
  ('delivery',       '交付交接',     'csm',     24, 30);
INSERT INTO handoff_item (type_id, label, required, sort)
SELECT t.id, i.label, i.req, i.sort FROM handoff_type t JOIN (
  SELECT 'presales_draft' AS code, '客户需求清单' AS label, 1 AS req, 1 AS sort UNION ALL
  SELECT 'presales_draft', '竞品对比表', 1, 2 UNION ALL
  SELECT 'presales_draft', '预算范围确认截图', 1, 3 UNION ALL
  SELECT 'presales_draft', '补充说明', 0, 4 UNION ALL
  SELECT 'legal_review', '合同草稿', 1, 1 UNION ALL
  SELECT 'legal_review', '客户主体信息', 1, 2 UNION ALL
  SELECT 'legal_review', '特殊条款说明', 0, 3 UNION ALL
  SELECT 'delivery', '客户关键联系人变更记录', 1, 1 UNION ALL
  SELECT 'delivery', '已交付文档清单', 1, 2 UNION ALL
  SELECT 'delivery', '遗留问题跟踪号', 1, 3
) i ON i.code = t.code;
