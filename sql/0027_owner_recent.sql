-- 0027: /today's "recently worked" lists (today.c: a rep's own leads and
-- customers, latest updated first, 10 rows) sorted every row the rep owns:
-- at 1,000,000 bench leads rep_east1 owns 300,000, and each /today read and
-- filesorted all of them (1.2 s a page, the growth run's slow page; issue
-- 10).  With (owner_id, updated_at, id) the list is the index's last ten
-- entries.  k_lead_owner (owner_id) is a prefix of the new key and goes.
ALTER TABLE lead
  ADD KEY k_lead_owner_updated (owner_id, updated_at, id),
  DROP KEY k_lead_owner;
ALTER TABLE customer
  ADD KEY k_customer_owner_updated (owner_id, updated_at, id);
