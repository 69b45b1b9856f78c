#!/usr/bin/env bash
# Issue 4 — leads as sales people meet them: the scoped list with its filters
# and keyset paging (compared with SQL), a lead's page, one-tap actions,
# visit records, conversion to customer + key contact + deal, and the
# customers that conversion makes.  Uses the seeded demo leads; makes no
# public-form submissions (t0420 spends that budget).
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

# login JAR LOGIN: sign in; a 429 (sign-in throttle of an earlier suite) waits
# out its minute once
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

# list_ids JAR QUERY: follow the list's "next" links from /leads?QUERY; writes
# every lead id in page order to $T/ids.  Sets PAGES, FIRST_PAGE_ROWS,
# MAX_ROWS, LIST_STATUS (call it in this shell, not in $(...)).
list_ids() {
  local jar=$1 next="/leads?$2" ids n
  PAGES=0 FIRST_PAGE_ROWS='' MAX_ROWS=0 LIST_STATUS=200
  : >"$T/ids"
  while [[ -n $next ]]; do
    req GET "$next" -b "$jar"
    if [[ $STATUS != 200 ]]; then LIST_STATUS=$STATUS; break; fi
    PAGES=$((PAGES + 1))
    ids=$(grep -o '<td data-label="[^"]*"><a href="/leads/[0-9]*"' <<<"$BODY" | grep -o '[0-9]*"$' | tr -d '"' || true)
    n=$(grep -c . <<<"$ids" || true)
    [[ -z $FIRST_PAGE_ROWS ]] && FIRST_PAGE_ROWS=$n
    (( n > MAX_ROWS )) && MAX_ROWS=$n
    [[ -n $ids ]] && printf '%s\n' "$ids" >>"$T/ids"
    next=$(grep -o '<nav class="pager"[^>]*><a href="[^"]*"' <<<"$BODY" | sed 's/.*href="//; s/"$//; s/&amp;/\&/g' || true)
    (( PAGES < 100 )) || break
  done
}

# same_list NAME JAR QUERY SQL_WHERE: the list through every page equals the
# ids SQL finds, newest first, each exactly once
same_list() {
  local name=$1 jar=$2 query=$3 where=$4 got want
  list_ids "$jar" "$query"
  got=$(cat "$T/ids")
  want=$(sql "SELECT id FROM lead l WHERE $where ORDER BY id DESC")
  if [[ $LIST_STATUS != 200 ]]; then
    fail "$name" "GET /leads?$query → $LIST_STATUS"
  elif [[ $got == "$want" ]]; then
    ok "$name ($(grep -c . <<<"$want" || true) leads, $PAGES pages)"
  else
    fail "$name" "list has $(grep -c . <<<"$got" || true), SQL has $(grep -c . <<<"$want" || true)" \
      "$(diff <(echo "$got") <(echo "$want") | head -n 8)"
  fi
}

east=$(sql "SELECT id FROM region WHERE code = 'EAST'")
south=$(sql "SELECT id FROM region WHERE code = 'SOUTH'")
me=$(user_id rep_east1)
mate=$(user_id rep_east2)
douyin=$(sql "SELECT id FROM channel WHERE code = 'douyin'")

login "$T/rep" rep_east1
login "$T/fin" finance1
login "$T/ops" ops
login "$T/aud" auditor1

# --- the list and its scope ----------------------------------------------------
req GET /leads -b "$T/rep"
expect "rep_east1 GET /leads → 200" 200
check "lead list is Chinese (线索, 筛选)" grep -q '筛选' <<<"$BODY"
same_list "rep_east1 sees exactly the 华东 leads (region EAST or own)" "$T/rep" "" \
  "l.region_id = $east OR l.owner_id = $me"
check "rep_east1's list: a page of 50, then a next link" test "$FIRST_PAGE_ROWS" == 50
check "rep_east1's list: no page over 50" test "$MAX_ROWS" -le 50
outside=$(sql "SELECT COUNT(*) FROM lead WHERE id IN ($(paste -sd, "$T/ids")) AND NOT (region_id <=> $east)")
check "no lead of another region in rep_east1's list" test "$outside" == 0

# finance reads customers, deals and reports (R8.1), not the lead pool: its
# read scope "all" applies to what its capabilities open, and lead.read is
# not one of them (sql/0003_roles.sql)
req GET /leads -b "$T/fin"
expect "finance1 (no lead.read) GET /leads → 403" 403
total=$(sql "SELECT COUNT(*) FROM lead")
# ops (sales-ops admin: lead.read, read scope all) stands in for an all-seeing reader below
same_list "ops (read all) sees every lead" "$T/ops" "" "1 = 1"
check "ops sees 300+ leads ($total)" test "$total" -ge 300
check "ops pages: $PAGES pages of 50 for $total leads" test "$PAGES" == $(( (total + 49) / 50 ))
check "ops: first page has 50 rows" test "$FIRST_PAGE_ROWS" == 50

req GET /leads -b "$T/aud"
expect "auditor1 (no lead.read) GET /leads → 403" 403
req GET /leads
if [[ $STATUS == 303 ]] && [[ $(location) == */login?next=/leads ]]; then ok "signed out GET /leads → 303 to sign-in"
else fail "signed out GET /leads → 303 to sign-in" "status $STATUS $(location)"; fi

# --- the lead page, scope -----------------------------------------------------------
south_lead=$(sql "SELECT id FROM lead WHERE region_id = $south AND NOT (owner_id <=> $me) ORDER BY id LIMIT 1")
req GET "/leads/$south_lead" -b "$T/rep"
expect "rep_east1 GET a 华南 lead → 404 (not 403)" 404
req GET "/leads/$south_lead" -b "$T/ops"
expect "ops GET the same 华南 lead → 200" 200
req GET /leads/999999999 -b "$T/rep"
expect "a lead that does not exist → 404" 404

own=$(sql "SELECT id FROM lead WHERE owner_id = $me AND status = 'new' AND first_response_at IS NULL
           AND company IS NOT NULL ORDER BY id LIMIT 1")
req GET "/leads/$own" -b "$T/rep"
expect "rep_east1 GET own lead → 200" 200
if grep -q "action=\"/leads/$own/action\"" <<<"$BODY" && grep -q 'name="kind" value="called"' <<<"$BODY" \
   && grep -q '一键记录' <<<"$BODY"; then ok "own lead shows the quick actions (一键记录, called …)"
else fail "own lead shows the quick actions (一键记录, called …)"; fi
check "own lead shows the visit form and the convert button" \
  grep -q "action=\"/leads/$own/convert\"" <<<"$BODY"
check "own lead shows its source (seed-demo) and the SLA" grep -q '<code>seed-demo</code>' <<<"$BODY"

mates=$(sql "SELECT id FROM lead WHERE owner_id = $mate AND status = 'new' ORDER BY id LIMIT 1")
act0=$(sql "SELECT COALESCE(MAX(id), 0) FROM activity")
req GET "/leads/$mates" -b "$T/rep"
expect "a colleague's lead in the same region is readable (200)" 200
if grep -q "/leads/$mates/action" <<<"$BODY" || grep -q "/leads/$mates/convert" <<<"$BODY"; then
  fail "a colleague's lead shows no quick actions or convert button"
else ok "a colleague's lead shows no quick actions or convert button"; fi
post_as "$T/rep" "/leads/$mates/action" --data 'kind=called'
expect "POST action on a colleague's lead → 404" 404
post_as "$T/rep" "/leads/$mates/visit" --data-urlencode 'core_need=x' --data-urlencode 'next_step=y'
expect "POST visit on a colleague's lead → 404" 404
post_as "$T/rep" "/leads/$mates/convert"
expect "POST convert on a colleague's lead → 404" 404
post_as "$T/rep" "/leads/$south_lead/action" --data 'kind=called'
expect "POST action on another region's lead → 404" 404
check "nothing recorded on others' leads" \
  test "$(sql "SELECT COUNT(*) FROM activity WHERE id > $act0")/$(sql "SELECT status FROM lead WHERE id = $mates")" == 0/new

# --- one-tap action -------------------------------------------------------------
audit0=$(audit_max)
post_as "$T/rep" "/leads/$own/action" --data 'kind=called'
expect "POST action kind=called on own lead → 303" 303
# (lib.sh lower-cases headers)
check "back to the lead page with done=Recorded" test "$(location)" == "/leads/$own?done=recorded"
row=$(sql "SELECT kind, user_id, source_ip, TIMESTAMPDIFF(SECOND, at, UTC_TIMESTAMP(6)) < 60,
                  COALESCE(customer_id, 'null')
           FROM activity WHERE id > $act0 AND lead_id = $own")
if [[ $row == "called	$me	127.0.0.1	1	null" ]]; then ok "activity row: called, by rep_east1, now, from 127.0.0.1"
else fail "activity row: called, by rep_east1, now, from 127.0.0.1" "got: $row"; fi
row=$(sql "SELECT status, first_response_at IS NOT NULL FROM lead WHERE id = $own")
check "lead status new → contacted, first_response_at set" test "$row" == $'contacted\t1'
first=$(sql "SELECT first_response_at FROM lead WHERE id = $own")
check "audit row activity.create for the lead" \
  test "$(audit_count "$audit0" "action = 'activity.create' AND object_id = $own AND actor_login = 'rep_east1'")" == 1
req GET "/leads/$own?done=Recorded" -b "$T/rep"
if grep -q '已记录' <<<"$BODY" && grep -q '<strong>已电话沟通</strong> · 张伟' <<<"$BODY"; then
  ok "lead page shows 已记录 and the timeline entry 已电话沟通 · 张伟"
else fail "lead page shows 已记录 and the timeline entry 已电话沟通 · 张伟"; fi
sleep 1
post_as "$T/rep" "/leads/$own/action" --data 'kind=message'
expect "a second action (message) → 303" 303
check "first_response_at stays the first response" \
  test "$(sql "SELECT first_response_at FROM lead WHERE id = $own")" == "$first"

n0=$(sql "SELECT COUNT(*) FROM activity")
post_as "$T/rep" "/leads/$own/action" --data 'kind=bogus'
expect "unknown kind → 400" 400
post_as "$T/rep" "/leads/$own/action" --data 'kind=visit_record'
expect "kind=visit_record through the one-tap action → 400" 400
post_as "$T/rep" "/leads/$own/action"
expect "no kind → 400" 400
check "no activity from refused actions" test "$(sql "SELECT COUNT(*) FROM activity")" == "$n0"

# --- visit record -----------------------------------------------------------------
post_as "$T/rep" "/leads/$own/visit" --data-urlencode 'core_need=' --data-urlencode 'next_step=下周再约'
expect "visit with an empty core_need → 400" 400
if grep -q '<p class="error" id="e-core_need">此项必填' <<<"$BODY" && grep -q '>下周再约</textarea>' <<<"$BODY"; then
  ok "visit: 此项必填 beside core_need, next_step kept"
else fail "visit: 此项必填 beside core_need, next_step kept" "$(grep -n 'class="error"' <<<"$BODY" || true)"; fi
post_as "$T/rep" "/leads/$own/visit" --data-urlencode 'detail=只写了细节'
expect "visit with neither core_need nor next_step → 400" 400
if grep -q 'id="e-core_need">此项必填' <<<"$BODY" && grep -q 'id="e-next_step">此项必填' <<<"$BODY" \
   && grep -q '>只写了细节</textarea>' <<<"$BODY"; then
  ok "visit: both messages shown, detail kept"
else fail "visit: both messages shown, detail kept" "$(grep -n 'class="error"' <<<"$BODY" || true)"; fi
check "no activity from refused visits" test "$(sql "SELECT COUNT(*) FROM activity")" == "$n0"
post_as "$T/rep" "/leads/$own/visit" --data-urlencode 'core_need=希望年底前完成设备更新' \
  --data-urlencode 'next_step=周五上门演示' --data-urlencode 'detail=信息科主任在场'
expect "visit with core_need and next_step → 303" 303
row=$(sql "SELECT kind, user_id, core_need, next_step, detail, source_ip FROM activity
           WHERE lead_id = $own ORDER BY id DESC LIMIT 1")
check "activity visit_record with core_need, next_step, detail" \
  test "$row" == "visit_record	$me	希望年底前完成设备更新	周五上门演示	信息科主任在场	127.0.0.1"

# --- conversion ---------------------------------------------------------------------
read -r lname lcomp lphone < <(sql "SELECT name, company, phone FROM lead WHERE id = $own" | tr '\t' ' ')
audit0=$(audit_max)
cust0=$(sql "SELECT COALESCE(MAX(id), 0) FROM customer")
post_as "$T/rep" "/leads/$own/convert"
expect "convert own lead → 303" 303
cust=$(sql "SELECT COALESCE(customer_id, 0) FROM lead WHERE id = $own")
check "redirect to the new customer (/customers/$cust?done=Converted)" test "$(location)" == "/customers/$cust?done=converted"
row=$(sql "SELECT status, customer_id > $cust0, deal_id IS NOT NULL, owner_id FROM lead WHERE id = $own")
check "lead: status converted, customer and deal set, owner kept" test "$row" == "converted	1	1	$me"
row=$(sql "SELECT name, owner_id, region_id FROM customer WHERE id = $cust")
check "customer named after the company ($lcomp), owned by rep_east1, region EAST" \
  test "$row" == "$lcomp	$me	$east"
row=$(sql "SELECT COUNT(*), SUM(is_key), MIN(name), MIN(phone) FROM contact WHERE customer_id = $cust")
check "one key contact with the lead's name and phone" test "$row" == "1	1	$lname	$lphone"
row=$(sql "SELECT p.code, s.position, s.name, d.owner_id, d.region_id, d.id = l.deal_id
           FROM deal d JOIN stage s ON s.id = d.stage_id JOIN pipeline p ON p.id = d.pipeline_id
           JOIN lead l ON l.id = $own WHERE d.customer_id = $cust")
check "one deal in stage 1 接触 of the standard pipeline, rep_east1's, EAST" \
  test "$row" == "standard	1	接触	$me	$east	1"
check "audit lead.convert" \
  test "$(audit_count "$audit0" "action = 'lead.convert' AND object_type = 'lead' AND object_id = $own AND actor_login = 'rep_east1'")" == 1
check "audit customer.create" \
  test "$(audit_count "$audit0" "action = 'customer.create' AND object_id = $cust")" == 1

post_as "$T/rep" "/leads/$own/convert"
expect "converting again → 409" 409
check "still one customer and one deal from the lead" \
  test "$(sql "SELECT COUNT(*) FROM customer WHERE id > $cust0")/$(sql "SELECT COUNT(*) FROM deal WHERE customer_id = $cust")" == 1/1
post_as "$T/rep" "/leads/$own/status" --data 'status=qualified'
expect "setting a converted lead's status by hand → 409" 409
req GET "/leads/$own" -b "$T/rep"
if [[ $STATUS == 200 ]] && ! grep -q "/leads/$own/convert" <<<"$BODY" && grep -q "href=\"/customers/$cust\"" <<<"$BODY"; then
  ok "converted lead page: no convert button, a link to the customer"
else fail "converted lead page: no convert button, a link to the customer" "status $STATUS"; fi

# --- customers ----------------------------------------------------------------------------
req GET "/customers/$cust?done=Converted" -b "$T/rep"
expect "rep_east1 GET /customers/$cust → 200" 200
miss=''
grep -q "<h1>$lcomp" <<<"$BODY" || miss+=' name'
grep -q "<strong>$lname</strong>" <<<"$BODY" || miss+=' contact'
grep -q '关键人' <<<"$BODY" || miss+=' key-badge'
grep -q "$lcomp · " <<<"$BODY" || miss+=' deal'
grep -q '标准销售流程 · 接触' <<<"$BODY" || miss+=' stage'
grep -q '线索已转为客户' <<<"$BODY" || miss+=' flash'
if [[ -z $miss ]]; then ok "customer page: name, key contact, deal in 标准销售流程 · 接触, flash"
else fail "customer page: name, key contact, deal in 标准销售流程 · 接触, flash" "missing:$miss"; fi
req GET /customers -b "$T/rep"
check "the converted customer is in rep_east1's /customers" grep -q "href=\"/customers/$cust\"" <<<"$BODY"
req GET "/customers/$cust" -b "$T/fin"
expect "finance1 (read all) sees the customer" 200

login "$T/south" rep_south1
south_own=$(sql "SELECT id FROM lead WHERE owner_id = $(user_id rep_south1) AND status = 'new' ORDER BY id LIMIT 1")
post_as "$T/south" "/leads/$south_own/convert"
expect "rep_south1 converts own lead → 303" 303
scust=$(sql "SELECT COALESCE(customer_id, 0) FROM lead WHERE id = $south_own")
req GET "/customers/$scust" -b "$T/rep"
expect "rep_east1 GET a 华南 customer → 404" 404
post_as "$T/rep" "/customers/$scust/action" --data 'kind=called'
expect "rep_east1 POST action on a 华南 customer → 404" 404
req GET /customers -b "$T/rep"
if grep -q "href=\"/customers/$scust\"" <<<"$BODY"; then fail "the 华南 customer is not in rep_east1's /customers"
else ok "the 华南 customer is not in rep_east1's /customers"; fi

# --- filters, each compared with SQL (after the actions, so statuses vary) ------
# one more of rep_east1's leads contacted, so status=contacted has something to find
own2=$(sql "SELECT id FROM lead WHERE owner_id = $me AND status = 'new' ORDER BY id LIMIT 1")
post_as "$T/rep" "/leads/$own2/action" --data 'kind=demo_done'
check "an action on a second own lead makes it contacted" \
  test "$STATUS/$(sql "SELECT status FROM lead WHERE id = $own2")" == 303/contacted
today=$(TZ=Asia/Shanghai date +%F)
from=$(TZ=Asia/Shanghai date -d '-12 days' +%F)
to=$(TZ=Asia/Shanghai date -d '-5 days' +%F)
check "readers' time zone is Asia/Shanghai (+08:00 below)" \
  test "$(sql "SELECT DISTINCT time_zone FROM users WHERE login IN ('rep_east1', 'ops')")" == Asia/Shanghai
local_day="DATE(CONVERT_TZ(l.created_at, '+00:00', '+08:00'))"
same_list "filter tier=high" "$T/ops" "tier=high" "l.tier = 'high'"
same_list "filter tier=low (rep_east1, within the region)" "$T/rep" "tier=low" \
  "l.tier = 'low' AND (l.region_id = $east OR l.owner_id = $me)"
same_list "filter status=new" "$T/ops" "status=new" "l.status = 'new'"
same_list "filter status=contacted" "$T/ops" "status=contacted" "l.status = 'contacted'"
same_list "filter status=converted" "$T/ops" "status=converted" "l.status = 'converted'"
same_list "filter channel=douyin" "$T/ops" "channel=$douyin" "l.channel_id = $douyin"
same_list "filter owner=me (rep_east1)" "$T/rep" "owner=me" "l.owner_id = $me"
same_list "filter owner=none" "$T/ops" "owner=none" "l.owner_id IS NULL"
same_list "filter owner=none (rep_east1: unassigned 华东 leads)" "$T/rep" "owner=none" \
  "l.owner_id IS NULL AND l.region_id = $east"
same_list "filter region=华南" "$T/ops" "region=$south" "l.region_id = $south"
same_list "filter region=华南 cannot widen rep_east1's scope" "$T/rep" "region=$south" \
  "l.region_id = $south AND (l.region_id = $east OR l.owner_id = $me)"
same_list "filter q=医院 (name or company)" "$T/ops" "q=%E5%8C%BB%E9%99%A2" \
  "(l.name LIKE '%医院%' OR l.company LIKE '%医院%')"
same_list "filter q=% is a literal %, not a wildcard" "$T/ops" "q=%25" \
  "(l.name LIKE '%\\%%' OR l.company LIKE '%\\%%')"
same_list "filter from=$from" "$T/ops" "from=$from" "$local_day >= '$from'"
same_list "filter to=$to (inclusive)" "$T/ops" "to=$to" "$local_day <= '$to'"
same_list "filter from=$from&to=$to" "$T/ops" "from=$from&to=$to" "$local_day BETWEEN '$from' AND '$to'"
same_list "filter from=to=$today" "$T/ops" "from=$today&to=$today" "$local_day = '$today'"
same_list "filters combined: tier=high&status=new&region=华东&q=公司" "$T/ops" \
  "tier=high&status=new&region=$east&q=%E5%85%AC%E5%8F%B8" \
  "l.tier = 'high' AND l.status = 'new' AND l.region_id = $east AND (l.name LIKE '%公司%' OR l.company LIKE '%公司%')"
req GET "/leads?tier=urgent" -b "$T/ops"
expect "unknown tier → 400" 400
req GET "/leads?from=2026-02-31" -b "$T/ops"
expect "impossible date → 400" 400
req GET "/leads?after=abc" -b "$T/ops"
if [[ $STATUS =~ ^[24] ]]; then ok "after=abc → not 5xx ($STATUS)"
else fail "after=abc → not 5xx" "status $STATUS"; fi
