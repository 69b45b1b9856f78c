#!/usr/bin/env bash
# Issue 3 — the audit log is a hash chain `salesgate audit verify` checks, and
# append-only for the application account.  Tampers as the database root and
# puts every row back (from a copy in a scratch database) before it ends.
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

verify() { "$SG_BIN" audit verify -c "$SG_CONF" >"$T/verify.out" 2>"$T/verify.err"; }
# verify_ok NAME: verify exits 0 and prints ok
verify_ok() {
  local rc=0
  verify || rc=$?
  if [[ $rc == 0 ]] && grep -q '^ok' "$T/verify.out"; then ok "$1"
  else fail "$1" "exit $rc" "$(cat "$T/verify.out" "$T/verify.err" | head -n 5)"; fi
}
# verify_broken NAME REGEX: verify exits 1 and its output matches REGEX
verify_broken() {
  local rc=0
  verify || rc=$?
  if [[ $rc == 1 ]] && grep -qE "$2" "$T/verify.out"; then ok "$1"
  else fail "$1" "exit $rc, wanted 1 and /$2/" "$(cat "$T/verify.out" "$T/verify.err" | head -n 5)"; fi
}

verify_ok "audit verify: ok on everything the tests did so far"
rows=$(sql "SELECT COUNT(*) FROM audit_log")
check "verify counts every row ($rows)" grep -q "^ok: $rows rows" "$T/verify.out"
last=$(sql "SELECT MAX(id) FROM audit_log")
check "rows are numbered 1..$last without gaps" test "$rows" == "$last"
check "audit_head points at the last row" \
  test "$(sql "SELECT last_id FROM audit_head")" == "$last"
check "every refusal kind of issue 3 is on record" test "$(sql "SELECT COUNT(DISTINCT action) FROM audit_log
  WHERE action IN ('access.denied', 'csrf.refused', 'viewas.refused', 'login.failed')")" == 4

# a copy of the log to put back, whatever happens
sql "CREATE DATABASE IF NOT EXISTS qa_scratch; DROP TABLE IF EXISTS qa_scratch.audit_copy;
     CREATE TABLE qa_scratch.audit_copy AS SELECT * FROM audit_log"
restore() { sql "REPLACE INTO audit_log SELECT * FROM qa_scratch.audit_copy"; }
cleanup() { restore; sql "DROP DATABASE IF EXISTS qa_scratch"; }
trap cleanup EXIT
check "the copy is complete" test "$(sql "SELECT COUNT(*) FROM qa_scratch.audit_copy")" == "$rows"

# pick rows from the middle of the log: a user.create and the two rows after seed.demo
a=$(sql "SELECT MIN(id) + 4 FROM audit_log WHERE action = 'user.create'")
mid=$(( last / 2 ))

# (a) one changed value
sql "UPDATE audit_log SET after_value = CONCAT(after_value, 'x') WHERE id = $a"
verify_broken "(a) changed after_value of row $a → verify exits 1 naming row $a" "row $a\b"
restore
verify_ok "(a) restored → ok again"
sql "UPDATE audit_log SET at = at + INTERVAL 1 SECOND WHERE id = $mid"
verify_broken "changed time of row $mid → verify names row $mid" "row $mid\b"
restore
sql "UPDATE audit_log SET actor_id = $(user_id admin) WHERE id = $mid"
verify_broken "changed actor of row $mid → verify names row $mid" "row $mid\b"
restore
sql "UPDATE audit_log SET after_value = CONCAT(after_value, 'x'),
       hash = SHA2(CONCAT(prev_hash, 'forged'), 256) WHERE id = $mid"
verify_broken "changed row $mid with a new hash of its own → the chain breaks" "row (${mid}|$((mid + 1)))\b"
restore
verify_ok "restored → ok"

# (b) one deleted row
sql "DELETE FROM audit_log WHERE id = $mid"
verify_broken "(b) deleted row $mid → verify names the gap" "row $mid missing|row $((mid + 1))\b"
restore
verify_ok "(b) row re-inserted → ok again"
sql "DELETE FROM audit_log WHERE id = $last"
verify_broken "deleted the last row ($last) → verify says the log is short" "$last"
restore
sql "DELETE FROM audit_log WHERE id >= $mid"
verify_broken "deleted the whole tail from $mid → verify says the log is short" "$last"
restore
verify_ok "tail re-inserted → ok"

# (c) two rows swap what they say
b=$(( mid + 1 ))
read -r act_a act_b < <(sql "SELECT (SELECT action FROM audit_log WHERE id = $mid), (SELECT action FROM audit_log WHERE id = $b)")
if [[ $act_a == "$act_b" ]]; then   # find a neighbour that says something else
  b=$(sql "SELECT MIN(id) FROM audit_log WHERE id > $mid AND action <> '$act_a'")
fi
sql "UPDATE audit_log t JOIN qa_scratch.audit_copy c ON c.id = ($mid + $b - t.id)
       SET t.action = c.action, t.after_value = c.after_value WHERE t.id IN ($mid, $b)"
n=$(sql "SELECT COUNT(*) FROM audit_log t JOIN qa_scratch.audit_copy c ON c.id = t.id
         WHERE t.id IN ($mid, $b) AND NOT (t.action <=> c.action AND t.after_value <=> c.after_value)")
check "(c) rows $mid and $b now hold each other's action and after_value" test "$n" == 2
verify_broken "(c) swapped rows → verify fails at row $mid" "row $mid\b"
restore
verify_ok "(c) restored → ok again"

# --- the application account ---------------------------------------------------------------
user=$(sed -n 's/^DB\.User[[:space:]]*=[[:space:]]*//p' "$SG_CONF" | tail -n 1)
pass=$(sed -n 's/^DB\.Password[[:space:]]*=[[:space:]]*//p' "$SG_CONF" | tail -n 1)
sock=$(sed -n 's/^DB\.Socket[[:space:]]*=[[:space:]]*//p' "$SG_CONF" | tail -n 1)
app() { mariadb --no-defaults --socket="$sock" -u"$user" -p"$pass" -N -B salesgate -e "$1" 2>&1; }
# denied NAME SQL: the application account may not run SQL
denied() {
  local out rc=0
  out=$(app "$2") || rc=$?
  if [[ $rc != 0 ]] && grep -qiE 'command denied|access denied' <<<"$out"; then ok "$1"
  else fail "$1" "exit $rc: $out"; fi
}
denied "app account cannot UPDATE audit_log (command denied)" "UPDATE audit_log SET action = 'x' WHERE id = 1"
denied "app account cannot DELETE FROM audit_log (command denied)" "DELETE FROM audit_log WHERE id = 1"
denied "app account cannot TRUNCATE audit_log" "TRUNCATE TABLE audit_log"
denied "app account cannot DROP audit_log" "DROP TABLE audit_log"
denied "app account cannot ALTER audit_log" "ALTER TABLE audit_log ADD COLUMN x INT"
denied "app account cannot REPLACE INTO audit_log (needs DELETE)" \
  "REPLACE INTO audit_log SELECT * FROM audit_log WHERE id = 1"
out=$(app "SELECT COUNT(*) FROM audit_log") || true
if [[ $out == "$rows" ]]; then ok "app account can SELECT audit_log"
else fail "app account can SELECT audit_log" "$out"; fi
out=$(app "SHOW GRANTS FOR CURRENT_USER") || true
if grep -q 'GRANT SELECT, INSERT ON `salesgate`.`audit_log`' <<<"$out"; then ok "app account may INSERT into audit_log (grant)"
else fail "app account may INSERT into audit_log (grant)" "$(grep -i audit_log <<<"$out")"; fi
check "audit untouched by the attempts" test "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'x'")" == 0

verify_ok "audit verify: ok after every restore"
