-- 0028: each person's open load, kept (issue 10: the public form POST).
-- Routing (cgi/routing.c) compares a candidate's open load — open leads
-- (new, contacted, qualified) plus customers owned — with users.load_cap.
-- It used to count both for every candidate of every matching rule and
-- again, with locking reads, for the person chosen; with a few thousand
-- open leads a rep that was most of the POST's database time.
--
-- user_load holds the number, one row per person, kept by the triggers
-- below in the same transaction as the change, whoever writes it: lead
-- insert, owner or status change into or out of the open statuses, delete;
-- customer insert, owner change, delete (the forms, the intake API, the
-- import, conversion, manual assignment, routing, the takeover's
-- reassignment, the demo seed, the bench generators, the tests' own SQL).
-- It is a table of its own, not a column of users: a trigger may not
-- update a table its statement reads, and many statements that write leads
-- and customers read users (routing's UPDATE lead JOIN users, INSERT …
-- SELECT … FROM users).  No foreign key either: the users triggers add and
-- remove the row.  Foreign-key actions fire no triggers; no key of lead or
-- customer has one (their owner_id keys restrict).
--
-- The counts below and the triggers' creation are separate statements: on
-- a database taking writes meanwhile, run `salesgate load-check --repair`
-- once after migrating (the daily job would find the difference too).
--
-- Routing reads it plainly for the candidates and locks the chosen
-- person's row (SELECT … FOR UPDATE): two intakes near the cap serialise
-- there.  `salesgate load-check [--repair]` and the daily load_check job
-- compare it with the real counts in one snapshot and repair the
-- difference.
CREATE TABLE user_load (
  user_id    INT UNSIGNED NOT NULL PRIMARY KEY,
  open_load  INT NOT NULL DEFAULT 0
) ENGINE=InnoDB;

INSERT INTO user_load (user_id, open_load)
SELECT u.id,
       (SELECT COUNT(*) FROM lead l WHERE l.owner_id = u.id
          AND l.status IN ('new', 'contacted', 'qualified'))
     + (SELECT COUNT(*) FROM customer c WHERE c.owner_id = u.id)
FROM users u;

CREATE TRIGGER tr_users_load_ins AFTER INSERT ON users FOR EACH ROW
  INSERT INTO user_load (user_id, open_load) VALUES (NEW.id, 0)
  ON DUPLICATE KEY UPDATE user_id = user_id;

CREATE TRIGGER tr_users_load_del AFTER DELETE ON users FOR EACH ROW
  DELETE FROM user_load WHERE user_id = OLD.id;

-- (A row that is missing is made: +1 starts it at 1; a -1 on a missing row
-- is drift already, which load-check finds.)
CREATE TRIGGER tr_lead_load_ins AFTER INSERT ON lead FOR EACH ROW
BEGIN
  IF NEW.owner_id IS NOT NULL AND NEW.status IN ('new', 'contacted', 'qualified') THEN
    INSERT INTO user_load (user_id, open_load) VALUES (NEW.owner_id, 1)
    ON DUPLICATE KEY UPDATE open_load = open_load + 1;
  END IF;
END;

CREATE TRIGGER tr_lead_load_upd AFTER UPDATE ON lead FOR EACH ROW
BEGIN
  DECLARE was_open, is_open, same BOOLEAN;
  SET was_open = OLD.owner_id IS NOT NULL AND OLD.status IN ('new', 'contacted', 'qualified');
  SET is_open = NEW.owner_id IS NOT NULL AND NEW.status IN ('new', 'contacted', 'qualified');
  SET same = was_open AND is_open AND OLD.owner_id = NEW.owner_id;
  IF was_open AND NOT same THEN
    INSERT INTO user_load (user_id, open_load) VALUES (OLD.owner_id, -1)
    ON DUPLICATE KEY UPDATE open_load = open_load - 1;
  END IF;
  IF is_open AND NOT same THEN
    INSERT INTO user_load (user_id, open_load) VALUES (NEW.owner_id, 1)
    ON DUPLICATE KEY UPDATE open_load = open_load + 1;
  END IF;
END;

CREATE TRIGGER tr_lead_load_del AFTER DELETE ON lead FOR EACH ROW
BEGIN
  IF OLD.owner_id IS NOT NULL AND OLD.status IN ('new', 'contacted', 'qualified') THEN
    INSERT INTO user_load (user_id, open_load) VALUES (OLD.owner_id, -1)
    ON DUPLICATE KEY UPDATE open_load = open_load - 1;
  END IF;
END;

CREATE TRIGGER tr_customer_load_ins AFTER INSERT ON customer FOR EACH ROW
BEGIN
  IF NEW.owner_id IS NOT NULL THEN
    INSERT INTO user_load (user_id, open_load) VALUES (NEW.owner_id, 1)
    ON DUPLICATE KEY UPDATE open_load = open_load + 1;
  END IF;
END;

CREATE TRIGGER tr_customer_load_upd AFTER UPDATE ON customer FOR EACH ROW
BEGIN
  IF NOT (OLD.owner_id <=> NEW.owner_id) THEN
    IF OLD.owner_id IS NOT NULL THEN
      INSERT INTO user_load (user_id, open_load) VALUES (OLD.owner_id, -1)
      ON DUPLICATE KEY UPDATE open_load = open_load - 1;
    END IF;
    IF NEW.owner_id IS NOT NULL THEN
      INSERT INTO user_load (user_id, open_load) VALUES (NEW.owner_id, 1)
      ON DUPLICATE KEY UPDATE open_load = open_load + 1;
    END IF;
  END IF;
END;

CREATE TRIGGER tr_customer_load_del AFTER DELETE ON customer FOR EACH ROW
BEGIN
  IF OLD.owner_id IS NOT NULL THEN
    INSERT INTO user_load (user_id, open_load) VALUES (OLD.owner_id, -1)
    ON DUPLICATE KEY UPDATE open_load = open_load - 1;
  END IF;
END;
