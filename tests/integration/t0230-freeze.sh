#!/usr/bin/env bash
# Issue 3 — freezing a person ends their live sessions at once; unfreezing
# lets them sign in again; both are audited.  Uses rep_east2 and leaves it
# active again.
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

uid=$(user_id rep_east2)
admin=$(user_id admin)
# whatever happens below, later tests find rep_east2 active and can sign in
cleanup() {
  if [[ $(sql "SELECT status FROM users WHERE id = $uid") != active ]]; then
    echo "# restoring rep_east2 to active by SQL"
    sql "UPDATE users SET status = 'active' WHERE id = $uid"
  fi
  forget_failed_logins
}
trap cleanup EXIT

sign_in "$T/jar.admin" admin
sign_in "$T/jar.rep" rep_east2
sign_in "$T/jar.rep2" rep_east2
req GET / -b "$T/jar.rep"
expect "rep_east2 signed in" 200

since=$(audit_max)
post_as "$T/jar.admin" "/admin/users/$uid/freeze"
if [[ $STATUS == 303 && $(location) == "/admin/users/$uid?done=saved" ]]; then ok "admin freezes rep_east2 (303 back to the user)"
else fail "admin freezes rep_east2 (303 back to the user)" "status $STATUS location $(location)" "${BODY:0:300}"; fi
check "rep_east2 is frozen in the database" test "$(sql "SELECT status FROM users WHERE id = $uid")" == frozen
req GET / -b "$T/jar.rep"
if [[ $STATUS == 303 && $(location) == /login* ]]; then ok "rep_east2's next request is sent to /login"
else fail "rep_east2's next request is sent to /login" "status $STATUS location $(location)"; fi
req GET /people -b "$T/jar.rep2"
if [[ $STATUS == 303 && $(location) == /login* ]]; then ok "rep_east2's second session is ended too"
else fail "rep_east2's second session is ended too" "status $STATUS location $(location)"; fi
req POST /profile -b "$T/jar.rep2" -H "Origin: $SG_URL" --data-urlencode 'lang=en' \
    --data-urlencode 'time_zone=UTC'
expect "a frozen person's POST is refused (401)" 401
check "rep_east2's language unchanged" test "$(sql "SELECT lang FROM users WHERE id = $uid")" == zh-CN
n=$(sql "SELECT COUNT(*) FROM session WHERE user_id = $uid AND ended_at IS NULL")
check "no live session row for rep_east2" test "$n" == 0
n=$(audit_count "$since" "action = 'user.freeze' AND object_id = $uid AND actor_id = $admin
     AND before_value = 'active' AND after_value = 'frozen'")
check "user.freeze audited (admin, active → frozen)" test "$n" == 1
sign_in "$T/jar.rep" rep_east2
expect "frozen rep_east2 cannot sign in (401)" 401
req GET "/admin/users/$uid" -b "$T/jar.admin"
check "the edit page shows the frozen badge" grep -q 'status-frozen' <<<"$BODY"
check "the edit page offers unfreeze" grep -q "action=\"/admin/users/$uid/unfreeze\"" <<<"$BODY"
req GET '/admin/users?status=frozen' -b "$T/jar.admin"
check "/admin/users?status=frozen lists rep_east2" grep -q 'rep_east2' <<<"$BODY"

since=$(audit_max)
post_as "$T/jar.admin" "/admin/users/$uid/unfreeze"
expect "admin unfreezes rep_east2" 303
check "rep_east2 is active in the database" test "$(sql "SELECT status FROM users WHERE id = $uid")" == active
n=$(audit_count "$since" "action = 'user.unfreeze' AND object_id = $uid AND actor_id = $admin
     AND before_value = 'frozen' AND after_value = 'active'")
check "user.unfreeze audited (admin, frozen → active)" test "$n" == 1
req GET / -b "$T/jar.rep2"
if [[ $STATUS == 303 ]]; then ok "an ended session stays ended after unfreezing"
else fail "an ended session stays ended after unfreezing" "status $STATUS"; fi
sign_in "$T/jar.rep" rep_east2
expect "rep_east2 signs in again (303)" 303
req GET / -b "$T/jar.rep"
check "rep_east2 sees the start page again" grep -q '<h1>李娜</h1>' <<<"$BODY"

# the admin cannot freeze themself; unknown ids are 404
post_as "$T/jar.admin" "/admin/users/$admin/freeze"
expect "admin freezing themself → 409" 409
check "admin still active" test "$(sql "SELECT status FROM users WHERE id = $admin")" == active
post_as "$T/jar.admin" /admin/users/999999/freeze
expect "freezing an unknown id → 404" 404
req GET "/admin/users/$uid/freeze" -b "$T/jar.admin"
expect "GET on the freeze action → 405" 405
