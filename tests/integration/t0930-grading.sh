#!/usr/bin/env bash
# Issue 9 — customer grading (R7.1–R7.3): admins edit the weights and
# thresholds (validated, audited) and enter potential signals; `salesgate
# grade` scores every customer in a few set-based statements; a grade
# changes only after the score crossed the threshold the same way on two
# consecutive runs (history kept, shown on the customer page); A/B
# customers without an interaction for 90 days get one task due in 3 days.
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

has() { grep -qF -- "$1" <<<"$BODY"; }
grade() { "$SG_BIN" grade -c "$SG_CONF" 2>&1; }
g() { sql "SELECT COALESCE(grade, '-') FROM customer WHERE id = $1"; }

login "$T/ops" ops
login "$T/rep" rep_south1
rep=$(user_id rep_south1)

newcust() {   # newcust NAME DAYS_OLD
  sql "INSERT INTO customer (name, name_norm, owner_id, region_id, created_at, updated_at)
       SELECT '$1', '$1', id, region_id, UTC_TIMESTAMP(6) - INTERVAL $2 DAY, UTC_TIMESTAMP(6) FROM users WHERE id = $rep"
  sql "SELECT MAX(id) FROM customer"
}
potential() {  # potential CUSTOMER SCORE
  post_as "$T/ops" "/customers/$1/potential" --data-urlencode "potential=$2" --data-urlencode "note=展会线索评估"
}

# ---- the weights: validated and audited --------------------------------------------------------
req GET /admin/grading -b "$T/rep"
expect "a rep may not open /admin/grading: 403" 403
req GET /admin/grading -b "$T/ops"
if [[ $STATUS == 200 ]] && has 'value="0.40"' && has 'value="75.0"'; then ok "ops sees the default weights and thresholds"
else fail "ops sees the defaults" "status $STATUS"; fi
post_as "$T/ops" /admin/grading -d w_base=0.4 -d w_activity=0.35 -d w_potential=0.25 -d a_min=50 -d b_min=60 -d c_min=35
if [[ $STATUS == 400 ]] && has '阈值须递减' && has 'value="50"'; then ok "thresholds out of order: 400 with the reason, typed values kept"
else fail "thresholds out of order are refused" "status $STATUS"; fi
post_as "$T/ops" /admin/grading -d w_base=0 -d w_activity=0 -d w_potential=0 -d a_min=75 -d b_min=55 -d c_min=35
expect "weights adding up to 0: 400" 400
post_as "$T/ops" /admin/grading -d w_base=abc -d w_activity=0 -d w_potential=1 -d a_min=75 -d b_min=55 -d c_min=35
expect "a weight that is not a number: 400" 400
since=$(audit_max)
# potential only, so the test steers each score exactly
post_as "$T/ops" /admin/grading -d w_base=0 -d w_activity=0 -d w_potential=1 -d a_min=75 -d b_min=55 -d c_min=35
expect "ops saves weights 0/0/1: 303" 303
check "the change is audited (grading.config)" \
  test "$(audit_count "$since" "action = 'grading.config' AND after_value LIKE 'w_base=0.00 w_activity=0.00 w_potential=1.00 A>=75.0%'")" = 1

X=$(newcust '分级测试医疗器械' 10)
potential "$X" 80
expect "ops enters a potential signal: 303" 303
check "the signal is kept and audited" \
  test "$(sql "SELECT score FROM customer_potential WHERE customer_id = $X")|$(audit_count "$since" "action = 'customer.potential' AND object_id = $X AND after_value LIKE '80;%'")" = "80|1"
post_as "$T/ops" "/customers/$X/potential" --data-urlencode "potential=101"
expect "a potential over 100: 400" 400

# ---- runs ----------------------------------------------------------------------------------------
out=$(grade)
if [[ $out == customers=* ]]; then ok "salesgate grade runs ($out)"; else fail "salesgate grade runs" "$out"; fi
check "it scored every customer" \
  test "$(sql "SELECT COUNT(*) FROM customer_score WHERE run_id = (SELECT MAX(id) FROM grade_run)")" = "$(sql "SELECT COUNT(*) FROM customer")"
check "a customer without a grade gets its first at once (80 → A)" test "$(g "$X")" = A
check "the first grade is in the history (— → A, 80.0)" \
  test "$(sql "SELECT CONCAT_WS('|', COALESCE(old_grade, '-'), new_grade, score) FROM grade_history WHERE customer_id = $X")" = "-|A|80.0"

potential "$X" 40
grade >/dev/null
check "one run below A (40 → C) changes nothing yet" test "$(g "$X")" = A
check "the change is pending (C, 1 run)" \
  test "$(sql "SELECT CONCAT(candidate, runs) FROM customer_score WHERE customer_id = $X")" = C1
req GET "/customers/$X" -b "$T/rep"
if [[ $STATUS == 200 ]] && has 'id="grade"' && has '等级变更待下次周评确认' && has '40.0'; then
  ok "the customer page shows the score and the pending change"
else fail "the customer page shows the score" "status $STATUS"; fi
potential "$X" 60
grade >/dev/null
check "the second run below A (60 → B) changes it to B" test "$(g "$X")" = B
check "history: — → A, A → B" \
  test "$(sql "SELECT GROUP_CONCAT(CONCAT(COALESCE(old_grade, '-'), new_grade) ORDER BY id) FROM grade_history WHERE customer_id = $X")" = "-A,AB"
potential "$X" 90
grade >/dev/null
potential "$X" 30
grade >/dev/null
check "up once, then down once: not consecutive, still B" test "$(g "$X")" = B
req GET "/customers/$X" -b "$T/rep"
if [[ $STATUS == 200 ]] && grep -q 'A → <strong>B</strong>' <<<"$BODY"; then ok "the customer page lists the grade history"
else fail "the customer page lists the history" "status $STATUS"; fi

# ---- A/B customers silent for 90 days ----------------------------------------------------------
Y=$(newcust '分级测试沉默客户' 120)
sql "INSERT INTO deal (customer_id, pipeline_id, stage_id, owner_id, region_id, name, stage_entered_at, created_at, updated_at)
     SELECT $Y, p.id, s.id, $rep, (SELECT region_id FROM users WHERE id = $rep), 'T0930 沉默客户', UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)
     FROM pipeline p JOIN stage s ON s.pipeline_id = p.id AND s.position = 1 WHERE p.code = 'standard'"
YD=$(sql "SELECT MAX(id) FROM deal WHERE customer_id = $Y")
sql "INSERT INTO activity (kind, user_id, customer_id, at, source_ip) VALUES ('called', $rep, $Y, UTC_TIMESTAMP(6) - INTERVAL 95 DAY, '10.0.0.1')"
W=$(newcust '分级测试活跃客户' 120)
sql "INSERT INTO deal (customer_id, pipeline_id, stage_id, owner_id, region_id, name, stage_entered_at, created_at, updated_at)
     SELECT $W, p.id, s.id, $rep, (SELECT region_id FROM users WHERE id = $rep), 'T0930 活跃客户', UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)
     FROM pipeline p JOIN stage s ON s.pipeline_id = p.id AND s.position = 1 WHERE p.code = 'standard'"
sql "INSERT INTO activity (kind, user_id, customer_id, at, source_ip) VALUES ('called', $rep, $W, UTC_TIMESTAMP(6) - INTERVAL 10 DAY, '10.0.0.1')"
Z=$(newcust '分级测试低潜客户' 120)
sql "INSERT INTO deal (customer_id, pipeline_id, stage_id, owner_id, region_id, name, stage_entered_at, created_at, updated_at)
     SELECT $Z, p.id, s.id, $rep, (SELECT region_id FROM users WHERE id = $rep), 'T0930 低潜客户', UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)
     FROM pipeline p JOIN stage s ON s.pipeline_id = p.id AND s.position = 1 WHERE p.code = 'standard'"
potential "$Y" 85
potential "$W" 85
potential "$Z" 20
grade >/dev/null
check "the silent customer is A, the low-potential one D" test "$(g "$Y")$(g "$Z")" = AD
task=$(sql "SELECT CONCAT_WS('|', assignee_id, status, TIMESTAMPDIFF(HOUR, created_at, due_at), title) FROM task WHERE deal_id = $YD")
if [[ $task == "$rep|open|72|"*90* ]]; then ok "an A customer silent for 95 days gets a task due in 3 days ($task)"
else fail "the silent A customer gets a task" "got '$task'"; fi
check "the active A customer gets none" \
  test "$(sql "SELECT COUNT(*) FROM task t JOIN deal d ON d.id = t.deal_id WHERE d.customer_id IN ($W, $Z)")" = 0
grade >/dev/null
check "a second run makes no second task for the same silence" \
  test "$(sql "SELECT COUNT(*) FROM task WHERE deal_id = $YD")" = 1
req GET /tasks -b "$T/rep"
if [[ $STATUS == 200 ]] && has '90 天无互动'; then ok "the task is on the rep's task list"
else fail "the task is on the rep's list" "status $STATUS"; fi

# ---- the weekly job does not double up ---------------------------------------------------------------
n0=$(sql "SELECT COUNT(*) FROM grade_run")
"$SG_BIN" tick --force -c "$SG_CONF" >/dev/null 2>&1 || true
check "the weekly job skips when a run happened in the last 6 days" \
  test "$(sql "SELECT COUNT(*) FROM grade_run")|$(sql "SELECT summary FROM job_run WHERE job = 'customer_grading' ORDER BY id DESC LIMIT 1")" = "$n0|skipped: graded within 6 days"
req GET /admin/grading -b "$T/ops"
if [[ $STATUS == 200 ]] && has '最近的评级'; then ok "/admin/grading lists the runs"
else fail "/admin/grading lists the runs" "status $STATUS"; fi

# back to the defaults for the suites after this one
post_as "$T/ops" /admin/grading -d w_base=0.40 -d w_activity=0.35 -d w_potential=0.25 -d a_min=75 -d b_min=55 -d c_min=35
expect "the default weights are restored: 303" 303
