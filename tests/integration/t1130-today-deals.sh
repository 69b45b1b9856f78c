#!/usr/bin/env bash
# F1 — the deals pipeline on the today page: "tasks due" (my open tasks,
# overdue first, each with its done button that comes back to today) and
# "stale deals" (my open deals past their stage's stagnation limit).  Adds
# the user t1130_rep (EAST, under lead_east) with two deals of its own.
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
trap forget_failed_logins EXIT

has() { [[ $BODY == *"$1"* ]]; }
PW='T1130-pass-ok'
if [[ -z $(user_id t1130_rep) ]]; then
  printf '%s\n' "$PW" | "$SG_BIN" user add --login t1130_rep --role sales_rep --name 任务测试 \
    --team 华东一组 --region EAST --manager lead_east --password-stdin -c "$SG_CONF" >/dev/null
fi
uid=$(user_id t1130_rep)
other=$(user_id rep_east1)
check "t1130_rep exists" test -n "$uid"

# a run before: its deals closed, its tasks gone
sql "DELETE FROM task WHERE deal_id IN (SELECT id FROM deal WHERE name LIKE 'T1130 %')"
sql "UPDATE deal SET status = 'lost' WHERE name LIKE 'T1130 %'"

# ---- a customer with two deals of t1130_rep: one fresh, one stuck for 30 days; a closed one stuck too
sql "INSERT INTO customer (name, name_norm, owner_id, region_id, created_at, updated_at)
     SELECT '任务测试医院', '任务测试医院', id, region_id, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) FROM users WHERE id = $uid"
cust=$(sql "SELECT MAX(id) FROM customer")
new_deal() {   # new_deal NAME DAYS_IN_STAGE STATUS OWNER → id
  sql "INSERT INTO deal (customer_id, pipeline_id, stage_id, owner_id, region_id, name, amount, status,
         stage_entered_at, created_at, updated_at)
       SELECT $cust, p.id, s.id, $4, (SELECT region_id FROM users WHERE id = $4), '$1', 1130777, '$3',
         UTC_TIMESTAMP(6) - INTERVAL $2 DAY, UTC_TIMESTAMP(6) - INTERVAL $2 DAY, UTC_TIMESTAMP(6)
       FROM pipeline p JOIN stage s ON s.pipeline_id = p.id AND s.position = 2 WHERE p.code = 'standard';
       SELECT LAST_INSERT_ID()"
}
fresh=$(new_deal 'T1130 新鲜商机' 0 open "$uid")
stuck=$(new_deal 'T1130 停滞商机' 30 open "$uid")
closed=$(new_deal 'T1130 已关闭商机' 30 lost "$uid")
theirs=$(new_deal 'T1130 别人的商机' 30 open "$other")
limit=$(sql "SELECT stagnation_hours FROM stage WHERE id = (SELECT stage_id FROM deal WHERE id = $stuck)")
check "the stage has a stagnation limit under 30 days" test "$limit" -lt 720

new_task() {   # new_task TITLE ASSIGNEE DUE_HOURS STATUS → id
  sql "INSERT INTO task (deal_id, stage_id, title, role_code, assignee_id, due_at, status, created_at)
       SELECT $fresh, stage_id, '$1', 'owner', $2, UTC_TIMESTAMP(6) + INTERVAL $3 HOUR, '$4', UTC_TIMESTAMP(6)
       FROM deal WHERE id = $fresh; SELECT LAST_INSERT_ID()"
}
later=$(new_task 'T1130 发送报价' "$uid" 5 open)
late=$(new_task 'T1130 回访客户' "$uid" -2 open)
done_=$(new_task 'T1130 已完成任务' "$uid" -1 done)
foreign=$(new_task 'T1130 别人的任务' "$other" -3 open)

sign_in "$T/jar" t1130_rep "$PW"
req GET / -b "$T/jar"
if [[ $STATUS == 200 ]] && has 'id="tasks"' && has 'id="stale-deals"'; then ok "/ shows tasks due and stale deals"
else fail "/ shows tasks due and stale deals" "status $STATUS" "${BODY:0:300}"; fi
order=$(grep -o 'id="\(tasks\|waiting\|stale-deals\|recent-leads\)"' <<<"$BODY" | tr '\n' ' ')
check "tasks first, stale deals after waiting" test "$order" = 'id="tasks" id="waiting" id="stale-deals" id="recent-leads" '

tasks=$(sed -n '/id="tasks"/,/<\/section>/p' <<<"$BODY")
pos() { grep -n "$2" <<<"$1" | head -n 1 | cut -d: -f1; }
if [[ -n $(pos "$tasks" 'T1130 回访客户') && -n $(pos "$tasks" 'T1130 发送报价') \
      && $(pos "$tasks" 'T1130 回访客户') -lt $(pos "$tasks" 'T1130 发送报价') ]]; then
  ok "tasks: my two open tasks, the overdue one first"
else fail "tasks: my two open tasks, the overdue one first" "$tasks"; fi
if ! grep -q 'T1130 已完成任务' <<<"$tasks" && ! grep -q 'T1130 别人的任务' <<<"$tasks"; then
  ok "not listed: a done task, someone else's task"
else fail "not listed: a done task, someone else's task"; fi
if grep -q '<span class="badge">2</span>' <<<"$tasks" && grep -q '1 条已超时' <<<"$tasks"; then ok "counts: 2 tasks, 1 overdue"
else fail "counts: 2 tasks, 1 overdue" "$(grep -o '<h2>.*</h2>' <<<"$tasks")"; fi
check "the overdue task is marked" grep -q '已逾期' <<<"$tasks"
check "a done button on each (CSRF token, back to today)" \
  test "$(grep -c "action=\"/tasks/\($late\|$later\)/done\"" <<<"$tasks")" = 2
check "each form carries the CSRF token" test "$(grep -c 'name="_csrf"' <<<"$tasks")" = 2
check "each task links to its deal" grep -q "href=\"/deals/$fresh#tasks\"" <<<"$tasks"

stale=$(sed -n '/id="stale-deals"/,/<\/section>/p' <<<"$BODY")
check "stale: my deal stuck for 30 days" grep -q "href=\"/deals/$stuck\"" <<<"$stale"
check "…with its days in the stage" grep -q '>30 天 · 时限' <<<"$stale"
if ! grep -q "/deals/$fresh\"" <<<"$stale" && ! grep -q "/deals/$closed\"" <<<"$stale" \
   && ! grep -q "/deals/$theirs\"" <<<"$stale"; then
  ok "not stale: a fresh deal, a closed one, someone else's"
else fail "not stale: fresh, closed or someone else's" "$stale"; fi
check "no amount on the today page" bash -c '! grep -q 1130777 <<<"$1"' _ "$BODY"

req GET /today?lang=en -b "$T/jar"
if has 'Tasks due' && has 'Stale deals' && has 'Mark done'; then ok "in English too"
else fail "in English too" "${BODY:0:300}"; fi

# ---- done from today -----------------------------------------------------------------------------
since=$(audit_max)
post_as "$T/jar" "/tasks/$late/done" --data-urlencode from=today
if [[ $STATUS == 303 && $(location) == "/today?done=saved#tasks" ]]; then ok "done → back to today (303)"
else fail "done → back to today" "status $STATUS $(location)"; fi
check "the task is done" test "$(sql "SELECT status FROM task WHERE id = $late")" = done
check "and audited" test "$(audit_count "$since" "action = 'task.done' AND object_id = $late AND actor_id = $uid")" = 1
req GET "/today?done=Saved" -b "$T/jar"
tasks=$(sed -n '/id="tasks"/,/<\/section>/p' <<<"$BODY")
if has '已保存。' && ! grep -q 'T1130 回访客户' <<<"$tasks" && grep -q 'T1130 发送报价' <<<"$tasks"; then
  ok "today confirms, and the task left the list"
else fail "today confirms, and the task left the list" "$tasks"; fi
post_as "$T/jar" "/tasks/$later/done"
if [[ $STATUS == 303 && $(location) == "/tasks?done=saved" ]]; then ok "done without from → the task list as before"
else fail "done without from → the task list" "status $STATUS $(location)"; fi
post_as "$T/jar" "/tasks/$foreign/done" --data-urlencode from=today
expect "someone else's task: 404" 404
check "…and it stays open" test "$(sql "SELECT status FROM task WHERE id = $foreign")" = open
post_as "$T/jar" "/tasks/$later/done" --data-urlencode 'from=<x>'
expect "a bad 'from': 400" 400
req GET / -b "$T/jar"
check "no open task: the section says so" grep -q '没有未完成的任务' <<<"$BODY"

# ---- JSON face -----------------------------------------------------------------------------------------
req GET /api/v1/today -b "$T/jar"
if [[ $STATUS == 200 ]] && has '"tasks":{"count":0' && has "\"stale_deals\":{\"count\":1,\"items\":[{\"id\":$stuck," \
   && ! has 1130777; then
  ok "GET /api/v1/today: tasks and stale deals, no amount"
else fail "GET /api/v1/today" "status $STATUS" "${BODY:0:400}"; fi

sql "DELETE FROM task WHERE deal_id IN ($fresh, $stuck, $closed, $theirs)"
