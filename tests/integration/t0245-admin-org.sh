#!/usr/bin/env bash
# Issue 3 — teams and regions (admin.org): created by sales operations, audited,
# refused forms come back with what was typed.  Adds team QA质检组 and region
# QA1 (nobody is in them).
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

ops=$(user_id ops)
east=$(sql "SELECT id FROM region WHERE code = 'EAST'")
sign_in "$T/jar" ops

since=$(audit_max)
post_as "$T/jar" /admin/teams --data-urlencode 'team_name=QA质检组' --data-urlencode "region=$east"
if [[ $STATUS == 303 && $(location) == '/admin/org?done=saved' ]]; then ok "ops creates team QA质检组 → 303"
else fail "ops creates team QA质检组 → 303" "status $STATUS location $(location)" "${BODY:0:300}"; fi
check "the team is in 华东" test "$(sql "SELECT region_id FROM team WHERE name = 'QA质检组'")" == "$east"
n=$(audit_count "$since" "action = 'team.create' AND actor_id = $ops AND after_value = 'QA质检组'")
check "team.create audited" test "$n" == 1
req GET /admin/org -b "$T/jar"
check "/admin/org lists QA质检组" grep -q 'QA质检组' <<<"$BODY"

post_as "$T/jar" /admin/teams --data-urlencode 'team_name=华东一组' --data-urlencode "region=$east"
expect "a duplicate team name → 400" 400
check "duplicate team: 此名称或代码已存在 beside the name" grep -q 'id="e-team_name">此名称或代码已存在' <<<"$BODY"
check "duplicate team: the name is kept" grep -q 'value="华东一组" autocomplete' <<<"$BODY"
region_select=$(perl -0ne 'print $1 if m{(<select id="f-region".*?</select>)}s' <<<"$BODY")
check "duplicate team: the chosen region (华东) stays selected" grep -q "<option value=\"$east\" selected" <<<"$region_select"

since=$(audit_max)
post_as "$T/jar" /admin/regions --data-urlencode 'region_code=QA1' --data-urlencode 'region_name=质检区'
expect "ops creates region QA1 → 303" 303
n=$(audit_count "$since" "action = 'region.create' AND actor_id = $ops AND after_value = 'QA1'")
check "region.create audited" test "$n" == 1
post_as "$T/jar" /admin/regions --data-urlencode 'region_code=EAST' --data-urlencode 'region_name=又一个华东'
expect "a duplicate region code → 400" 400
check "duplicate region: message beside the code" grep -q 'id="e-region_code">此名称或代码已存在' <<<"$BODY"
code=$(printf 'R%.0s' $(seq 30))
post_as "$T/jar" /admin/regions --data-urlencode "region_code=$code" --data-urlencode 'region_name=长代码区'
expect "a 30-character region code (column holds 20) → 400, not 500" 400
check "long region code: message beside the code" grep -q 'id="e-region_code"' <<<"$BODY"
check "no region with the long code" test "$(sql "SELECT COUNT(*) FROM region WHERE name = '长代码区'")" == 0
