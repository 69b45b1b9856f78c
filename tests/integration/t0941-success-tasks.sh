#!/usr/bin/env bash
# Issue 9 gap 2 (R11.1): the success journey's day-1 welcome plan and day-30
# health check are tasks of the CSM like any other — on /tasks, on the today
# page (a CSM now has one) and in the staff API's task list, due/overdue
# like other tasks, linked to the customer's success page; closing one
# closes the success task the customer's success page shows.
# Adds a customer named 't0941 …' in the East, rep_east1's, CSM csm1.
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

has() { if grep -qF -- "$2" <<<"$BODY"; then ok "$1"; else fail "$1" "missing: $2" "${BODY:0:300}"; fi; }
tick() { "$SG_BIN" tick --force -c "$SG_CONF" >>"$T/tick.log" 2>&1 || true; }

rep=$(user_id rep_east1)
csm=$(user_id csm1)
east=$(sql "SELECT region_id FROM users WHERE login = 'rep_east1'")
login "$T/csm" csm1

sql "INSERT INTO customer (name, name_norm, owner_id, region_id, csm_id, created_at, updated_at)
     VALUES ('t0941 成功旅程客户', 't0941 成功旅程客户', $rep, $east, $csm, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))"
C=$(sql "SELECT MAX(id) FROM customer WHERE name = 't0941 成功旅程客户'")
sql "INSERT INTO contract (customer_id, start_date, end_date, amount, created_at)
     VALUES ($C, UTC_DATE() - INTERVAL 3 DAY, UTC_DATE() + INTERVAL 362 DAY, 80000, UTC_TIMESTAMP(6))"
K=$(sql "SELECT id FROM contract WHERE customer_id = $C")

tick
same "the scheduler makes the welcome plan and the health check" \
  "$(sql "SELECT GROUP_CONCAT(kind ORDER BY kind) FROM success_task WHERE contract_id = $K")" "welcome,health"
same "each is a task of the CSM for the customer, without a deal, due when the success task is" \
  "$(sql "SELECT GROUP_CONCAT(CONCAT_WS('|', t.kind, t.assignee_id, COALESCE(t.deal_id, '-'), t.customer_id, t.due_at = s.due_at) ORDER BY t.kind)
          FROM task t JOIN success_task s ON s.id = t.ref_id WHERE s.contract_id = $K AND t.kind IN ('welcome', 'health')")" \
  "health|$csm|-|$C|1,welcome|$csm|-|$C|1"
tick
same "another pass makes no second task" \
  "$(sql "SELECT COUNT(*) FROM task t JOIN success_task s ON s.id = t.ref_id AND t.kind = s.kind WHERE s.contract_id = $K")" 2
TW=$(sql "SELECT t.id FROM task t JOIN success_task s ON s.id = t.ref_id AND t.kind = 'welcome' WHERE s.contract_id = $K")
TH=$(sql "SELECT t.id FROM task t JOIN success_task s ON s.id = t.ref_id AND t.kind = 'health' WHERE s.contract_id = $K")

req GET /tasks -b "$T/csm"
expect "the CSM opens /tasks" 200
has "/tasks lists the welcome plan" "首日欢迎计划"
has "and the health check" "第 30 天健康检查"
has "linked to the customer's success page" "href=\"/customers/$C/success\">t0941 成功旅程客户</a>"
if grep -q 'class="overdue"' <<<"$BODY" && grep -qF "action=\"/tasks/$TW/done\"" <<<"$BODY"; then ok "the welcome plan (due day 1, 3 days ago) is overdue"
else fail "the welcome plan is overdue" "no overdue row"; fi
req GET / -b "$T/csm"
expect "the CSM's start page is the today page" 200
has "today lists the CSM's welcome plan" "首日欢迎计划"
has "today counts it overdue" "逾期"
has "today links the success page" "href=\"/customers/$C/success\"><strong>"
has "the header links today for the CSM" 'href="/today"'
req GET /today -b "$T/csm"
expect "/today opens for the CSM" 200

post_as "$T/csm" "/tasks/$TW/done" -d from=today
expect "the CSM marks the welcome plan done: 303" 303
same "the task and the success task are done" \
  "$(sql "SELECT CONCAT(t.status, '|', s.status, '|', s.done_at = t.done_at) FROM task t JOIN success_task s ON s.id = t.ref_id WHERE t.id = $TW")" "done|done|1"
req GET "/customers/$C/success" -b "$T/csm"
expect "the CSM opens the success page" 200
has "the success page shows the welcome plan done" "已完成"
same "the health check is still open" "$(sql "SELECT status FROM task WHERE id = $TH")" open

# the welcome plan due in the future is not overdue
req GET /tasks -b "$T/csm"
if grep -A3 "action=\"/tasks/$TH/done\"" <<<"$BODY" >/dev/null; then ok "the health check can be marked done from /tasks"
else fail "the health check is on /tasks" ""; fi
