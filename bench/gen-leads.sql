-- bench/gen-leads.sql — adds @n synthetic leads for benchmarks (never for a
-- real database).  Spread over channels, tiers, regions, owners and 90 days.
-- East China leads belong to rep_east1 or rep_east2 (so rep_east1's list
-- shows half of its rows masked), South China ones to rep_south1, every
-- fourth to nobody; only the last hour's leads are still open, as in a team
-- that works its queue (a rep's open load stays near what routing allows).
-- Usage: mariadb salesgate -e "SET @n = 1000000; SOURCE bench/gen-leads.sql"
INSERT INTO lead (channel_id, name, phone, phone_norm, email, company, company_norm,
                  region_code, region_id, industry, need, intent, tier, status, owner_id,
                  source, source_ip, sla_due_at, created_at, updated_at)
SELECT
  ch.id,
  CONCAT(ELT(1 + s.seq % 8, '王', '李', '张', '刘', '陈', '杨', '黄', '赵'),
         ELT(1 + (s.seq DIV 8) % 8, '伟', '芳', '娜', '敏', '静', '强', '磊', '洋')),
  CONCAT('139', LPAD(s.seq % 100000000, 8, '0')),
  CONCAT('139', LPAD(s.seq % 100000000, 8, '0')),
  NULL,
  CONCAT('压测单位', s.seq % 5000, '有限公司'),
  CONCAT('压测单位', s.seq % 5000),
  IF(s.seq % 3 = 0, '440106', '310101'),
  IF(s.seq % 3 = 0, (SELECT id FROM region WHERE code = 'SOUTH'), (SELECT id FROM region WHERE code = 'EAST')),
  'medical', NULL,
  ELT(1 + s.seq % 4, 'demo', 'white_paper', 'contact', 'video'),
  ELT(1 + s.seq % 4, 'high', 'medium', 'low', 'medium'),
  IF(s.seq % 129600 < 60, ELT(1 + s.seq % 3, 'new', 'contacted', 'qualified'), 'disqualified'),
  IF(s.seq % 4 = 0, NULL, IF(s.seq % 3 = 0, u_s.id, IF(s.seq % 2 = 0, u_e.id, u_e2.id))),
  'bench', '127.0.0.1',
  UTC_TIMESTAMP(6) - INTERVAL (s.seq % 129600) MINUTE + INTERVAL 2 HOUR,
  UTC_TIMESTAMP(6) - INTERVAL (s.seq % 129600) MINUTE,
  UTC_TIMESTAMP(6)
FROM seq_1_to_10000000 s
JOIN channel ch ON ch.id = (SELECT MIN(id) FROM channel) + s.seq % 6
JOIN users u_e ON u_e.login = 'rep_east1'
JOIN users u_e2 ON u_e2.login = 'rep_east2'
JOIN users u_s ON u_s.login = 'rep_south1'
WHERE s.seq <= @n;
