#!/usr/bin/env bash
# Issue 6 — emergency takeover (R8.6): a manager previews what a departing
# rep owns, then one all-or-nothing action moves all their customers, deals
# leads and open tasks to the chosen receivers (deals follow their customer,
# tasks their deal), freezes
# the rep's export and reveal, and writes one audit row per moved record
# plus a summary.  A stale preview moves nothing; receivers outside the
# manager's scope are refused; the departed account can no longer export.
# Makes a user t0620_leaver (reporting to lead_east) with its own records.
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

login() {
  sign_in "$1" "$2"
  if [[ $STATUS == 429 ]]; then sleep 61; sign_in "$1" "$2"; fi
  if [[ $STATUS == 303 ]]; then ok "$2 signs in"; else fail "$2 signs in" "status $STATUS"; fi
}

# --- a departing rep with records of their own (fresh every run) ---------------------------------
# forget_leaver: remove the test's person and what points at them (as root),
# so the demo company keeps its 17 people for the other suites
forget_leaver() {
  local ids
  ids=$(sql "SELECT GROUP_CONCAT(id) FROM users WHERE login = 't0620_leaver' OR login LIKE 't0620_gone_%'")
  sql "DELETE FROM task WHERE title LIKE '接管测试任务%'"
  [[ -n $ids && $ids != NULL ]] || return 0
  sql "UPDATE customer SET owner_id = NULL WHERE owner_id IN ($ids);
       UPDATE deal SET owner_id = NULL WHERE owner_id IN ($ids);
       UPDATE lead SET owner_id = NULL WHERE owner_id IN ($ids);
       DELETE FROM export_request WHERE requester_id IN ($ids);
       DELETE FROM permission_request WHERE user_id IN ($ids);
       DELETE FROM session WHERE user_id IN ($ids);
       DELETE FROM user_tree WHERE descendant_id IN ($ids) OR ancestor_id IN ($ids);
       DELETE FROM users WHERE id IN ($ids)"
}
forget_leaver
EAST=$(sql "SELECT id FROM region WHERE code = 'EAST'")
LEAD_EAST=$(user_id lead_east) R1=$(user_id rep_east1) R2=$(user_id rep_east2)
U=$(sql "INSERT INTO users (login, display_name, password_hash, role_id, team_id, region_id, manager_id, status)
         SELECT 't0620_leaver', '离职测试', password_hash, role_id, team_id, region_id, $LEAD_EAST, 'active'
         FROM users WHERE id = $R1;
         SELECT LAST_INSERT_ID()")
sql "INSERT INTO user_tree (ancestor_id, descendant_id, depth)
       SELECT ancestor_id, $U, depth + 1 FROM user_tree WHERE descendant_id = $LEAD_EAST
       UNION ALL SELECT $U, $U, 0"
cust() {
  sql "INSERT INTO customer (name, name_norm, owner_id, region_id, region_code, created_at, updated_at)
       VALUES ('$1', '$1', $2, $EAST, '310101', UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)); SELECT LAST_INSERT_ID()"
}
deal() {   # deal CUSTOMER [OWNER] → id
  sql "INSERT INTO deal (customer_id, pipeline_id, stage_id, owner_id, region_id, name, amount,
         stage_entered_at, created_at, updated_at)
       SELECT $1, p.id, s.id, ${2:-$U}, $EAST, '接管测试商机', 100000, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)
       FROM pipeline p JOIN stage s ON s.pipeline_id = p.id AND s.position = 1 WHERE p.code = 'standard';
       SELECT LAST_INSERT_ID()"
}
lead() {
  sql "INSERT INTO lead (channel_id, name, phone, phone_norm, region_code, region_id, tier, status, owner_id,
         source, sla_due_at, created_at, updated_at)
       VALUES ((SELECT id FROM channel WHERE code = 'website'), '接管测试线索$1', '1390000062$1', '1390000062$1',
         '310101', $EAST, 'low', 'new', $U, 'test:t0620', UTC_TIMESTAMP(6) + INTERVAL 1 DAY,
         UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)); SELECT LAST_INSERT_ID()"
}
C1=$(cust 接管测试客户甲 "$U") C2=$(cust 接管测试客户乙 "$U") C3=$(cust 接管测试客户丙 "$R2")
D1=$(deal "$C1") D2=$(deal "$C3") D3=$(deal "$C3" "$R2")
lead 1 >/dev/null; lead 2 >/dev/null; lead 3 >/dev/null
task() {   # task DEAL open|done → id (assigned to the leaver)
  sql "INSERT INTO task (deal_id, stage_id, title, role_code, assignee_id, due_at, status, created_at)
       SELECT d.id, d.stage_id, '接管测试任务', 'sales_rep', $U, UTC_TIMESTAMP(6) + INTERVAL 1 DAY, '$2',
         UTC_TIMESTAMP(6) FROM deal d WHERE d.id = $1; SELECT LAST_INSERT_ID()"
}
# open tasks on a deal that moves and on a colleague's deal that stays; a done task
T1=$(task "$D1" open) T2=$(task "$D3" open) T3=$(task "$D1" done)
check "the leaver has 2 open tasks and 1 done" \
  test "$(sql "SELECT CONCAT(SUM(status = 'open'), SUM(status = 'done')) FROM task WHERE assignee_id = $U")" == 21
check "the leaver owns 2 customers, 2 deals, 3 leads" \
  test "$(sql "SELECT CONCAT((SELECT COUNT(*) FROM customer WHERE owner_id = $U), (SELECT COUNT(*) FROM deal WHERE owner_id = $U), (SELECT COUNT(*) FROM lead WHERE owner_id = $U))")" == 223
# an approved, unused export of theirs, to try after the takeover
TOKEN=$(printf 'a%.0s' {1..64})
E=$(sql "INSERT INTO export_request (requester_id, approver_id, kind, export_columns, reason, row_count,
           status, decided_at, token, expires_at, created_at)
         VALUES ($U, $LEAD_EAST, 'leads', 'id,name,phone', 't0620', 3, 'approved', UTC_TIMESTAMP(6),
           '$TOKEN', UTC_TIMESTAMP(6) + INTERVAL 1 DAY, UTC_TIMESTAMP(6)); SELECT LAST_INSERT_ID()")

login "$T/leaver" t0620_leaver
login "$T/mgr" mgr_east
login "$T/rep" rep_east1
login "$T/south" mgr_south
req GET /exports/new -b "$T/leaver"
expect "before: the leaver may request exports" 200

# --- who may take over ------------------------------------------------------------------------
req GET /takeover -b "$T/rep"
expect "a rep cannot (403)" 403
req GET "/takeover/$U" -b "$T/south"
expect "a manager of another subtree does not even find the person (404)" 404
req GET /takeover -b "$T/mgr"
expect "mgr_east: GET /takeover" 200
check "…lists the leaver" grep -q "href=\"/takeover/$U\"" <<<"$BODY"

# --- preview ----------------------------------------------------------------------------------
req GET "/takeover/$U" -b "$T/mgr"
expect "the preview" 200
check "…shows 2 customers, 2 deals, 3 leads, 2 open tasks" \
  bash -c 'b=${1//$'"'"'\n'"'"'/}; [[ $b == *"<strong>2</strong>"*"<strong>2</strong>"*"<strong>3</strong>"*"<strong>2</strong>"* ]]' _ "$BODY"
check "…and carries the task count into the form" grep -q 'name="expect_tasks" value="2"' <<<"$BODY"
check "…offers rep_east1 and rep_east2 as receivers" \
  bash -c 'grep -q "name=\"to\" value=\"$2\"" <<<"$1" && grep -q "name=\"to\" value=\"$3\"" <<<"$1"' _ "$BODY" "$R1" "$R2"
check "…not the leaver themself" bash -c '! grep -q "name=\"to\" value=\"$2\"" <<<"$1"' _ "$BODY" "$U"
req GET /takeover -b "$T/mgr"
check "the list has an open-tasks column" grep -q '未完成任务' <<<"$BODY"

EXP=(--data-urlencode expect_customers=2 --data-urlencode expect_deals=2 --data-urlencode expect_leads=3
     --data-urlencode expect_tasks=2)
A0=$(audit_max)
post_as "$T/mgr" "/takeover/$U" "${EXP[@]}"
expect "no receiver → 400" 400
post_as "$T/mgr" "/takeover/$U" "${EXP[@]}" --data-urlencode "to=$(user_id rep_south1)"
expect "a receiver outside mgr_east's scope → 400" 400
post_as "$T/mgr" "/takeover/$U" --data-urlencode expect_customers=2 --data-urlencode expect_deals=2 \
  --data-urlencode expect_leads=2 --data-urlencode "to=$R1"
expect "a stale preview (the counts changed) → 409" 409
check "…says so" grep -q '未做任何转移' <<<"$BODY"
check "…and nothing moved, nothing frozen, nothing audited" \
  test "$(sql "SELECT CONCAT((SELECT COUNT(*) FROM lead WHERE owner_id = $U), (SELECT ops_frozen_at IS NULL FROM users WHERE id = $U))")$(audit_count "$A0" "action LIKE 'takeover%'")" == 310
post_as "$T/mgr" "/takeover/$U" --data-urlencode expect_customers=2 --data-urlencode expect_deals=2 \
  --data-urlencode expect_leads=3 --data-urlencode expect_tasks=1 --data-urlencode "to=$R1"
expect "a stale task count alone → 409" 409
check "…and no record and no task moved (one transaction)" \
  test "$(sql "SELECT CONCAT((SELECT COUNT(*) FROM customer WHERE owner_id = $U), (SELECT COUNT(*) FROM deal WHERE owner_id = $U), (SELECT COUNT(*) FROM task WHERE assignee_id = $U AND status = 'open'))")$(audit_count "$A0" "action LIKE 'takeover%'")" == 2220

# --- the takeover -----------------------------------------------------------------------------
post_as "$T/mgr" "/takeover/$U" "${EXP[@]}" --data-urlencode "to=$R1" --data-urlencode "to=$R2"
expect "takeover → 303" 303
check "nothing is left with the leaver" \
  test "$(sql "SELECT (SELECT COUNT(*) FROM customer WHERE owner_id = $U) + (SELECT COUNT(*) FROM deal WHERE owner_id = $U) + (SELECT COUNT(*) FROM lead WHERE owner_id = $U)")" == 0
check "customers shared out over both receivers" \
  test "$(sql "SELECT COUNT(DISTINCT owner_id) FROM customer WHERE id IN ($C1, $C2) AND owner_id IN ($R1, $R2)")" == 2
check "deal $D1 went with its customer" \
  test "$(sql "SELECT d.owner_id = c.owner_id FROM deal d JOIN customer c ON c.id = d.customer_id WHERE d.id = $D1")" == 1
check "deal $D2 (someone else's customer) went to a receiver" \
  test "$(sql "SELECT owner_id IN ($R1, $R2) FROM deal WHERE id = $D2")" == 1
check "no open task is left with the leaver; the done task stays (history)" \
  test "$(sql "SELECT CONCAT((SELECT COUNT(*) FROM task WHERE assignee_id = $U AND status = 'open'), (SELECT assignee_id = $U FROM task WHERE id = $T3))")" == 01
check "task $T1 went with its deal $D1" \
  test "$(sql "SELECT t.assignee_id = d.owner_id FROM task t JOIN deal d ON d.id = t.deal_id WHERE t.id = $T1")" == 1
check "task $T2 (a colleague's deal) went to a receiver" \
  test "$(sql "SELECT assignee_id IN ($R1, $R2) FROM task WHERE id = $T2")" == 1
check "one takeover.move audit row per record and task (9)" test "$(audit_count "$A0" "action = 'takeover.move' AND before_value = '$U'")" == 9
check "…a task's row says assignee_id" \
  test "$(audit_count "$A0" "action = 'takeover.move' AND object_type = 'task' AND object_id IN ($T1, $T2) AND field = 'assignee_id'")" == 2
check "…each naming its record" test "$(audit_count "$A0" "action = 'takeover.move' AND ((object_type = 'customer' AND object_id IN ($C1, $C2)) OR (object_type = 'deal' AND object_id IN ($D1, $D2)) OR object_type = 'lead' OR (object_type = 'task' AND object_id IN ($T1, $T2)))")" == 9
check "a summary and the freeze audited" \
  test "$(audit_count "$A0" "(action = 'takeover' AND object_id = $U AND after_value LIKE 'moved customers,deals,leads,tasks=2,2,3,2 %') OR (action = 'takeover.freeze' AND object_id = $U)")" == 2
check "the account's sensitive operations are frozen" test "$(sql "SELECT ops_frozen_at IS NOT NULL FROM users WHERE id = $U")" == 1

# --- the departed account can no longer export ------------------------------------------------
req GET /exports/new -b "$T/leaver"
expect "after: the leaver cannot request an export (403)" 403
post_as "$T/leaver" /exports --data-urlencode kind=leads --data-urlencode columns=name --data-urlencode reason=x
expect "…nor POST one (403)" 403
STATUS=$(curl -sS -o /dev/null -w '%{http_code}' -b "$T/leaver" "$SG_URL/exports/$E/download?t=$TOKEN")
check "…nor use an export approved before the takeover (403)" test "$STATUS" == 403
check "…and that link is still unspent" test "$(sql "SELECT status FROM export_request WHERE id = $E")" == approved
req GET "/takeover/$U" -b "$T/mgr"
check "the preview now shows the freeze and nothing to move" \
  bash -c 'grep -q "敏感操作已冻结" <<<"$1" && [[ $(grep -o "<strong>0</strong>" <<<"$1" | wc -l) == 4 ]]' _ "$BODY"

forget_leaver
check "the test's person is gone again (17 people in the demo company)" \
  test "$(sql "SELECT COUNT(*) FROM users WHERE login LIKE 't0620%'")" == 0
