#!/usr/bin/env bash
# Issue 9 — credibility checks (R5.2): three "called" entries on one customer
# in a minute flag the third and freeze the rep's further entries there
# (pages, sidebar and staff API all refuse with 409, each refusal audited);
# the manager sees the flag with its evidence on /credibility (scoped to
# their subtree), clears it, and the rep can record again.  Five entries
# from one address within a minute are flagged as a burst; the ratio job
# flags a rep whose recorded actions are mostly unverifiable.
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

login() {
  sign_in "$1" "$2"
  if [[ $STATUS == 429 ]]; then
    echo "# sign-in throttled (429), waiting 61 s"
    sleep 61
    sign_in "$1" "$2"
  fi
  if [[ $STATUS == 303 ]]; then ok "$2 signs in"
  else fail "$2 signs in" "status $STATUS"; fi
}
has() { grep -qF -- "$1" <<<"$BODY"; }
cred_thresholds

rep=$(user_id rep_east2)
boss=$(user_id lead_east)
mapfile -t CUST < <(sql "SELECT id FROM customer WHERE owner_id = $rep ORDER BY id LIMIT 7")
C=${CUST[0]}
[[ ${#CUST[@]} -ge 7 ]] || { fail "rep_east2 owns 7 demo customers" "has ${#CUST[@]}"; exit 0; }

login "$T/rep" rep_east2
login "$T/boss" lead_east
login "$T/mgr" mgr_east
login "$T/south" mgr_south
login "$T/mate" rep_east1

flags() { sql "SELECT COUNT(*) FROM credibility_flag WHERE user_id = $rep AND $1"; }
acts() { sql "SELECT COUNT(*) FROM activity WHERE user_id = $rep AND customer_id = $C"; }

# ---- three "called" in a minute ------------------------------------------------------
since=$(audit_max)
a0=$(acts)
for i in 1 2; do
  post_as "$T/rep" "/customers/$C/action" --data kind=called
  expect "\"called\" #$i on customer $C → 303" 303
done
check "two calls raise no flag" test "$(flags "customer_id = $C")" = 0
post_as "$T/rep" "/customers/$C/action" --data kind=called
expect "\"called\" #3 is recorded (303)" 303
check "all three entries are recorded" test "$(acts)" = $((a0 + 3))
flag=$(sql "SELECT id FROM credibility_flag WHERE user_id = $rep AND customer_id = $C AND status = 'open'")
if [[ -n $flag ]] && [[ $(sql "SELECT CONCAT_WS('|', reason, kind, lead_id IS NULL, source_ip) FROM credibility_flag WHERE id = $flag") == 'repeat|called|1|127.0.0.1' ]]
then ok "the third call raises an open 'repeat' flag on the customer (kind, address kept)"
else fail "the third call raises an open 'repeat' flag" "flag='$flag'" "$(sql "SELECT * FROM credibility_flag")"; fi
check "the flag is audited (credibility.flag, reason, the counts)" \
  test "$(audit_count "$since" "action = 'credibility.flag' AND object_type = 'customer' AND object_id = $C AND after_value LIKE 'repeat; flag=$flag kind=called same_kind_24h=3%'")" = 1
check "the manager (lead_east) is notified once" \
  test "$(sql "SELECT COUNT(*) FROM notification WHERE user_id = $boss AND kind = 'credibility_flag' AND dedup_key = 'cred:$flag'")" = 1
check "the rep is told too" \
  test "$(sql "SELECT COUNT(*) FROM notification WHERE user_id = $rep AND kind = 'credibility_frozen'")" = 1

# ---- frozen: every face refuses ----------------------------------------------------------
since=$(audit_max)
post_as "$T/rep" "/customers/$C/action" --data kind=called
expect "a fourth call is refused: 409" 409
if has '等待主管复核'; then ok "the refusal says why, in Chinese (等待主管复核)"
else fail "the refusal says why" "${BODY:0:400}"; fi
post_as "$T/rep" "/customers/$C/action" --data kind=message
expect "any other kind on the same customer is refused too: 409" 409
post_as "$T/rep" "/customers/$C/visit" --data-urlencode core_need=报价 --data-urlencode next_step=回访
expect "a visit record on the frozen customer: 409" 409
post_as "$T/rep" "/customers/$C/sidebar/action" --data kind=called
expect "the chat sidebar's action: 409" 409
tok=$(csrf_of "$T/rep")
req POST "/api/v1/customers/$C/activities" -b "$T/rep" -H "Origin: $SG_URL" -H "X-CSRF-Token: $tok" \
  --data-urlencode kind=called
if [[ $STATUS == 409 && $BODY == *'"reason":"CredibilityFrozen"'* ]]; then
  ok "the staff API: 409 with reason CredibilityFrozen"
else fail "the staff API refuses" "status $STATUS" "${BODY:0:200}"; fi
check "nothing refused was recorded" test "$(acts)" = $((a0 + 3))
check "each of the 5 refusals is audited (activity.refused, the flag named)" \
  test "$(audit_count "$since" "action = 'activity.refused' AND object_type = 'customer' AND object_id = $C AND actor_login = 'rep_east2' AND after_value LIKE 'frozen by flag $flag;%'")" = 5
req GET "/customers/$C" -b "$T/rep"
if [[ $STATUS == 200 ]] && has '等待主管复核'; then ok "the customer page tells the rep the entries are frozen"
else fail "the customer page shows the freeze" "status $STATUS"; fi
post_as "$T/rep" "/customers/${CUST[1]}/action" --data kind=called
expect "another customer of the same rep is not frozen: 303" 303
post_as "$T/mate" "/customers/$C/action" --data kind=called
# rep_east1 may not edit rep_east2's customer (404) — either way no new flag on rep_east1
check "nobody else is frozen by the flag" \
  test "$(sql "SELECT COUNT(*) FROM credibility_flag WHERE user_id = $(user_id rep_east1) AND customer_id = $C")" = 0

# ---- the managers' page --------------------------------------------------------------------
req GET /credibility -b "$T/rep"
expect "a rep may not open /credibility: 403" 403
req GET /credibility -b "$T/boss"
expect "lead_east opens /credibility: 200" 200
if has "id=\"flag-$flag\"" && has '24 小时内同类动作超过 2 次'; then ok "the flag is listed with its reason"
else fail "the flag is listed with its reason" "${BODY:0:300}"; fi
row=$(sed -n "/id=\"flag-$flag\"/,/<\/tr>/p" <<<"$BODY")
n=$(grep -o '<li>' <<<"$row" | wc -l)
check "the evidence lists the three calls (got $n)" test "$n" = 3
check "the evidence shows the address" grep -q '127.0.0.1' <<<"$row"
check "the review form carries the CSRF field" grep -q 'name="_csrf"' <<<"$row"
req GET /credibility -b "$T/mgr"
if [[ $STATUS == 200 ]] && has "id=\"flag-$flag\""; then ok "mgr_east (the subtree above) sees it too"
else fail "mgr_east sees the flag" "status $STATUS"; fi
req GET /credibility -b "$T/south"
if [[ $STATUS == 200 ]] && ! has "id=\"flag-$flag\""; then ok "mgr_south (another subtree) does not"
else fail "mgr_south does not see the flag" "status $STATUS"; fi
post_as "$T/south" "/credibility/$flag/review" --data decision=cleared
expect "mgr_south cannot review it: 404" 404
post_as "$T/boss" "/credibility/$flag/review" --data decision=maybe
expect "an unknown decision: 400" 400
check "the flag is still open" test "$(sql "SELECT status FROM credibility_flag WHERE id = $flag")" = open

# ---- cleared: the rep records again --------------------------------------------------------
since=$(audit_max)
post_as "$T/boss" "/credibility/$flag/review" --data decision=cleared --data-urlencode "note=电话录音已核实"
expect "lead_east clears the flag: 303" 303
check "back to the list with a message" test "$(location)" = "/credibility?done=reviewed"
check "the flag is cleared by lead_east, with the note" \
  test "$(sql "SELECT CONCAT_WS('|', status, reviewed_by, review_note) FROM credibility_flag WHERE id = $flag")" = "cleared|$boss|电话录音已核实"
check "the review is audited (credibility.clear)" \
  test "$(audit_count "$since" "action = 'credibility.clear' AND object_id = $flag AND actor_login = 'lead_east' AND before_value = 'open'")" = 1
post_as "$T/boss" "/credibility/$flag/review" --data decision=confirmed
expect "a flag is reviewed once: 409" 409
post_as "$T/rep" "/customers/$C/action" --data kind=called
expect "after the review the rep records again: 303" 303
check "and is not frozen again by the calls already reviewed" test "$(flags "status = 'open'")" = 0
req GET "/customers/$C" -b "$T/rep"
if [[ $STATUS == 200 ]] && ! has '等待主管复核'; then ok "the customer page no longer shows the freeze"
else fail "the freeze notice is gone" "status $STATUS"; fi

# ---- five entries from one address in a minute ---------------------------------------------
burst=''
for i in 2 3 4 5 6; do
  post_as "$T/rep" "/customers/${CUST[$i]}/action" --data kind=message
  [[ $STATUS == 303 ]] || { fail "entry on customer ${CUST[$i]}" "status $STATUS"; break; }
  burst=$(sql "SELECT id FROM credibility_flag WHERE user_id = $rep AND status = 'open' AND reason = 'burst'")
  [[ -n $burst ]] && break
done
if [[ -n $burst ]]; then ok "a run of entries from one address within a minute is flagged as a burst"
else fail "a burst is flagged" "$(sql "SELECT * FROM credibility_flag")"; fi
bc=$(sql "SELECT customer_id FROM credibility_flag WHERE id = ${burst:-0}")
check "the burst flag came with the fifth entry since the review" \
  test "$(sql "SELECT COUNT(*) FROM activity WHERE user_id = $rep AND at >= (SELECT reviewed_at FROM credibility_flag WHERE id = $flag)")" = 5
post_as "$T/rep" "/customers/${bc:-0}/action" --data kind=visited
expect "the burst's customer is frozen: 409" 409
post_as "$T/mgr" "/credibility/${burst:-0}/review" --data decision=confirmed
expect "mgr_east confirms the burst: 303" 303
check "confirmed and audited" \
  test "$(sql "SELECT status FROM credibility_flag WHERE id = ${burst:-0}")|$(audit_count "$since" "action = 'credibility.confirm' AND object_id = ${burst:-0}")" = "confirmed|1"
req GET "/credibility?show=all" -b "$T/boss"
if [[ $STATUS == 200 ]] && has "id=\"flag-$flag\"" && has '已解除' && has '已确认'; then
  ok "show=all lists reviewed flags with their outcome"
else fail "show=all lists reviewed flags" "status $STATUS"; fi

# ---- the ratio job ---------------------------------------------------------------------------
south=$(user_id rep_south1)
sc=$(sql "SELECT id FROM customer WHERE owner_id = $south ORDER BY id LIMIT 1")
sql "INSERT INTO activity (kind, user_id, customer_id, at, source_ip, duration_sec)
     SELECT 'message', $south, $sc, UTC_TIMESTAMP(6) - INTERVAL seq DAY, '10.0.0.9', IF(seq <= 3, 240, NULL)
     FROM (SELECT 1 seq UNION SELECT 2 UNION SELECT 3 UNION SELECT 4 UNION SELECT 5 UNION SELECT 6
           UNION SELECT 7 UNION SELECT 8 UNION SELECT 9 UNION SELECT 10 UNION SELECT 11 UNION SELECT 12) s"
want=$(sql "SELECT CONCAT(COUNT(*), '|', SUM(duration_sec > 0)) FROM activity WHERE user_id = $south AND at > UTC_TIMESTAMP(6) - INTERVAL 30 DAY")
"$SG_BIN" tick --force -c "$SG_CONF" >"$T/tick.out" 2>&1 || true
got=$(sql "SELECT CONCAT(recorded, '|', verifiable) FROM credibility_flag WHERE user_id = $south AND reason = 'ratio' AND status = 'open'")
if [[ -n $got && $got == "$want" ]]; then ok "the ratio job flags rep_south1 ($got recorded|verifiable, under 0.7)"
else fail "the ratio job flags rep_south1" "got '$got', want '$want'" "$(cat "$T/tick.out")" \
  "$(sql "SELECT job, ok, summary, error FROM job_run WHERE job = 'credibility_ratio'")"; fi
check "the job's run is recorded as ok" \
  test "$(sql "SELECT COUNT(*) FROM job_run WHERE job = 'credibility_ratio' AND ok = 1")" -ge 1
"$SG_BIN" tick --force -c "$SG_CONF" >/dev/null 2>&1 || true
check "a second run raises no second flag" \
  test "$(sql "SELECT COUNT(*) FROM credibility_flag WHERE user_id = $south AND reason = 'ratio'")" = 1
check "mgr_south is told" \
  test "$(sql "SELECT COUNT(*) FROM notification WHERE user_id = $(user_id mgr_south) AND kind = 'credibility_ratio'")" = 1
req GET /credibility -b "$T/south"
if [[ $STATUS == 200 ]] && has '可验证动作占比过低' && has "${got#*|} / ${got%|*}"; then ok "mgr_south sees the ratio flag with its numbers"
else fail "mgr_south sees the ratio flag" "status $STATUS" "$(grep -o 'flag-[0-9]*' <<<"$BODY" | head -3)"; fi
login "$T/srep" rep_south1
post_as "$T/srep" "/customers/$sc/action" --data kind=called
expect "a ratio flag asks for a review but freezes nothing: 303" 303
