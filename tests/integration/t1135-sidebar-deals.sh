#!/usr/bin/env bash
# F1 — the chat sidebar shows the customer's open deals with their stage and
# the unmet action locks of that stage: the very list the deal page shows
# (same evaluator, same macro), each item linking to where on the deal page
# it is done; the amount masked by the field policy.  Uses rep_east1's region
# (a new customer of t1135_rep, EAST, under lead_east).
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
trap forget_failed_logins EXIT

has() { [[ $BODY == *"$1"* ]]; }
PW='T1135-pass-ok'
if [[ -z $(user_id t1135_rep) ]]; then
  printf '%s\n' "$PW" | "$SG_BIN" user add --login t1135_rep --role sales_rep --name 侧栏测试 \
    --team 华东一组 --region EAST --manager lead_east --password-stdin -c "$SG_CONF" >/dev/null
fi
uid=$(user_id t1135_rep)
check "t1135_rep exists" test -n "$uid"

sql "INSERT INTO customer (name, name_norm, owner_id, region_id, created_at, updated_at)
     SELECT '侧栏测试医院', '侧栏测试医院', id, region_id, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) FROM users WHERE id = $uid"
cust=$(sql "SELECT MAX(id) FROM customer")
new_deal() {   # new_deal NAME POSITION STATUS → id
  sql "INSERT INTO deal (customer_id, pipeline_id, stage_id, owner_id, region_id, name, amount, status,
         stage_entered_at, created_at, updated_at)
       SELECT $cust, p.id, s.id, $uid, (SELECT region_id FROM users WHERE id = $uid), '$1', 1135777, '$3',
         UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)
       FROM pipeline p JOIN stage s ON s.pipeline_id = p.id AND s.position = $2 WHERE p.code = 'standard';
       SELECT LAST_INSERT_ID()"
}
deal=$(new_deal 'T1135 需求诊断中' 2 open)
second=$(new_deal 'T1135 第二个商机' 1 open)
lost=$(new_deal 'T1135 已输单' 3 lost)

sign_in "$T/jar" t1135_rep "$PW"
req GET "/customers/$cust/sidebar" -b "$T/jar"
expect "the owner opens the sidebar" 200
stage=$(sed -n '/id="stage"/,/<\/section>/p' <<<"$BODY")
check "both open deals, each with its stage" grep -q "id=\"deal-$deal\"" <<<"$stage"
check "…the second one too" grep -q "id=\"deal-$second\"" <<<"$stage"
check "not the lost deal" bash -c '! grep -q "deal-$1\"" <<<"$2"' _ "$lost" "$stage"
check "the stage by name" grep -q '<strong class="stage">需求诊断</strong>' <<<"$stage"
block=$(sed -n "/id=\"deal-$deal\"/,/<\/div>/p" <<<"$stage")
side=$(grep -o "href=\"/deals/$deal#[a-z-]*\"[^<]*" <<<"$block" | sort)
check "the locks: budget, decision makers, meeting minutes" \
  test "$(grep -c . <<<"$side")" = 3
check "…each linking to its place on the deal page" grep -q "href=\"/deals/$deal#attachments\">需求调研会议纪要" <<<"$side"
check "the amount is masked for the owner of an unsigned deal" bash -c '! grep -q 1135777 <<<"$1" && grep -q 已脱敏 <<<"$1"' _ "$block"

# the deal page's own list: the same items with the same links
req GET "/deals/$deal" -b "$T/jar"
page=$(sed -n '/<ul class="unmet">/,/<\/ul>/p' <<<"$BODY" | grep -o "href=\"/deals/$deal#[a-z-]*\"[^<]*" | sort)
if [[ -n $page && $page == "$side" ]]; then ok "the sidebar's locks are the deal page's (same items, same links)"
else fail "the sidebar's locks are the deal page's" "sidebar: $side" "page: $page"; fi

# done on the deal page → gone from the sidebar
post_as "$T/jar" "/deals/$deal/facts" --data-urlencode budget_confirmed=1
expect "budget confirmed on the deal page (303)" 303
req GET "/customers/$cust/sidebar" -b "$T/jar"
block=$(sed -n "/id=\"deal-$deal\"/,/<\/div>/p" <<<"$BODY")
if [[ $(grep -c "href=\"/deals/$deal#" <<<"$block") == 2 ]] && ! grep -q '预算已确认' <<<"$block"; then
  ok "the met lock left the sidebar"
else fail "the met lock left the sidebar" "$block"; fi

# a stage with nothing left to do says so
sql "INSERT INTO activity (customer_id, deal_id, user_id, kind, at, duration_sec, source_ip)
     VALUES ($cust, $second, $uid, 'called', UTC_TIMESTAMP(6), 240, '127.0.0.1'),
            ($cust, $second, $uid, 'called', UTC_TIMESTAMP(6), 200, '127.0.0.1')" 2>"$T/act.err" || true
req GET "/customers/$cust/sidebar" -b "$T/jar"
block=$(sed -n "/id=\"deal-$second\"/,/<\/div>/p" <<<"$BODY")
if grep -q '已满足进入下一阶段的条件' <<<"$block" && ! grep -q 'class="unmet"' <<<"$block"; then
  ok "two calls of 3+ minutes: nothing blocks the next stage"
else fail "two calls of 3+ minutes: nothing blocks the next stage" "$(cat "$T/act.err")" "$block"; fi

req GET "/customers/$cust/sidebar?lang=en" -b "$T/jar"
check "in English too" grep -q 'To do before the next stage' <<<"$BODY"

# the manager above sees the same deals; another region: 404
sign_in "$T/lead" lead_east
req GET "/customers/$cust/sidebar" -b "$T/lead"
if [[ $STATUS == 200 ]] && has "id=\"deal-$deal\"" && ! has 1135777; then ok "the team lead sees the deals, amount masked"
else fail "the team lead sees the deals, amount masked" "status $STATUS"; fi
sign_in "$T/south" rep_south1
req GET "/customers/$cust/sidebar" -b "$T/south"
expect "another region's rep: 404" 404
