-- bench/gen-deals.sql — adds @n synthetic deals (default 200,000) for
-- benchmarks, consistent with the leads of bench/gen-leads.sql (never for a
-- real database).  Run it after gen-leads.sql; activities come from
-- bench/gen-activities.sql afterwards.
-- Usage: mariadb salesgate -e "SET @n = 200000; SOURCE bench/gen-deals.sql"
--
-- * Every deal comes from one owned bench lead (every third owned lead, in id
--   order), which becomes `converted` with customer_id and deal_id set; its
--   customer is the lead's company (5,000 '压测单位N有限公司' customers).
-- * Leads that were answered (everything but `new`) get a first response:
--   rep_east1 within the hour, rep_south1 after 9–15 hours — the heat map's
--   green and red rows.
-- * Two thirds of the deals in the standard pipeline, one third in the
--   hospital one; the stage is a funnel (about 36/26/18/12/8 % over the five
--   stages); a deal in the last stage is won (half), lost (a fifth) or open.
-- * The deal_event timeline has one 'seed' entry per stage the deal went
--   through, days apart, so "reached" and "days in stage" mean something.
SET @n = COALESCE(@n, 200000);
SET @t_now = UTC_TIMESTAMP(6);
SET foreign_key_checks = 0, unique_checks = 0;
SET @sg_bulk = 1;   -- the sql/0023 triggers: filled set-based at the end

-- the answered leads' first responses (before the conversions below);
-- single-table statements throughout: no temporary tables on disk
SET @south = (SELECT id FROM users WHERE login = 'rep_south1');
UPDATE lead
SET first_response_at = created_at + INTERVAL
      IF(owner_id = @south, 540 + id % 360, 5 + id % 50) MINUTE
WHERE source = 'bench' AND status <> 'new' AND owner_id IS NOT NULL AND first_response_at IS NULL;

-- one customer per bench company, owned as the company's first lead is
INSERT INTO customer (name, name_norm, owner_id, region_id, region_code, industry,
                      created_at, updated_at)
SELECT CONCAT('压测单位', s.seq - 1, '有限公司'), CONCAT('压测单位', s.seq - 1),
       IF((s.seq - 1) % 3 = 0, u_s.id, u_e.id),
       IF((s.seq - 1) % 3 = 0, u_s.region_id, u_e.region_id),
       IF((s.seq - 1) % 3 = 0, '440106', '310101'), 'medical', @t_now - INTERVAL 200 DAY, @t_now
FROM seq_1_to_5000 s
JOIN users u_e ON u_e.login = 'rep_east1'
JOIN users u_s ON u_s.login = 'rep_south1'
WHERE NOT EXISTS (SELECT 1 FROM customer c WHERE c.name_norm = CONCAT('压测单位', s.seq - 1));

DROP TEMPORARY TABLE IF EXISTS bench_pick;
CREATE TEMPORARY TABLE bench_pick (
  k        INT UNSIGNED NOT NULL PRIMARY KEY,
  lead_id  BIGINT UNSIGNED NOT NULL,
  pipeline INT UNSIGNED NOT NULL,
  pos      TINYINT UNSIGNED NOT NULL,
  UNIQUE KEY u_pick_lead (lead_id)
) ENGINE=InnoDB;
INSERT INTO bench_pick (k, lead_id, pipeline, pos)
SELECT x.rn, x.id, 0, 0 FROM (
  SELECT l.id, ROW_NUMBER() OVER (ORDER BY l.id) AS rn FROM lead l
  WHERE l.source = 'bench' AND l.owner_id IS NOT NULL AND l.deal_id IS NULL AND l.id % 3 = 0) x
WHERE x.rn <= @n;
-- the funnel: (k * 37) % 100 → stage 1..5 (36/26/18/12/8 %)
UPDATE bench_pick SET
  pipeline = IF(k % 3 = 2, (SELECT id FROM pipeline WHERE code = 'hospital'),
                           (SELECT id FROM pipeline WHERE code = 'standard')),
  pos = CASE WHEN (k * 37) % 100 < 36 THEN 1 WHEN (k * 37) % 100 < 62 THEN 2
             WHEN (k * 37) % 100 < 80 THEN 3 WHEN (k * 37) % 100 < 92 THEN 4 ELSE 5 END;

-- deal ids are given (@base + k), so the leads and activities find them
SET @base = (SELECT COALESCE(MAX(id), 0) + 1000 FROM deal);
INSERT INTO deal (id, customer_id, pipeline_id, stage_id, owner_id, region_id, name, amount,
                  budget_confirmed, status, closed_at, stage_entered_at, created_at, updated_at)
SELECT @base + b.k, c.id, b.pipeline, s.id, l.owner_id, l.region_id,
       CONCAT(l.company, ' · 压测商机 ', b.k),
       ELT(1 + b.k % 7, 180000, 560000, 1200000, 86000, 2400000, 350000, 98000),
       b.pos > 2,
       IF(b.pos < 5, 'open', ELT(1 + b.k % 10, 'won', 'won', 'won', 'won', 'won', 'lost', 'lost', 'open', 'open', 'open')),
       IF(b.pos = 5 AND b.k % 10 < 7, LEAST(@t_now, l.created_at + INTERVAL (b.pos * 9 + b.k % 5) DAY), NULL),
       LEAST(@t_now, l.created_at + INTERVAL ((b.pos - 1) * 9 + b.k % 5) DAY),
       l.created_at, @t_now
FROM bench_pick b
JOIN lead l ON l.id = b.lead_id
JOIN customer c ON c.name_norm = l.company_norm
JOIN stage s ON s.pipeline_id = b.pipeline AND s.position = b.pos
ORDER BY b.k;

-- the leads the deals came from
UPDATE lead l
SET l.status = 'converted',
    l.deal_id = @base + (SELECT b.k FROM bench_pick b WHERE b.lead_id = l.id),
    l.customer_id = (SELECT c.id FROM customer c WHERE c.name_norm = l.company_norm LIMIT 1),
    l.first_response_at = COALESCE(l.first_response_at, l.created_at + INTERVAL 30 MINUTE)
WHERE l.source = 'bench' AND l.owner_id IS NOT NULL AND l.deal_id IS NULL AND l.id % 3 = 0
  AND l.id <= (SELECT MAX(lead_id) FROM bench_pick);

-- the timeline: one stage entry per stage reached, 9 days apart
INSERT INTO deal_event (deal_id, at, kind, to_stage_id, detail)
SELECT d.id, LEAST(@t_now, d.created_at + INTERVAL ((s.position - 1) * 9 + d.id % 5) DAY), 'seed', s.id, 'bench'
FROM deal d
JOIN stage cur ON cur.id = d.stage_id
JOIN stage s ON s.pipeline_id = d.pipeline_id AND s.position <= cur.position
WHERE d.id > @base AND d.id <= @base + @n
ORDER BY d.id, s.position;

-- @m activities (default 5,000,000), @m / @n per deal, on the deal, its
-- customer and its lead, by the deal's owner, spread from the deal's start;
-- in ten chunks so no single statement grows too large.
SET @m = COALESCE(@m, 5000000);
SET @per = GREATEST(1, @m DIV GREATEST(@n, 1));
SET @chunk = (SELECT COALESCE(MAX(k), 0) FROM bench_pick) DIV 10 + 1;
SET @lo = 0;
PREPARE bench_act FROM '
    INSERT INTO activity (kind, user_id, lead_id, customer_id, deal_id, at, source_ip, duration_sec, detail)
    SELECT ELT(1 + (j.seq + b.k) % 8, ''called'', ''message'', ''called'', ''sent_samples'', ''visited'',
               ''price_objection'', ''sent_proposal'', ''demo_done''),
           d.owner_id, b.lead_id, d.customer_id, d.id,
           LEAST(@t_now, d.created_at + INTERVAL (j.seq * 41 + b.k % 37) HOUR),
           ''127.0.0.1'',
           IF((j.seq + b.k) % 8 IN (0, 2), 60 + (b.k * j.seq) % 900, NULL),
           IF(j.seq % 10 = 0, ''bench follow-up'', NULL)
    FROM bench_pick b
    JOIN deal d ON d.id = @base + b.k
    JOIN seq_1_to_1000 j ON j.seq <= @per
    WHERE b.k > @lo AND b.k <= @lo + @chunk';
EXECUTE bench_act; SET @lo = @lo + @chunk;
EXECUTE bench_act; SET @lo = @lo + @chunk;
EXECUTE bench_act; SET @lo = @lo + @chunk;
EXECUTE bench_act; SET @lo = @lo + @chunk;
EXECUTE bench_act; SET @lo = @lo + @chunk;
EXECUTE bench_act; SET @lo = @lo + @chunk;
EXECUTE bench_act; SET @lo = @lo + @chunk;
EXECUTE bench_act; SET @lo = @lo + @chunk;
EXECUTE bench_act; SET @lo = @lo + @chunk;
EXECUTE bench_act; SET @lo = @lo + @chunk;
DEALLOCATE PREPARE bench_act;

SET foreign_key_checks = 1, unique_checks = 1;
DROP TEMPORARY TABLE bench_pick;

-- what the dashboards keep (sql/0023): the deal_event/deal triggers would do
-- it row by row, so they are off here (@sg_bulk) and it is done set-based:
-- the stays (each ends where the deal's next stage entry starts), and every
-- creation day of a new deal marked for the dash_summary job
INSERT INTO deal_stay (event_id, deal_id, stage_id, entered_at, left_at)
SELECT x.id, x.deal_id, x.to_stage_id, x.at, x.next_at FROM (
  SELECT e.id, e.deal_id, e.to_stage_id, e.at,
         LEAD(e.at) OVER (PARTITION BY e.deal_id ORDER BY e.at, e.id) AS next_at
  FROM deal_event e
  WHERE e.deal_id > @base AND e.deal_id <= @base + @n
    AND e.kind IN ('seed', 'advance', 'back', 'rollback')) x
WHERE x.to_stage_id IS NOT NULL;
INSERT INTO dash_dirty (created_day, marked_at)
SELECT DISTINCT DATE(created_at), UTC_TIMESTAMP(6) FROM deal WHERE id > @base AND id <= @base + @n
ON DUPLICATE KEY UPDATE marked_at = UTC_TIMESTAMP(6);
SET @sg_bulk = NULL;
