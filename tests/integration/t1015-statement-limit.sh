#!/usr/bin/env bash
# Issue 10 (load) — a page whose statement cannot finish is stopped by
# MariaDB after DB.PageStatementSeconds (the workers' max_statement_time):
# the reader gets the friendly 503 page in about that time, not a 504 from
# nginx a minute later, and the statement is not left running for nobody
# (timed-out pages used to pile their queries up in MariaDB).  Afterwards the
# same worker serves the next request.
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

master=$(cat "$SG_DIR/run/salesgate.pid")
workers() { pgrep -P "$master" | sort -n | tr '\n' ' ' || true; }
wait_for() { local n=$(( $1 * 10 )); shift; while (( n-- > 0 )); do "$@" && return 0; sleep 0.1; done; return 1; }
reload() { # new workers with the configuration as it is now
  local before
  before=$(workers)
  kill -HUP "$master"
  replaced() { local now; now=$(workers); [[ -n $now ]] && ! grep -qw -- "${before%% *}" <<<"$now"; }
  wait_for 15 replaced || fail "the workers were replaced after SIGHUP" "before: $before now: $(workers)"
  sleep 0.5
}
cp "$SG_CONF" "$T/conf.saved"
restore() { cp "$T/conf.saved" "$SG_CONF"; kill -HUP "$master" 2>/dev/null || true; sleep 1; }
trap restore EXIT

login "$T/rep" rep_east1

echo "DB.PageStatementSeconds = 2" >>"$SG_CONF"
reload
req GET /leads -b "$T/rep"
expect "the lead list with a 2 s statement limit" 200

# Hold the lead table for 12 s from another session: the page's statement waits
mysql_hold() { sql "LOCK TABLES lead WRITE; SELECT SLEEP(12); UNLOCK TABLES" >/dev/null 2>&1; }
mysql_hold &
holder=$!
sleep 0.5
t0=$(date +%s%N)
req GET /leads -b "$T/rep"
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
echo "# answered $STATUS after $ms ms"
expect "a page whose statement cannot finish says busy (503)" 503
if (( ms < 9000 )); then ok "it answers after the statement limit (${ms} ms), not after nginx's timeout"
else fail "it answers after the statement limit" "${ms} ms"; fi
has_text() { grep -qF -- "$2" <<<"$BODY" && ok "$1" || fail "$1" "missing: $2" "${BODY:0:300}"; }
has_text "the friendly page, in the reader's language" "<html"
left=$(sql "SELECT COUNT(*) FROM information_schema.processlist WHERE user = 'salesgate' AND command = 'Query' AND info LIKE '%FROM lead%'")
if [[ $left == 0 ]]; then ok "the page's statement is not left running in MariaDB"
else fail "the page's statement is not left running in MariaDB" "$left still running"; fi
grep -q "statement stopped after 2s" "$SG_DIR/log/salesgate.log" 2>/dev/null \
  && ok "the log says which statement was stopped" \
  || fail "the log says which statement was stopped" "$(tail -n 5 "$SG_DIR/log/salesgate.log" 2>/dev/null | tail -n 5)"
wait "$holder" || true

req GET /leads -b "$T/rep"
expect "once the table is free the page works again" 200

restore
trap - EXIT
