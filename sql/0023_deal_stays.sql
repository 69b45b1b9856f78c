-- 0023: the deal side of the dashboards at scale (issue 9).  What the
-- funnel, the stage medians and the stage-time deviations used to work out
-- from every deal and the whole deal_event timeline on every view is kept:
--
-- * deal_stay: one row per stage entry — the stage, when the deal entered it
--   (the entry's time), when it left it (the deal's next entry by time, id;
--   NULL while it is the last: then it runs up to now for an open deal, up
--   to closed_at (else updated_at) for a closed one, decided when read).
--   "Reached" is GREATEST(current position, the highest position of the
--   deal's pipeline among its stays), as it was over deal_event.
-- deal_stay is kept by the deal_event trigger below, whoever writes the entry
-- (deal moves in cgi/deals.c, the demo seed, imports, the tests' SQL).
--
-- * deal_day / stay_day: per day of deal creation, the funnel groups and the
--   stays (as lists of seconds) — the scheduler job dash_summary
--   (cgi/dashsum.c) recomputes the days named in dash_dirty; the triggers
--   below name a day there whenever one of its deals, their stage entries or
--   pauses change.  The pages read the summary for clean days and the raw
--   tables for dirty ones (and the period's first, partial day), so they are
--   never stale.

-- the raw part of a page: the deals created on one (dirty) day
ALTER TABLE deal ADD COLUMN created_day DATE AS (CAST(created_at AS DATE)) VIRTUAL,
  ADD KEY k_deal_day (created_day);

CREATE TABLE deal_stay (
  event_id    BIGINT UNSIGNED NOT NULL PRIMARY KEY,   -- the stage entry (deal_event)
  deal_id     BIGINT UNSIGNED NOT NULL,
  stage_id    INT UNSIGNED NOT NULL,
  entered_at  DATETIME(6) NOT NULL,
  left_at     DATETIME(6) NULL,
  KEY k_stay_deal (deal_id, entered_at, stage_id, left_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO deal_stay (event_id, deal_id, stage_id, entered_at, left_at)
SELECT x.id, x.deal_id, x.to_stage_id, x.at, x.next_at FROM (
  SELECT e.id, e.deal_id, e.to_stage_id, e.at,
         LEAD(e.at) OVER (PARTITION BY e.deal_id ORDER BY e.at, e.id) AS next_at
  FROM deal_event e WHERE e.kind IN ('seed', 'advance', 'back', 'rollback')) x
WHERE x.to_stage_id IS NOT NULL;

-- days of deal creation whose summary rows are out of date
CREATE TABLE dash_dirty (
  created_day  DATE NOT NULL PRIMARY KEY,
  marked_at    DATETIME(6) NOT NULL
) ENGINE=InnoDB;

-- the funnel's groups per creation day (cgi/dashboard.c dash_deals)
CREATE TABLE deal_day (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  created_day   DATE NOT NULL,
  pipeline_id   INT UNSIGNED NOT NULL,
  stage_id      INT UNSIGNED NOT NULL,
  owner_id      INT UNSIGNED NULL,
  region_id     INT UNSIGNED NULL,
  status        ENUM('open','won','lost') NOT NULL,
  max_position  SMALLINT UNSIGNED NOT NULL,
  deals         INT UNSIGNED NOT NULL,
  amounts       INT UNSIGNED NOT NULL,     -- deals with an amount
  total         DECIMAL(20,2) NULL,
  KEY k_dd_day (created_day),
  KEY k_dd_read (pipeline_id, created_day, owner_id, region_id, stage_id, status, max_position, deals, amounts, total)
) ENGINE=InnoDB;

-- the stays per creation day of their deal: seconds of the finished stays,
-- and the entry times (microseconds since 1970, UTC) of the running ones
CREATE TABLE stay_day (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  created_day   DATE NOT NULL,
  pipeline_id   INT UNSIGNED NOT NULL,
  stage_id      INT UNSIGNED NOT NULL,
  owner_id      INT UNSIGNED NULL,
  region_id     INT UNSIGNED NULL,
  paused        TINYINT(1) NOT NULL,
  done_secs     MEDIUMTEXT NULL,
  running_us    MEDIUMTEXT NULL,
  KEY k_sd_day (created_day),
  KEY k_sd_read (pipeline_id, created_day, owner_id, region_id)
) ENGINE=InnoDB;

INSERT INTO dash_dirty (created_day, marked_at)
SELECT DISTINCT DATE(created_at), UTC_TIMESTAMP(6) FROM deal;

-- A stage entry: its stay starts (and ends where a later entry already
-- starts), the stay before it ends there.  (Not deal itself: a trigger may
-- not update a table its statement reads, and the seed inserts entries
-- SELECTed from deal.)  @sg_bulk (set
-- only by bench/gen-deals.sql, which fills these itself) skips the work.
CREATE TRIGGER tr_deal_event_stay AFTER INSERT ON deal_event FOR EACH ROW
BEGIN
  IF @sg_bulk IS NULL AND NEW.to_stage_id IS NOT NULL
     AND NEW.kind IN ('seed', 'advance', 'back', 'rollback') THEN
    UPDATE deal_stay SET left_at = NEW.at
    WHERE deal_id = NEW.deal_id AND event_id < NEW.id AND entered_at <= NEW.at
      AND (left_at IS NULL OR left_at > NEW.at);
    INSERT INTO deal_stay (event_id, deal_id, stage_id, entered_at, left_at)
    VALUES (NEW.id, NEW.deal_id, NEW.to_stage_id, NEW.at,
            (SELECT MIN(s.entered_at) FROM deal_stay s
             WHERE s.deal_id = NEW.deal_id AND s.entered_at > NEW.at));
    INSERT INTO dash_dirty (created_day, marked_at)
    SELECT DATE(created_at), UTC_TIMESTAMP(6) FROM deal WHERE id = NEW.deal_id
    ON DUPLICATE KEY UPDATE marked_at = UTC_TIMESTAMP(6);
  END IF;
END;

CREATE TRIGGER tr_deal_dirty_ins AFTER INSERT ON deal FOR EACH ROW
BEGIN
  IF @sg_bulk IS NULL THEN
    INSERT INTO dash_dirty (created_day, marked_at) VALUES (DATE(NEW.created_at), UTC_TIMESTAMP(6))
    ON DUPLICATE KEY UPDATE marked_at = UTC_TIMESTAMP(6);
  END IF;
END;

CREATE TRIGGER tr_deal_dirty_upd AFTER UPDATE ON deal FOR EACH ROW
BEGIN
  IF @sg_bulk IS NULL THEN
    INSERT INTO dash_dirty (created_day, marked_at) VALUES (DATE(NEW.created_at), UTC_TIMESTAMP(6))
    ON DUPLICATE KEY UPDATE marked_at = UTC_TIMESTAMP(6);
    IF DATE(OLD.created_at) <> DATE(NEW.created_at) THEN
      INSERT INTO dash_dirty (created_day, marked_at) VALUES (DATE(OLD.created_at), UTC_TIMESTAMP(6))
      ON DUPLICATE KEY UPDATE marked_at = UTC_TIMESTAMP(6);
    END IF;
  END IF;
END;

CREATE TRIGGER tr_deal_pause_dirty_ins AFTER INSERT ON deal_pause FOR EACH ROW
BEGIN
  INSERT INTO dash_dirty (created_day, marked_at)
  SELECT DATE(created_at), UTC_TIMESTAMP(6) FROM deal WHERE id = NEW.deal_id
  ON DUPLICATE KEY UPDATE marked_at = UTC_TIMESTAMP(6);
END;

CREATE TRIGGER tr_deal_pause_dirty_upd AFTER UPDATE ON deal_pause FOR EACH ROW
BEGIN
  INSERT INTO dash_dirty (created_day, marked_at)
  SELECT DATE(created_at), UTC_TIMESTAMP(6) FROM deal WHERE id = NEW.deal_id
  ON DUPLICATE KEY UPDATE marked_at = UTC_TIMESTAMP(6);
END;

-- Deleted entries and deals (clean-ups): the stay goes, the stay before it
-- ends where the deleted one ended, and the day is named again.
CREATE TRIGGER tr_deal_event_unstay BEFORE DELETE ON deal_event FOR EACH ROW
BEGIN
  DECLARE gone_left DATETIME(6) DEFAULT NULL;
  IF OLD.kind IN ('seed', 'advance', 'back', 'rollback') THEN
    SELECT left_at INTO gone_left FROM deal_stay WHERE event_id = OLD.id;
    DELETE FROM deal_stay WHERE event_id = OLD.id;
    UPDATE deal_stay SET left_at = gone_left
    WHERE deal_id = OLD.deal_id AND left_at = OLD.at AND entered_at <= OLD.at;
    INSERT INTO dash_dirty (created_day, marked_at)
    SELECT DATE(created_at), UTC_TIMESTAMP(6) FROM deal WHERE id = OLD.deal_id
    ON DUPLICATE KEY UPDATE marked_at = UTC_TIMESTAMP(6);
  END IF;
END;

CREATE TRIGGER tr_deal_dirty_del AFTER DELETE ON deal FOR EACH ROW
BEGIN
  INSERT INTO dash_dirty (created_day, marked_at) VALUES (DATE(OLD.created_at), UTC_TIMESTAMP(6))
  ON DUPLICATE KEY UPDATE marked_at = UTC_TIMESTAMP(6);
END;
