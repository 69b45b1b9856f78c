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
seals=$(sql "SELECT COUNT(*) FROM audit_seal")
check "every row is sealed once ($seals seals)" test "$seals" == "$rows" \
  -a "$(sql "SELECT COUNT(DISTINCT audit_id) FROM audit_seal")" == "$rows"
check "nothing waits for its seal" test "$(sql "SELECT COUNT(*) FROM audit_pending")" == 0
check "seals are numbered 1..$seals without gaps" \
  test "$(sql "SELECT MAX(seq) FROM audit_seal")" == "$seals"
check "audit_head points at the last seal" \
  test "$(sql "SELECT last_id FROM audit_head")" == "$seals"
check "every refusal kind of issue 3 is on record" test "$(sql "SELECT COUNT(DISTINCT action) FROM audit_log
  WHERE action IN ('access.denied', 'csrf.refused', 'viewas.refused', 'login.failed')")" == 4

# a copy of the log to put back, whatever happens
sql "CREATE DATABASE IF NOT EXISTS qa_scratch; DROP TABLE IF EXISTS qa_scratch.audit_copy;
     CREATE TABLE qa_scratch.audit_copy AS SELECT * FROM audit_log;
     DROP TABLE IF EXISTS qa_scratch.seal_copy;
     CREATE TABLE qa_scratch.seal_copy AS SELECT * FROM audit_seal"
restore() { sql "REPLACE INTO audit_log SELECT * FROM qa_scratch.audit_copy;
                 REPLACE INTO audit_seal SELECT * FROM qa_scratch.seal_copy"; }
cleanup() { restore; sql "DROP DATABASE IF EXISTS qa_scratch"; }
trap cleanup EXIT
check "the copy is complete" test "$(sql "SELECT COUNT(*) FROM qa_scratch.audit_copy")" == "$rows"

# pick rows from the middle of the log: a user.create and the two rows after seed.demo
a=$(sql "SELECT MIN(id) + 4 FROM audit_log WHERE action = 'user.create'")
# (ids may have gaps: a rolled-back transaction's id is not reused)
mid=$(sql "SELECT MIN(id) FROM audit_log WHERE id >= $(( last / 2 ))")

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
next=$(sql "SELECT n.audit_id FROM audit_seal s JOIN audit_seal n ON n.seq = s.seq + 1 WHERE s.audit_id = $mid")
sql "UPDATE audit_log SET after_value = CONCAT(after_value, 'x') WHERE id = $mid;
     UPDATE audit_seal SET hash = SHA2(CONCAT(prev_hash, 'forged'), 256) WHERE audit_id = $mid"
verify_broken "changed row $mid with a new hash of its own → the chain breaks" "row (${mid}|${next})\b"
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
first=$(sql "SELECT audit_id FROM audit_seal WHERE audit_id >= $mid ORDER BY seq LIMIT 1")
sql "DELETE FROM audit_log WHERE id >= $mid"
verify_broken "deleted the whole tail from $mid → verify names the first missing row" "row $first missing"
restore
sql "DELETE FROM audit_seal WHERE seq > (SELECT seq FROM qa_scratch.seal_copy WHERE audit_id = $mid)"
sql "UPDATE audit_head SET last_id = (SELECT seq FROM audit_seal WHERE audit_id = $mid),
       last_hash = (SELECT hash FROM audit_seal WHERE audit_id = $mid)"
verify_broken "seals of the tail deleted (head moved back too) → the rows are not on the chain" \
  "not on the chain"
sql "UPDATE audit_head SET last_id = $seals, last_hash = (SELECT hash FROM qa_scratch.seal_copy WHERE seq = $seals)"
restore
verify_ok "seals re-inserted → ok"
sql "DELETE FROM audit_seal WHERE seq = $seals"
verify_broken "deleted the last seal → verify says the chain is short" "ends at seal $((seals - 1)) but $seals"
restore
verify_ok "tail re-inserted → ok"

# (c) two rows swap what they say
b=$(sql "SELECT MIN(id) FROM audit_log WHERE id > $mid")
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
denied "app account cannot UPDATE audit_seal" "UPDATE audit_seal SET hash = '' WHERE seq = 1"
denied "app account cannot DELETE FROM audit_seal" "DELETE FROM audit_seal WHERE seq = 1"
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

# --- sealing after the fact (sql/0026): writes do not wait for each other -----------------------
# A row put in behind the application's back (neither sealed nor waiting)
stray=$(( last + 1000000 ))
sql "INSERT INTO audit_log (id, at, action, after_value) VALUES ($stray, UTC_TIMESTAMP(6), 'qa.forged', 'x')"
verify_broken "a row inserted behind the application's back → not on the chain" "row $stray is in the log but not on the chain"
sql "DELETE FROM audit_log WHERE id = $stray"
verify_ok "forged row removed → ok"

# A worker that died between its commit and its seal leaves a waiting row:
# the next seal (any request's, the scheduler's, verify's) takes it.
sql "INSERT INTO audit_log (at, action, after_value) VALUES (UTC_TIMESTAMP(6), 'qa.crashed', 'left waiting');
     INSERT INTO audit_pending (audit_id) SELECT MAX(id) FROM audit_log"
w=$(sql "SELECT MAX(id) FROM audit_log")
sign_in "$T/jar.s" rep_east1 >/dev/null
post_as "$T/jar.s" /logout
for _ in $(seq 30); do [[ $(sql "SELECT COUNT(*) FROM audit_pending") == 0 ]] && break; sleep 0.2; done
check "a waiting row is sealed by the next request that audits" \
  test "$(sql "SELECT COUNT(*) FROM audit_seal WHERE audit_id = $w")" == 1

# 24 signed-in page views at once from 8 clients: every audited write is
# sealed once, in one unbroken chain, and none waits afterwards.
before=$(sql "SELECT COUNT(*) FROM audit_seal")
for i in $(seq 8); do
  ( for _ in 1 2 3; do
      curl -s -o /dev/null -H "Origin: $SG_URL" --data-urlencode "login=nobody_$i" \
        --data-urlencode "password=wrong" "$SG_URL/login"
    done ) &
done
wait
for _ in $(seq 30); do [[ $(sql "SELECT COUNT(*) FROM audit_pending") == 0 ]] && break; sleep 0.2; done
check "24 parallel failed sign-ins: all sealed, none waiting" \
  test "$(sql "SELECT COUNT(*) FROM audit_log a JOIN audit_seal s ON s.audit_id = a.id
               WHERE a.action LIKE 'login.%' AND a.actor_login LIKE 'nobody\_%'")" -ge 24 \
  -a "$(sql "SELECT COUNT(*) FROM audit_pending")" == 0
check "seals stay numbered without gaps" \
  test "$(sql "SELECT MAX(seq) = COUNT(*) FROM audit_seal")" == 1 -a \
  "$(sql "SELECT COUNT(*) FROM audit_seal")" -ge $((before + 24))
verify_ok "audit verify: ok after parallel writers"
forget_failed_logins
