#!/usr/bin/env bash
# The process model: workers respawn, SIGHUP reloads without a failed request,
# a lost database gives 503 and comes back without a restart.
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

master=$(cat "$SG_DIR/run/salesgate.pid")
workers() { pgrep -P "$master" | sort -n || true; }
# wait_for SECONDS CMD...: poll CMD every 0.1 s
wait_for() {
  local i tries=$(( $1 * 10 ))
  shift
  for (( i = 0; i < tries; i++ )); do "$@" && return 0; sleep 0.1; done
  return 1
}

before=$(workers)
n=$(wc -l <<<"$before")
if [[ -n $before ]] && (( n >= 1 )); then ok "master $master has $n workers"
else fail "master $master has workers"; fi

victim=$(head -n 1 <<<"$before")
kill -KILL "$victim"
respawned() { local now; now=$(workers); [[ $(wc -l <<<"$now") == "$n" ]] && ! grep -qx "$victim" <<<"$now"; }
if wait_for 5 respawned; then ok "killed worker replaced within 5 s"
else fail "killed worker replaced within 5 s" "workers now: $(workers | tr '\n' ' ')"; fi
req GET /healthz
expect "healthz 200 after a worker died" 200

# SIGHUP during a stream of requests: none may fail
before=$(workers)
( for _ in $(seq 200); do
    curl -s -o /dev/null -w '%{http_code}\n' --max-time 30 "$SG_URL/healthz" || echo "curl-error"
  done ) >"$T/hup.codes" &
loop=$!
some_done() { (( $(wc -l <"$T/hup.codes") >= 20 )); }
wait_for 30 some_done || true
kill -HUP "$master"
wait "$loop" || true
codes=$(sort "$T/hup.codes" | uniq -c | tr -s ' \n' ' ')
if [[ $(grep -cx 200 "$T/hup.codes") == 200 ]]; then ok "200 requests across SIGHUP all 200"
else fail "200 requests across SIGHUP all 200" "got:$codes"; fi
replaced() {
  local now; now=$(workers)
  [[ $(wc -l <<<"$now") == "$n" ]] && [[ -z $(comm -12 <(echo "$before") <(echo "$now")) ]]
}
if wait_for 10 replaced; then ok "SIGHUP replaced every worker"
else fail "SIGHUP replaced every worker" "before: ${before//$'\n'/ }" "after: $(workers | tr '\n' ' ')"; fi
check "master survives SIGHUP" kill -0 "$master"

# a second and third reload work too (the config path once overwrote itself)
log=$SG_DIR/log/salesgate.log
for gen in 3 4; do
  before=$(workers)
  kill -HUP "$master"
  if wait_for 10 replaced && grep -q "reloaded: generation $gen" "$log"; then ok "reload number $((gen - 1)) works"
  else fail "reload number $((gen - 1)) works" "$(grep -E 'reload' "$log" | tail -n 2)"; fi
done

# the database goes away and comes back
trap '"$SG_ROOT/tools/env.sh" db-start "$SG_DIR" >/dev/null' EXIT
"$SG_ROOT/tools/env.sh" db-stop "$SG_DIR"
codes=''
for _ in $(seq $(( n * 2 ))); do codes+=" $(http_status /healthz)"; done
if [[ $codes =~ ^( 503)+$ ]]; then ok "healthz 503 while the database is down"
else fail "healthz 503 while the database is down" "got:$codes"; fi
"$SG_ROOT/tools/env.sh" db-start "$SG_DIR"
healthy() { [[ $(http_status /healthz) == 200 ]]; }
if wait_for 10 healthy; then ok "healthz 200 within 10 s of the database's return"
else fail "healthz 200 within 10 s of the database's return" "status $(http_status /healthz)"; fi
codes=''
for _ in $(seq $(( n * 2 ))); do codes+=" $(http_status /healthz)"; done
if [[ $codes =~ ^( 200)+$ ]]; then ok "every worker reconnected"
else fail "every worker reconnected" "got:$codes"; fi
check "same master after the database outage" test "$(cat "$SG_DIR/run/salesgate.pid")" == "$master"
