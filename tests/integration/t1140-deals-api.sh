#!/usr/bin/env bash
# F1 — the deals pipeline in the staff JSON API: GET /api/v1/tasks,
# GET /api/v1/deals/{id}, POST /api/v1/deals/{id}/move (the page's checks:
# 409 with every unmet item, a skip refused, a move back needs a reason) and
# POST /api/v1/deals/{id}/approval/decide — with a personal token and with
# the session cookie (same origin + CSRF token), scoped and audited as the
# pages.  Deals of t1140_rep (EAST, under lead_east).
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
# jv EXPR: a value of the JSON answer in $BODY (python: d is the document)
jv() { python3 -c 'import json, sys; d = json.loads(sys.stdin.read()); print(eval(sys.argv[1]))' "$1" <<<"$BODY" 2>/dev/null || echo '(no JSON)'; }
token_of() {   # token_of JAR: a fresh personal token of the jar's user
  post_as "$1" /profile/tokens --data-urlencode "name=t1140 $RANDOM"
  grep -o 'sgp_[0-9a-f]\{64\}' <<<"$BODY" | head -n 1 || true
}

PW='T1140-pass-ok'
if [[ -z $(user_id t1140_rep) ]]; then
  printf '%s\n' "$PW" | "$SG_BIN" user add --login t1140_rep --role sales_rep --name 接口测试 \
    --team 华东一组 --region EAST --manager lead_east --password-stdin -c "$SG_CONF" >/dev/null
fi
uid=$(user_id t1140_rep)
check "t1140_rep exists" test -n "$uid"

# a run before: its tasks gone, its deals lost
sql "DELETE FROM task WHERE deal_id IN (SELECT id FROM deal WHERE name LIKE 'T1140 %')"
sql "UPDATE deal SET status = 'lost' WHERE name LIKE 'T1140 %'"
sql "INSERT INTO customer (name, name_norm, owner_id, region_id, created_at, updated_at)
     SELECT '接口测试医院', '接口测试医院', id, region_id, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) FROM users WHERE id = $uid"
cust=$(sql "SELECT MAX(id) FROM customer")
stage() { sql "SELECT id FROM stage WHERE position = $1 AND pipeline_id = (SELECT id FROM pipeline WHERE code = 'standard')"; }
s1=$(stage 1) s2=$(stage 2) s3=$(stage 3) s4=$(stage 4)
new_deal() {   # new_deal NAME STAGE_ID → id
  sql "INSERT INTO deal (customer_id, pipeline_id, stage_id, owner_id, region_id, name, amount,
         stage_entered_at, created_at, updated_at)
       SELECT $cust, pipeline_id, id, $uid, (SELECT region_id FROM users WHERE id = $uid), '$1', 1140777,
         UTC_TIMESTAMP(6) - INTERVAL 1 HOUR, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) FROM stage WHERE id = $2;
       SELECT LAST_INSERT_ID()"
}
first=$(new_deal 'T1140 接触' "$s1")
diag=$(new_deal 'T1140 需求诊断' "$s2")
prop=$(new_deal 'T1140 方案呈现' "$s3")
south=$(sql "SELECT d.id FROM deal d JOIN users u ON u.id = d.owner_id WHERE u.login = 'rep_south1' LIMIT 1")
sql "INSERT INTO task (deal_id, stage_id, title, role_code, assignee_id, due_at, created_at)
     VALUES ($diag, $s2, 'T1140 约访设备科', 'owner', $uid, UTC_TIMESTAMP(6) - INTERVAL 1 HOUR, UTC_TIMESTAMP(6))"
task=$(sql "SELECT MAX(id) FROM task")

sign_in "$T/jar" t1140_rep "$PW"
TOKEN=$(token_of "$T/jar")
check "t1140_rep has a personal token" test -n "$TOKEN"
PREFIX=${TOKEN:4:8}

# ---- GET /api/v1/tasks ----------------------------------------------------------------------
api GET /api/v1/tasks "$TOKEN"
if [[ $STATUS == 200 ]] && json_ct && [[ $(jv "[t['id'] for t in d['tasks']['items'] if t['status'] == 'open']") == "[$task]" ]]; then
  ok "GET /api/v1/tasks: my open task"
else fail "GET /api/v1/tasks: my open task" "status $STATUS" "${BODY:0:300}"; fi
check "…overdue, with its deal" test "$(jv "[(t['overdue'], t['deal_id']) for t in d['tasks']['items'] if t['id'] == $task][0]")" = "(True, $diag)"
req GET /api/v1/tasks
expect "no token, no cookie: 401" 401
check "…in JSON" json_ct

# ---- GET /api/v1/deals/{id} -------------------------------------------------------------------
api GET "/api/v1/deals/$diag" "$TOKEN"
if [[ $STATUS == 200 ]] && json_ct && [[ $(jv "(d['deal']['id'], d['deal']['stage'], d['deal']['open_count'])") == "($diag, '需求诊断', 3)" ]]; then
  ok "GET /api/v1/deals/{id}: the deal, its stage, 3 unmet items"
else fail "GET /api/v1/deals/{id}" "status $STATUS" "${BODY:0:300}"; fi
check "each unmet item: key, text, link, have, need" \
  test "$(jv "sorted(o['text'] + ' ' + o['link'] for o in d['deal']['open'])")" = \
  "['决策人≥2位 /deals/$diag#facts', '需求调研会议纪要 /deals/$diag#attachments', '预算已确认 /deals/$diag#facts']"
check "the amount goes through the policy (masked for the owner of an unsigned deal)" \
  test "$(jv "(d['deal']['amount_masked'], '1140777' in json.dumps(d))")" = "(True, False)"
api GET "/api/v1/deals/$south" "$TOKEN"
expect "another region's deal: 404" 404
check "…in JSON" json_ct

# ---- POST /api/v1/deals/{id}/move: refusals, as on the page -----------------------------------------
since=$(audit_max)
api POST "/api/v1/deals/$diag/move" "$TOKEN" --data-urlencode "to=$s3"
if [[ $STATUS == 409 ]] && json_ct && [[ $(jv "(d['refused'], len(d['missing']))") == "('unmet', 3)" ]]; then
  ok "advance with nothing done: 409 and the 3 missing items"
else fail "advance with nothing done: 409 and the list" "status $STATUS" "${BODY:0:300}"; fi
api_list=$(jv "sorted(o['text'] + ' ' + o['link'] for o in d['missing'])")
check "…each with its text and where it is done" test "$api_list" = \
  "['决策人≥2位 /deals/$diag#facts', '需求调研会议纪要 /deals/$diag#attachments', '预算已确认 /deals/$diag#facts']"
check "…have and need" test "$(jv "[(o['have'], o['need']) for o in d['missing'] if o.get('field') == 'decision_makers']")" = "[(0, 2)]"
check "the stage did not change" test "$(sql "SELECT stage_id FROM deal WHERE id = $diag")" = "$s2"
check "the refusal is audited, naming the token's owner and the token" \
  test "$(audit_count "$since" "action = 'deal.advance.refused' AND object_id = $diag AND actor_id = $uid AND session_hash = 't:$PREFIX'")" = 1
# the page refuses with the same list
post_as "$T/jar" "/deals/$diag/move" --data-urlencode "to=$s3"
page=$(sed -n '/<ul class="unmet">/,/<\/ul>/p' <<<"$BODY" | grep -o "<a href=\"[^\"]*\">[^<]*" | sed 's/<a href="\([^"]*\)">\(.*\)/\2 \1/' | sort | paste -sd '|')
api_pipe=$(python3 -c 'import ast, sys; print("|".join(ast.literal_eval(sys.argv[1])))' "$api_list")
if [[ $STATUS == 409 && $page == "$api_pipe" ]]; then ok "the page's refusal lists the same items (409)"
else fail "the page's refusal lists the same items" "status $STATUS" "page: $page" "api: $api_pipe"; fi

api POST "/api/v1/deals/$diag/move" "$TOKEN" -H 'Content-Type: application/json' -d "{\"to\": $s3}"
if [[ $STATUS == 409 && $(jv "len(d['missing'])") == 3 ]]; then ok "the same with a JSON body"
else fail "the same with a JSON body" "status $STATUS" "${BODY:0:300}"; fi
since=$(audit_max)
api POST "/api/v1/deals/$first/move" "$TOKEN" --data-urlencode "to=$s3"
if [[ $STATUS == 409 && $(jv "(d['refused'], d['missing'])") == "('skip', None)" ]]; then ok "a skip: 409 refused=skip"
else fail "a skip: 409 refused=skip" "status $STATUS" "${BODY:0:300}"; fi
check "…audited" test "$(audit_count "$since" "action = 'deal.skip.refused' AND object_id = $first AND actor_id = $uid")" = 1
api POST "/api/v1/deals/$first/move" "$TOKEN"
if [[ $STATUS == 400 && $(jv "list(d['fields'])") == "['to']" ]]; then ok "no target stage: 400 naming the field"
else fail "no target stage: 400 naming the field" "status $STATUS" "${BODY:0:300}"; fi
api POST "/api/v1/deals/$south/move" "$TOKEN" --data-urlencode "to=$s2"
expect "another region's deal: 404" 404

# ---- forward when the stage's conditions are met, then back ---------------------------------------
sql "INSERT INTO activity (customer_id, deal_id, user_id, kind, at, duration_sec, source_ip)
     VALUES ($cust, $first, $uid, 'called', UTC_TIMESTAMP(6), 240, '127.0.0.1'),
            ($cust, $first, $uid, 'called', UTC_TIMESTAMP(6), 200, '127.0.0.1')"
since=$(audit_max)
api POST "/api/v1/deals/$first/move" "$TOKEN" --data-urlencode "to=$s2"
if [[ $STATUS == 200 && $(jv "(d['ok'], d['result'], d['location'])") == "(True, 'Moved', '/deals/$first')" ]]; then
  ok "two calls of 3+ minutes: advanced (200, ok)"
else fail "advanced" "status $STATUS" "${BODY:0:300}"; fi
check "…to the next stage" test "$(sql "SELECT stage_id FROM deal WHERE id = $first")" = "$s2"
check "…audited" test "$(audit_count "$since" "action = 'deal.advance' AND object_id = $first AND actor_id = $uid")" = 1
api POST "/api/v1/deals/$first/move" "$TOKEN" --data-urlencode "to=$s1"
if [[ $STATUS == 400 && $(jv "d['fields']['reason']") == '此项必填' ]]; then ok "back without a reason: 400 naming the reason (in Chinese)"
else fail "back without a reason: 400" "status $STATUS" "${BODY:0:300}"; fi
api POST "/api/v1/deals/$first/move" "$TOKEN" --data-urlencode "to=$s1" --data-urlencode "reason=客户预算冻结"
if [[ $STATUS == 200 && $(jv "d['result']") == Moved && $(sql "SELECT CONCAT(stage_id, '|', regressions) FROM deal WHERE id = $first") == "$s1|1" ]]; then
  ok "back with a reason: 200, counted"
else fail "back with a reason" "status $STATUS" "${BODY:0:300}"; fi

# ---- cookie callers: same origin and the CSRF token -----------------------------------------------
req POST "/api/v1/deals/$diag/move" -b "$T/jar" -H "Origin: $SG_URL" --data-urlencode "to=$s3"
expect "cookie POST without the CSRF token: 403" 403
tok=$(csrf_of "$T/jar")
req POST "/api/v1/deals/$diag/move" -b "$T/jar" -H "Origin: https://evil.example" -H "X-CSRF-Token: $tok" --data-urlencode "to=$s3"
expect "cookie POST from another origin: 403" 403
req POST "/api/v1/deals/$diag/move" -b "$T/jar" -H "Origin: $SG_URL" -H "X-CSRF-Token: $tok" --data-urlencode "to=$s3"
if [[ $STATUS == 409 && $(jv "len(d['missing'])") == 3 ]]; then ok "cookie POST with X-CSRF-Token: 409 and the list"
else fail "cookie POST with X-CSRF-Token: 409 and the list" "status $STATUS" "${BODY:0:300}"; fi
req GET /api/v1/tasks -b "$T/jar"
check "cookie GET /api/v1/tasks: 200" test "$STATUS" = 200
req GET "/api/v1/deals/$diag" -b "$T/jar"
check "cookie GET /api/v1/deals/{id}: 200" test "$STATUS" = 200

# ---- approval: requested on the page, decided through the API ---------------------------------------
post_as "$T/jar" "/deals/$prop/approval"
expect "t1140_rep asks lead_east for the stage's approval (page, 303)" 303
sign_in "$T/lead" lead_east
LEAD=$(token_of "$T/lead")
sign_in "$T/mgr" mgr_east
MGR=$(token_of "$T/mgr")
check "lead_east and mgr_east have tokens" test -n "$LEAD" -a -n "$MGR"
api POST "/api/v1/deals/$prop/approval/decide" "$TOKEN" --data-urlencode decision=approve
expect "the owner cannot decide (no deal.approve): 403" 403
since=$(audit_max)
api POST "/api/v1/deals/$prop/approval/decide" "$MGR" --data-urlencode decision=approve
expect "a manager who is not the approver: 403" 403
check "…audited" test "$(audit_count "$since" "action = 'deal.approval.refused' AND object_id = $prop")" = 1
api POST "/api/v1/deals/$prop/approval/decide" "$LEAD" --data-urlencode decision=reject
if [[ $STATUS == 400 && $(jv "list(d['fields'])") == "['comment']" ]]; then ok "reject without a comment: 400 naming it"
else fail "reject without a comment: 400" "status $STATUS" "${BODY:0:300}"; fi
api POST "/api/v1/deals/$prop/approval/decide" "$LEAD" --data-urlencode decision=maybe
expect "an unknown decision: 400" 400
since=$(audit_max)
api POST "/api/v1/deals/$prop/approval/decide" "$LEAD" -H 'Content-Type: application/json' \
  -d '{"decision": "approve", "comment": "方案合理，同意推进"}'
if [[ $STATUS == 200 && $(jv "(d['ok'], d['result'])") == "(True, 'Approved')" ]]; then ok "the approver approves (JSON body): 200"
else fail "the approver approves" "status $STATUS" "${BODY:0:300}"; fi
check "…stored with the comment" test "$(sql "SELECT CONCAT(status, '|', comment) FROM deal_approval WHERE deal_id = $prop ORDER BY id DESC LIMIT 1")" = "approved|方案合理，同意推进"
check "…audited as lead_east" test "$(audit_count "$since" "action = 'deal.approval.approve' AND object_id = $prop AND actor_id = $(user_id lead_east)")" = 1
api POST "/api/v1/deals/$prop/approval/decide" "$LEAD" --data-urlencode decision=approve
expect "nothing pending any more: 409" 409
api GET "/api/v1/deals/$prop" "$TOKEN"
check "the deal's approval reads approved" test "$(jv "d['deal']['approval']['status']")" = approved
sql "DELETE FROM api_token WHERE user_id IN ($uid, $(user_id lead_east), $(user_id mgr_east)) AND name LIKE 't1140 %'"
