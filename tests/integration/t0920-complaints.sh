#!/usr/bin/env bash
# Issue 9 — complaint keywords (R7.4): a visit record saying 等太久 marks
# the customer process-sensitive (audited, shown on the customer and its
# deals) and adds the "service commitment confirmed" lock to every later
# move of its deals — deal page, board, JSON and the staff API refuse and
# list it; confirming the commitment releases it; a later complaint locks
# again.  Admins keep the PCRE2 patterns: a bad one is a 400 with PCRE2's
# reason, a new one works at once, a switched-off one no longer matches.
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

has() { grep -qF -- "$1" <<<"$BODY"; }

login "$T/rep" rep_east_new
login "$T/ops" ops
rep=$(user_id rep_east_new)

# A pipeline of three stages without exit rules: only the new lock can refuse.
sql "INSERT INTO pipeline (code, name) VALUES ('t0920', 'T0920 无规则流程')"
pl=$(sql "SELECT id FROM pipeline WHERE code = 't0920'")
sql "INSERT INTO stage (pipeline_id, position, name) VALUES ($pl, 1, '接洽'), ($pl, 2, '方案'), ($pl, 3, '签约')"
st() { sql "SELECT id FROM stage WHERE pipeline_id = $pl AND position = $1"; }
newcust() {
  sql "INSERT INTO customer (name, name_norm, owner_id, region_id, created_at, updated_at)
       SELECT '$1', '$1', id, region_id, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) FROM users WHERE id = $rep"
  sql "SELECT MAX(id) FROM customer"
}
newdeal() {
  sql "INSERT INTO deal (customer_id, pipeline_id, stage_id, owner_id, region_id, name, stage_entered_at, created_at, updated_at)
       SELECT $1, $pl, $(st 1), $rep, region_id, '$2', UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) FROM users WHERE id = $rep"
  sql "SELECT MAX(id) FROM deal"
}
visit() {   # visit CUSTOMER TEXT
  post_as "$T/rep" "/customers/$1/visit" --data-urlencode "core_need=$2" --data-urlencode "next_step=下周回访"
}
C=$(newcust '测试口腔连锁')
D=$(newdeal "$C" 'T0920 口腔连锁 · 种植体')
D2=$(newdeal "$C" 'T0920 口腔连锁 · 耗材')

# ---- a plain note changes nothing --------------------------------------------------------------
visit "$C" "需求：三家门店的种植体采购"
expect "a plain visit record → 303" 303
check "no mark for a plain note" test "$(sql "SELECT COUNT(*) FROM customer_sensitivity WHERE customer_id = $C")" = 0

# ---- 等太久 ------------------------------------------------------------------------------------
since=$(audit_max)
visit "$C" "客户抱怨上次报价等了太久，希望这次快一点"
expect "a visit record saying 等了太久 → 303" 303
check "the customer is marked process-sensitive by 等太久" \
  test "$(sql "SELECT CONCAT_WS('|', label, confirmed_at IS NULL, matched_by) FROM customer_sensitivity WHERE customer_id = $C")" = "等太久|1|$rep"
check "the mark is audited (customer.process_sensitive)" \
  test "$(audit_count "$since" "action = 'customer.process_sensitive' AND object_type = 'customer' AND object_id = $C AND after_value LIKE '%等太久%'")" = 1
req GET "/customers/$C" -b "$T/rep"
if [[ $STATUS == 200 ]] && has '流程敏感' && has "action=\"/customers/$C/commitment\""; then
  ok "the customer page shows 流程敏感 and the commitment form"
else fail "the customer page shows the mark" "status $STATUS"; fi

# the lock, on every face
req GET "/deals/$D" -b "$T/rep"
if [[ $STATUS == 200 ]] && has '流程敏感' && has 'id="service"' && has '服务承诺已确认'; then
  ok "the deal page shows the mark and lists the lock among the open items"
else fail "the deal page shows the lock" "status $STATUS"; fi
post_as "$T/rep" "/deals/$D/move" --data-urlencode "to=$(st 2)"
expect "moving the deal on is refused: 409" 409
has '服务承诺已确认' && ok "the refusal lists 服务承诺已确认" || fail "the refusal lists the lock" "${BODY:0:300}"
check "the deal did not move" test "$(sql "SELECT stage_id FROM deal WHERE id = $D")" = "$(st 1)"
post_as "$T/rep" "/deals/$D2/move" --data-urlencode "to=$(st 2)" --data-urlencode from=board
expect "the board's no-JS move of the customer's other deal: 409" 409
post_as "$T/rep" "/deals/$D/move" --data-urlencode "to=$(st 2)" -H 'Accept: application/json'
if [[ $STATUS == 409 && $BODY == *'"key":"ServiceCommitment"'* && $BODY == *'"link":"/deals/'"$D"'#service"'* ]]; then
  ok "the board's JSON move: 409 naming ServiceCommitment with its link"
else fail "the board's JSON move" "status $STATUS" "${BODY:0:300}"; fi
tok=$(csrf_of "$T/rep")
req POST "/api/v1/deals/$D/move" -b "$T/rep" -H "Origin: $SG_URL" -H "X-CSRF-Token: $tok" --data-urlencode "to=$(st 2)"
if [[ $STATUS == 409 && $BODY == *ServiceCommitment* ]]; then ok "the staff API move: 409 with the lock"
else fail "the staff API move" "status $STATUS" "${BODY:0:300}"; fi
req GET "/customers/$C/sidebar" -b "$T/rep"
if [[ $STATUS == 200 ]] && has '服务承诺已确认'; then ok "the chat sidebar lists the lock on the customer's deals"
else fail "the sidebar lists the lock" "status $STATUS"; fi

# ---- confirming releases it ----------------------------------------------------------------
post_as "$T/rep" "/customers/$C/commitment" --data-urlencode "commitment="
expect "confirming without saying what: 400" 400
has 'action="/customers/'"$C"'/commitment"' && ok "the form is shown again" || fail "the form is shown again"
since=$(audit_max)
post_as "$T/rep" "/customers/$C/commitment" --data-urlencode "commitment=报价 24 小时内回复，专人对接"
expect "the rep confirms the service commitment: 303" 303
check "confirmed, with who and what" \
  test "$(sql "SELECT CONCAT_WS('|', confirmed_by, commitment) FROM customer_sensitivity WHERE customer_id = $C AND confirmed_at IS NOT NULL")" = "$rep|报价 24 小时内回复，专人对接"
check "the confirmation is audited (customer.commitment)" \
  test "$(audit_count "$since" "action = 'customer.commitment' AND object_id = $C AND actor_login = 'rep_east_new'")" = 1
post_as "$T/rep" "/customers/$C/commitment" --data-urlencode "commitment=再次确认"
expect "nothing pending to confirm: 409" 409
post_as "$T/rep" "/deals/$D/move" --data-urlencode "to=$(st 2)"
expect "now the deal moves on: 303" 303
check "it is in stage 2" test "$(sql "SELECT stage_id FROM deal WHERE id = $D")" = "$(st 2)"
req GET "/customers/$C" -b "$T/rep"
if has '服务承诺已确认，确认人'; then ok "the customer page shows the confirmed commitment"
else fail "the customer page shows the confirmed commitment"; fi

# ---- a later complaint locks again -------------------------------------------------------------
visit "$C" "客户说打电话找不到人"
expect "another complaint (找不到人) → 303" 303
post_as "$T/rep" "/deals/$D/move" --data-urlencode "to=$(st 3)"
expect "the later stage is locked again: 409" 409

# ---- admins keep the patterns ------------------------------------------------------------------
req GET /admin/complaints -b "$T/rep"
expect "a rep may not open /admin/complaints: 403" 403
req GET /admin/complaints -b "$T/ops"
if [[ $STATUS == 200 ]] && has '找不到人' && has '重复解释' && has '等(?:了)?太久'; then
  ok "ops sees the three seeded patterns"
else fail "ops sees the seeded patterns" "status $STATUS"; fi
post_as "$T/ops" /admin/complaints --data-urlencode "pattern=(没人回" --data-urlencode "label=没人回"
if [[ $STATUS == 400 ]] && has '不是有效的 PCRE2 正则' && has 'offset' && has 'value="(没人回"'; then
  ok "a bad pattern: 400 with PCRE2's reason, the typed value kept"
else fail "a bad pattern is refused" "status $STATUS" "${BODY:0:300}"; fi
post_as "$T/ops" /admin/complaints --data-urlencode "pattern=.*" --data-urlencode "label=全部"
expect "a pattern matching empty text: 400" 400
since=$(audit_max)
post_as "$T/ops" /admin/complaints --data-urlencode "pattern=没人回(?:电话|消息)" --data-urlencode "label=没人回"
expect "a new pattern is saved: 303" 303
pid=$(sql "SELECT id FROM complaint_pattern WHERE label = '没人回'")
check "and audited" test "$(audit_count "$since" "action = 'complaint_pattern.create' AND object_id = ${pid:-0}")" = 1
post_as "$T/ops" /admin/complaints --data-urlencode "pattern=没人回(?:电话|消息)"
expect "the same pattern twice: 400" 400
C2=$(newcust '测试齿科诊所')
visit "$C2" "上周的问题没人回消息"
check "the new pattern marks a customer at once" \
  test "$(sql "SELECT label FROM customer_sensitivity WHERE customer_id = $C2")" = 没人回
post_as "$T/ops" "/admin/complaints/$pid/toggle"
expect "ops switches it off: 303" 303
check "switched off and audited" \
  test "$(sql "SELECT active FROM complaint_pattern WHERE id = $pid")|$(audit_count "$since" "action = 'complaint_pattern.update' AND object_id = $pid AND after_value = '0'")" = "0|1"
C3=$(newcust '测试牙科门诊')
visit "$C3" "电话没人回电话"
check "a switched-off pattern marks nothing" \
  test "$(sql "SELECT COUNT(*) FROM customer_sensitivity WHERE customer_id = $C3")" = 0
