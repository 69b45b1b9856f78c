#!/usr/bin/env bash
# Issue 3 — my profile: language (pages follow it) and password (a change ends
# my other sessions).  Uses legal1 and gives it back the demo password.
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

uid=$(user_id legal1)
NEW='Legal-New-2026!'
cleanup() {
  # whatever failed, legal1 ends in Chinese with the demo password
  if [[ $(sql "SELECT lang FROM users WHERE id = $uid") != zh-CN ]]; then
    sql "UPDATE users SET lang = 'zh-CN' WHERE id = $uid"
  fi
  forget_failed_logins
}
trap cleanup EXIT

sign_in "$T/jar.a" legal1
sign_in "$T/jar.b" legal1
req GET /profile -b "$T/jar.a"
expect "GET /profile" 200
check "profile offers English" grep -q '<option value="en">English</option>' <<<"$BODY"

# --- language ------------------------------------------------------------------------------
since=$(audit_max)
post_as "$T/jar.a" /profile --data-urlencode 'lang=en' --data-urlencode 'time_zone=Asia/Shanghai'
if [[ $STATUS == 303 && $(location) == '/profile?done=saved' ]]; then ok "change language to en → 303"
else fail "change language to en → 303" "status $STATUS location $(location)" "${BODY:0:300}"; fi
req GET / -b "$T/jar.a"
check "pages are in English (Sign out)" grep -q '>Sign out<' <<<"$BODY"
check "html lang is en" grep -q '<html lang="en">' <<<"$BODY"
req GET /people -b "$T/jar.b"
check "the other session follows the language too" grep -q '>Sign out<' <<<"$BODY"
req GET /profile?done=Saved -b "$T/jar.a"
check "the profile page confirms in English (Saved.)" grep -q 'Saved\.' <<<"$BODY"
n=$(audit_count "$since" "action = 'user.update' AND object_id = $uid AND field = 'lang'
     AND before_value = 'zh-CN' AND after_value = 'en'")
check "language change audited (zh-CN → en)" test "$n" == 1
post_as "$T/jar.a" /profile --data-urlencode 'lang=fr' --data-urlencode 'time_zone=Asia/Shanghai'
expect "an unsupported language → 400" 400
post_as "$T/jar.a" /profile --data-urlencode 'lang=zh-CN' --data-urlencode 'time_zone=Mars/Olympus'
expect "an unknown time zone → 400" 400
check "time zone error beside the field" grep -q 'id="e-time_zone"' <<<"$BODY"
post_as "$T/jar.a" /profile --data-urlencode 'lang=zh-CN' --data-urlencode 'time_zone=Asia/Shanghai'
expect "change language back to zh-CN → 303" 303
req GET / -b "$T/jar.a"
check "pages are in Chinese again (退出)" grep -q '>退出<' <<<"$BODY"

# --- password --------------------------------------------------------------------------------
since=$(audit_max)
post_as "$T/jar.a" /profile/password --data-urlencode 'current=not-my-password' \
  --data-urlencode "new_password=$NEW" --data-urlencode "confirm=$NEW"
expect "password change with a wrong current password → 400" 400
check "400 says 当前密码不正确 beside the current-password field" grep -q 'id="e-current">当前密码不正确' <<<"$BODY"
check "no password is echoed back" bash -c '! grep -qF -- "$1" <<<"$2"' _ "$NEW" "$BODY"
post_as "$T/jar.a" /profile/password --data-urlencode "current=$DEMO_PW" \
  --data-urlencode "new_password=$NEW" --data-urlencode 'confirm=something-else'
expect "new password and confirmation differ → 400" 400
check "mismatch explained beside the confirmation" grep -q 'id="e-confirm"' <<<"$BODY"
post_as "$T/jar.a" /profile/password --data-urlencode "current=$DEMO_PW" \
  --data-urlencode 'new_password=short' --data-urlencode 'confirm=short'
expect "a 5-character new password → 400" 400
req GET / -b "$T/jar.b"
expect "refused changes end no session" 200
check "refused changes are not audited" test "$(audit_count "$since" "action = 'user.password_change'")" == 0

post_as "$T/jar.a" /profile/password --data-urlencode "current=$DEMO_PW" \
  --data-urlencode "new_password=$NEW" --data-urlencode "confirm=$NEW"
if [[ $STATUS == 303 && $(location) == '/profile?done=passwordchanged' ]]; then ok "password change → 303"
else fail "password change → 303" "status $STATUS location $(location)" "${BODY:0:300}"; fi
req GET / -b "$T/jar.a"
expect "the session that changed it goes on" 200
req GET / -b "$T/jar.b"
if [[ $STATUS == 303 && $(location) == /login* ]]; then ok "the other session is sent to /login"
else fail "the other session is sent to /login" "status $STATUS location $(location)"; fi
n=$(audit_count "$since" "action = 'user.password_change' AND object_id = $uid AND actor_id = $uid")
check "password change audited" test "$n" == 1
sign_in "$T/jar.c" legal1 "$DEMO_PW"
expect "the old password no longer works (401)" 401
sign_in "$T/jar.c" legal1 "$NEW"
expect "the new password works (303)" 303

# give legal1 the demo password back (ends jar.c, keeps jar.a)
post_as "$T/jar.a" /profile/password --data-urlencode "current=$NEW" \
  --data-urlencode "new_password=$DEMO_PW" --data-urlencode "confirm=$DEMO_PW"
expect "password changed back → 303" 303
sign_in "$T/jar.c" legal1
expect "legal1 signs in with the demo password again" 303
