#!/usr/bin/env bash
# Issue 9 gap 1 (R7.3): a task may belong to a customer without a deal.
# Grading's idle job gives every A/B customer silent for 90 days one task due
# in 3 days — with or without a deal — and none again for the same silence;
# the task is on /tasks, the today page and /dashboard/me with its customer,
# it is closed like any other (audited), and an overdue one is escalated
# without a deal (the notice points at the customer).
# Adds customers named 't0940 …' owned by rep_south1.
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

has() { if grep -qF -- "$2" <<<"$BODY"; then ok "$1"; else fail "$1" "missing: $2" "${BODY:0:300}"; fi; }
grade() { "$SG_BIN" grade -c "$SG_CONF" 2>&1; }

login "$T/ops" ops
login "$T/rep" rep_south1
rep=$(user_id rep_south1)

newcust() {   # newcust NAME DAYS_OLD
  sql "INSERT INTO customer (name, name_norm, owner_id, region_id, created_at, updated_at)
       SELECT '$1', '$1', id, region_id, UTC_TIMESTAMP(6) - INTERVAL $2 DAY, UTC_TIMESTAMP(6) FROM users WHERE id = $rep"
  sql "SELECT MAX(id) FROM customer"
}
potential() { post_as "$T/ops" "/customers/$1/potential" --data-urlencode "potential=$2"; }

# potential only, so each score is steered exactly
post_as "$T/ops" /admin/grading -d w_base=0 -d w_activity=0 -d w_potential=1 -d a_min=75 -d b_min=55 -d c_min=35
expect "ops sets the weights to potential only" 303

N=$(newcust 't0940 无商机沉默客户' 150)     # A, no deal, silent since creation
B=$(newcust 't0940 有商机沉默客户' 150)     # B, a deal, last call 100 days ago
sql "INSERT INTO deal (customer_id, pipeline_id, stage_id, owner_id, region_id, name, stage_entered_at, created_at, updated_at)
     SELECT $B, p.id, s.id, $rep, (SELECT region_id FROM users WHERE id = $rep), 't0940 有商机', UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)
     FROM pipeline p JOIN stage s ON s.pipeline_id = p.id AND s.position = 1 WHERE p.code = 'standard'"
BD=$(sql "SELECT MAX(id) FROM deal WHERE customer_id = $B")
sql "INSERT INTO activity (kind, user_id, customer_id, at, source_ip) VALUES ('called', $rep, $B, UTC_TIMESTAMP(6) - INTERVAL 100 DAY, '10.0.0.1')"
C=$(newcust 't0940 无商机C级客户' 150)      # C: no task
potential "$N" 90
potential "$B" 60
potential "$C" 40

out=$(grade)
if [[ $out == customers=* ]]; then ok "salesgate grade runs ($out)"; else fail "salesgate grade runs" "$out"; fi
same "the grades are A, B, C" "$(sql "SELECT GROUP_CONCAT(grade ORDER BY id SEPARATOR '') FROM customer WHERE id IN ($N, $B, $C)")" ABC
same "the A customer without a deal gets a customer task due in 3 days, for its owner" \
  "$(sql "SELECT CONCAT_WS('|', COALESCE(deal_id, '-'), kind, assignee_id, status, TIMESTAMPDIFF(HOUR, created_at, due_at)) FROM task WHERE customer_id = $N")" \
  "-|idle|$rep|open|72"
same "the B customer's task carries its latest deal too" \
  "$(sql "SELECT CONCAT_WS('|', deal_id, kind) FROM task WHERE customer_id = $B")" "$BD|idle"
same "the C customer gets none" "$(sql "SELECT COUNT(*) FROM task WHERE customer_id = $C")" 0
grade >/dev/null
same "a second run makes no second task for the same silences" \
  "$(sql "SELECT COUNT(*) FROM task WHERE customer_id IN ($N, $B)")" 2
TN=$(sql "SELECT id FROM task WHERE customer_id = $N")
TB=$(sql "SELECT id FROM task WHERE customer_id = $B")

# ---- shown wherever tasks are listed ----------------------------------------------------------
req GET /tasks -b "$T/rep"
expect "the rep opens /tasks" 200
has "/tasks lists the customer task with a link to the customer" "href=\"/customers/$N\">t0940 无商机沉默客户</a>"
has "/tasks says it is a customer follow-up" "客户回访"
has "/tasks links the deal of the task that has one" "href=\"/deals/$BD\">t0940 有商机</a>"
has "/tasks offers to mark it done" "action=\"/tasks/$TN/done\""
req GET /today -b "$T/rep"
expect "the rep opens /today" 200
has "today lists the customer task, linked to the customer" "href=\"/customers/$N\"><strong>"
req GET /dashboard/me -b "$T/rep"
expect "the rep opens /dashboard/me" 200
has "the rep dashboard lists the customer task" "t0940 无商机沉默客户"

# ---- overdue: escalated without a deal ---------------------------------------------------------
sql "UPDATE task SET due_at = UTC_TIMESTAMP(6) - INTERVAL 2 HOUR WHERE id = $TN"
req GET /tasks -b "$T/rep"
if grep -qF "action=\"/tasks/$TN/done\"" <<<"$BODY" && grep -q 'class="overdue"' <<<"$BODY"; then ok "an overdue customer task shows as overdue"
else fail "an overdue customer task shows as overdue" "status $STATUS"; fi
"$SG_BIN" tick --force -c "$SG_CONF" >"$T/tick.log" 2>&1 || true
same "the overdue notice points at the customer" \
  "$(sql "SELECT CONCAT(object_type, ':', object_id) FROM notification WHERE dedup_key = 'task.overdue:$TN'")" "customer:$N"
same "the task_escalation job ran without error" \
  "$(sql "SELECT ok FROM job_run WHERE job = 'task_escalation' ORDER BY id DESC LIMIT 1")" 1

# ---- closed like any other ---------------------------------------------------------------------
login "$T/other" rep_east1
post_as "$T/other" "/tasks/$TN/done"
expect "someone else cannot close it: 404" 404
a0=$(audit_max)
e0=$(sql "SELECT COUNT(*) FROM deal_event")
post_as "$T/rep" "/tasks/$TN/done" -d from=today
expect "the assignee closes it: 303" 303
loc=$(location)
same "back to today" "${loc,,}" "/today?done=saved#tasks"
same "it is done" "$(sql "SELECT status FROM task WHERE id = $TN")" done
check "closing is audited" test "$(audit_count "$a0" "action = 'task.done' AND object_id = $TN")" = 1
same "no deal timeline row for a task without a deal" "$(sql "SELECT COUNT(*) FROM deal_event")" "$e0"
post_as "$T/rep" "/tasks/$TB/done"
expect "the deal's idle task closes too: 303" 303
same "and lands on the deal's timeline" \
  "$(sql "SELECT COUNT(*) FROM deal_event WHERE deal_id = $BD AND kind = 'task_done'")" 1

# back to the defaults for the suites after this one
post_as "$T/ops" /admin/grading -d w_base=0.40 -d w_activity=0.35 -d w_potential=0.25 -d a_min=75 -d b_min=55 -d c_min=35
expect "the default weights are restored: 303" 303
