-- 0009: the deals pipeline — exit rules ("action locks") per stage,
-- approvals, attachments, compliance checklists, tasks on stage entry, and
-- the deal's own timeline.

-- A stage whose exit needs the owner's direct superior's approval.
ALTER TABLE stage ADD COLUMN needs_approval TINYINT(1) NOT NULL DEFAULT 0;
UPDATE stage s JOIN pipeline p ON p.id = s.pipeline_id
  SET s.stagnation_hours = 360 WHERE p.code = 'hospital' AND s.name = '资质审核';
UPDATE stage s JOIN pipeline p ON p.id = s.pipeline_id
  SET s.needs_approval = 1 WHERE p.code = 'standard' AND s.name = '方案呈现';

ALTER TABLE deal
  ADD COLUMN budget_confirmed  TINYINT(1) NOT NULL DEFAULT 0,
  ADD COLUMN regressions       SMALLINT UNSIGNED NOT NULL DEFAULT 0,
  ADD COLUMN flagged           TINYINT(1) NOT NULL DEFAULT 0,
  ADD COLUMN status            ENUM('open','won','lost') NOT NULL DEFAULT 'open',
  ADD COLUMN handoff_contacts  TEXT NULL,
  ADD COLUMN handoff_documents TEXT NULL,
  ADD COLUMN handoff_issues    VARCHAR(200) NULL,
  ADD COLUMN closed_at         DATETIME(6) NULL,
  ADD KEY k_deal_pipeline (pipeline_id, stage_id, id);

-- One exit condition of a stage, typed:
--   field       field = budget_confirmed | decision_makers | amount | key_contact;
--               min_count for decision_makers
--   attachment  field = the attachment's kind (e.g. competitor_comparison);
--               types = allowed detected types (pdf,png,jpeg,docx,xlsx,txt),
--               max_kb, min_pages (PDF)
--   activities  min_count valid communications since stage entry (a call of
--               at least 3 minutes, a visit, or every 3 messages)
--   checklist   the stage's checklist is complete
CREATE TABLE stage_rule (
  id          INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  stage_id    INT UNSIGNED NOT NULL,
  kind        ENUM('field','attachment','activities','checklist') NOT NULL,
  field       VARCHAR(40)  NULL,
  min_count   INT UNSIGNED NOT NULL DEFAULT 1,
  types       VARCHAR(100) NULL,
  max_kb      INT UNSIGNED NULL,
  min_pages   SMALLINT UNSIGNED NULL,
  label       VARCHAR(200) NOT NULL,
  KEY k_rule_stage (stage_id),
  CONSTRAINT fk_rule_stage FOREIGN KEY (stage_id) REFERENCES stage (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE checklist_item (
  id              INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  stage_id        INT UNSIGNED NOT NULL,
  position        SMALLINT UNSIGNED NOT NULL,
  label           VARCHAR(200) NOT NULL,
  evidence        ENUM('none','optional','mandatory') NOT NULL DEFAULT 'optional',
  needs_approval  TINYINT(1) NOT NULL DEFAULT 0,
  KEY k_item_stage (stage_id, position),
  CONSTRAINT fk_item_stage FOREIGN KEY (stage_id) REFERENCES stage (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Tasks a stage creates when a deal enters it (R3.5).
CREATE TABLE stage_task (
  id         INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  stage_id   INT UNSIGNED NOT NULL,
  title      VARCHAR(200) NOT NULL,
  role_code  VARCHAR(40)  NOT NULL,
  due_hours  INT UNSIGNED NOT NULL DEFAULT 48,
  KEY k_stask_stage (stage_id),
  CONSTRAINT fk_stask_stage FOREIGN KEY (stage_id) REFERENCES stage (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Files stored under Paths.Uploads/att with a server-made name.
CREATE TABLE attachment (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  deal_id      BIGINT UNSIGNED NOT NULL,
  stage_id     INT UNSIGNED NOT NULL,
  kind         VARCHAR(40)  NOT NULL,
  filename     VARCHAR(200) NOT NULL,
  stored_name  CHAR(32)     NOT NULL UNIQUE,
  sha256       CHAR(64)     NOT NULL,
  mime         VARCHAR(100) NOT NULL,
  size         BIGINT UNSIGNED NOT NULL,
  pages        INT UNSIGNED NULL,
  user_id      INT UNSIGNED NOT NULL,
  created_at   DATETIME(6)  NOT NULL,
  KEY k_att_deal (deal_id, kind),
  CONSTRAINT fk_att_deal FOREIGN KEY (deal_id) REFERENCES deal (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One ticked checklist item of a deal.
CREATE TABLE deal_check (
  deal_id           BIGINT UNSIGNED NOT NULL,
  item_id           INT UNSIGNED NOT NULL,
  done_by           INT UNSIGNED NOT NULL,
  done_at           DATETIME(6)  NOT NULL,
  stage_entered_at  DATETIME(6)  NOT NULL,
  attachment_id     BIGINT UNSIGNED NULL,
  approval          ENUM('none','pending','approved','rejected') NOT NULL DEFAULT 'none',
  approver_id       INT UNSIGNED NULL,
  decided_at        DATETIME(6)  NULL,
  PRIMARY KEY (deal_id, item_id),
  KEY k_check_item (item_id),
  CONSTRAINT fk_check_deal FOREIGN KEY (deal_id) REFERENCES deal (id),
  CONSTRAINT fk_check_item FOREIGN KEY (item_id) REFERENCES checklist_item (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A stage exit waiting for the owner's direct superior.
CREATE TABLE deal_approval (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  deal_id       BIGINT UNSIGNED NOT NULL,
  stage_id      INT UNSIGNED NOT NULL,
  requested_by  INT UNSIGNED NOT NULL,
  approver_id   INT UNSIGNED NOT NULL,
  status        ENUM('pending','approved','rejected') NOT NULL DEFAULT 'pending',
  comment       VARCHAR(500) NULL,
  requested_at  DATETIME(6)  NOT NULL,
  decided_at    DATETIME(6)  NULL,
  KEY k_appr_deal (deal_id, stage_id),
  KEY k_appr_approver (approver_id, status),
  CONSTRAINT fk_appr_deal FOREIGN KEY (deal_id) REFERENCES deal (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Tasks; the scheduler (SLA issue) adds escalation later.
CREATE TABLE task (
  id                BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  deal_id           BIGINT UNSIGNED NOT NULL,
  stage_id          INT UNSIGNED NOT NULL,
  title             VARCHAR(200) NOT NULL,
  role_code         VARCHAR(40)  NOT NULL,
  assignee_id       INT UNSIGNED NOT NULL,
  due_at            DATETIME(6)  NOT NULL,
  status            ENUM('open','done') NOT NULL DEFAULT 'open',
  escalation_level  TINYINT UNSIGNED NOT NULL DEFAULT 0,
  created_at        DATETIME(6)  NOT NULL,
  done_at           DATETIME(6)  NULL,
  KEY k_task_assignee (assignee_id, status, due_at),
  KEY k_task_deal (deal_id),
  CONSTRAINT fk_task_deal FOREIGN KEY (deal_id) REFERENCES deal (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The deal's timeline (append-only, like the audit log it mirrors).
CREATE TABLE deal_event (
  id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  deal_id        BIGINT UNSIGNED NOT NULL,
  at             DATETIME(6)  NOT NULL,
  user_id        INT UNSIGNED NULL,
  kind           VARCHAR(30)  NOT NULL,
  from_stage_id  INT UNSIGNED NULL,
  to_stage_id    INT UNSIGNED NULL,
  detail         TEXT NULL,
  KEY k_event_deal (deal_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

ALTER TABLE activity ADD KEY k_activity_deal (deal_id, at);

-- A team lead is the direct superior of most reps: they approve.
INSERT INTO role_capability (role_id, cap)
SELECT r.id, 'deal.approve' FROM role r WHERE r.code = 'team_lead';

-- Seed rules on the two pipelines.
INSERT INTO stage_rule (stage_id, kind, field, min_count, types, max_kb, min_pages, label)
SELECT s.id, r.kind, r.field, r.min_count, r.types, r.max_kb, r.min_pages, r.label
FROM pipeline p JOIN stage s ON s.pipeline_id = p.id JOIN (
  SELECT 'standard' AS p, 1 AS pos, 'activities' AS kind, NULL AS field, 2 AS min_count, NULL AS types, NULL AS max_kb, NULL AS min_pages, '至少2次有效沟通（通话≥3分钟或≥3条消息）' AS label UNION ALL
  SELECT 'standard', 2, 'field', 'budget_confirmed', 1, NULL, NULL, NULL, '预算已确认' UNION ALL
  SELECT 'standard', 2, 'field', 'decision_makers', 2, NULL, NULL, NULL, '决策人≥2位' UNION ALL
  SELECT 'standard', 2, 'attachment', 'meeting_minutes', 1, 'pdf,docx,png,jpeg', 10240, NULL, '需求调研会议纪要' UNION ALL
  SELECT 'standard', 3, 'attachment', 'competitor_comparison', 1, 'pdf', 10240, 3, '竞品对比方案（PDF，≥3页）' UNION ALL
  SELECT 'standard', 3, 'field', 'amount', 1, NULL, NULL, NULL, '商机金额已填写' UNION ALL
  SELECT 'standard', 4, 'checklist', NULL, 1, NULL, NULL, NULL, '签约前检查清单全部完成' UNION ALL
  SELECT 'hospital', 2, 'attachment', 'qualification', 1, 'pdf,png,jpeg', 10240, NULL, '医院资质审核材料' UNION ALL
  SELECT 'hospital', 3, 'attachment', 'tender_filing', 1, 'pdf', 10240, NULL, '招标备案回执（PDF）' UNION ALL
  SELECT 'hospital', 4, 'checklist', NULL, 1, NULL, NULL, NULL, 'NMPA 医疗器械使用合规清单全部完成'
) r ON r.p = p.code AND r.pos = s.position;

-- The 12 NMPA items (《医疗器械使用质量管理规范》) on 临床试用 and the
-- 5 pre-signing items (签约前72小时) on 商务谈判.
INSERT INTO checklist_item (stage_id, position, label, evidence, needs_approval)
SELECT s.id, c.pos, c.label, c.evidence, c.appr
FROM pipeline p JOIN stage s ON s.pipeline_id = p.id JOIN (
  SELECT 'hospital' AS p, '临床试用' AS st, 1 AS pos, '试用设备序列号登记' AS label, 'mandatory' AS evidence, 0 AS appr UNION ALL
  SELECT 'hospital', '临床试用', 2, '医疗器械注册证及备案凭证核验', 'mandatory', 0 UNION ALL
  SELECT 'hospital', '临床试用', 3, '供货者资质（经营许可/备案）核验', 'mandatory', 0 UNION ALL
  SELECT 'hospital', '临床试用', 4, '进货查验记录', 'optional', 0 UNION ALL
  SELECT 'hospital', '临床试用', 5, '设备验收记录（外观、型号、规格、数量）', 'mandatory', 0 UNION ALL
  SELECT 'hospital', '临床试用', 6, '贮存条件符合说明书要求', 'optional', 0 UNION ALL
  SELECT 'hospital', '临床试用', 7, '操作人员培训记录留存', 'mandatory', 0 UNION ALL
  SELECT 'hospital', '临床试用', 8, '使用前质量检查记录', 'optional', 0 UNION ALL
  SELECT 'hospital', '临床试用', 9, '维护维修及校准计划', 'optional', 0 UNION ALL
  SELECT 'hospital', '临床试用', 10, '不良事件监测与报告联系人确认', 'none', 0 UNION ALL
  SELECT 'hospital', '临床试用', 11, '使用记录（患者/病历可追溯）', 'optional', 0 UNION ALL
  SELECT 'hospital', '临床试用', 12, '试用结束设备回收/处置记录', 'none', 1 UNION ALL
  SELECT 'standard', '商务谈判', 1, '合同版本双方确认无误', 'mandatory', 1 UNION ALL
  SELECT 'standard', '商务谈判', 2, '付款账户信息已提供', 'mandatory', 1 UNION ALL
  SELECT 'standard', '商务谈判', 3, '实施团队排期锁定', 'mandatory', 1 UNION ALL
  SELECT 'standard', '商务谈判', 4, '客户IT部门已完成接入评估', 'mandatory', 1 UNION ALL
  SELECT 'standard', '商务谈判', 5, '内部佣金计算已审核', 'mandatory', 1
) c ON c.p = p.code AND c.st = s.name;

-- Entering 临床试用 creates three tasks: product (presales), finance, and
-- the owner's own to the customer.
INSERT INTO stage_task (stage_id, title, role_code, due_hours)
SELECT s.id, t.title, t.role, t.hours
FROM pipeline p JOIN stage s ON s.pipeline_id = p.id AND s.name = '临床试用' JOIN (
  SELECT '向产品部推送《试用设备参数确认单》（带电子签章）' AS title, 'presales' AS role, 24 AS hours UNION ALL
  SELECT '向财务部发起《试用押金冻结申请》', 'finance', 48 UNION ALL
  SELECT '向客户发送《试用期服务承诺书》PDF（含扫码评价入口）', 'owner', 24
) t WHERE p.code = 'hospital';
