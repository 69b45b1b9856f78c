-- Privileges of the application account ('salesgate'@'localhost').
-- Table by table on purpose: the audit log (later) gets INSERT and SELECT
-- only, which a database-wide grant could not express.  Every table needs a
-- line here; tests/integration checks that none is missing.
-- Apply after `salesgate migrate`, as an administrator:
--   mariadb salesgate < sql/grants.sql
GRANT SELECT ON schema_version TO 'salesgate'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON company TO 'salesgate'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON region TO 'salesgate'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON team TO 'salesgate'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON role TO 'salesgate'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON role_capability TO 'salesgate'@'localhost';
GRANT SELECT, INSERT, UPDATE ON users TO 'salesgate'@'localhost';
GRANT SELECT, INSERT, DELETE ON user_tree TO 'salesgate'@'localhost';
GRANT SELECT, INSERT, UPDATE ON session TO 'salesgate'@'localhost';
GRANT SELECT, INSERT, DELETE ON login_attempt TO 'salesgate'@'localhost';
-- Append-only: no UPDATE, no DELETE.
GRANT SELECT, INSERT ON audit_log TO 'salesgate'@'localhost';
GRANT SELECT, UPDATE ON audit_head TO 'salesgate'@'localhost';
-- The seals (0026) are added, never changed; a pending note is removed once
-- its row is sealed.
GRANT SELECT, INSERT ON audit_seal TO 'salesgate'@'localhost';
GRANT SELECT, INSERT, DELETE ON audit_pending TO 'salesgate'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON channel TO 'salesgate'@'localhost';
GRANT SELECT ON pipeline TO 'salesgate'@'localhost';
GRANT SELECT ON stage TO 'salesgate'@'localhost';
GRANT SELECT, INSERT, UPDATE ON customer TO 'salesgate'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON contact TO 'salesgate'@'localhost';
GRANT SELECT, INSERT, UPDATE ON deal TO 'salesgate'@'localhost';
GRANT SELECT, INSERT, UPDATE ON lead TO 'salesgate'@'localhost';
GRANT SELECT, INSERT ON activity TO 'salesgate'@'localhost';
GRANT SELECT, INSERT, DELETE ON form_refusal TO 'salesgate'@'localhost';
GRANT SELECT, INSERT, UPDATE ON api_key TO 'salesgate'@'localhost';
GRANT SELECT, INSERT, DELETE ON api_idempotency TO 'salesgate'@'localhost';
GRANT SELECT, INSERT, UPDATE ON import_batch TO 'salesgate'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON import_row TO 'salesgate'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON region_code_map TO 'salesgate'@'localhost';
GRANT SELECT ON app_secret TO 'salesgate'@'localhost';
GRANT SELECT, UPDATE ON field_policy TO 'salesgate'@'localhost';
GRANT SELECT, INSERT ON field_reveal TO 'salesgate'@'localhost';
-- The auditor's view (0007): verification results are added, never changed.
GRANT SELECT, INSERT ON audit_verification TO 'salesgate'@'localhost';
-- Export approval, escalation, alerts (0010).
GRANT SELECT, INSERT, UPDATE ON export_request TO 'salesgate'@'localhost';
GRANT SELECT, INSERT, UPDATE ON permission_request TO 'salesgate'@'localhost';
GRANT SELECT, INSERT, UPDATE ON security_alert TO 'salesgate'@'localhost';
-- The deals pipeline (0009); the timeline is append-only.
GRANT SELECT, INSERT, UPDATE, DELETE ON stage_rule TO 'salesgate'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON checklist_item TO 'salesgate'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON stage_task TO 'salesgate'@'localhost';
GRANT SELECT, INSERT ON attachment TO 'salesgate'@'localhost';
GRANT SELECT, INSERT, UPDATE ON deal_check TO 'salesgate'@'localhost';
GRANT SELECT, INSERT, UPDATE ON deal_approval TO 'salesgate'@'localhost';
GRANT SELECT, INSERT, UPDATE ON task TO 'salesgate'@'localhost';
GRANT SELECT, INSERT ON deal_event TO 'salesgate'@'localhost';
GRANT SELECT, INSERT, UPDATE ON stage TO 'salesgate'@'localhost';
GRANT SELECT, INSERT, UPDATE ON pipeline TO 'salesgate'@'localhost';
-- 0012: personal access tokens (revoked by setting revoked_at, never deleted).
GRANT SELECT, INSERT, UPDATE ON api_token TO 'salesgate'@'localhost';
-- Routing, scheduler, notifications (0011).  job_run and routing_decision /
-- routing_candidate are records: added, never changed.
GRANT SELECT, INSERT, UPDATE, DELETE ON routing_rule TO 'salesgate'@'localhost';
GRANT SELECT, INSERT ON routing_decision TO 'salesgate'@'localhost';
GRANT SELECT, INSERT ON routing_candidate TO 'salesgate'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON routing_queue TO 'salesgate'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON routing_score TO 'salesgate'@'localhost';
-- 0028: each person's open load, kept by triggers; routing inserts a missing
-- row, load-check corrects a drifted one.
GRANT SELECT, INSERT, UPDATE ON user_load TO 'salesgate'@'localhost';
GRANT SELECT, INSERT ON job_run TO 'salesgate'@'localhost';
GRANT SELECT, INSERT, UPDATE ON notification TO 'salesgate'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON holiday TO 'salesgate'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON webhook TO 'salesgate'@'localhost';
GRANT SELECT, INSERT, UPDATE ON delivery TO 'salesgate'@'localhost';
-- 0014: four-eyes changes (decided once by UPDATE, never deleted).
GRANT SELECT, INSERT, UPDATE ON pending_change TO 'salesgate'@'localhost';
-- 0020: the customer-success journey.  Packages are edited by UPDATE; tasks
-- are closed by UPDATE; nothing is deleted.
GRANT SELECT, INSERT, UPDATE ON contract TO 'salesgate'@'localhost';
GRANT SELECT, INSERT, UPDATE ON success_task TO 'salesgate'@'localhost';
GRANT SELECT, INSERT, UPDATE ON renewal_package TO 'salesgate'@'localhost';
-- 0017 handoffs (R6.1–R6.3): types are admin-edited (items replaced on save)
GRANT SELECT, INSERT, UPDATE ON handoff_type TO 'salesgate'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON handoff_item TO 'salesgate'@'localhost';
GRANT SELECT, INSERT, UPDATE ON handoff TO 'salesgate'@'localhost';
GRANT SELECT, INSERT ON handoff_part TO 'salesgate'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON four_eyes_setting TO 'salesgate'@'localhost';
-- 0018: credibility flags (reviewed once by UPDATE, never deleted).
GRANT SELECT, INSERT, UPDATE ON credibility_flag TO 'salesgate'@'localhost';
-- 0018: complaint patterns (admin-managed) and process-sensitive customers.
GRANT SELECT, INSERT, UPDATE ON complaint_pattern TO 'salesgate'@'localhost';
GRANT SELECT, INSERT, UPDATE ON customer_sensitivity TO 'salesgate'@'localhost';
-- 0018: customer grading (history and runs are records: added, never changed
-- — a run's row gets its counts once, at its end).
GRANT SELECT, INSERT, UPDATE ON grade_config TO 'salesgate'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON customer_potential TO 'salesgate'@'localhost';
GRANT SELECT, INSERT, UPDATE ON customer_score TO 'salesgate'@'localhost';
GRANT SELECT, INSERT ON grade_history TO 'salesgate'@'localhost';
GRANT SELECT, INSERT, UPDATE ON grade_run TO 'salesgate'@'localhost';
-- 0019: rep dashboard, health score, review action items, self-check.
GRANT SELECT, INSERT, UPDATE ON deal_pause TO 'salesgate'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON rep_health TO 'salesgate'@'localhost';
GRANT SELECT, INSERT, UPDATE ON review_action TO 'salesgate'@'localhost';
GRANT SELECT, INSERT ON self_check TO 'salesgate'@'localhost';
GRANT SELECT ON deal_stay TO 'salesgate'@'localhost';
GRANT SELECT, INSERT, DELETE ON dash_dirty TO 'salesgate'@'localhost';
GRANT SELECT, INSERT, DELETE ON deal_day TO 'salesgate'@'localhost';
GRANT SELECT, INSERT, DELETE ON stay_day TO 'salesgate'@'localhost';
-- 0024: the heat-map summaries, recomputed (rows replaced) by the scheduler
-- and by the dashboard page before it reads them.
GRANT SELECT, INSERT, UPDATE, DELETE ON heat_week TO 'salesgate'@'localhost';
GRANT SELECT, INSERT, UPDATE ON heat_mark TO 'salesgate'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON heat_first_proposal TO 'salesgate'@'localhost';
-- 0025: counterpart replies to activities (records: added, never changed).
GRANT SELECT, INSERT ON activity_reply TO 'salesgate'@'localhost';
-- 0029: the proposals' waits, kept by triggers (which run as their definer);
-- the app reads them, `salesgate heat` rebuilds them.
GRANT SELECT, INSERT, DELETE ON proposal_wait TO 'salesgate'@'localhost';
GRANT SELECT, INSERT, DELETE ON proposal_wait_day TO 'salesgate'@'localhost';
