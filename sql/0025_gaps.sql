-- 0025: issue 9's gaps after session 3.
--
-- A task may belong to a customer without a deal (grading's 90-day idle
-- task for an A/B customer with no deal), and the customer-success journey's
-- welcome plan and day-30 health check are tasks too, so they show wherever
-- tasks are listed (/tasks, today, the staff API, the rep dashboard).
--   kind:    stage (a stage's task, as before), idle (R7.3), welcome/health
--            (R11.1; ref_id = the success_task row it stands for)
--   customer_id: the task's customer (for idle and success tasks; a stage
--            task's customer is its deal's)
-- deal_id and stage_id become optional (NULL for a task without a deal).
ALTER TABLE task
  MODIFY deal_id BIGINT UNSIGNED NULL,
  MODIFY stage_id INT UNSIGNED NULL,
  ADD COLUMN customer_id BIGINT UNSIGNED NULL AFTER deal_id,
  ADD COLUMN kind VARCHAR(20) NOT NULL DEFAULT 'stage' AFTER customer_id,
  ADD COLUMN ref_id BIGINT UNSIGNED NULL AFTER kind,
  ADD UNIQUE KEY u_task_ref (kind, ref_id),
  ADD KEY k_task_customer (customer_id),
  ADD CONSTRAINT fk_task_customer FOREIGN KEY (customer_id) REFERENCES customer (id);

-- success tasks made before this migration become tasks too
INSERT IGNORE INTO task (deal_id, customer_id, kind, ref_id, stage_id, title, role_code,
                         assignee_id, due_at, status, created_at, done_at)
SELECT NULL, k.customer_id, t.kind, t.id, NULL,
       IF(t.kind = 'welcome', '首日欢迎计划', '第 30 天健康检查'),
       'csm', t.assignee_id, t.due_at, t.status, t.created_at, t.done_at
FROM success_task t JOIN contract k ON k.id = t.contract_id;

-- R5.2 "counterpart reply": what the customer answered to an activity —
-- who answered, when, what — recorded by a rep (audited).  A replied
-- activity counts as verifiable in the credibility ratio.  Records: added,
-- never changed.
CREATE TABLE activity_reply (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  activity_id  BIGINT UNSIGNED NOT NULL,
  replied_by   VARCHAR(100)  NOT NULL,
  replied_at   DATETIME(6)   NOT NULL,
  body         VARCHAR(2000) NOT NULL,
  recorded_by  INT UNSIGNED  NOT NULL,
  recorded_at  DATETIME(6)   NOT NULL,
  source_ip    VARCHAR(45)   NULL,
  KEY k_reply_activity (activity_id),
  CONSTRAINT fk_reply_activity FOREIGN KEY (activity_id) REFERENCES activity (id),
  CONSTRAINT fk_reply_user FOREIGN KEY (recorded_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
