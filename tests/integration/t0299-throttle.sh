#!/usr/bin/env bash
# Issue 3 — sign-in throttling: five failures in a minute for a login (or from
# an address) and the next attempt, even with the right password, is 429.
# Every test signs in from 127.0.0.1, so this runs last and forgets its
# failures when done (the browser suite still has to sign in).
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
forget_failed_logins
trap forget_failed_logins EXIT

sign_in "$T/jar.before" rep_east1
since=$(audit_max)
first_session=$(sql "SELECT COALESCE(MAX(id), 0) FROM session")
codes=''
for i in 1 2 3 4 5; do
  sign_in "$T/jar" csm1 "wrong-password-$i"
  codes+=" $STATUS"
done
if [[ $codes == ' 401 401 401 401 401' ]]; then ok "5 wrong passwords for csm1 → 401 each"
else fail "5 wrong passwords for csm1 → 401 each" "got:$codes"; fi
n=$(audit_count "$since" "action = 'login.failed' AND actor_login = 'csm1'")
check "5 login.failed rows for csm1" test "$n" == 5

sign_in "$T/jar" csm1
expect "6th attempt with the right password → 429" 429
check "no session cookie while throttled" test -z "$(cookie_of "$T/jar")"
check "429 page is HTML" grep -q '^content-type: text/html' <<<"$HEADERS"
check "429 page says 操作过于频繁" grep -q '操作过于频繁' <<<"$BODY"
check "429 page says to wait a minute (请稍等一分钟后再试)" grep -q '请稍等一分钟后再试' <<<"$BODY"
req POST /login -H "Origin: $SG_URL" -H 'Accept-Language: en' --data-urlencode 'login=csm1' \
    --data-urlencode "password=$DEMO_PW"
if [[ $STATUS == 429 ]] && grep -q 'Too many attempts' <<<"$BODY" && grep -q 'wait a minute' <<<"$BODY"; then
  ok "429 page in English says Too many attempts / wait a minute"
else fail "429 page in English says Too many attempts / wait a minute" "status $STATUS"; fi
n=$(audit_count "$since" "action = 'login.throttled' AND after_value = 'csm1'")
if (( n >= 1 )); then ok "login.throttled audited ($n rows)"
else fail "login.throttled audited" "$(sql "SELECT id, action, actor_login, after_value FROM audit_log WHERE id > $since")"; fi
n=$(sql "SELECT COUNT(*) FROM session WHERE user_id = $(user_id csm1) AND id > $first_session")
check "no session was created for csm1 while throttled" test "$n" == 0

# the address is throttled too: another login, right password, same 127.0.0.1
sign_in "$T/jar" presales1
expect "another login from the same address → 429" 429
req GET / -b "$T/jar.before"
expect "a session opened before the throttle still works" 200

# a minute later (the attempts moved 61 s into the past) csm1 may sign in again
sql "UPDATE login_attempt SET at = at - INTERVAL 61 SECOND WHERE ip = '127.0.0.1'"
sign_in "$T/jar" csm1
expect "61 s after the failures csm1 signs in (303)" 303
