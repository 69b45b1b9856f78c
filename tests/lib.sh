# tests/lib.sh — sourced by tests/integration/t*.sh (tests/run sets the SG_* variables).
#   ok NAME | fail NAME [DETAIL...] | check NAME CMD...
#   http_status URL [CURL ARGS] | body URL [CURL ARGS]
#   req METHOD URL [CURL ARGS]   → $STATUS, $BODY, $HEADERS (lower-cased)
#   sql "SELECT ..."             → runs as the database root, tab-separated
#   login JAR LOGIN | same NAME GOT WANT | post_as JAR PATH [CURL ARGS] | user_id LOGIN …
# A URL starting with / is relative to $SG_URL.
# shellcheck shell=bash
: "${SG_URL:?run me from tests/run}" "${SG_DIR:?}" "${SG_BIN:?}" "${SG_CONF:?}" "${SG_MYSQL:?}"
SG_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
T=$(mktemp -d "$SG_DIR/tmp/${0##*/}.XXXXXX")
export SG_ROOT T

ok()   { printf 'ok - %s\n' "$1"; }
fail() {
  printf 'not ok - %s\n' "$1"
  shift
  local line
  for line in "$@"; do printf '#   %s\n' "${line//$'\n'/$'\n#   '}"; done
  return 0
}
check() {
  local name=$1
  shift
  if "$@" >"$T/check.out" 2>&1; then ok "$name"
  else fail "$name" "failed: $*" "$(tail -n 5 "$T/check.out")"; fi
}

url() { if [[ $1 == /* ]]; then echo "$SG_URL$1"; else echo "$1"; fi; }

# shellcheck disable=SC2034  # STATUS, BODY, HEADERS are read by the tests
req() {
  local method=$1 u
  u=$(url "$2")
  shift 2
  STATUS=$(curl -sS -o "$T/body" -D "$T/headers" -w '%{http_code}' --max-time 30 \
           -X "$method" "$@" "$u" 2>"$T/curl.err") || true
  BODY=$(cat "$T/body" 2>/dev/null || true)
  HEADERS=$(tr '[:upper:]' '[:lower:]' <"$T/headers" 2>/dev/null | tr -d '\r' || true)
  rm -f "$T/body" "$T/headers"
}
http_status() { req GET "$@"; echo "$STATUS"; }
body()        { req GET "$@"; printf '%s\n' "$BODY"; }

sql() {
  local mysql
  read -ra mysql <<<"$SG_MYSQL"
  "${mysql[@]}" -N -B salesgate -e "$1"
}

# expect NAME WANT: ok when $STATUS is WANT, else fail showing the response
expect() {
  if [[ $STATUS == "$2" ]]; then ok "$1"
  else fail "$1" "status $STATUS, expected $2" "${BODY:0:300}"; fi
}

# --- signed-in helpers (t02xx) ---------------------------------------------
# DEMO_PW: the demo users' password (Demo.Password of $SG_CONF)
DEMO_PW=$(sed -n 's/^Demo\.Password[[:space:]]*=[[:space:]]*//p' "$SG_CONF" | tail -n 1)
DEMO_PW=${DEMO_PW:-sg-demo-2026}
# sign_in JAR LOGIN [PASSWORD]: a fresh cookie jar signed in through POST /login
#   → $STATUS (303 when it worked), $HEADERS, $BODY
sign_in() {
  local jar=$1 login=$2 pw=${3-$DEMO_PW}
  rm -f "$jar"
  req POST /login -c "$jar" -H "Origin: $SG_URL" \
      --data-urlencode "login=$login" --data-urlencode "password=$pw"
}
# cookie_of JAR: the sg_session value in a cookie jar
# login JAR LOGIN: sign_in, waiting out the sign-in throttle once; ok/fail
# (several suites still carry their own copy of this)
login() {
  sign_in "$1" "$2"
  if [[ $STATUS == 429 ]]; then echo "# sign-in throttled, waiting 61 s"; sleep 61; sign_in "$1" "$2"; fi
  if [[ $STATUS == 303 ]]; then ok "$2 signs in"; else fail "$2 signs in" "status $STATUS"; fi
}
# same NAME GOT WANT: ok when GOT is WANT
same() { if [[ $2 == "$3" ]]; then ok "$1"; else fail "$1" "got '$2', want '$3'"; fi; }
cookie_of() { awk '$6 == "sg_session" { v = $7 } END { print v }' "$1" 2>/dev/null || true; }
# csrf_of JAR: the _csrf token of the start page (empty when not signed in)
csrf_of() {
  local b
  b=$(curl -sS --max-time 30 -b "$1" "$SG_URL/" 2>/dev/null || true)
  grep -o 'name="_csrf" value="[^"]*"' <<<"$b" | head -n 1 | sed 's/.*value="//; s/"$//' || true
}
# post_as JAR PATH [CURL ARGS]: a same-origin POST carrying the session's token
post_as() {
  local jar=$1 p=$2 tok
  shift 2
  tok=$(csrf_of "$jar")
  req POST "$p" -b "$jar" -c "$jar" -H "Origin: $SG_URL" --data-urlencode "_csrf=$tok" "$@"
}
# location: the Location header of the last req
location() { sed -n 's/^location: //p' <<<"$HEADERS" | head -n 1; }
# user_id LOGIN: the users.id of a login
user_id() { sql "SELECT id FROM users WHERE login = '$1'"; }
# audit_max: the id of the newest audit row (new rows are those above it)
audit_max() { sql "SELECT COALESCE(MAX(id), 0) FROM audit_log"; }
# audit_count SINCE WHERE: audit rows above id SINCE matching the SQL condition WHERE
audit_count() { sql "SELECT COUNT(*) FROM audit_log WHERE id > $1 AND ($2)"; }
# forget_failed_logins: sign-in throttling counts failures per client address
# and every test comes from 127.0.0.1; a test that fails sign-ins on purpose
# calls this when done so the suites after it can still sign in.
forget_failed_logins() { sql "DELETE FROM login_attempt WHERE ok = 0"; }

# cred_thresholds: the product's credibility thresholds (Credibility.RepeatMax
# 2, BurstMax 4) for the rest of this suite, back to the test environment's at
# exit (tests/run raises them so suites sharing demo data do not freeze each
# other).  Reloads the workers (SIGHUP) both times.
cred_thresholds() {
  cp "$SG_CONF" "$T/conf.cred"
  printf 'Credibility.RepeatMax = 2\nCredibility.BurstMax = 4\n' >>"$SG_CONF"
  kill -HUP "$(<"$SG_DIR/run/salesgate.pid")"
  sleep 2
  trap 'cp "$T/conf.cred" "$SG_CONF"; kill -HUP "$(<"$SG_DIR/run/salesgate.pid")"; sleep 2' EXIT
}
