#!/usr/bin/env bash
# Issue 8 finish: the "nobody eligible" conflict flag on /admin/routing knows
# the new-hire pool.  A new-hire rule over a region with no one hired in the
# last 90 days is flagged (routing would skip everyone as not_new_hire); the
# same pool with least-loaded is not; a new-hire rule over a region with a
# new hire is not either — and the eligible count shown agrees with routing.
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

run=$((RANDOM % 9000 + 1000))
south=$(sql "SELECT id FROM region WHERE code = 'SOUTH'")
east=$(sql "SELECT id FROM region WHERE code = 'EAST'")
newbies() {   # active reps of a region hired within 90 days, certificate valid
  sql "SELECT COUNT(*) FROM users u JOIN role r ON r.id = u.role_id WHERE r.code = 'sales_rep'
       AND u.region_id = $1 AND u.status = 'active' AND u.cert_expires >= UTC_DATE()
       AND DATEDIFF(UTC_DATE(), u.hire_date) BETWEEN 0 AND 90"
}
check "the demo's south has no new hire" test "$(newbies "$south")" == 0
check "the demo's east has one (rep_east_new)" test "$(newbies "$east")" -ge 1
mk() {   # mk NAME REGION STRATEGY → $RID
  sql "INSERT INTO routing_rule (name, priority, active, cond_region_id, target_kind, strategy, created_at, updated_at)
       VALUES ('$1', 9000, 1, $2, 'pool', '$3', UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))"
  RID=$(sql "SELECT MAX(id) FROM routing_rule WHERE name = '$1'")
}
mk "t0860 华南新人$run" "$south" new_hire; R_SOUTH_NEW=$RID
mk "t0860 华南最闲$run" "$south" least_loaded; R_SOUTH_LL=$RID
mk "t0860 华东新人$run" "$east" new_hire; R_EAST_NEW=$RID
trap 'sql "UPDATE routing_rule SET active = 0 WHERE id IN ($R_SOUTH_NEW, $R_SOUTH_LL, $R_EAST_NEW)"' EXIT

sign_in "$T/ops" ops
req GET /admin/routing -b "$T/ops"
expect "the rules page" 200
row() { tr -d '\n' <<<"$BODY" | grep -o "<tr id=\"rule-$1\">.*" | sed 's|</tr>.*||'; }
check "a new-hire rule over a region without new hires: nobody eligible" \
  grep -q 'data-flag="no-target"' <<<"$(row "$R_SOUTH_NEW")"
check "and it shows 0 eligible" grep -q '(0 ' <<<"$(row "$R_SOUTH_NEW")"
check "the same pool, least loaded: not flagged" bash -c '! grep -q "data-flag=\"no-target\"" <<<"$1"' _ "$(row "$R_SOUTH_LL")"
check "a new-hire rule over a region with a new hire: not flagged" \
  bash -c '! grep -q "data-flag=\"no-target\"" <<<"$1"' _ "$(row "$R_EAST_NEW")"
