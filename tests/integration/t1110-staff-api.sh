#!/usr/bin/env bash
# Issue 11 — the staff JSON API (/api/v1/): personal tokens made on /profile
# (shown once, stored hashed, audited, revocable), the same handlers,
# capabilities, scopes and audit as the pages, CSRF for cookie callers only,
# JSON for every answer.  Masking is checked role by role in t0510.
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
trap forget_failed_logins EXIT

has() { [[ $BODY == *"$1"* ]]; }
json_ct() { grep -q '^content-type: application/json' <<<"$HEADERS"; }
api() {   # api METHOD PATH TOKEN [CURL ARGS]: Bearer-token request
  local m=$1 p=$2 tok=$3
  shift 3
  req "$m" "$p" -H "Authorization: Bearer $tok" "$@"
}

uid=$(user_id rep_east1)
sign_in "$T/jar" rep_east1
expect "rep_east1 signs in" 303

# ---- tokens on /profile ------------------------------------------------------------
req GET /profile -b "$T/jar"
if [[ $STATUS == 200 ]] && has 'action="/profile/tokens"'; then ok "/profile offers API tokens"
else fail "/profile offers API tokens" "status $STATUS"; fi
since=$(audit_max)
post_as "$T/jar" /profile/tokens --data-urlencode "name=企业微信侧边栏" --data-urlencode expires_days=30
TOKEN=$(grep -o 'sgp_[0-9a-f]\{64\}' <<<"$BODY" | head -n 1 || true)
if [[ $STATUS == 200 && -n $TOKEN ]]; then ok "a token is made and shown once (sgp_ + 64 hex)"
else fail "a token is made and shown once" "status $STATUS" "${BODY:0:300}"; fi
PREFIX=${TOKEN:4:8}
row=$(sql "SELECT CONCAT_WS('|', user_id, name, prefix, LENGTH(token_hash), token_hash = SHA2('$TOKEN', 256),
             expires_at > UTC_TIMESTAMP(6) + INTERVAL 29 DAY) FROM api_token WHERE prefix = '$PREFIX'")
check "stored: owner, name, prefix, SHA-256 only, 30 days" test "$row" = "$uid|企业微信侧边栏|$PREFIX|64|1|1"
check "the token itself is stored nowhere" test "$(sql "SELECT COUNT(*) FROM api_token WHERE token_hash = '$TOKEN' OR name = '$TOKEN'")" = 0
check "token.create audited with the prefix, never the token" \
  test "$(audit_count "$since" "action = 'token.create' AND after_value LIKE 'prefix=$PREFIX %' AND after_value NOT LIKE '%${TOKEN:12}%'")" = 1
req GET /profile -b "$T/jar"
if has "sgp_$PREFIX" && ! has "$TOKEN"; then ok "/profile lists it by prefix, never in full"
else fail "/profile lists it by prefix, never in full"; fi
post_as "$T/jar" /profile/tokens --data-urlencode "name=x" --data-urlencode expires_days=400
expect "more than 366 days: the form again (400)" 400
post_as "$T/jar" /profile/tokens --data-urlencode "name="
expect "no name: the form again (400)" 400

# ---- reading with the token -------------------------------------------------------------
api GET /api/v1/leads "$TOKEN"
if [[ $STATUS == 200 ]] && json_ct && [[ $BODY == '{"items":[{"id":'[0-9]* ]] && has '"next_after":"'; then
  ok "GET /api/v1/leads: JSON items and the keyset cursor"
else fail "GET /api/v1/leads: JSON items and the keyset cursor" "status $STATUS" "${BODY:0:300}"; fi
after=$(grep -o '"next_after":"[0-9]*"' <<<"$BODY" | grep -o '[0-9]\+' || true)
api GET "/api/v1/leads?after=$after" "$TOKEN"
first=$(grep -o '"id":[0-9]*' <<<"$BODY" | head -n 1 | grep -o '[0-9]\+' || true)
if [[ $STATUS == 200 && -n $first && -n $after && $first -lt $after ]]; then ok "?after= gives the next page"
else fail "?after= gives the next page" "after=$after first=$first"; fi
api GET "/api/v1/leads?owner=me" "$TOKEN"
owners=$(grep -o '"owner":"[^"]*"' <<<"$BODY" | sort -u)
check "?owner=me: only my leads (张伟)" test "$owners" = '"owner":"张伟"'
req GET /api/v1/leads
if [[ $STATUS == 401 ]] && json_ct && has '"status":401'; then ok "no token, no session: 401 in JSON (no redirect)"
else fail "no token, no session: 401 in JSON" "status $STATUS" "$HEADERS"; fi
since=$(audit_max)
api GET /api/v1/leads "sgp_$(printf '%064d' 0)"
expect "an unknown token: 401" 401
api GET /api/v1/leads "not-a-token"
expect "a malformed token: 401" 401
check "refused tokens are audited" test "$(audit_count "$since" "action = 'api.token.refused'")" = 2
for _ in 1 2 3; do api GET /api/v1/leads "sgp_$(printf '%064d' 1)"; done
api GET /api/v1/leads "$TOKEN"
if [[ $STATUS == 429 ]] && json_ct; then ok "after 5 bad tokens in a minute from an address, even a good one waits (429)"
else fail "5 bad tokens → 429" "status $STATUS"; fi
forget_failed_logins
api GET "/api/v1/leads?tier=gold" "$TOKEN"
if [[ $STATUS == 400 ]] && json_ct; then ok "a bad parameter: 400 in JSON"
else fail "a bad parameter: 400 in JSON" "status $STATUS"; fi

mine=$(sql "SELECT id FROM lead WHERE owner_id = $uid ORDER BY id LIMIT 1")
other=$(sql "SELECT id FROM lead WHERE region_id = (SELECT id FROM region WHERE code = 'SOUTH') ORDER BY id LIMIT 1")
api GET "/api/v1/leads/$mine" "$TOKEN"
if [[ $STATUS == 200 && $BODY == '{"lead":{"id":'"$mine"','* ]] && has '"history":[{' && has '"can_edit":true'; then
  ok "GET /api/v1/leads/<mine>: the lead page's data"
else fail "GET /api/v1/leads/<mine>" "status $STATUS" "${BODY:0:300}"; fi
# machine values: ISO-8601 times with the reader's offset, numbers and
# booleans as JSON types; the page shows the same values as local text
jlead() { python3 -c 'import json, sys; d = json.loads(sys.stdin.read())["lead"]; print(eval(sys.argv[1]))' "$1" <<<"$BODY" 2>/dev/null || echo '(no JSON)'; }
want=$(sql "SELECT DATE_FORMAT(CONVERT_TZ(created_at, '+00:00', '+08:00'), '%Y-%m-%dT%H:%i:%s+08:00') FROM lead WHERE id = $mine")
check "the lead's created time is ISO 8601 with the offset ($want)" test "$(jlead "d['created']")" = "$want"
check "…and so is each history entry's" \
  test "$(jlead "all(__import__('re').fullmatch(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d', h['at']) for h in d['history'])")" = True
check "id an integer, overdue and can_edit booleans, masked flags booleans" \
  test "$(jlead "(type(d['id']).__name__, type(d['overdue']).__name__, d['can_edit'], all(type(v) is bool for k, v in d.items() if k.endswith('_masked')))")" = "('int', 'bool', True, True)"
req GET "/leads/$mine" -b "$T/jar"
check "the page still shows local text, not ISO" \
  bash -c 'grep -q "${1:0:10} ${1:11:5}" <<<"$2" && ! grep -q "${1:0:10}T" <<<"$2"' _ "$want" "$BODY"
api GET "/api/v1/leads/$other" "$TOKEN"
if [[ $STATUS == 404 ]] && json_ct && ! has '"lead"'; then ok "a lead outside my scope: 404, as on the page"
else fail "a lead outside my scope: 404" "status $STATUS" "${BODY:0:200}"; fi

# ---- one-tap action with the token: no cookie, so no CSRF ------------------------------------
since=$(audit_max)
api POST "/api/v1/leads/$mine/activities" "$TOKEN" --data-urlencode kind=called
if [[ $STATUS == 200 && $BODY == '{"ok":true,"result":"Recorded","location":"/leads/'"$mine"'"}' ]] && \
   ! grep -q '^location:' <<<"$HEADERS"; then ok "POST activities with the token: recorded (200 JSON, no redirect)"
else fail "POST activities with the token" "status $STATUS" "${BODY:0:300}"; fi
row=$(sql "SELECT CONCAT_WS('|', kind, user_id, source_ip) FROM activity WHERE lead_id = $mine ORDER BY id DESC LIMIT 1")
check "the activity records kind, person and address" test "$row" = "called|$uid|127.0.0.1"
check "the audit row names the token" \
  test "$(audit_count "$since" "actor_id = $uid AND session_hash = 't:$PREFIX' AND object_type IN ('lead','activity')")" -ge 1
api POST "/api/v1/leads/$mine/activities" "$TOKEN" -H 'Content-Type: application/json' \
  --data-binary '{"kind":"price_objection","duration_min":3}'
expect "a JSON body works the same (200)" 200
check "…recorded with its duration" \
  test "$(sql "SELECT CONCAT(kind, '|', duration_sec) FROM activity WHERE lead_id = $mine ORDER BY id DESC LIMIT 1")" = "price_objection|180"
api POST "/api/v1/leads/$mine/activities" "$TOKEN" -H 'Content-Type: application/json' --data-binary '{"kind":["called"]}'
if [[ $STATUS == 400 ]] && json_ct; then ok "a JSON member of the wrong type: 400 JSON"
else fail "a JSON member of the wrong type: 400 JSON" "status $STATUS"; fi
api POST "/api/v1/leads/$mine/activities" "$TOKEN" -H 'Content-Type: application/json' --data-binary '{"kind":"called"'
expect "broken JSON: 400" 400
api POST "/api/v1/leads/$mine/activities" "$TOKEN" -H 'Content-Type: application/json' --data-binary '{"kind":"called","kind":"message"}'
expect "a repeated JSON member: 400" 400
api POST "/api/v1/leads/$mine/visits" "$TOKEN" -H 'Content-Type: application/json' --data-binary '{"core_need":"报价"}'
if [[ $STATUS == 400 ]] && has '"next_step":"'; then ok "a JSON visit without next_step: 400 naming the field"
else fail "a JSON visit without next_step: 400 naming the field" "status $STATUS" "${BODY:0:200}"; fi
api POST "/api/v1/leads/$mine/activities" "$TOKEN" --data-urlencode kind=no_such_kind
expect "an unknown action kind: 400" 400
api POST "/api/v1/leads/$other/activities" "$TOKEN" --data-urlencode kind=called
expect "an action on a lead outside my scope: 404" 404
api POST "/api/v1/leads/$mine/visits" "$TOKEN" --data-urlencode core_need= --data-urlencode next_step=
if [[ $STATUS == 400 ]] && has '"fields":{' && has '"core_need":"' && ! has '"lead"'; then
  ok "a visit without its required fields: 400 with the errors by field, nothing else"
else fail "a visit without its required fields: 400 with the errors by field" "status $STATUS" "${BODY:0:300}"; fi
api POST "/api/v1/leads/$mine/visits" "$TOKEN" --data-urlencode "core_need=灭菌记录追溯" \
  --data-urlencode "next_step=下周二送样"
expect "a visit record through the API (200)" 200

# ---- cookie callers: same origin and the CSRF token, as for a page --------------------------
req POST "/api/v1/leads/$mine/activities" -b "$T/jar" -H "Origin: $SG_URL" --data-urlencode kind=called
expect "cookie POST without the CSRF token: 403" 403
tok=$(csrf_of "$T/jar")
req POST "/api/v1/leads/$mine/activities" -b "$T/jar" -H "Origin: https://evil.example" \
  -H "X-CSRF-Token: $tok" --data-urlencode kind=called
expect "cookie POST from another origin: 403" 403
req POST "/api/v1/leads/$mine/activities" -b "$T/jar" -H "Origin: $SG_URL" \
  -H "X-CSRF-Token: $tok" --data-urlencode kind=message
expect "cookie POST with X-CSRF-Token and the same origin: 200" 200
req GET "/api/v1/leads/$mine" -b "$T/jar"
expect "cookie GET: 200" 200

# ---- customers: convert a lead on the page, read it through the API ---------------------------
post_as "$T/jar" "/leads/$mine/convert"
cust=$(sql "SELECT COALESCE(customer_id, 0) FROM lead WHERE id = $mine")
api GET "/api/v1/customers/$cust" "$TOKEN"
if [[ $STATUS == 200 && $BODY == '{"customer":{'* ]] && has '"deals":[' && has '"contacts":['; then
  ok "GET /api/v1/customers/<id>: the customer's summary"
else fail "GET /api/v1/customers/<id>" "customer $cust status $STATUS" "${BODY:0:300}"; fi
api POST "/api/v1/customers/$cust/activities" "$TOKEN" --data-urlencode kind=sent_samples
expect "one-tap action on the customer (200)" 200

# ---- capabilities: the route's, whoever calls ----------------------------------------------------
sign_in "$T/jar.aud" auditor1
post_as "$T/jar.aud" /profile/tokens --data-urlencode "name=audit script"
AUD=$(grep -o 'sgp_[0-9a-f]\{64\}' <<<"$BODY" | head -n 1 || true)
since=$(audit_max)
api GET /api/v1/leads "$AUD"
if [[ $STATUS == 403 ]] && json_ct; then ok "auditor1's token: lead.read missing → 403 JSON"
else fail "auditor1's token: 403" "status $STATUS"; fi
check "the refusal is audited as access.denied" \
  test "$(audit_count "$since" "action = 'access.denied' AND actor_id = $(user_id auditor1) AND session_hash LIKE 't:%'")" = 1

# ---- a token opens the API only --------------------------------------------------------------
api GET /leads "$TOKEN"
if [[ $STATUS == 303 ]]; then ok "a token does not open the pages (GET /leads → sign-in)"
else fail "a token does not open the pages" "status $STATUS"; fi
api POST /profile/tokens "$TOKEN" --data-urlencode name=more
expect "a token cannot make tokens (401)" 401

# ---- frozen, expired, revoked ----------------------------------------------------------------
sql "UPDATE users SET status = 'frozen' WHERE id = $uid"
api GET /api/v1/leads "$TOKEN"
expect "the owner frozen: 401" 401
sql "UPDATE users SET status = 'active' WHERE id = $uid"
api GET /api/v1/leads "$TOKEN"
expect "unfrozen: 200 again" 200
tid=$(sql "SELECT id FROM api_token WHERE prefix = '$PREFIX'")
sql "UPDATE api_token SET expires_at = UTC_TIMESTAMP(6) - INTERVAL 1 SECOND WHERE id = $tid"
api GET /api/v1/leads "$TOKEN"
expect "expired: 401" 401
sql "UPDATE api_token SET expires_at = UTC_TIMESTAMP(6) + INTERVAL 1 DAY WHERE id = $tid"
check "last use recorded (time and address)" \
  test "$(sql "SELECT last_used_ip FROM api_token WHERE id = $tid AND last_used_at IS NOT NULL")" = 127.0.0.1
post_as "$T/jar.aud" "/profile/tokens/$tid/revoke"
expect "someone else's token cannot be revoked (404)" 404
since=$(audit_max)
post_as "$T/jar" "/profile/tokens/$tid/revoke"
if [[ $STATUS == 303 && $(location) == '/profile?done=tokenrevoked' ]]; then ok "revoke (303 back to /profile)"
else fail "revoke" "status $STATUS $(location)"; fi
check "token.revoke audited" test "$(audit_count "$since" "action = 'token.revoke' AND object_id = $tid")" = 1
api GET /api/v1/leads "$TOKEN"
expect "revoked: 401 at once" 401
post_as "$T/jar" "/profile/tokens/$tid/revoke"
expect "revoking twice: 404" 404
