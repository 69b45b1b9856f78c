-- 0029: the rep dashboard at scale (issue 9): the "after a proposal you
-- wait N h" hint, and the open deals per stage (at the end).  The hint
-- averages, over the rep's proposals of the last 90 days, the minutes
-- from the proposal to the next entry on the customer's timeline (by
-- time, then id).  Reading that from activity took one index
-- step per proposal: a rep with 625,000 proposals (the bench's rep_south1)
-- timed out.  Now each proposal's wait is kept when the next entry arrives,
-- and summed per rep and day of the proposal:
--   proposal_wait      one row per sent_proposal with a customer; next_at
--                      is the time of the first entry after it (NULL while
--                      the customer has not answered)
--   proposal_wait_day  per rep and UTC day of the proposal: the answered
--                      proposals' minutes and their number
-- Both are kept by the triggers below, in the transaction that adds the
-- entry.  @sg_bulk (bench/gen-deals.sql) skips them; `salesgate heat`
-- rebuilds both set-based (cgi/heat.c).
CREATE TABLE proposal_wait (
  activity_id  BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  user_id      INT UNSIGNED    NOT NULL,
  customer_id  BIGINT UNSIGNED NOT NULL,
  at           DATETIME(6)     NOT NULL,
  next_at      DATETIME(6)     NULL,
  -- a new entry finds the customer's proposals still waiting (or waiting
  -- for something later than itself)
  KEY k_pw_customer (customer_id, next_at),
  -- the window's first day, read raw
  KEY k_pw_user (user_id, at, next_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE proposal_wait_day (
  user_id  INT UNSIGNED NOT NULL,
  day      DATE         NOT NULL,
  minutes  BIGINT       NOT NULL,
  n        INT          NOT NULL,
  PRIMARY KEY (user_id, day)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- what is there already (before the triggers: they would add it twice); the
-- next entry of each is the one after it in the customer's timeline, LEAD()
-- (one sort: ~1 min at 6,000,000 activities, where a step per proposal
-- took 9)
INSERT INTO proposal_wait (activity_id, user_id, customer_id, at, next_at)
SELECT x.id, x.user_id, x.customer_id, x.at, x.next_at FROM (
  SELECT id, kind, user_id, customer_id, at,
         LEAD(at) OVER (PARTITION BY customer_id ORDER BY at, id) AS next_at
  FROM activity WHERE customer_id IS NOT NULL) x
WHERE x.kind = 'sent_proposal';

INSERT INTO proposal_wait_day (user_id, day, minutes, n)
SELECT user_id, DATE(at), SUM(TIMESTAMPDIFF(MINUTE, at, next_at)), COUNT(*)
FROM proposal_wait WHERE next_at IS NOT NULL GROUP BY user_id, DATE(at);

-- A new entry on a customer: it answers the proposals before it that were
-- waiting (or waiting for a later entry: an entry recorded afterwards for
-- an earlier time); a new proposal waits for the first entry after it.
CREATE TRIGGER tr_activity_wait AFTER INSERT ON activity FOR EACH ROW
BEGIN
  IF @sg_bulk IS NULL AND NEW.customer_id IS NOT NULL THEN
    UPDATE proposal_wait SET next_at = NEW.at
    WHERE customer_id = NEW.customer_id AND (next_at IS NULL OR next_at > NEW.at)
      AND (at < NEW.at OR (at = NEW.at AND activity_id < NEW.id));
    IF NEW.kind = 'sent_proposal' THEN
      INSERT INTO proposal_wait (activity_id, user_id, customer_id, at, next_at)
      VALUES (NEW.id, NEW.user_id, NEW.customer_id, NEW.at,
              (SELECT MIN(a2.at) FROM activity a2 WHERE a2.customer_id = NEW.customer_id
               AND (a2.at > NEW.at OR (a2.at = NEW.at AND a2.id > NEW.id))));
    END IF;
  END IF;
END;

-- The app never deletes an entry; a clean-up by hand does: the proposal
-- goes, and the proposals it answered wait for the next one again.
CREATE TRIGGER tr_activity_unwait AFTER DELETE ON activity FOR EACH ROW
BEGIN
  IF @sg_bulk IS NULL AND OLD.customer_id IS NOT NULL THEN
    DELETE FROM proposal_wait WHERE activity_id = OLD.id;
    UPDATE proposal_wait p SET p.next_at =
      (SELECT MIN(a2.at) FROM activity a2 WHERE a2.customer_id = p.customer_id
       AND (a2.at > p.at OR (a2.at = p.at AND a2.id > p.activity_id)))
    WHERE p.customer_id = OLD.customer_id AND p.next_at = OLD.at;
  END IF;
END;

-- The day sums follow the rows.
CREATE TRIGGER tr_pw_ins AFTER INSERT ON proposal_wait FOR EACH ROW
BEGIN
  IF @sg_bulk IS NULL AND NEW.next_at IS NOT NULL THEN
    INSERT INTO proposal_wait_day (user_id, day, minutes, n)
    VALUES (NEW.user_id, DATE(NEW.at), TIMESTAMPDIFF(MINUTE, NEW.at, NEW.next_at), 1)
    ON DUPLICATE KEY UPDATE minutes = minutes + VALUES(minutes), n = n + 1;
  END IF;
END;

CREATE TRIGGER tr_pw_upd AFTER UPDATE ON proposal_wait FOR EACH ROW
BEGIN
  IF @sg_bulk IS NULL AND NOT (OLD.next_at <=> NEW.next_at) THEN
    INSERT INTO proposal_wait_day (user_id, day, minutes, n)
    VALUES (NEW.user_id, DATE(NEW.at),
            COALESCE(TIMESTAMPDIFF(MINUTE, NEW.at, NEW.next_at), 0)
            - COALESCE(TIMESTAMPDIFF(MINUTE, OLD.at, OLD.next_at), 0),
            (NEW.next_at IS NOT NULL) - (OLD.next_at IS NOT NULL))
    ON DUPLICATE KEY UPDATE minutes = minutes + VALUES(minutes), n = n + VALUES(n);
  END IF;
END;

CREATE TRIGGER tr_pw_del AFTER DELETE ON proposal_wait FOR EACH ROW
BEGIN
  IF @sg_bulk IS NULL AND OLD.next_at IS NOT NULL THEN
    UPDATE proposal_wait_day SET minutes = minutes - TIMESTAMPDIFF(MINUTE, OLD.at, OLD.next_at), n = n - 1
    WHERE user_id = OLD.user_id AND day = DATE(OLD.at);
  END IF;
END;

-- The rep's open deals per stage (/dashboard/me's funnel) from the index
-- alone: the stage was read from each row (a rep owning 190,000 open deals
-- in the bench: 28 ms of row reads per page).
ALTER TABLE deal DROP KEY k_deal_owner_status,
  ADD KEY k_deal_owner_status (owner_id, status, pipeline_id, stage_id);
