#!/usr/bin/env bash
# Issue 3 — sessions end after 30 idle minutes or 12 hours in all
# (Session.IdleMinutes / Session.AbsoluteHours); the clock is moved in the
# database rather than waited for.
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

# sid JAR: the session row of a cookie jar
sid() {
  local h
  h=$(printf '%s' "$(cookie_of "$1")" | sha256sum | cut -d' ' -f1)
  sql "SELECT id FROM session WHERE token_hash = '$h'"
}

sign_in "$T/jar.idle" rep_east_new
s=$(sid "$T/jar.idle")
sql "UPDATE session SET last_seen_at = UTC_TIMESTAMP(6) - INTERVAL 29 MINUTE WHERE id = $s"
req GET / -b "$T/jar.idle"
expect "29 idle minutes: still signed in" 200
n=$(sql "SELECT TIMESTAMPDIFF(SECOND, last_seen_at, UTC_TIMESTAMP(6)) < 60 FROM session WHERE id = $s")
check "a request refreshes last_seen_at" test "$n" == 1
sql "UPDATE session SET last_seen_at = UTC_TIMESTAMP(6) - INTERVAL 31 MINUTE WHERE id = $s"
req GET /people -b "$T/jar.idle"
if [[ $STATUS == 303 && $(location) == /login* ]]; then ok "31 idle minutes: sent to /login"
else fail "31 idle minutes: sent to /login" "status $STATUS location $(location)"; fi
check "the session row ended as idle" test "$(sql "SELECT end_reason FROM session WHERE id = $s")" == idle
sql "UPDATE session SET last_seen_at = UTC_TIMESTAMP(6) WHERE id = $s"
req GET / -b "$T/jar.idle"
expect "an ended session does not come back when touched again" 303

sign_in "$T/jar.old" rep_east_new
s=$(sid "$T/jar.old")
sql "UPDATE session SET created_at = UTC_TIMESTAMP(6) - INTERVAL 11 HOUR WHERE id = $s"
req GET / -b "$T/jar.old"
expect "11 hours old and active: still signed in" 200
sql "UPDATE session SET created_at = UTC_TIMESTAMP(6) - INTERVAL 13 HOUR WHERE id = $s"
req GET / -b "$T/jar.old"
if [[ $STATUS == 303 && $(location) == /login* ]]; then ok "13 hours old though active: sent to /login"
else fail "13 hours old though active: sent to /login" "status $STATUS location $(location)"; fi
check "the session row ended as expired" test "$(sql "SELECT end_reason FROM session WHERE id = $s")" == expired
