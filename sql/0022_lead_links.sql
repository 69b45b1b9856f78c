-- 0022: a lead's customer and deal are looked up from the customer and the
-- deal (the deal page's "from lead", conversion checks): without these
-- keys each lookup read the whole lead table (seen in `make bench`: 100,000
-- rows read per deal page at 100,000 leads).
ALTER TABLE lead
  ADD KEY k_lead_customer (customer_id),
  ADD KEY k_lead_deal (deal_id);
