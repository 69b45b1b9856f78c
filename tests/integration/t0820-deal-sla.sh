#!/usr/bin/env bash
# R3.4 / R3.5 through the scheduler: a deal past its stage's stagnation limit
# notifies its owner and the owner's direct superior once per breach (and
# says so on its timeline); an open task past due climbs the assignee's
# manager chain one level per Tasks.EscalateHours (24 h), each level notified
# once, the level shown on the task — with the clock moved (test build only)
# and two `salesgate tick` runs at once.
# Adds one deal and one task (far in the future: 2030) owned by rep_east1.
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

tick() {   # tick "YYYY-MM-DD HH:MM:SS": one forced scheduler pass at that time
  SALESGATE_TEST_NOW="$1" "$SG_BIN" tick --force -c "$SG_CONF" >>"$T/tick.log" 2>&1
}
count() { sql "SELECT COUNT(*) FROM notification WHERE $1"; }

rep=$(user_id rep_east1)
boss1=$(sql "SELECT ancestor_id FROM user_tree WHERE descendant_id = $rep AND depth = 1")
boss2=$(sql "SELECT ancestor_id FROM user_tree WHERE descendant_id = $rep AND depth = 2")
boss3=$(sql "SELECT ancestor_id FROM user_tree WHERE descendant_id = $rep AND depth = 3")
check "rep_east1 has a chain of three managers above" test -n "$boss1" -a -n "$boss2" -a -n "$boss3"
check "the direct superior is users.manager_id" \
  test "$(sql "SELECT manager_id FROM users WHERE id = $rep")" == "$boss1"

cust=$(sql "SELECT id FROM customer WHERE owner_id = $rep ORDER BY id LIMIT 1")
stage=$(sql "SELECT s.id FROM stage s JOIN pipeline p ON p.id = s.pipeline_id WHERE p.code = 'standard' ORDER BY s.position LIMIT 1")
limit=$(sql "SELECT stagnation_hours FROM stage WHERE id = $stage")
sql "INSERT INTO deal (customer_id, pipeline_id, stage_id, owner_id, name, stage_entered_at, created_at, updated_at)
     SELECT $cust, pipeline_id, id, $rep, 't0820 停滞商机', '2030-01-01 00:00:00', '2030-01-01 00:00:00', '2030-01-01 00:00:00'
     FROM stage WHERE id = $stage"
deal=$(sql "SELECT MAX(id) FROM deal WHERE name = 't0820 停滞商机'")
sql "INSERT INTO task (deal_id, stage_id, title, role_code, assignee_id, due_at, created_at)
     VALUES ($deal, $stage, 't0820 逾期任务', 'owner', $rep, '2030-01-02 00:00:00', '2030-01-01 00:00:00')"
task=$(sql "SELECT MAX(id) FROM task WHERE title = 't0820 逾期任务'")
stale_key="deal.stale:$deal:%"

# --- before the limit: nothing ------------------------------------------------------------
tick "2030-01-01 12:00:00"
check "inside the stagnation limit: no notice" test "$(count "dedup_key LIKE '$stale_key'")" == 0
check "before the due time: the task is not escalated" \
  test "$(sql "SELECT escalation_level FROM task WHERE id = $task")" == 0

# --- past the limit, two ticks at once: exactly once each -----------------------------------
at=$(sql "SELECT DATE_FORMAT('2030-01-01 00:00:00' + INTERVAL $limit HOUR + INTERVAL 1 HOUR, '%Y-%m-%d %H:%i:%s')")
SALESGATE_TEST_NOW="$at" "$SG_BIN" tick --force -c "$SG_CONF" >>"$T/tick.log" 2>&1 &
p1=$!
SALESGATE_TEST_NOW="$at" "$SG_BIN" tick --force -c "$SG_CONF" >>"$T/tick.log" 2>&1 &
p2=$!
rc=0
wait $p1 || rc=1
wait $p2 || rc=1
check "two ticks at once both succeed" test $rc == 0
check "the owner is told once that the deal is stale" \
  test "$(count "dedup_key LIKE '$stale_key' AND user_id = $rep AND kind = 'deal_stale'")" == 1
check "the direct superior is told once" \
  test "$(count "dedup_key LIKE '$stale_key' AND user_id = $boss1 AND kind = 'deal_stale_team'")" == 1
check "nobody else is told about this deal" test "$(count "dedup_key LIKE '$stale_key'")" == 2
check "the deal's timeline says it once" \
  test "$(sql "SELECT COUNT(*) FROM deal_event WHERE deal_id = $deal AND kind = 'stale'")" == 1
tick "$at"
check "a third run adds nothing" test "$(count "dedup_key LIKE '$stale_key'")" == 2

# the task was due 2030-01-02 00:00; at limit+1 h (73 h after 01-01) it is 49 h late:
# level 1 + floor(49 / 24) = 3 — every manager up to the third
late=$(( limit + 1 - 24 ))
want=$(( 1 + late / 24 ))
(( want > 3 )) && want=3
check "the task climbed to level $want" test "$(sql "SELECT escalation_level FROM task WHERE id = $task")" == "$want"
check "the assignee is told once that the task is overdue" \
  test "$(count "dedup_key = 'task.overdue:$task' AND user_id = $rep")" == 1
check "level 1 went to the direct superior, once" \
  test "$(count "dedup_key = 'task.esc:$task:1' AND user_id = $boss1 AND kind = 'task_escalated'")" == 1
if (( want >= 2 )); then
  check "level 2 went to the next manager up, once" \
    test "$(count "dedup_key = 'task.esc:$task:2' AND user_id = $boss2")" == 1
fi
check "no level above $want yet" test "$(count "dedup_key = 'task.esc:$task:$((want + 1))'")" == 0

# --- a day later: one more level, and no repeats --------------------------------------------
tick "2030-01-10 00:00:00"
check "days later the task reached the top of the chain" \
  test "$(sql "SELECT escalation_level FROM task WHERE id = $task")" -ge 3
check "level 3 went to the third manager up, once" \
  test "$(count "dedup_key = 'task.esc:$task:3' AND user_id = $boss3")" == 1
check "each level was notified exactly once" \
  test "$(count "dedup_key LIKE 'task.esc:$task:%'")" == "$(sql "SELECT escalation_level FROM task WHERE id = $task")"
check "the timeline records each escalation" \
  test "$(sql "SELECT COUNT(*) FROM deal_event WHERE deal_id = $deal AND kind = 'task_escalated'")" \
    == "$(sql "SELECT escalation_level FROM task WHERE id = $task")"
check "the job runs are recorded" \
  test "$(sql "SELECT COUNT(*) FROM job_run WHERE job IN ('deal_stagnation', 'task_escalation') AND started_at = '$at'")" -ge 2

# --- where people see it ---------------------------------------------------------------------
sign_in "$T/rep" rep_east1
req GET /tasks -b "$T/rep"
expect "rep_east1's tasks page" 200
check "the escalated task carries its level" grep -q "↑$(sql "SELECT escalation_level FROM task WHERE id = $task")" <<<"$BODY"
req GET "/deals/$deal" -b "$T/rep"
expect "the stale deal's page" 200
check "the timeline shows the stagnation notice" grep -q "停滞超时" <<<"$BODY"
boss1_login=$(sql "SELECT login FROM users WHERE id = $boss1")
sign_in "$T/boss" "$boss1_login"
req GET /inbox -b "$T/boss"
expect "the superior's inbox" 200
check "the inbox links the deal" grep -q "href=\"/deals/$deal\"" <<<"$BODY"

# leave nothing behind that other suites could trip on
sql "UPDATE task SET status = 'done', done_at = '2030-01-10 00:00:00' WHERE id = $task"
sql "UPDATE deal SET status = 'lost', closed_at = '2030-01-10 00:00:00' WHERE id = $deal"
