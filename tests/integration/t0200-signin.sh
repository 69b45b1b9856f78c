#!/usr/bin/env bash
# Issue 3 — signing in and out: every demo login, the one message for every
# failure, the session cookie and what the database keeps of it.
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
trap forget_failed_logins EXIT

# login → display name (cgi/seed.c)
declare -A NAME=(
  [admin]=系统管理员 [ops]=周敏 [director]=王建国 [mgr_east]=陈思远 [mgr_south]=林晓峰
  [lead_east]=赵婷 [rep_east1]=张伟 [rep_east2]=李娜 [rep_east_new]=刘洋 [rep_south1]=黄磊
  [rep_expired]=吴刚 [presales1]=孙博 [finance1]=钱芳 [legal1]=冯律 [csm1]=何静
  [auditor1]=审计员（外部）
)
for login in admin ops director mgr_east mgr_south lead_east rep_east1 rep_east2 \
             rep_east_new rep_south1 rep_expired presales1 finance1 legal1 csm1 auditor1; do
  jar=$T/jar.$login
  sign_in "$jar" "$login"
  if [[ $STATUS == 303 && $(location) == / ]]; then ok "$login signs in (303 to /)"
  else fail "$login signs in (303 to /)" "status $STATUS location $(location)" "${BODY:0:200}"; fi
  req GET / -b "$jar"
  if [[ $STATUS == 200 ]] && grep -qF "<h1>${NAME[$login]}</h1>" <<<"$BODY"; then
    ok "$login sees the start page with their name"
  else fail "$login sees the start page with their name" "status $STATUS" "${BODY:0:300}"; fi
done

# --- failures: one status, one message, whatever the reason -------------------
# the typed login and the request id are the only parts allowed to differ
normalise() {
  sed -e 's/name="login" type="text" value="[^"]*"/name="login" type="text" value=""/' \
      -e 's/<span class="rid">[^<]*</<span class="rid"></'
}
forget_failed_logins
sign_in "$T/jar.x" rep_frozen
expect "frozen rep_frozen cannot sign in (401)" 401
frozen=$(normalise <<<"$BODY")
check "no session cookie for a frozen account" test -z "$(cookie_of "$T/jar.x")"
sign_in "$T/jar.x" no_such_person_qa
expect "unknown login 401" 401
unknown=$(normalise <<<"$BODY")
sign_in "$T/jar.x" rep_south1 'not-the-password'
expect "wrong password 401" 401
wrong=$(normalise <<<"$BODY")
check "401 page says 账号或密码不正确" grep -qF '账号或密码不正确，或账号不可用。' <<<"$wrong"
if [[ $frozen == "$unknown" && $unknown == "$wrong" ]]; then
  ok "unknown login, wrong password and frozen account give the same page"
else
  fail "unknown login, wrong password and frozen account give the same page" \
    "frozen vs unknown: $(diff <(echo "$frozen") <(echo "$unknown") | head -n 5)" \
    "wrong vs unknown: $(diff <(echo "$wrong") <(echo "$unknown") | head -n 5)"
fi
req POST /login -H "Origin: $SG_URL" --data-urlencode 'login=rep_south1' --data-urlencode 'password=x'
if [[ $STATUS == 401 ]]; then ok "a too-short password is just a failed sign-in (401)"
else fail "a too-short password is just a failed sign-in (401)" "status $STATUS"; fi
check "typed login comes back, the password never" \
  bash -c '! grep -q "not-the-password" <<<"$1" && grep -q "value=\"rep_south1\"" <<<"$1"' _ "$BODY"

forget_failed_logins   # four failures from 127.0.0.1: stay below the throttle

# --- the cookie ------------------------------------------------------------------
sign_in "$T/jar.a" rep_east_new
setc=$(grep '^set-cookie: sg_session=' <<<"$HEADERS" || true)
for attr in 'httponly' 'samesite=lax' 'path=/'; do
  if grep -qE "; *$attr(;|$)" <<<"$setc"; then ok "session cookie has ${attr%%=*}${attr#*=}"
  else fail "session cookie has $attr" "Set-Cookie: $setc"; fi
done
one=$(cookie_of "$T/jar.a")
sign_in "$T/jar.b" rep_east_new
two=$(cookie_of "$T/jar.b")
if [[ -n $one && -n $two && $one != "$two" ]]; then ok "each sign-in gives a new token"
else fail "each sign-in gives a new token" "first '$one' second '$two'"; fi
if [[ $one =~ ^[A-Za-z0-9_-]{43}$ ]]; then ok "token is 256 bits of base64url"
else fail "token is 256 bits of base64url" "'$one'"; fi
# a token already in the browser before sign-in is not kept (no session fixation)
printf '127.0.0.1\tFALSE\t/\tFALSE\t0\tsg_session\t%s\n' "$two" >"$T/jar.fix"
req POST /login -b "$T/jar.fix" -c "$T/jar.fix" -H "Origin: $SG_URL" \
    --data-urlencode 'login=rep_east_new' --data-urlencode "password=$DEMO_PW"
three=$(cookie_of "$T/jar.fix")
if [[ $STATUS == 303 && -n $three && $three != "$two" ]]; then ok "sign-in while holding a token issues a new one"
else fail "sign-in while holding a token issues a new one" "status $STATUS cookie '$three'"; fi

uid=$(user_id rep_east_new)
hashes=$(sql "SELECT token_hash FROM session WHERE user_id = $uid")
if [[ -n $hashes ]] && ! grep -vqE '^[0-9a-f]{64}$' <<<"$hashes"; then ok "session.token_hash is 64 hex characters"
else fail "session.token_hash is 64 hex characters" "$hashes"; fi
n=$(sql "SELECT COUNT(*) FROM session WHERE token_hash IN ('$one', '$two')
         OR INSTR(token_hash, '$one') OR INSTR(token_hash, '$two')")
if [[ -n $one && $n == 0 ]]; then ok "the database never stores the cookie value"
else fail "the database never stores the cookie value" "$n rows hold it"; fi
h=$(printf '%s' "$one" | sha256sum | cut -d' ' -f1)
n=$(sql "SELECT COUNT(*) FROM session WHERE token_hash = '$h' AND user_id = $uid AND ended_at IS NULL")
if [[ $n == 1 ]]; then ok "the database keeps SHA-256 of the token"
else fail "the database keeps SHA-256 of the token" "no live session with hash $h"; fi
n=$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'login.ok' AND actor_id = $uid")
if (( n >= 3 )); then ok "each sign-in is audited (login.ok)"
else fail "each sign-in is audited (login.ok)" "$n login.ok rows for rep_east_new"; fi

# --- signing out ---------------------------------------------------------------------
since=$(audit_max)
req POST /logout -b "$T/jar.a" -H "Origin: $SG_URL"
expect "logout without the token 403" 403
req GET / -b "$T/jar.a"
expect "session still alive after a refused logout" 200
post_as "$T/jar.a" /logout
if [[ $STATUS == 303 && $(location) == /login ]]; then ok "POST /logout 303 to /login"
else fail "POST /logout 303 to /login" "status $STATUS location $(location)"; fi
check "logout clears the cookie" grep -qi '^set-cookie: sg_session=;.*max-age=0' <<<"$HEADERS"
# the old cookie, replayed as an attacker who copied it would
printf '127.0.0.1\tFALSE\t/\tFALSE\t0\tsg_session\t%s\n' "$one" >"$T/jar.old"
req GET / -b "$T/jar.old"
if [[ $STATUS == 303 && $(location) == /login* ]]; then ok "old cookie after logout redirects to /login"
else fail "old cookie after logout redirects to /login" "status $STATUS location $(location)"; fi
req GET /people -b "$T/jar.old"
if [[ $STATUS == 303 && $(location) == '/login?next=/people' ]]; then ok "old cookie on /people redirects to /login?next=/people"
else fail "old cookie on /people redirects to /login?next=/people" "status $STATUS location $(location)"; fi
n=$(sql "SELECT COUNT(*) FROM session WHERE token_hash = '$h' AND ended_at IS NOT NULL AND end_reason = 'logout'")
check "session row ended with reason logout" test "$n" == 1
n=$(audit_count "$since" "action = 'logout' AND actor_id = $uid")
check "logout audited" test "$n" == 1
req GET / -b "$T/jar.b"
expect "the other session of the same person lives on" 200

# --- where sign-in leads ---------------------------------------------------------------
req GET /people
if [[ $STATUS == 303 && $(location) == '/login?next=/people' ]]; then ok "anonymous /people 303 to /login?next=/people"
else fail "anonymous /people 303 to /login?next=/people" "status $STATUS location $(location)"; fi
req POST /login -c "$T/jar.n" -H "Origin: $SG_URL" --data-urlencode 'login=rep_east_new' \
    --data-urlencode "password=$DEMO_PW" --data-urlencode 'next=/people'
if [[ $STATUS == 303 && $(location) == /people ]]; then ok "sign-in with next=/people lands on /people"
else fail "sign-in with next=/people lands on /people" "status $STATUS location $(location)"; fi
for evil in '//evil.example/' 'http://evil.example/' '/\evil.example'; do
  req POST /login -c "$T/jar.n" -H "Origin: $SG_URL" --data-urlencode 'login=rep_east_new' \
      --data-urlencode "password=$DEMO_PW" --data-urlencode "next=$evil"
  loc=$(location)
  if [[ $STATUS == 303 && $loc == /* && $loc != //* && $loc != /\\* ]]; then ok "next=$evil does not leave the site"
  else fail "next=$evil does not leave the site" "status $STATUS location $loc"; fi
done
req GET /login -b "$T/jar.b"
if [[ $STATUS == 303 && $(location) == / ]]; then ok "signed-in GET /login goes to /"
else fail "signed-in GET /login goes to /" "status $STATUS location $(location)"; fi
req POST /login -H 'Origin: http://evil.example' --data-urlencode 'login=rep_east_new' \
    --data-urlencode "password=$DEMO_PW"
expect "cross-site sign-in POST 403" 403
