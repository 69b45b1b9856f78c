#!/usr/bin/env bash
# Issue 6 — permission escalation and its circuit breaker (R8.4): a rep asks
# to read 华南 for 3 days, cannot before the grant, can after, still cannot
# edit there, and loses it when the grant expires (checked at request time);
# a capability grant works the same way; the 6th request within an hour is
# refused, pauses further requests and alerts the security role (sysadmin's
# /security/alerts), who lifts the pause.  Every step audited.
# Adds a lead with source test:t0610.
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

login() {
  sign_in "$1" "$2"
  if [[ $STATUS == 429 ]]; then sleep 61; sign_in "$1" "$2"; fi
  if [[ $STATUS == 303 ]]; then ok "$2 signs in"; else fail "$2 signs in" "status $STATUS"; fi
}
REP=$(user_id rep_east1) REP2=$(user_id rep_east2)
SOUTH=$(sql "SELECT id FROM region WHERE code = 'SOUTH'")
sql "DELETE FROM lead WHERE source = 'test:t0610';
     DELETE FROM permission_request WHERE user_id IN ($REP, $REP2);
     DELETE FROM security_alert WHERE user_id IN ($REP, $REP2)"
LS=$(sql "INSERT INTO lead (channel_id, name, phone, phone_norm, email, company, company_norm,
         region_code, region_id, tier, status, owner_id, source, sla_due_at, created_at, updated_at)
       VALUES ((SELECT id FROM channel WHERE code = 'website'), '华南提权测试', '13944440004', '13944440004',
         NULL, '华南测试公司', '华南测试公司', '440106', $SOUTH, 'medium', 'new',
         (SELECT id FROM users WHERE login = 'rep_south1'), 'test:t0610',
         UTC_TIMESTAMP(6) + INTERVAL 1 DAY, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6));
       SELECT LAST_INSERT_ID()")

login "$T/rep" rep_east1
login "$T/mgr" lead_east
login "$T/rep2" rep_east2
login "$T/admin" admin

req GET /escalations -b "$T/rep"
expect "rep: GET /escalations" 200
req GET "/leads/$LS" -b "$T/rep"
expect "before: a 华南 lead is not in rep_east1's scope (404)" 404

# --- read 华南 for 3 days ----------------------------------------------------------------------
A0=$(audit_max)
post_as "$T/rep" /escalations --data-urlencode kind=region --data-urlencode "region=$SOUTH" \
  --data-urlencode days=3
expect "a request without a reason → 400" 400
check "…the form keeps the days typed" grep -q 'name="days" type="number" *value="3"' <<<"${BODY//$'\n'/}"
post_as "$T/rep" /escalations --data-urlencode kind=region --data-urlencode "region=$SOUTH" \
  --data-urlencode days=99 --data-urlencode reason=x
expect "99 days → 400" 400
post_as "$T/rep" /escalations --data-urlencode kind=cap --data-urlencode cap=admin.users \
  --data-urlencode days=1 --data-urlencode reason=x
expect "asking for an admin capability → 400" 400
post_as "$T/rep" /escalations --data-urlencode kind=region --data-urlencode "region=$SOUTH" \
  --data-urlencode days=3 --data-urlencode "reason=协助华南区跟进展会客户"
expect "read 华南 for 3 days → 303" 303
P1=$(sql "SELECT MAX(id) FROM permission_request WHERE user_id = $REP")
check "stored for the direct superior" \
  test "$(sql "SELECT CONCAT(status, approver_id = (SELECT id FROM users WHERE login = 'lead_east')) FROM permission_request WHERE id = $P1")" == pending1
check "escalation.request audited" test "$(audit_count "$A0" "action = 'escalation.request' AND object_id = $P1")" == 1
req GET "/leads/$LS" -b "$T/rep"
expect "pending: still 404" 404
post_as "$T/rep" "/escalations/$P1/grant"
expect "the requester cannot grant it (no escalation.approve) → 403" 403
post_as "$T/admin" "/escalations/$P1/grant"
expect "someone who is not the approver → 404" 404
req GET /escalations -b "$T/mgr"
check "the approver's inbox lists it" grep -q "/escalations/$P1/grant" <<<"$BODY"
A1=$(audit_max)
post_as "$T/mgr" "/escalations/$P1/grant" --data-urlencode "reason=同意三天"
expect "lead_east grants → 303" 303
check "escalation.grant audited" test "$(audit_count "$A1" "action = 'escalation.grant' AND object_id = $P1 AND actor_login = 'lead_east'")" == 1
check "expires in 3 days" test "$(sql "SELECT TIMESTAMPDIFF(HOUR, decided_at, expires_at) FROM permission_request WHERE id = $P1")" == 72
req GET "/leads/$LS" -b "$T/rep"
expect "granted: the 华南 lead opens (200)" 200
req GET "/leads?region=$SOUTH" -b "$T/rep"
check "…and is in the list filtered by 华南" grep -q "href=\"/leads/$LS\"" <<<"$BODY"
post_as "$T/rep" "/leads/$LS/status" --data-urlencode status=contacted
expect "a read grant does not allow editing (404)" 404
check "the phone of someone else's lead stays masked" bash -c '[[ $1 != *13944440004* ]]' _ "$(curl -sS -b "$T/rep" "$SG_URL/leads/$LS")"
sql "UPDATE permission_request SET expires_at = UTC_TIMESTAMP(6) - INTERVAL 1 SECOND WHERE id = $P1"
req GET "/leads/$LS" -b "$T/rep"
expect "expired: 404 again, no scheduler needed" 404
req GET /escalations -b "$T/rep"
check "my list says it expired" grep -q '已到期' <<<"$BODY"

# --- a capability for N days ------------------------------------------------------------------
post_as "$T/rep" /escalations --data-urlencode kind=cap --data-urlencode cap=field.reveal \
  --data-urlencode days=1 --data-urlencode "reason=核对客户电话"
expect "ask for field.reveal → 303" 303
P2=$(sql "SELECT MAX(id) FROM permission_request WHERE user_id = $REP")
L_OTHER=$(sql "SELECT id FROM lead WHERE owner_id = $REP2 AND phone IS NOT NULL ORDER BY id LIMIT 1")
req GET "/leads/$L_OTHER" -b "$T/rep"
check "before: no reveal form on a colleague's lead" bash -c '! grep -q "/reveal" <<<"$1"' _ "$BODY"
post_as "$T/mgr" "/escalations/$P2/refuse" --data-urlencode "reason=先走正常流程"
expect "refused → 303" 303
check "refusal audited" test "$(audit_count "$A1" "action = 'escalation.refuse' AND object_id = $P2")" == 1
post_as "$T/mgr" "/escalations/$P2/grant"
expect "a refused request cannot be granted later → 409" 409
post_as "$T/rep" /escalations --data-urlencode kind=cap --data-urlencode cap=field.reveal \
  --data-urlencode days=1 --data-urlencode "reason=核对客户电话（补充说明）"
P3=$(sql "SELECT MAX(id) FROM permission_request WHERE user_id = $REP")
post_as "$T/mgr" "/escalations/$P3/grant"
expect "granted → 303" 303
req GET "/leads/$L_OTHER" -b "$T/rep"
check "after: the reveal form is there" grep -q "/leads/$L_OTHER/reveal" <<<"$BODY"

# --- the circuit breaker -----------------------------------------------------------------------
A2=$(audit_max)
for i in 1 2 3 4 5; do
  post_as "$T/rep2" /escalations --data-urlencode kind=scope --data-urlencode scope=all \
    --data-urlencode days=1 --data-urlencode "reason=第 $i 次申请"
  expect "rep_east2 request $i of 5 → 303" 303
done
post_as "$T/rep2" /escalations --data-urlencode kind=scope --data-urlencode scope=all \
  --data-urlencode days=1 --data-urlencode "reason=第 6 次申请"
expect "the 6th request within an hour → 429" 429
check "…says why, keeps what was typed" bash -c 'grep -q "已超过 5 次" <<<"$1" && grep -q "第 6 次申请" <<<"$1"' _ "$BODY"
check "…is not stored" test "$(sql "SELECT COUNT(*) FROM permission_request WHERE user_id = $REP2")" == 5
check "…opened a security alert" \
  test "$(sql "SELECT COUNT(*) FROM security_alert WHERE user_id = $REP2 AND kind = 'escalation_burst' AND resolved_at IS NULL")" == 1
check "…audited (escalation.breaker)" test "$(audit_count "$A2" "action = 'escalation.breaker' AND object_id = $REP2")" == 1
post_as "$T/rep2" /escalations --data-urlencode kind=region --data-urlencode "region=$SOUTH" \
  --data-urlencode days=1 --data-urlencode "reason=再试一次"
expect "a 7th request: paused → 429" 429
check "…audited (escalation.paused)" test "$(audit_count "$A2" "action = 'escalation.paused' AND object_id = $REP2")" == 1
req GET /escalations -b "$T/rep2"
check "the page says requests are paused" grep -q '已被暂停' <<<"$BODY"
req GET /security/alerts -b "$T/rep2"
expect "a rep cannot see the alerts (403)" 403
req GET /security/alerts -b "$T/admin"
expect "the security role (sysadmin) sees the alert list" 200
AL=$(sql "SELECT id FROM security_alert WHERE user_id = $REP2 AND resolved_at IS NULL")
check "…with rep_east2's alert and a resolve button" grep -q "/security/alerts/$AL/resolve" <<<"$BODY"
post_as "$T/admin" "/security/alerts/$AL/resolve"
expect "resolve → 303" 303
check "resolution audited" test "$(audit_count "$A2" "action = 'security.alert_resolve' AND object_id = $AL")" == 1
post_as "$T/rep2" /escalations --data-urlencode kind=region --data-urlencode "region=$SOUTH" \
  --data-urlencode days=1 --data-urlencode "reason=恢复后申请"
expect "after resolution the person may ask again → 303" 303

# leave no live grant behind for the suites after this one
sql "UPDATE permission_request SET status = 'revoked' WHERE user_id IN ($REP, $REP2) AND status IN ('pending', 'approved')"
