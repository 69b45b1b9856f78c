#!/usr/bin/env bash
# Issue 6 — emergency takeover by the routing rules (R8.6 "or let the
# routing rules choose"): the preview shows who gets what; each customer and
# lead goes to the person the routing rules pick among those the manager
# could name (never the leaver); the load cap counts what this takeover
# already handed out; a record nobody is eligible for refuses the whole
# takeover with a list (nothing moves); a stale plan moves nothing; one
# audit row per moved record plus the summary.
# Makes a user t0660_leaver (reporting to lead_east); sets every other
# person's load cap for the run and puts them back at the end.
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

login() {
  sign_in "$1" "$2"
  if [[ $STATUS == 429 ]]; then sleep 61; sign_in "$1" "$2"; fi
  if [[ $STATUS == 303 ]]; then ok "$2 signs in"; else fail "$2 signs in" "status $STATUS"; fi
}

forget_leaver() {
  local ids
  sql "DELETE FROM task WHERE title = '规则接管测试任务';
       DELETE FROM deal WHERE name = '规则接管测试商机';
       DELETE FROM lead WHERE source = 'test:t0660';
       DELETE FROM customer WHERE name LIKE '规则接管测试客户%'"
  ids=$(sql "SELECT GROUP_CONCAT(id) FROM users WHERE login = 't0660_leaver'")
  [[ -n $ids && $ids != NULL ]] || return 0
  sql "DELETE FROM session WHERE user_id IN ($ids);
       DELETE FROM user_tree WHERE descendant_id IN ($ids) OR ancestor_id IN ($ids);
       DELETE FROM users WHERE id IN ($ids)"
}
restore_caps() {
  sql "UPDATE users u JOIN t0660_caps c ON c.id = u.id SET u.load_cap = c.load_cap;
       DROP TABLE IF EXISTS t0660_caps" 2>/dev/null || true
}
restore_caps
forget_leaver
trap 'restore_caps' EXIT
EAST=$(sql "SELECT id FROM region WHERE code = 'EAST'")
LEAD_EAST=$(user_id lead_east) R1=$(user_id rep_east1) R2=$(user_id rep_east2)
U=$(sql "INSERT INTO users (login, display_name, password_hash, role_id, team_id, region_id, manager_id, status)
         SELECT 't0660_leaver', '规则接管离职', password_hash, role_id, team_id, region_id, $LEAD_EAST, 'active'
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
       SELECT $1, p.id, s.id, ${2:-$U}, $EAST, '规则接管测试商机', 100000, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)
       FROM pipeline p JOIN stage s ON s.pipeline_id = p.id AND s.position = 1 WHERE p.code = 'standard';
       SELECT LAST_INSERT_ID()"
}
lead() {
  sql "INSERT INTO lead (channel_id, name, phone, phone_norm, region_code, region_id, tier, status, owner_id,
         source, sla_due_at, created_at, updated_at)
       VALUES ((SELECT id FROM channel WHERE code = 'website'), '规则接管线索$1', '1390000066$1', '1390000066$1',
         '310101', $EAST, '$2', 'new', $U, 'test:t0660', UTC_TIMESTAMP(6) + INTERVAL 1 DAY,
         UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)); SELECT LAST_INSERT_ID()"
}
task() {
  sql "INSERT INTO task (deal_id, stage_id, title, role_code, assignee_id, due_at, status, created_at)
       SELECT d.id, d.stage_id, '规则接管测试任务', 'sales_rep', $U, UTC_TIMESTAMP(6) + INTERVAL 1 DAY, 'open',
         UTC_TIMESTAMP(6) FROM deal d WHERE d.id = $1; SELECT LAST_INSERT_ID()"
}
C1=$(cust 规则接管测试客户甲 "$U") C2=$(cust 规则接管测试客户乙 "$U") C3=$(cust 规则接管测试客户丙 "$R2")
D1=$(deal "$C1") D2=$(deal "$C3")
L1=$(lead 1 high) L2=$(lead 2 medium) L3=$(lead 3 low)
T1=$(task "$D1") T2=$(task "$D2")

# Load caps: nobody but rep_east1 and rep_east2 has room; the leaver has
# plenty (and must still never be picked).  rep_east1 has room for 2 more,
# rep_east2 first for none.  The leaver's 2 customers and 3 open leads are
# 5 units of load.
sql "DROP TABLE IF EXISTS t0660_caps; CREATE TABLE t0660_caps AS SELECT id, load_cap FROM users"
load_of() {
  sql "SELECT (SELECT COUNT(*) FROM lead WHERE owner_id = $1 AND status IN ('new', 'contacted', 'qualified'))
            + (SELECT COUNT(*) FROM customer WHERE owner_id = $1)"
}
L_R1=$(load_of "$R1") L_R2=$(load_of "$R2")
sql "UPDATE users SET load_cap = 0 WHERE id NOT IN ($R1, $R2, $U);
     UPDATE users SET load_cap = 1000 WHERE id = $U;
     UPDATE users SET load_cap = $L_R1 + 2 WHERE id = $R1;
     UPDATE users SET load_cap = $L_R2 WHERE id = $R2"

login "$T/mgr" mgr_east
EXP=(--data-urlencode expect_customers=2 --data-urlencode expect_deals=2 --data-urlencode expect_leads=3
     --data-urlencode expect_tasks=2)

# --- nobody eligible for some records: the preview lists them, the run refuses ------------------
req GET "/takeover/$U" -b "$T/mgr"
expect "the preview" 200
check "…offers the routing rules" grep -q 'name="mode" value="rules"' <<<"$BODY"
req GET "/takeover/$U?mode=rules" -b "$T/mgr"
expect "the preview by routing rules" 200
check "…lists the three leads nobody can take (rep_east1 is full after the 2 customers)" \
  bash -c 'u=$(sed -n "/id=\"unplaced\"/,/<\/div>/p" <<<"$1"); for l in $2 $3 $4; do grep -q "线索 #$l<" <<<"$u" || exit 1; done' _ "$BODY" "$L1" "$L2" "$L3"
check "…and offers no button to run it" bash -c '! grep -q "按此分配确认接管" <<<"$1"' _ "$BODY"
check "…shows rep_east1 taking the two customers" \
  bash -c 'grep -q "data-kind=\"customer\" data-id=\"$2\"><td>[^<]*</td><td data-label=\"[^\"]*\">$4<" <<<"$1" && grep -q "data-kind=\"customer\" data-id=\"$3\"><td>[^<]*</td><td data-label=\"[^\"]*\">$4<" <<<"$1"' \
  _ "$BODY" "$C1" "$C2" "$(sql "SELECT display_name FROM users WHERE id = $R1")"
check "…the deal going with its customer" \
  bash -c 'grep -q "data-kind=\"deal\" data-id=\"$2\">.*随其客户" <<<"$1"' _ "$BODY" "$D1"
A0=$(audit_max)
post_as "$T/mgr" "/takeover/$U" "${EXP[@]}" --data-urlencode mode=rules --data-urlencode plan=0000000000000000
expect "running it anyway → 409" 409
check "…says nobody is eligible and lists the records" \
  bash -c 'grep -q "找不到合格的接手人，未做任何转移" <<<"$1" && grep -q "线索 #$2<" <<<"$1"' _ "$BODY" "$L1"
check "…and nothing moved, nothing frozen, nothing audited" \
  test "$(sql "SELECT CONCAT((SELECT COUNT(*) FROM customer WHERE owner_id = $U), (SELECT COUNT(*) FROM lead WHERE owner_id = $U),
          (SELECT COUNT(*) FROM task WHERE assignee_id = $U), (SELECT ops_frozen_at IS NULL FROM users WHERE id = $U))")$(audit_count "$A0" "action LIKE 'takeover%'")" == 23210

# --- room for everyone: the plan, then a stale plan, then the run -----------------------------
sql "UPDATE users SET load_cap = $L_R2 + 4 WHERE id = $R2"
req GET "/takeover/$U?mode=rules" -b "$T/mgr"
expect "the preview by routing rules again" 200
check "…no record without a receiver" bash -c '! grep -q "id=\"unplaced\"" <<<"$1"' _ "$BODY"
PLAN=$(grep -o 'name="plan" value="[0-9a-f]*"' <<<"$BODY" | sed 's/.*value="//; s/"$//')
check "…carries the plan's fingerprint" test -n "$PLAN"
check "…every record to rep_east1 or rep_east2, never the leaver" \
  bash -c 'n=$(grep -o "<tr data-kind=\"[a-z]*\" data-id=\"[0-9]*\"><td>[^<]*</td><td data-label=\"[^\"]*\">\($2\|$3\)<" <<<"$1" | wc -l); [[ $n == 9 ]]' \
  _ "$BODY" "$(sql "SELECT display_name FROM users WHERE id = $R1")" "$(sql "SELECT display_name FROM users WHERE id = $R2")"
check "…a summary per receiver" grep -q 'id="plan-by"' <<<"$BODY"
post_as "$T/mgr" "/takeover/$U" "${EXP[@]}" --data-urlencode mode=rules --data-urlencode plan=0123456789abcdef
expect "a plan other than the one now computed → 409" 409
check "…nothing moved" test "$(sql "SELECT COUNT(*) FROM lead WHERE owner_id = $U")" == 3
A0=$(audit_max)
post_as "$T/mgr" "/takeover/$U" "${EXP[@]}" --data-urlencode mode=rules --data-urlencode "plan=$PLAN"
expect "the takeover as planned → 303" 303
check "nothing is left with the leaver" \
  test "$(sql "SELECT (SELECT COUNT(*) FROM customer WHERE owner_id = $U) + (SELECT COUNT(*) FROM deal WHERE owner_id = $U)
                + (SELECT COUNT(*) FROM lead WHERE owner_id = $U) + (SELECT COUNT(*) FROM task WHERE assignee_id = $U)")" == 0
check "the load caps hold, counting what this takeover handed out (rep_east1 ≤ 2 more, rep_east2 ≤ 4)" \
  bash -c '[[ $(( $1 - $2 )) -le 2 && $(( $3 - $4 )) -le 4 && $(( $1 - $2 + $3 - $4 )) == 5 ]]' _ \
  "$(load_of "$R1")" "$L_R1" "$(load_of "$R2")" "$L_R2"
check "rep_east1 took exactly 2 (full), so rep_east2 took 3" test "$(( $(load_of "$R1") - L_R1 ))" == 2
check "every record went to rep_east1 or rep_east2" \
  test "$(sql "SELECT (SELECT COUNT(*) FROM customer WHERE id IN ($C1, $C2) AND owner_id IN ($R1, $R2))
                + (SELECT COUNT(*) FROM deal WHERE id IN ($D1, $D2) AND owner_id IN ($R1, $R2))
                + (SELECT COUNT(*) FROM lead WHERE id IN ($L1, $L2, $L3) AND owner_id IN ($R1, $R2))
                + (SELECT COUNT(*) FROM task WHERE id IN ($T1, $T2) AND assignee_id IN ($R1, $R2))")" == 9
check "deal $D1 went with its customer, task $T1 with its deal" \
  test "$(sql "SELECT CONCAT((SELECT d.owner_id = c.owner_id FROM deal d JOIN customer c ON c.id = d.customer_id WHERE d.id = $D1),
                (SELECT t.assignee_id = d.owner_id FROM task t JOIN deal d ON d.id = t.deal_id WHERE t.id = $T1))")" == 11
check "one takeover.move audit row per record (9)" \
  test "$(audit_count "$A0" "action = 'takeover.move' AND before_value = '$U'")" == 9
check "the summary says the routing rules chose, and the freeze is audited" \
  test "$(audit_count "$A0" "(action = 'takeover' AND object_id = $U AND after_value = 'moved customers,deals,leads,tasks=2,2,3,2 to=routing rules') OR (action = 'takeover.freeze' AND object_id = $U)")" == 2
check "the account's sensitive operations are frozen" test "$(sql "SELECT ops_frozen_at IS NOT NULL FROM users WHERE id = $U")" == 1

forget_leaver
restore_caps
check "the test's person is gone again" test "$(sql "SELECT COUNT(*) FROM users WHERE login LIKE 't0660%'")" == 0
