#!/usr/bin/env bash
# Issue 3 — an administrator views the site as rep_east1: a banner, the rep's
# scope and capabilities, read-only (every POST but exit and logout refused
# and audited), and back; start and end on the audit record.
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

admin=$(user_id admin)
rep=$(user_id rep_east1)
logins() { grep -o '<span class="muted small">[^<]*</span>' <<<"$BODY" | sed 's/<[^>]*>//g' | sort | tr '\n' ' ' || true; }

sign_in "$T/jar.rep" rep_east1
req GET /people -b "$T/jar.rep"
rep_sees=$(logins)
sign_in "$T/jar.admin" admin
req GET /people -b "$T/jar.admin"
admin_sees=$(logins)
# the admin's token, taken before viewing as someone (the same token stays valid)
tok=$(csrf_of "$T/jar.admin")

since=$(audit_max)
post_as "$T/jar.admin" "/admin/users/$rep/view-as"
if [[ $STATUS == 303 && $(location) == / ]]; then ok "admin POST view-as rep_east1 → 303 to /"
else fail "admin POST view-as rep_east1 → 303 to /" "status $STATUS location $(location)" "${BODY:0:300}"; fi
n=$(audit_count "$since" "action = 'viewas.start' AND actor_id = $admin AND object_id = $rep")
check "viewas.start audited (admin → rep_east1)" test "$n" == 1

req GET / -b "$T/jar.admin"
expect "start page while viewing as" 200
check "the banner is shown" grep -q '<div class="viewas" role="status">' <<<"$BODY"
check "the banner names 张伟 (rep_east1)" grep -q '您正在以 <strong>张伟</strong>（rep_east1）' <<<"$BODY"
check "the start page is rep_east1's" grep -q '<h1>张伟</h1>' <<<"$BODY"
check "the banner offers a way out" grep -q 'action="/view-as/exit"' <<<"$BODY"
check "no admin links while viewing as a rep" bash -c '! grep -q "href=\"/admin" <<<"$1"' _ "$BODY"
req GET /people -b "$T/jar.admin"
got=$(logins)
if [[ $STATUS == 200 && -n $got && $got == "$rep_sees" && $got != "$admin_sees" ]]; then
  ok "/people shows what rep_east1 sees"
else fail "/people shows what rep_east1 sees" "status $STATUS" "rep:    $rep_sees" "viewas: $got"; fi

for p in /admin/users /admin/roles /admin/org "/admin/users/$rep"; do
  since=$(audit_max)
  req GET "$p" -b "$T/jar.admin"
  expect "GET $p while viewing as rep_east1 → 403" 403
  n=$(audit_count "$since" "action = 'access.denied' AND actor_id = $admin")
  check "that 403 is audited with the admin as actor" test "$n" == 1
done

# read-only: every POST other than /view-as/exit and /logout is refused
viewas_refused() {
  local name=$1 since n
  shift
  since=$(audit_max)
  req POST "$@" -b "$T/jar.admin" -H "Origin: $SG_URL" --data-urlencode "_csrf=$tok"
  expect "$name while viewing as → 403" 403
  n=$(audit_count "$since" "action = 'viewas.refused' AND actor_id = $admin")
  check "$name refusal audited as viewas.refused" test "$n" == 1
}
viewas_refused "POST /profile" /profile --data-urlencode 'lang=en' --data-urlencode 'time_zone=UTC'
check "rep_east1's language unchanged" test "$(sql "SELECT lang FROM users WHERE id = $rep")" == zh-CN
check "admin's language unchanged" test "$(sql "SELECT lang FROM users WHERE id = $admin")" == zh-CN
viewas_refused "POST /profile/password" /profile/password --data-urlencode "current=$DEMO_PW" \
  --data-urlencode 'new_password=Hijacked-2026' --data-urlencode 'confirm=Hijacked-2026'
viewas_refused "POST freeze" "/admin/users/$(user_id rep_east2)/freeze"
check "rep_east2 still active" test "$(sql "SELECT status FROM users WHERE login = 'rep_east2'")" == active
viewas_refused "POST view-as someone else" "/admin/users/$(user_id rep_south1)/view-as"
n=$(sql "SELECT COUNT(*) FROM session WHERE view_as_user_id = $rep AND ended_at IS NULL AND user_id = $admin")
check "still viewing as rep_east1" test "$n" == 1

since=$(audit_max)
post_as "$T/jar.admin" /view-as/exit
if [[ $STATUS == 303 && $(location) == /admin/users ]]; then ok "POST /view-as/exit → 303 to /admin/users"
else fail "POST /view-as/exit → 303 to /admin/users" "status $STATUS location $(location)"; fi
n=$(audit_count "$since" "action = 'viewas.end' AND actor_id = $admin AND object_id = $rep")
check "viewas.end audited" test "$n" == 1
req GET / -b "$T/jar.admin"
check "back to the admin's start page" grep -q '<h1>系统管理员</h1>' <<<"$BODY"
check "no banner after exit" bash -c '! grep -q "class=\"viewas\"" <<<"$1"' _ "$BODY"
req GET /admin/users -b "$T/jar.admin"
expect "/admin/users works again" 200
n=$(audit_count 0 "action = 'viewas.start' AND actor_id = $admin")
m=$(audit_count 0 "action = 'viewas.end' AND actor_id = $admin")
check "every viewas.start has its viewas.end" test "$n" == "$m"

# logout while viewing as ends the admin's session
post_as "$T/jar.admin" "/admin/users/$rep/view-as"
expect "view as rep_east1 again" 303
post_as "$T/jar.admin" /logout
if [[ $STATUS == 303 && $(location) == /login ]]; then ok "POST /logout while viewing as → signed out"
else fail "POST /logout while viewing as → signed out" "status $STATUS location $(location)"; fi
req GET / -b "$T/jar.admin"
expect "the admin session has ended" 303

# only admin.view_as may start it; nobody views as themself
sign_in "$T/jar.admin" admin
post_as "$T/jar.admin" "/admin/users/$admin/view-as"
expect "view as oneself → 409" 409
post_as "$T/jar.admin" /admin/users/999999/view-as
expect "view as an unknown id → 404" 404
post_as "$T/jar.rep" "/admin/users/$admin/view-as"
expect "rep_east1 cannot view as admin (403)" 403
post_as "$T/jar.rep" /view-as/exit
if [[ $STATUS =~ ^(303|403)$ ]]; then ok "/view-as/exit when not viewing as is harmless ($STATUS)"
else fail "/view-as/exit when not viewing as is harmless" "status $STATUS"; fi
n=$(sql "SELECT COUNT(*) FROM session WHERE view_as_user_id IS NOT NULL AND ended_at IS NULL")
check "no session is left viewing as someone" test "$n" == 0
