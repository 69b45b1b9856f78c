#!/usr/bin/env bash
# Issue 9, R11.2 — the monthly scan: customers whose sales journey ended (a
# deal won more than 7 days ago) but whose success journey never started (no
# contract, no CSM, no welcome plan) are listed for managers in their scope
# and their owner's manager is told once per customer, however often the
# scan runs; the scan runs monthly (a pass a minute later does not repeat
# it).  Adds customers named 't0985 …' in the East owned by rep_east1.
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

has() { if grep -qF -- "$2" <<<"$BODY"; then ok "$1"; else fail "$1" "missing: $2" "${BODY:0:300}"; fi; }
hasnt() { if grep -qF -- "$2" <<<"$BODY"; then fail "$1" "found: $2"; else ok "$1"; fi; }

rep=$(user_id rep_east1)
boss=$(sql "SELECT manager_id FROM users WHERE id = $rep")
csm=$(user_id csm1)
east=$(sql "SELECT region_id FROM users WHERE login = 'rep_east1'")
stage=$(sql "SELECT s.id FROM stage s JOIN pipeline p ON p.id = s.pipeline_id WHERE p.code = 'standard' ORDER BY s.position DESC LIMIT 1")

won_customer() {   # won_customer NAME DAYS_AGO [CSM]: a customer with a deal won DAYS_AGO
  sql "INSERT INTO customer (name, name_norm, owner_id, region_id, csm_id, created_at, updated_at)
       VALUES ('$1', '$1', $rep, $east, ${3:-NULL}, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))"
  local c
  c=$(sql "SELECT MAX(id) FROM customer WHERE name = '$1'")
  sql "INSERT INTO deal (customer_id, pipeline_id, stage_id, owner_id, region_id, name, status, closed_at,
         stage_entered_at, created_at, updated_at)
       SELECT $c, pipeline_id, id, $rep, $east, '$1 商机', 'won', UTC_TIMESTAMP(6) - INTERVAL $2 DAY,
         UTC_TIMESTAMP(6) - INTERVAL 60 DAY, UTC_TIMESTAMP(6) - INTERVAL 90 DAY, UTC_TIMESTAMP(6)
       FROM stage WHERE id = $stage"
  echo "$c"
}
contract() {   # contract CUSTOMER START_OFFSET_DAYS
  sql "INSERT INTO contract (customer_id, start_date, end_date, created_at)
       VALUES ($1, UTC_DATE() + INTERVAL $2 DAY, UTC_DATE() + INTERVAL 300 DAY, UTC_TIMESTAMP(6))"
}

g_none=$(won_customer 't0985 无合同' 20)
g_nocsm=$(won_customer 't0985 无成功经理' 20)
contract "$g_nocsm" -10
g_ok=$(won_customer 't0985 已启动' 20 "$csm")
contract "$g_ok" -10
g_recent=$(won_customer 't0985 刚赢单' 2)
g_later=$(won_customer 't0985 合同未开始' 20 "$csm")
contract "$g_later" 15

"$SG_BIN" tick --force -c "$SG_CONF" >>"$T/tick.log" 2>&1
check "the scheduler gave the started journey its welcome plan" \
  test "$(sql "SELECT COUNT(*) FROM success_task t JOIN contract k ON k.id = t.contract_id WHERE k.customer_id = $g_ok AND t.kind = 'welcome'")" == 1

J=$T/jar
login "$J.mgr" mgr_east
req GET /success/gaps -b "$J.mgr"
expect "a regional manager opens the list" 200
has "a won customer with no contract is listed" "t0985 无合同"
has "… with the reason" "没有合同"
has "a contract without a CSM is listed" "t0985 无成功经理"
has "… with the reason" "没有客户成功经理"
hasnt "a started journey is not listed" "t0985 已启动"
hasnt "a deal won 2 days ago is not a gap yet" "t0985 刚赢单"
hasnt "a contract that starts later is not a gap yet" "t0985 合同未开始"
has "the row links to the customer's success page" "/customers/$g_none/success"

login "$J.south" mgr_south
req GET /success/gaps -b "$J.south"
expect "the South manager opens the list" 200
hasnt "the South manager does not see East customers" "t0985"
login "$J.rep" rep_east1
req GET /success/gaps -b "$J.rep"
expect "a rep may not open the list" 403
req GET /customers -b "$J.mgr"
has "the manager's menu links to the list" 'href="/success/gaps"'

key() { sql "SELECT COUNT(*) FROM notification WHERE dedup_key = 'success.gap:$1'"; }
same "the owner's manager was told about the customer with no contract" \
  "$(sql "SELECT COUNT(*) FROM notification WHERE dedup_key = 'success.gap:$g_none' AND user_id = $boss AND kind = 'success_gap'")" 1
same "… and about the one with no CSM" "$(key "$g_nocsm")" 1
same "nobody is told about the started journey" "$(key "$g_ok")" 0
same "nobody is told about the recent one" "$(key "$g_recent")" 0
runs=$(sql "SELECT COUNT(*) FROM job_run WHERE job = 'success_gap_scan'")
"$SG_BIN" tick -c "$SG_CONF" >>"$T/tick.log" 2>&1
same "a pass a minute later does not scan again (monthly)" \
  "$(sql "SELECT COUNT(*) FROM job_run WHERE job = 'success_gap_scan'")" "$runs"
"$SG_BIN" tick --force -c "$SG_CONF" >>"$T/tick.log" 2>&1
same "a forced second scan tells nobody twice" "$(key "$g_none")" 1
