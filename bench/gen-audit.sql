-- bench/gen-audit.sql — adds @n synthetic audit rows for benchmarks (never for
-- a real database).
-- Usage: mariadb salesgate -e "SET @n = 2000000; SOURCE bench/gen-audit.sql"
--
-- BENCH DATA, NOT ON THE CHAIN.  The rows take the ids after the last row
-- but are neither sealed nor waiting for a seal (audit_pending): sealing
-- 10M rows one SHA-256 after another would take longer than the bench.
-- Consequence, fine for a throwaway bench database only: `salesgate audit
-- verify` and "verify now" report the first bench row as "in the log but
-- not on the chain".  Rows written afterwards are sealed as usual.
-- `DELETE FROM audit_log a WHERE NOT EXISTS (SELECT 1 FROM audit_seal s WHERE
-- s.audit_id = a.id) AND NOT EXISTS (SELECT 1 FROM audit_pending p WHERE
-- p.audit_id = a.id)` undoes it.
-- Times are spread evenly over the past year, in id order.  About a quarter
-- of the rows are login.*; the actors, addresses and objects are spread over
-- the demo users, 20 addresses each, and 100,000 leads.
SET @base = (SELECT COALESCE(MAX(id), 0) FROM audit_log);
SET @nu = (SELECT COUNT(*) FROM users);
SET @t0 = UTC_TIMESTAMP(6) - INTERVAL 365 DAY;
SET @step = 365 * 86400 * 1000000 DIV @n;   -- microseconds between rows
INSERT INTO audit_log (id, at, actor_id, actor_login, actor_ip, session_hash, action,
                       object_type, object_id, field, before_value, after_value,
                       request_id)
SELECT
  @base + s.seq,
  @t0 + INTERVAL (s.seq * @step) MICROSECOND,
  u.id,
  u.login,
  CONCAT('10.8.', u.k, '.', 1 + (s.seq DIV 1000) % 20),
  LPAD(HEX(s.seq DIV 40), 16, '0'),
  s.action,
  CASE WHEN s.action LIKE 'lead.%' OR s.action LIKE 'activity.%' OR s.action LIKE 'field.%' THEN 'lead'
       WHEN s.action LIKE 'customer.%' THEN 'customer'
       WHEN s.action LIKE 'access.%' THEN 'route'
       ELSE 'user' END,
  CASE WHEN s.action LIKE 'lead.%' OR s.action LIKE 'activity.%' OR s.action LIKE 'field.%'
         THEN 1 + (s.seq DIV 97) % 100000
       WHEN s.action LIKE 'customer.%' THEN 1 + (s.seq DIV 89) % 20000
       WHEN s.action LIKE 'access.%' THEN NULL
       ELSE u.id END,
  CASE s.action WHEN 'lead.update' THEN 'status' WHEN 'user.role' THEN 'role'
                WHEN 'field.reveal' THEN 'phone' ELSE NULL END,
  CASE s.action WHEN 'lead.update' THEN 'new' WHEN 'user.role' THEN '7' ELSE NULL END,
  CASE s.action WHEN 'lead.update' THEN 'contacted' WHEN 'user.role' THEN '6'
                WHEN 'access.denied' THEN 'admin.users' WHEN 'field.reveal' THEN '客户要求回电'
                ELSE NULL END,
  LPAD(HEX(s.seq), 16, '0')
FROM (
  SELECT seq,
    CASE WHEN seq % 997 = 0 THEN 'user.role'
         WHEN seq % 991 = 0 THEN 'access.denied'
         WHEN seq % 983 = 0 THEN 'viewas.start'
         ELSE ELT(1 + seq % 20, 'login.ok', 'login.ok', 'login.ok', 'login.ok', 'logout',
                  'logout', 'logout', 'lead.create', 'lead.create', 'lead.update', 'lead.update',
                  'lead.update', 'lead.assign', 'activity.create', 'activity.create',
                  'customer.create', 'login.failed', 'user.update', 'field.reveal',
                  'lead.convert') END AS action
  FROM seq_1_to_10000000 WHERE seq <= @n
) s
JOIN (SELECT id, login, ROW_NUMBER() OVER (ORDER BY id) - 1 AS k FROM users) u
  ON u.k = s.seq % @nu;
