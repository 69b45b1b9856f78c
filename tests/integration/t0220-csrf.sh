#!/usr/bin/env bash
# Issue 3 — every signed-in POST needs the session's CSRF token and a
# same-origin Origin (or Referer); refusals are 403 and audited csrf.refused.
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

sign_in "$T/jar" presales1
uid=$(user_id presales1)
tok=$(csrf_of "$T/jar")
if [[ $tok =~ ^[0-9a-f]{64}$ ]]; then ok "pages carry a 64-hex _csrf token"
else fail "pages carry a 64-hex _csrf token" "'$tok'"; fi
cookie=$(cookie_of "$T/jar")
if [[ -n $tok && $tok != "$cookie" ]]; then ok "the CSRF token is not the session cookie"
else fail "the CSRF token is not the session cookie"; fi
form=(--data-urlencode 'lang=zh-CN' --data-urlencode 'time_zone=Asia/Shanghai')

# refused NAME CURL-ARGS...: POST /profile is 403 and adds one csrf.refused row for presales1
refused() {
  local name=$1 since n
  shift
  since=$(audit_max)
  req POST /profile -b "$T/jar" "${form[@]}" "$@"
  expect "$name → 403" 403
  n=$(audit_count "$since" "action = 'csrf.refused' AND actor_id = $uid")
  if [[ $n == 1 ]]; then ok "$name → audited csrf.refused"
  else fail "$name → audited csrf.refused" "$n rows" \
    "$(sql "SELECT id, actor_id, action, after_value FROM audit_log WHERE id > $since")"; fi
}
refused "POST without _csrf" -H "Origin: $SG_URL"
refused "POST with a wrong _csrf" -H "Origin: $SG_URL" --data-urlencode "_csrf=${tok//[0-9]/a}"
refused "POST with a malformed _csrf" -H "Origin: $SG_URL" --data-urlencode '_csrf=<script>'
refused "POST with another session's _csrf" -H "Origin: $SG_URL" \
  --data-urlencode "_csrf=$(sign_in "$T/jar2" presales1; csrf_of "$T/jar2")"
refused "right token, Origin: http://evil.example" -H 'Origin: http://evil.example' --data-urlencode "_csrf=$tok"
refused "right token, Origin: <site>.evil.example" -H "Origin: $SG_URL.evil.example" --data-urlencode "_csrf=$tok"
refused "right token, Origin: https:// of the same host" -H "Origin: ${SG_URL/http:/https:}" --data-urlencode "_csrf=$tok"
refused "right token, no Origin, no Referer" --data-urlencode "_csrf=$tok"
refused "right token, Referer from evil.example" -H "Referer: http://evil.example/$SG_URL/" --data-urlencode "_csrf=$tok"
refused "right token, Origin: null, no Referer" -H 'Origin: null' --data-urlencode "_csrf=$tok"
n=$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'csrf.refused' AND actor_id = $uid
         AND session_hash IS NOT NULL AND actor_ip = '127.0.0.1'")
check "csrf.refused rows name the session and the address" test "$n" -ge 10

# what works
req POST /profile -b "$T/jar" "${form[@]}" -H "Origin: $SG_URL" --data-urlencode "_csrf=$tok"
if [[ $STATUS == 303 && $(location) == '/profile?done=saved' ]]; then ok "right token and Origin → 303 (saved)"
else fail "right token and Origin → 303 (saved)" "status $STATUS" "${BODY:0:200}"; fi
req POST /profile -b "$T/jar" "${form[@]}" -H "Referer: $SG_URL/profile" --data-urlencode "_csrf=$tok"
expect "right token, same-origin Referer and no Origin → 303" 303
tok2=$(csrf_of "$T/jar")
check "the token stays the same for the session" test "$tok" == "$tok2"

# a POST without a session is not a redirect to a form: 401
req POST /profile "${form[@]}" -H "Origin: $SG_URL"
expect "POST /profile without a session → 401" 401
