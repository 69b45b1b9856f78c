#!/usr/bin/env bash
# Issue 6, R8.5 — four-eyes confirmation on deals: a quote (the deal amount)
# and a key-contact change are saved as pending; the old value stays in
# force (the stage's action lock still sees no amount) until a second person
# with deal.approve, not the author, confirms; both values are visible to
# those allowed to see them (the amount through the field policy); the
# author cannot confirm their own change; a second pending change of the
# same kind is refused with the typed value kept; rejection keeps the old
# value; a decider outside the deal's scope does not find it; every step is
# audited (never with the amount in clear) and on the deal's timeline.
# Makes a customer, two contacts and a deal named …T0650.
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

login() {
  sign_in "$1" "$2"
  if [[ $STATUS == 429 ]]; then sleep 61; sign_in "$1" "$2"; fi
  if [[ $STATUS == 303 ]]; then ok "$2 signs in"; else fail "$2 signs in" "status $STATUS"; fi
}
change_of() { sql "SELECT MAX(id) FROM pending_change WHERE deal_id = $D AND kind = '$1'"; }
amount() { sql "SELECT COALESCE(amount, 'NULL') FROM deal WHERE id = $D"; }
missing_amount() {   # the move to the next stage is refused and lists the amount rule?
  local tok
  tok=$(csrf_of "$1")
  req POST "/deals/$D/move" -b "$1" -H "Origin: $SG_URL" -H 'Accept: application/json' \
    --data-urlencode "_csrf=$tok" --data-urlencode "to=$S4"
  jq -e '[.missing[].text] | any(. == "商机金额已填写")' <<<"$BODY" >/dev/null 2>&1 && echo 1 || echo 0
}

sql "DELETE FROM pending_change WHERE deal_id IN (SELECT id FROM deal WHERE name LIKE '%T0650%');
     DELETE FROM deal_event WHERE deal_id IN (SELECT id FROM deal WHERE name LIKE '%T0650%');
     DELETE FROM deal_approval WHERE deal_id IN (SELECT id FROM deal WHERE name LIKE '%T0650%');
     DELETE FROM task WHERE deal_id IN (SELECT id FROM deal WHERE name LIKE '%T0650%');
     DELETE FROM deal WHERE name LIKE '%T0650%';
     DELETE FROM contact WHERE name LIKE '%T0650%';
     DELETE FROM customer WHERE name LIKE '%T0650%'"
EAST=$(sql "SELECT id FROM region WHERE code = 'EAST'")
REP=$(user_id rep_east1) LEAD=$(user_id lead_east) MGR=$(user_id mgr_east)
CUST=$(sql "INSERT INTO customer (name, name_norm, owner_id, region_id, region_code, industry, created_at, updated_at)
            VALUES ('四眼客户T0650', '四眼客户T0650', $REP, $EAST, '310101', 'medical', UTC_TIMESTAMP(6), UTC_TIMESTAMP(6));
            SELECT LAST_INSERT_ID()")
K1=$(sql "INSERT INTO contact (customer_id, name, title, is_key, decision_maker, created_at)
          VALUES ($CUST, '采购王T0650', '采购经理', 0, 1, UTC_TIMESTAMP(6)); SELECT LAST_INSERT_ID()")
# the deal sits in 方案呈现 (standard, position 3), whose exit needs the amount
D=$(sql "INSERT INTO deal (customer_id, pipeline_id, stage_id, owner_id, region_id, name, amount,
           stage_entered_at, created_at, updated_at)
         SELECT $CUST, p.id, s.id, $REP, $EAST, '四眼商机T0650', NULL, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)
         FROM pipeline p JOIN stage s ON s.pipeline_id = p.id AND s.position = 3 WHERE p.code = 'standard';
         SELECT LAST_INSERT_ID()")
S4=$(sql "SELECT s.id FROM stage s JOIN pipeline p ON p.id = s.pipeline_id WHERE p.code = 'standard' AND s.position = 4")
check "test records made" test -n "$CUST" -a -n "$K1" -a -n "$D" -a -n "$S4"

login "$T/rep" rep_east1
login "$T/lead" lead_east
login "$T/mgr" mgr_east
login "$T/south" mgr_south
login "$T/fin" finance1

# --- a quote waits for a second person; the old value stays in force -----------------------
check "before: the action lock misses the amount" test "$(missing_amount "$T/rep")" == 1
A0=$(audit_max)
post_as "$T/rep" "/deals/$D/facts" --data-urlencode amount=800000
expect "the rep saves a quote → 303" 303
check "…told it waits for confirmation" bash -c 'grep -qi "done=ChangePending" <<<"$1"' _ "$(location)"
check "the deal's amount is unchanged (NULL)" test "$(amount)" == NULL
C1=$(change_of quote)
check "a pending quote change is kept with old and new value and its author" \
  test "$(sql "SELECT CONCAT(status, '|', COALESCE(old_value, ''), '|', new_value, '|', author_id) FROM pending_change WHERE id = '$C1'")" == "pending||800000|$REP"
check "the action lock still evaluates the old value (amount missing)" test "$(missing_amount "$T/rep")" == 1
check "deal.change.propose audited, the amount not in clear" \
  test "$(audit_count "$A0" "action = 'deal.change.propose' AND object_id = $D AND field = 'quote' AND after_value = '(pending)'")$(audit_count "$A0" "CONCAT_WS('|', before_value, after_value) LIKE '%800000%'")" == 10
check "on the deal's timeline" \
  test "$(sql "SELECT COUNT(*) FROM deal_event WHERE deal_id = $D AND kind = 'change_pending_quote' AND user_id = $REP")" == 1

post_as "$T/rep" "/deals/$D/facts" --data-urlencode amount=900000
expect "a second quote while one is pending → 409" 409
check "…the form again with what was typed and why" \
  bash -c 'grep -q "value=\"900000\"" <<<"$1" && grep -q "已有一条在等待确认" <<<"$1"' _ "$BODY"
check "…and still one pending quote" \
  test "$(sql "SELECT COUNT(*) FROM pending_change WHERE deal_id = $D AND kind = 'quote' AND status = 'pending'")" == 1

# --- who sees what ------------------------------------------------------------------------------
req GET "/deals/$D" -b "$T/rep"
expect "the rep's deal page" 200
check "the rep sees the pending quote, masked as the amount is (a band, not the figure)" \
  bash -c 'grep -q "id=\"pending\"" <<<"$1" && grep -q "50万–100万" <<<"$1" && ! grep -q 800000 <<<"$1"' _ "$BODY"
check "…marked as theirs, with no confirm button" \
  bash -c 'grep -q "你提交的" <<<"$1" && ! grep -q "action=\"/deals/$2/changes/" <<<"$1"' _ "$BODY" "$D"
req GET "/deals/$D" -b "$T/fin"
check "finance (allowed by the policy) sees the new figure" grep -q 800000 <<<"$BODY"
req GET "/deals/$D" -b "$T/lead"
check "the team lead sees it with confirm and reject buttons" \
  bash -c 'grep -q "action=\"/deals/$2/changes/$3\"" <<<"$1" && grep -q "value=\"confirm\"" <<<"$1"' _ "$BODY" "$D" "$C1"
post_as "$T/rep" "/deals/$D/changes/$C1" --data-urlencode decision=confirm
expect "the rep (no deal.approve) cannot confirm → 403" 403
post_as "$T/south" "/deals/$D/changes/$C1" --data-urlencode decision=confirm
expect "a manager outside the deal's scope does not find it → 404" 404
post_as "$T/lead" "/deals/$D/changes/$C1" --data-urlencode decision=maybe
expect "an unknown decision → 400" 400
check "still pending after the refusals" test "$(sql "SELECT status FROM pending_change WHERE id = $C1")" == pending

# --- self-confirmation is impossible ---------------------------------------------------------
req GET "/deals/$D" -b "$T/lead"
check "contacts carry a key-contact button" grep -q "action=\"/deals/$D/contacts/$K1/key\"" <<<"$BODY"
A1=$(audit_max)
post_as "$T/lead" "/deals/$D/contacts/$K1/key" --data-urlencode key=1
expect "the team lead marks a key contact → 303 (pending)" 303
check "…the contact is not key yet" test "$(sql "SELECT is_key FROM contact WHERE id = $K1")" == 0
C2=$(change_of key_contact)
check "a pending key-contact change by the team lead" \
  test "$(sql "SELECT CONCAT(status, contact_id = $K1, old_value, new_value, author_id = $LEAD) FROM pending_change WHERE id = '$C2'")" == pending1011
post_as "$T/lead" "/deals/$D/changes/$C2" --data-urlencode decision=confirm
expect "the author (with deal.approve) confirming their own change → 403" 403
check "…audited as refused, and the change is still pending" \
  test "$(audit_count "$A1" "action = 'deal.change.self_refused' AND object_id = $D AND actor_login = 'lead_east'")$(sql "SELECT status FROM pending_change WHERE id = $C2")" == 1pending
post_as "$T/lead" "/deals/$D/changes/$C2" --data-urlencode decision=reject
expect "…nor reject it → 403" 403

# --- a second person confirms --------------------------------------------------------------------
A2=$(audit_max)
post_as "$T/mgr" "/deals/$D/changes/$C2" --data-urlencode decision=confirm --data-urlencode "comment=核实过"
expect "mgr_east confirms the key contact → 303" 303
check "the contact is key now" test "$(sql "SELECT is_key FROM contact WHERE id = $K1")" == 1
check "confirmed by mgr_east with the note" \
  test "$(sql "SELECT CONCAT(status, decided_by = $MGR, comment) FROM pending_change WHERE id = $C2")" == "confirmed1核实过"
post_as "$T/lead" "/deals/$D/changes/$C1" --data-urlencode decision=confirm
expect "the team lead confirms the rep's quote → 303" 303
check "the amount is in force now" test "$(amount)" == 800000.00
check "the action lock no longer misses the amount" test "$(missing_amount "$T/rep")" == 0
check "both confirmations audited, the amount never in clear" \
  test "$(audit_count "$A2" "action = 'deal.change.confirm' AND object_id = $D")$(audit_count "$A2" "CONCAT_WS('|', before_value, after_value) LIKE '%800000%'")" == 20
post_as "$T/mgr" "/deals/$D/changes/$C1" --data-urlencode decision=confirm
expect "deciding a change twice → 409" 409

# --- rejection keeps the old value ---------------------------------------------------------
post_as "$T/rep" "/deals/$D/facts" --data-urlencode amount=123456
expect "the rep proposes another quote → 303" 303
C3=$(change_of quote)
A3=$(audit_max)
post_as "$T/lead" "/deals/$D/changes/$C3" --data-urlencode decision=reject --data-urlencode "comment=报价过低"
expect "the team lead rejects it → 303" 303
check "the old amount stays" test "$(amount)" == 800000.00
check "rejected and audited" \
  test "$(sql "SELECT status FROM pending_change WHERE id = $C3")$(audit_count "$A3" "action = 'deal.change.reject' AND object_id = $D")" == rejected1
req GET "/deals/$D" -b "$T/rep"
check "no pending section any more" bash -c '! grep -q "id=\"pending\"" <<<"$1"' _ "$BODY"
check "the timeline shows the steps" \
  bash -c 'grep -q "报价变更待确认" <<<"$1" && grep -q "报价变更已确认" <<<"$1" && grep -q "报价变更被驳回" <<<"$1" && grep -q "关键联系人变更已确认" <<<"$1"' _ "$BODY"
check "six timeline rows of four-eyes steps" \
  test "$(sql "SELECT COUNT(*) FROM deal_event WHERE deal_id = $D AND kind LIKE 'change\_%'")" == 6
