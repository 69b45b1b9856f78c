#!/usr/bin/env bash
# Issue 8 finish: the load cap holds under concurrent intakes.  A rep one
# below their cap is the direct target of a rule; eight intakes arrive at
# once (parallel API calls, served by several workers): exactly one lands on
# the rep, the others fall through to the next rules or the queue, and the
# rep's open load ends exactly at the cap — the placement re-checks the load
# under a row lock on the person (routing.c lock_load).
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

run=$((RANDOM % 9000 + 1000))
P=$(user_id rep_east2)
load() { sql "SELECT (SELECT COUNT(*) FROM lead WHERE owner_id = $P AND status IN ('new','contacted','qualified'))
                   + (SELECT COUNT(*) FROM customer WHERE owner_id = $P)"; }
cap0=$(sql "SELECT load_cap FROM users WHERE id = $P")
l0=$(load)
cap=$((l0 + 1))
ch="t85_$run"
sql "INSERT INTO channel (code, name, weight, sla_minutes) VALUES ('$ch', '并发$run', 1.00, 120)"
cid=$(sql "SELECT id FROM channel WHERE code = '$ch'")
sql "INSERT INTO routing_rule (name, priority, active, cond_channel_id, target_kind, target_user_id, strategy, created_at, updated_at)
     VALUES ('t0850 直派$run', -100, 1, $cid, 'user', $P, 'direct', UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))"
rid=$(sql "SELECT MAX(id) FROM routing_rule WHERE name = 't0850 直派$run'")
restore() {
  sql "UPDATE users SET load_cap = $cap0 WHERE id = $P"
  sql "UPDATE routing_rule SET active = 0 WHERE id = $rid"
  sql "UPDATE lead SET status = 'disqualified' WHERE channel_id = $cid" || true
}
trap restore EXIT
sql "UPDATE users SET load_cap = $cap WHERE id = $P"

sign_in "$T/ops" ops
post_as "$T/ops" /admin/api-keys --data-urlencode "name=t0850 $run" --data-urlencode "channel=$cid"
KEY=$(grep -o '<code id="new-api-key">[^<]*</code>' <<<"$BODY" | sed 's/<[^>]*>//g' || true)
check "an intake key for the test channel" test -n "$KEY"

for round in 1 2 3; do
  pids=()
  for i in 1 2 3 4 5 6 7 8; do
    curl -sS --max-time 60 -o "$T/r$round-$i.json" -w '%{http_code}\n' -X POST "$SG_URL/api/v1/leads" \
      -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
      --data-binary "{\"name\":\"并发$run-$round-$i\",\"phone\":\"13700$round$i$(printf '%04d' $((RANDOM % 10000)))\",\"region_code\":\"310101\",\"intent\":\"demo\"}" \
      >"$T/r$round-$i.code" &
    pids+=($!)
  done
  wait "${pids[@]}"
  check "round $round: all eight intakes accepted" test "$(cat "$T"/r$round-*.code | grep -c '^201$')" == 8
  check "round $round: the rep's load is exactly at the cap ($cap), never above" test "$(load)" == "$cap"
  check "round $round: exactly one of the round's leads went to the rep" \
    test "$(sql "SELECT COUNT(*) FROM lead WHERE channel_id = $cid AND owner_id = $P AND name LIKE '并发$run-$round-%'")" == 1
  # the next round: the rep one below the cap again
  sql "UPDATE lead SET status = 'disqualified' WHERE channel_id = $cid AND owner_id = $P"
  l0=$(load); cap=$((l0 + 1))
  sql "UPDATE users SET load_cap = $cap WHERE id = $P"
done
check "the skipped placements are recorded as over the cap" \
  test "$(sql "SELECT COUNT(*) FROM routing_candidate c JOIN routing_decision d ON d.id = c.decision_id
               JOIN lead l ON l.id = d.lead_id WHERE l.channel_id = $cid AND c.user_id = $P AND c.skip_reason = 'over_cap'")" -ge 1
