#!/usr/bin/env bash
# Issue 4 — the lead intake API: a key made on /admin/api-keys (shown once,
# stored as SHA-256), POST /api/v1/leads with a bearer key, JSON answers for
# every outcome, body limits, Idempotency-Key, revoking.
# Adds API keys "t0400 …" and a few leads with source api:<prefix>.
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
trap forget_failed_logins EXIT

# is_json NAME: the last answer is JSON (never an HTML page)
is_json() {
  if grep -q '^content-type: application/json' <<<"$HEADERS" && [[ $BODY == \{* ]]; then
    ok "$1 is JSON"
  else fail "$1 is JSON" "$(grep '^content-type' <<<"$HEADERS" || true)" "${BODY:0:200}"; fi
}
# api KEY JSON [CURL ARGS]: POST /api/v1/leads with a bearer key and a JSON body
api() {
  local key=$1 json=$2
  shift 2
  req POST /api/v1/leads -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
      --data-binary "$json" "$@"
}
# json_int NAME: an integer member of the last (compact) JSON answer
json_int() { sed -n 's/.*"'"$1"'":\([0-9][0-9]*\).*/\1/p' <<<"$BODY" | head -n 1; }
# new_key NAME CHANNEL: creates a key through the admin page → $KEY
new_key() {
  post_as "$T/jar.ops" /admin/api-keys --data-urlencode "name=$1" --data-urlencode "channel=$2"
  KEY=$(grep -o '<code id="new-api-key">[^<]*</code>' <<<"$BODY" | sed 's/<[^>]*>//g' || true)
}

run=$$-$RANDOM
channel=$(sql "SELECT id FROM channel WHERE active = 1 ORDER BY id LIMIT 1")

# --- who may manage keys ----------------------------------------------------------
sign_in "$T/jar.rep" rep_east1
req GET /admin/api-keys -b "$T/jar.rep"
expect "a sales rep gets 403 on /admin/api-keys" 403
post_as "$T/jar.rep" /admin/api-keys --data-urlencode "name=t0400 rep" --data-urlencode "channel=$channel"
expect "a sales rep cannot create a key" 403

sign_in "$T/jar.ops" ops
req GET /admin/api-keys -b "$T/jar.ops"
expect "ops opens /admin/api-keys" 200
check "the page has the new-key form" grep -q 'action="/admin/api-keys"' <<<"$BODY"

# --- a key, shown once ---------------------------------------------------------
post_as "$T/jar.ops" /admin/api-keys --data-urlencode "name=" --data-urlencode "channel=$channel"
expect "a key without a name → the form again (400)" 400
check "the form says the name is required" grep -q 'id="e-name"' <<<"$BODY"
post_as "$T/jar.ops" /admin/api-keys --data-urlencode "name=t0400 bad" --data-urlencode "channel=999999"
expect "a key for an unknown channel → 400" 400
check "the form marks the channel" grep -q 'id="e-channel"' <<<"$BODY"

since=$(audit_max)
new_key "t0400 主密钥 $run" "$channel"
expect "ops creates a key (200, key page)" 200
if [[ $KEY =~ ^[0-9a-f]{64}$ ]]; then ok "the page shows a 64-hex key"
else fail "the page shows a 64-hex key" "'$KEY'" "${BODY:0:300}"; fi
check "the key page is not cacheable" grep -q '^cache-control: no-store' <<<"$HEADERS"
prefix=${KEY:0:8}
kid=$(sql "SELECT id FROM api_key WHERE prefix = '$prefix'")
row=$(sql "SELECT key_hash, channel_id, created_by, revoked_at IS NULL, last_used_at IS NULL
             FROM api_key WHERE id = ${kid:-0}")
want=$(printf '%s\t%s\t%s\t1\t1' "$(printf '%s' "$KEY" | sha256sum | cut -c1-64)" "$channel" "$(user_id ops)")
if [[ $row == "$want" ]]; then ok "the database keeps the SHA-256, the channel and who made it"
else fail "the database keeps the SHA-256, the channel and who made it" "got  $row" "want $want"; fi
n=$(sql "SELECT COUNT(*) FROM api_key WHERE CONCAT_WS('|', name, prefix, key_hash) LIKE '%$KEY%'")
if [[ $n == 0 ]]; then ok "the key itself is stored nowhere in api_key"
else fail "the key itself is stored nowhere in api_key" "$n rows"; fi
n=$(audit_count "$since" "action = 'apikey.create' AND object_id = ${kid:-0} AND actor_id = $(user_id ops)")
if [[ $n == 1 ]]; then ok "creating the key is audited apikey.create"
else fail "creating the key is audited apikey.create" "$n rows"; fi
n=$(audit_count "$since" "CONCAT_WS('|', before_value, after_value) LIKE '%$KEY%'")
if [[ $n == 0 ]]; then ok "the audit log does not hold the key"
else fail "the audit log does not hold the key" "$n rows"; fi

# --- authentication --------------------------------------------------------------
lead='{"name":"接口测试'"$run"'","phone":"13900004001","company":"华信测试'"$run"'","region_code":"310101",
       "industry":"medical","need":"API 推送","intent":["demo","white_paper"]}'
req POST /api/v1/leads -H 'Content-Type: application/json' --data-binary "$lead"
expect "no key → 401" 401
is_json "401 without a key"
check "401 says Bearer" grep -q '^www-authenticate: bearer' <<<"$HEADERS"
wrong=${KEY:0:60}$( [[ ${KEY:60:4} == 0000 ]] && echo 1111 || echo 0000 )
api "$wrong" "$lead"
expect "a wrong key (right prefix) → 401" 401
is_json "401 with a wrong key"
api "${KEY^^}" "$lead"
expect "the key in upper case → 401" 401
req POST /api/v1/leads -H "Authorization: Basic $KEY" -H 'Content-Type: application/json' --data-binary "$lead"
expect "Basic instead of Bearer → 401" 401

# --- a lead ---------------------------------------------------------------------------
since=$(audit_max)
api "$KEY" "$lead" -H 'User-Agent: t0400-agent/1.0'
expect "a lead with the key → 201" 201
is_json "201"
id=$(json_int id)
check "the answer names the lead and its tier" grep -q '"tier":"high"' <<<"$BODY"
if [[ $(location) == "/leads/$id" && -n $id ]]; then ok "Location: /leads/<id>"
else fail "Location: /leads/<id>" "$(location)" "$BODY"; fi
row=$(sql "SELECT channel_id, name, source, tier, intent, user_agent, source_ip FROM lead WHERE id = ${id:-0}")
want=$(printf '%s\t接口测试%s\tapi:%s\thigh\tdemo,white_paper\tt0400-agent/1.0\t127.0.0.1' "$channel" "$run" "$prefix")
if [[ $row == "$want" ]]; then ok "the lead is stored with the key's channel and source api:<prefix>"
else fail "the lead is stored with the key's channel and source api:<prefix>" "got  $row" "want $want"; fi
n=$(audit_count "$since" "action = 'lead.create' AND object_id = ${id:-0} AND actor_login = 'api:$prefix'")
if [[ $n == 1 ]]; then ok "the lead has its audit row (actor api:<prefix>)"
else fail "the lead has its audit row (actor api:<prefix>)" "$n rows"; fi
used=$(sql "SELECT last_used_at IS NOT NULL FROM api_key WHERE id = ${kid:-0}")
check "the key's last use is recorded" test "$used" = 1

api "$KEY" '{"name":"意向文本'"$run"'","email":"t0400-'"$run"'@example.cn","intent":"video, white_paper"}'
expect "intent as a comma string → 201" 201
check "… medium tier" grep -q '"tier":"medium"' <<<"$BODY"

# --- bad requests -----------------------------------------------------------------------
api "$KEY" '{"name": "broken",'
expect "broken JSON → 400" 400
is_json "400 for broken JSON"
check "… says invalid JSON" grep -q '"error":"invalid JSON"' <<<"$BODY"
api "$KEY" '["not", "an", "object"]'
expect "a JSON array → 400" 400
api "$KEY" '{"name":"a","name":"b","phone":"13900004002"}'
expect "a repeated member → 400" 400
api "$KEY" '{"name":"","phone":"12345","email":"nope","industry":"mining","intent":["demo","nope"]}'
expect "invalid fields → 400" 400
is_json "400 for invalid fields"
for f in name phone email industry intent; do
  check "… lists the $f error" grep -q '{"field":"'"$f"'"' <<<"$BODY"
done
check "… messages in Chinese by default" grep -q '"message":"此项必填"' <<<"$BODY"
api "$KEY" '{"phone":"13900004003"}' -H 'Accept-Language: en'
expect "a missing name → 400" 400
check "… message in English with Accept-Language: en" grep -q '"message":"This is required"' <<<"$BODY"
api "$KEY" '{"name":"类型","phone":13900004004}'
expect "a number for a text field → 400" 400
check "… says the phone must be text" grep -q '"field":"phone","code":"Api.NotText"' <<<"$BODY"
req POST /api/v1/leads -H "Authorization: Bearer $KEY" -H 'Content-Type: application/x-www-form-urlencoded' \
    --data-binary "$lead"
expect "a form Content-Type → 415" 415
is_json "415"
req POST /api/v1/leads -H "Authorization: Bearer $KEY" -H 'Content-Type: text/plain' --data-binary "$lead"
expect "text/plain → 415" 415
req PUT /api/v1/leads -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' --data-binary "$lead"
expect "PUT /api/v1/leads → 405" 405
is_json "405"
# GET /api/v1/leads is the staff API's lead list (issue 11): an intake key is
# no personal token, so it opens nothing there
req GET /api/v1/leads -H "Authorization: Bearer $KEY"
expect "GET /api/v1/leads with an intake key → 401" 401
is_json "401"

# --- limits ------------------------------------------------------------------------------
{ printf '{"name":"大","need":"'; head -c 70000 /dev/zero | tr '\0' 'x'; printf '"}'; } >"$T/70k.json"
req POST /api/v1/leads -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
    --data-binary "@$T/70k.json"
expect "a 70 KB body → 413 (the application)" 413
is_json "413 from the application"
head -c 11000000 /dev/zero >"$T/11m"
req POST /api/v1/leads -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
    --data-binary "@$T/11m"
expect "an 11 MB body → 413 (nginx)" 413
req GET /healthz
expect "healthz 200 after the big bodies" 200

# --- idempotency ------------------------------------------------------------------------
idem="t0400-$run"
body='{"name":"幂等'"$run"'","phone":"13900004005"}'
api "$KEY" "$body" -H "Idempotency-Key: $idem"
expect "first call with an Idempotency-Key → 201" 201
first=$(json_int id)
api "$KEY" "$body" -H "Idempotency-Key: $idem"
expect "the same Idempotency-Key again → 200" 200
is_json "the replay"
second=$(json_int id)
if [[ -n $first && $first == "$second" ]]; then ok "… with the same lead id"
else fail "… with the same lead id" "$first vs $second"; fi
check "… marked as a replay" grep -q '^idempotent-replayed: true' <<<"$HEADERS"
n=$(sql "SELECT COUNT(*) FROM lead WHERE name = '幂等$run'")
if [[ $n == 1 ]]; then ok "one lead for one Idempotency-Key"
else fail "one lead for one Idempotency-Key" "$n leads"; fi
# at the same moment: still one lead
for _ in 1 2 3 4 5 6; do
  curl -sS -o /dev/null --max-time 30 -X POST "$SG_URL/api/v1/leads" -H "Authorization: Bearer $KEY" \
       -H 'Content-Type: application/json' -H "Idempotency-Key: $idem-race" \
       --data-binary '{"name":"并发'"$run"'","phone":"13900004006"}' &
done
wait
n=$(sql "SELECT COUNT(*) FROM lead WHERE name = '并发$run'")
if [[ $n == 1 ]]; then ok "six concurrent calls with one Idempotency-Key → one lead"
else fail "six concurrent calls with one Idempotency-Key → one lead" "$n leads"; fi
api "$KEY" '{"name":"无幂等'"$run"'","phone":"13900004007"}'
api "$KEY" '{"name":"无幂等'"$run"'","phone":"13900004007"}'
n=$(sql "SELECT COUNT(*) FROM lead WHERE name = '无幂等$run'")
if [[ $n == 2 ]]; then ok "without an Idempotency-Key two calls make two leads"
else fail "without an Idempotency-Key two calls make two leads" "$n leads"; fi
api "$KEY" "$body" -H "Idempotency-Key: $(printf 'k%.0s' {1..101})"
expect "an Idempotency-Key of 101 characters → 400" 400

# --- the list ---------------------------------------------------------------------------
req GET /admin/api-keys -b "$T/jar.ops"
row=$(perl -0ne 'print $1 if m{(<tr id="key-'"${kid:-0}"'">.*?</tr>)}s' <<<"$BODY")
check "the list shows the key's name" grep -q "t0400 主密钥 $run" <<<"$row"
check "the list shows the prefix" grep -q "<code class=\"prefix\">$prefix</code>" <<<"$row"
if grep -q 'class="last-used">[0-9]\{4\}-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]<' <<<"$row"; then
  ok "the list shows when the key was last used"
else fail "the list shows when the key was last used" "${row:0:600}"; fi
if grep -q "$KEY" <<<"$BODY"; then fail "the key is never shown again"
else ok "the key is never shown again"; fi

# --- revoking ---------------------------------------------------------------------------
since=$(audit_max)
post_as "$T/jar.ops" "/admin/api-keys/${kid:-0}/revoke"
expect "ops revokes the key (303)" 303
n=$(audit_count "$since" "action = 'apikey.revoke' AND object_id = ${kid:-0}")
if [[ $n == 1 ]]; then ok "revoking is audited apikey.revoke"
else fail "revoking is audited apikey.revoke" "$n rows"; fi
api "$KEY" '{"name":"作废后'"$run"'","phone":"13900004008"}'
expect "a revoked key → 401" 401
is_json "401 with a revoked key"
n=$(sql "SELECT COUNT(*) FROM lead WHERE name = '作废后$run'")
check "no lead from a revoked key" test "$n" = 0
post_as "$T/jar.ops" "/admin/api-keys/${kid:-0}/revoke"
expect "revoking twice is harmless (303)" 303
n=$(audit_count "$since" "action = 'apikey.revoke' AND object_id = ${kid:-0}")
check "… and recorded once" test "$n" = 1
post_as "$T/jar.ops" /admin/api-keys/999999/revoke
expect "revoking an unknown key → 404" 404
req GET /admin/api-keys -b "$T/jar.ops"
row=$(perl -0ne 'print $1 if m{(<tr id="key-'"${kid:-0}"'">.*?</tr>)}s' <<<"$BODY")
if grep -q 'badge bad' <<<"$row" && ! grep -q '/revoke' <<<"$row"; then
  ok "the list shows the key revoked, without a revoke button"
else fail "the list shows the key revoked, without a revoke button" "${row:0:600}"; fi

# --- the key never reaches a log --------------------------------------------------------
if grep -rqF "$KEY" "$SG_DIR/log" 2>/dev/null; then fail "the key is in no log file" "$(grep -rlF "$KEY" "$SG_DIR/log")"
else ok "the key is in no log file"; fi
