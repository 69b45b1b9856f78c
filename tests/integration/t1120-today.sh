#!/usr/bin/env bash
# Issue 11 — the rep's "today" page (the landing page after sign-in) and the
# chat-sidebar page for one customer.  Adds the user t1120_rep (EAST, under
# lead_east) with three leads of its own (source test:t1120).
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
trap forget_failed_logins EXIT

has() { [[ $BODY == *"$1"* ]]; }
PW='T1120-pass-ok'
if [[ -z $(user_id t1120_rep) ]]; then
  printf '%s\n' "$PW" | "$SG_BIN" user add --login t1120_rep --role sales_rep --name 今日测试 \
    --team 华东一组 --region EAST --manager lead_east --password-stdin -c "$SG_CONF" >/dev/null
fi
uid=$(user_id t1120_rep)
check "t1120_rep exists" test -n "$uid"

old="SELECT id FROM lead WHERE source = 'test:t1120'"
sql "DELETE FROM activity WHERE lead_id IN ($old) OR customer_id IN (SELECT customer_id FROM lead WHERE source = 'test:t1120');
     UPDATE lead SET customer_id = NULL, deal_id = NULL WHERE source = 'test:t1120'"
sql "DELETE FROM lead WHERE source = 'test:t1120'"
new_lead() {   # new_lead NAME COMPANY OWNER_ID DUE_MINUTES RESPONDED → id
  sql "INSERT INTO lead (channel_id, name, phone, phone_norm, company, company_norm, region_code, region_id,
         tier, status, owner_id, source, sla_due_at, first_response_at, created_at, updated_at)
       VALUES ((SELECT id FROM channel WHERE code = 'douyin'), '$1', '13700001120', '13700001120', '$2', '$2',
         '310101', (SELECT id FROM region WHERE code = 'EAST'), 'high', IF($5, 'contacted', 'new'), $3, 'test:t1120',
         UTC_TIMESTAMP(6) + INTERVAL $4 MINUTE, IF($5, UTC_TIMESTAMP(6), NULL), UTC_TIMESTAMP(6), UTC_TIMESTAMP(6));
       SELECT LAST_INSERT_ID()"
}
A=$(new_lead 今日甲 今日甲公司 "$uid" 45 0)
B=$(new_lead 今日乙 今日乙公司 "$uid" -90 0)
C=$(new_lead 今日丙 今日丙公司 "$uid" 30 1)
D=$(new_lead 今日丁 今日丁公司 "$(user_id rep_east1)" 10 0)

# ---- landing -----------------------------------------------------------------------------------
sign_in "$T/jar" t1120_rep "$PW"
if [[ $STATUS == 303 && $(location) == / ]]; then ok "sign-in lands on / (303)"
else fail "sign-in lands on /" "status $STATUS $(location)"; fi
req GET / -b "$T/jar"
if [[ $STATUS == 200 ]] && has '<h1>今日测试</h1>' && has 'id="waiting"' && has 'id="recent-leads"' && has 'id="recent-customers"'; then
  ok "/ is the today page: name, waiting, recent leads, recent customers"
else fail "/ is the today page" "status $STATUS" "${BODY:0:300}"; fi
order=$(grep -o 'id="\(waiting\|recent-leads\|recent-customers\)"' <<<"$BODY" | tr '\n' ' ')
check "sections in their order" test "$order" = 'id="waiting" id="recent-leads" id="recent-customers" '
waiting=$(sed -n '/id="waiting"/,/<\/section>/p' <<<"$BODY")
pos() { grep -n "$1" <<<"$waiting" | head -n 1 | cut -d: -f1; }
if [[ -n $(pos "/leads/$B\"") && -n $(pos "/leads/$A\"") && $(pos "/leads/$B\"") -lt $(pos "/leads/$A\"") ]]; then
  ok "waiting: my two unanswered leads, the overdue one first"
else fail "waiting: my two unanswered leads, the overdue one first" "$waiting"; fi
if grep -Eq '已超时 1 小时 (29|30) 分钟' <<<"$waiting"; then ok "the overdue lead's clock: 已超时 1 小时 30 分钟"
else fail "the overdue lead's clock" "$(grep -o 'class="sla[^<]*' <<<"$waiting")"; fi
if grep -Eq '剩余 (44|45) 分钟' <<<"$waiting"; then ok "the other lead's clock: 剩余 45 分钟"
else fail "the other lead's clock" "$(grep -o 'class="sla[^<]*' <<<"$waiting")"; fi
if ! grep -q "/leads/$C\"" <<<"$waiting" && ! grep -q "/leads/$D\"" <<<"$waiting"; then
  ok "not waiting: a lead already answered, someone else's lead"
else fail "not waiting: answered or someone else's"; fi
if grep -q '<span class="badge">2</span>' <<<"$waiting" && grep -q '1 条已超时' <<<"$waiting"; then ok "counts: 2 waiting, 1 overdue"
else fail "counts: 2 waiting, 1 overdue" "$(grep -o '<h2>.*</h2>' <<<"$waiting")"; fi
recent=$(sed -n '/id="recent-leads"/,/<\/section>/p' <<<"$BODY")
check "recent leads include the answered one" grep -q "/leads/$C\"" <<<"$recent"
check "one tap on each waiting lead (a form with the CSRF token)" \
  test "$(grep -c 'action="/leads/[0-9]*/action"' <<<"$waiting")" = 2
req GET /?lang=en -b "$T/jar"
check "in English too" grep -q 'Waiting for a first response' <<<"$BODY"
req GET /today -b "$T/jar"
expect "/today answers too" 200

# ---- one tap from today stops the clock ------------------------------------------------------------
post_as "$T/jar" "/leads/$A/action" --data-urlencode kind=called
expect "tap 已电话沟通 on a waiting lead (303)" 303
check "its first response is recorded" test "$(sql "SELECT first_response_at IS NOT NULL FROM lead WHERE id = $A")" = 1
req GET / -b "$T/jar"
waiting=$(sed -n '/id="waiting"/,/<\/section>/p' <<<"$BODY")
if ! grep -q "/leads/$A\"" <<<"$waiting" && grep -q "/leads/$B\"" <<<"$waiting"; then ok "it leaves the waiting list"
else fail "it leaves the waiting list"; fi

# ---- JSON face, and who gets it ----------------------------------------------------------------------
req GET /api/v1/today -b "$T/jar"
if [[ $STATUS == 200 && $BODY == '{"today":{"sections":[{"key":"Tasks"},{"key":"Waiting"},{"key":"StaleDeals"},{"key":"Handoffs"},{"key":"RecentLeads"},{"key":"RecentCustomers"}]'* ]] \
   && has '"waiting":{"count":1,'; then ok "GET /api/v1/today: the same sections as JSON"
else fail "GET /api/v1/today" "status $STATUS" "${BODY:0:300}"; fi
sign_in "$T/jar.aud" auditor1
req GET / -b "$T/jar.aud"
if [[ $STATUS == 200 ]] && ! has 'id="waiting"' && has '<h1>审计员（外部）</h1>'; then ok "without lead.read, / stays the profile page"
else fail "without lead.read, / stays the profile page" "status $STATUS"; fi
sign_in "$T/jar.lead" lead_east
req GET / -b "$T/jar.lead"
waiting=$(sed -n '/id="waiting"/,/<\/section>/p' <<<"$BODY")
if grep -Eq ' · (张伟|李娜|刘洋|今日测试)</span>' <<<"$waiting"; then ok "a team lead (lead.assign) sees the team's waiting leads, with their owners"
else fail "a team lead sees the team's waiting leads"; fi

# ---- the chat sidebar ------------------------------------------------------------------------------
post_as "$T/jar" "/leads/$B/convert"
cust=$(sql "SELECT COALESCE(customer_id, 0) FROM lead WHERE id = $B")
check "lead converted to a customer" test "$cust" -gt 0
req GET "/customers/$cust/sidebar" -b "$T/jar"
if [[ $STATUS == 200 ]] && has '<h1>今日乙公司' && has 'class="stage"' && has "action=\"/customers/$cust/sidebar/action\""; then
  ok "sidebar: name, stage, one-tap buttons"
else fail "sidebar: name, stage, one-tap buttons" "status $STATUS" "${BODY:0:300}"; fi
since=$(audit_max)
post_as "$T/jar" "/customers/$cust/sidebar/action" --data-urlencode kind=price_objection
if [[ $STATUS == 303 && $(location) == "/customers/$cust/sidebar?done=recorded" ]]; then ok "a tap records and comes back to the sidebar"
else fail "a tap records and comes back to the sidebar" "status $STATUS $(location)"; fi
row=$(sql "SELECT CONCAT_WS('|', kind, user_id, customer_id, source_ip, at > UTC_TIMESTAMP(6) - INTERVAL 1 MINUTE)
           FROM activity WHERE customer_id = $cust ORDER BY id DESC LIMIT 1")
check "recorded: kind, person, customer, address, time" test "$row" = "price_objection|$uid|$cust|127.0.0.1|1"
check "and audited" test "$(audit_count "$since" "actor_id = $uid AND action LIKE 'activity.%'")" -ge 1
req GET "/customers/$cust/sidebar?done=Recorded" -b "$T/jar"
check "the sidebar confirms and lists it" grep -q '客户提出价格异议' <<<"$BODY"
req GET / -b "$T/jar"
check "today lists the customer with its sidebar link" grep -q "/customers/$cust/sidebar" <<<"$BODY"
post_as "$T/jar" "/customers/$cust/sidebar/action" --data-urlencode kind=nonsense
expect "an unknown tap: 400" 400

# deep link through the sign-in
req GET "/customers/$cust/sidebar"
if [[ $STATUS == 303 && $(location) == "/login?next=/customers/$cust/sidebar" ]]; then ok "deep link without a session → sign-in with next"
else fail "deep link → sign-in with next" "status $STATUS $(location)"; fi
rm -f "$T/jar2"
req POST /login -c "$T/jar2" -H "Origin: $SG_URL" --data-urlencode login=t1120_rep \
  --data-urlencode "password=$PW" --data-urlencode "next=/customers/$cust/sidebar"
if [[ $STATUS == 303 && $(location) == "/customers/$cust/sidebar" ]]; then ok "…and back to the sidebar after signing in"
else fail "…and back to the sidebar after signing in" "status $STATUS $(location)"; fi

# scope and capability, as on the customer page
sign_in "$T/jar.s" rep_south1
req GET "/customers/$cust/sidebar" -b "$T/jar.s"
expect "another region's rep: 404" 404
post_as "$T/jar.s" "/customers/$cust/sidebar/action" --data-urlencode kind=called
expect "another region's rep cannot tap: 404" 404
req GET "/customers/$cust/sidebar" -b "$T/jar.aud"
expect "no customer.read: 403" 403
