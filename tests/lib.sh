# tests/lib.sh — sourced by tests/integration/t*.sh (tests/run sets the SG_* variables).
#   ok NAME | fail NAME [DETAIL...] | check NAME CMD...
#   http_status URL [CURL ARGS] | body URL [CURL ARGS]
#   req METHOD URL [CURL ARGS]   → $STATUS, $BODY, $HEADERS (lower-cased)
#   sql "SELECT ..."             → runs as the database root, tab-separated
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
