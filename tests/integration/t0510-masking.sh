#!/usr/bin/env bash
# R8.2 field policies — a leak matrix.  Records with clear values that appear
# nowhere else are made as root; then every demo login fetches every page that
# shows leads, customers or contacts today (lists, searches, record pages, and
# a POST that fails validation and shows the page again), and each response is
# searched for each clear value.  The expectation is computed here from the
# default policies (sql/0008, restated below as the requirement says them) and
# the org chart / scopes as they are in the database: a clear value appears
# only for the people the policy allows, a masked one has the mask's shape,
# and a record outside the reader's scope is a 404 (403 without the
# capability).  Then: reveal (200 with a reason, audited, that response only),
# view-as (the admin sees exactly rep_east1's masks), the audit view and its
# CSV (no clear value), the staff JSON API (every role through a personal
# token: the same expectations as the pages), the deals pipeline (F1: the
# deal list, the board, the deal page and a move refused on it, and their
# API faces — deal.amount and the customer's contact shown there, role by
# role), the CSV import's duplicate check (no oracle for masked
# or out-of-scope values), and a policy change through /admin/policies
# reaching every worker within 30 s (restored after).
# Adds two leads (source test:t0510), two customers, a contact and two deals.
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

LOGINS=(admin ops director mgr_east mgr_south lead_east rep_east1 rep_east2 rep_east_new
        rep_south1 rep_expired presales1 finance1 legal1 csm1 auditor1)

# --- the test records ----------------------------------------------------------------------
# field key → policy, record (whose owner decides), signed (condition), clear value, mask
declare -A POL REC SIGNED CLEAR MASK
field() { POL[$1]=$2 REC[$1]=$3 SIGNED[$1]=$4 CLEAR[$1]=$5 MASK[$1]=$6; }
field l1.phone    lead.phone            L1 0 13912349876              '139****9876'
field l1.email    lead.email            L1 0 leak.test.1@example.org  'l***@example.org'
field l2.phone    lead.phone            L2 0 13712345432              '137****5432'
field l2.email    lead.email            L2 0 leak.test.2@example.org  'l***@example.org'
field c1.phone    customer.phone        C  0 15912340011              '159****0011'
field c1.email    customer.email        C  0 c.leak.test.3@example.org 'c***@example.org'
field c1.budget   customer.budget       C  0 750000.00                '50万–100万'
field c1.bank     customer.bank_account C  0 6222020200112233445      '（已隐藏）'
field k1.title    contact.title         C  0 采购决策人               ''
field k1.phone    contact.phone         C  0 18612340022              '186****0022'
field k1.email    contact.email         C  0 k.leak.test.4@example.org 'k***@example.org'
field d1.amount   deal.amount           C  0 456789.00                '10万–50万'
field c2.budget   customer.budget       C  1 321000.00                ''
field d2.amount   deal.amount           C  1 1234567.00               ''
FIELDS=(l1.phone l1.email l2.phone l2.email c1.phone c1.email c1.budget c1.bank
        k1.title k1.phone k1.email d1.amount c2.budget d2.amount)

# The default policies as the requirement states them: person rules (owner,
# superior = the owner's direct superior, above = any manager above the
# owner), role:<code> (always), cond:signed (the deal reached its last stage).
declare -A RULES=(
  [lead.phone]="owner superior"           [customer.phone]="owner superior"
  [contact.phone]="owner superior"        [lead.email]="owner superior above"
  [customer.email]="owner superior above" [contact.email]="owner superior above"
  [contact.title]="owner superior above"  [customer.budget]="role:finance cond:signed"
  [deal.amount]="role:finance cond:signed" [customer.bank_account]="role:finance"
)
# allows POLICY ROLE DEPTH SIGNED (depth: the owner's depth below the viewer,
# 0 = the viewer owns it, -1 = not below)
allows() {
  local rules=" ${RULES[$1]} " role=$2 depth=$3 signed=$4
  [[ $rules == *" role:$role "* ]] && return 0
  [[ $rules == *" cond:signed "* && $signed != 1 ]] && return 1
  if [[ $rules != *" owner "* && $rules != *" superior "* && $rules != *" above "* ]]; then
    [[ $rules == *" cond:"* ]]; return   # a condition alone opens it to every reader
  fi
  [[ $rules == *" owner "* && $depth == 0 ]] && return 0
  [[ $rules == *" superior "* && $depth == 1 ]] && return 0
  [[ $rules == *" above "* && $depth -ge 1 ]] && return 0
  return 1
}

id_of() { sql "SELECT id FROM $1 WHERE $2"; }
EAST=$(id_of region "code = 'EAST'") SOUTH=$(id_of region "code = 'SOUTH'")
OWNER1=$(user_id rep_east2) OWNER2=$(user_id rep_south1)

# a kept environment (tests/run --keep, tools/env.sh): forget an earlier run's records
old_l="SELECT id FROM lead WHERE source = 'test:t0510'"
old_c="SELECT id FROM customer WHERE name IN ('泄漏测试客户一', '泄漏测试客户二')"
sql "DELETE FROM field_reveal WHERE (object = 'lead' AND object_id IN ($old_l))
       OR (object = 'customer' AND object_id IN ($old_c));
     DELETE FROM activity WHERE lead_id IN ($old_l) OR customer_id IN ($old_c);
     DELETE FROM lead WHERE source = 'test:t0510';
     DELETE FROM contact WHERE customer_id IN ($old_c);
     DELETE FROM deal WHERE customer_id IN ($old_c);
     DELETE FROM customer WHERE name IN ('泄漏测试客户一', '泄漏测试客户二')"

# the clear values must be nowhere else, or a match would prove nothing
n=$(sql "SELECT (SELECT COUNT(*) FROM lead WHERE phone IN ('${CLEAR[l1.phone]}', '${CLEAR[l2.phone]}',
          '${CLEAR[c1.phone]}', '${CLEAR[k1.phone]}') OR email LIKE '%leak.test.%')
       + (SELECT COUNT(*) FROM customer WHERE phone IN ('${CLEAR[c1.phone]}', '${CLEAR[l1.phone]}')
          OR email LIKE '%leak.test.%' OR bank_account = '${CLEAR[c1.bank]}')
       + (SELECT COUNT(*) FROM contact WHERE phone = '${CLEAR[k1.phone]}' OR email LIKE '%leak.test.%'
          OR title = '${CLEAR[k1.title]}')")
check "the test's clear values are in no other record" test "$n" == 0

new_lead() {   # new_lead NAME COMPANY PHONE EMAIL REGION_CODE REGION_ID OWNER_ID → id
  sql "INSERT INTO lead (channel_id, name, phone, phone_norm, email, company, company_norm,
         region_code, region_id, tier, status, owner_id, source, sla_due_at, created_at, updated_at)
       VALUES ((SELECT id FROM channel WHERE code = 'website'), '$1', '$3', '$3', '$4', '$2', '$2',
         '$5', $6, 'medium', 'new', $7, 'test:t0510', UTC_TIMESTAMP(6) + INTERVAL 1 DAY,
         UTC_TIMESTAMP(6), UTC_TIMESTAMP(6));
       SELECT LAST_INSERT_ID()"
}
new_customer() {   # new_customer NAME PHONE EMAIL BUDGET BANK → id (owner rep_east2, EAST)
  sql "INSERT INTO customer (name, name_norm, owner_id, region_id, region_code, industry, phone,
         email, budget, bank_account, created_at, updated_at)
       VALUES ('$1', '$1', $OWNER1, $EAST, '310101', 'medical', NULLIF('$2', ''), NULLIF('$3', ''),
         $4, NULLIF('$5', ''), UTC_TIMESTAMP(6), UTC_TIMESTAMP(6));
       SELECT LAST_INSERT_ID()"
}
new_deal() {   # new_deal CUSTOMER PIPELINE_CODE first|last AMOUNT → id
  local pos="= 1"
  [[ $3 == last ]] && pos="= (SELECT MAX(s2.position) FROM stage s2 WHERE s2.pipeline_id = p.id)"
  sql "INSERT INTO deal (customer_id, pipeline_id, stage_id, owner_id, region_id, name, amount,
         stage_entered_at, created_at, updated_at)
       SELECT $1, p.id, s.id, $OWNER1, $EAST, '泄漏测试商机', $4, UTC_TIMESTAMP(6),
         UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)
       FROM pipeline p JOIN stage s ON s.pipeline_id = p.id AND s.position $pos WHERE p.code = '$2';
       SELECT LAST_INSERT_ID()"
}
L1=$(new_lead 泄漏测试甲 泄漏测试公司甲 "${CLEAR[l1.phone]}" "${CLEAR[l1.email]}" 310101 "$EAST" "$OWNER1")
L2=$(new_lead 泄漏测试乙 泄漏测试公司乙 "${CLEAR[l2.phone]}" "${CLEAR[l2.email]}" 440106 "$SOUTH" "$OWNER2")
C1=$(new_customer 泄漏测试客户一 "${CLEAR[c1.phone]}" "${CLEAR[c1.email]}" "${CLEAR[c1.budget]}" "${CLEAR[c1.bank]}")
C2=$(new_customer 泄漏测试客户二 '' '' "${CLEAR[c2.budget]}" '')
K1=$(sql "INSERT INTO contact (customer_id, name, title, phone, email, is_key, decision_maker, created_at)
          VALUES ($C1, '联系人测一', '${CLEAR[k1.title]}', '${CLEAR[k1.phone]}', '${CLEAR[k1.email]}',
            1, 1, UTC_TIMESTAMP(6));
          SELECT LAST_INSERT_ID()")
D1=$(new_deal "$C1" standard first "${CLEAR[d1.amount]}")
D2=$(new_deal "$C2" hospital last "${CLEAR[d2.amount]}")
if [[ $L1 =~ ^[0-9]+$ && $L2 =~ ^[0-9]+$ && $C1 =~ ^[0-9]+$ && $C2 =~ ^[0-9]+$ && $K1 =~ ^[0-9]+$ \
      && $D1 =~ ^[0-9]+$ && $D2 =~ ^[0-9]+$ ]]; then
  ok "test records made (leads $L1 $L2, customers $C1 $C2, contact $K1, deals $D1 $D2)"
else
  fail "test records made" "L1=$L1 L2=$L2 C1=$C1 C2=$C2 K1=$K1 D1=$D1 D2=$D2"
  exit 1
fi
n=$(sql "SELECT COUNT(*) FROM deal d JOIN stage s ON s.id = d.stage_id WHERE d.id = $D2
           AND s.position = (SELECT MAX(position) FROM stage WHERE pipeline_id = d.pipeline_id)")
check "deal $D2 is in the last stage of its pipeline (signed), deal $D1 in the first" test "$n" == 1

# --- what each login may do, from the database (user_scope_sql's rules) --------------------
# scope_sql SCOPE OWNER REGION: 1 when the viewer (users u) reaches such a record
scope_sql() {
  echo "(CASE $1 WHEN 'all' THEN 1 WHEN 'own' THEN $2 = u.id
     WHEN 'team' THEN u.team_id IS NOT NULL AND ($2 IN (SELECT id FROM users WHERE team_id = u.team_id) OR $2 = u.id)
     WHEN 'subtree' THEN EXISTS (SELECT 1 FROM user_tree t WHERE t.ancestor_id = u.id AND t.descendant_id = $2)
     WHEN 'region' THEN u.region_id IS NOT NULL AND ($3 = u.region_id OR $2 = u.id)
     ELSE 0 END)"
}
cap_sql() { echo "EXISTS (SELECT 1 FROM role_capability c WHERE c.role_id = r.id AND c.cap = '$1')"; }
depth_sql() { echo "COALESCE((SELECT t.depth FROM user_tree t WHERE t.ancestor_id = u.id AND t.descendant_id = $1), -1)"; }
declare -A ROLE CAN READ EDIT DEPTH
while IFS=$'\t' read -r login role c_lr c_le c_cr c_ce c_fr c_ar c_ae r1 e1 d1 r2 e2 d2 rc ec dc; do
  ROLE[$login]=$role
  CAN[$login.lead.read]=$c_lr CAN[$login.lead.edit]=$c_le CAN[$login.customer.read]=$c_cr
  CAN[$login.customer.edit]=$c_ce CAN[$login.field.reveal]=$c_fr
  CAN[$login.audit.read]=$c_ar CAN[$login.audit.export]=$c_ae
  READ[$login.L1]=$r1 EDIT[$login.L1]=$e1 DEPTH[$login.L1]=$d1
  READ[$login.L2]=$r2 EDIT[$login.L2]=$e2 DEPTH[$login.L2]=$d2
  READ[$login.C]=$rc EDIT[$login.C]=$ec DEPTH[$login.C]=$dc
done < <(sql "SELECT u.login, r.code, $(cap_sql lead.read), $(cap_sql lead.edit),
    $(cap_sql customer.read), $(cap_sql customer.edit), $(cap_sql field.reveal),
    $(cap_sql audit.read), $(cap_sql audit.export),
    $(scope_sql r.read_scope "$OWNER1" "$EAST"), $(scope_sql r.edit_scope "$OWNER1" "$EAST"), $(depth_sql "$OWNER1"),
    $(scope_sql r.read_scope "$OWNER2" "$SOUTH"), $(scope_sql r.edit_scope "$OWNER2" "$SOUTH"), $(depth_sql "$OWNER2"),
    $(scope_sql r.read_scope "$OWNER1" "$EAST"), $(scope_sql r.edit_scope "$OWNER1" "$EAST"), $(depth_sql "$OWNER1")
  FROM users u JOIN role r ON r.id = u.role_id")
# visible LOGIN FIELD: the policy shows LOGIN the clear value
visible() {
  local f=$2
  allows "${POL[$f]}" "${ROLE[$1]}" "${DEPTH[$1.${REC[$f]}]}" "${SIGNED[$f]}"
}
# sanity: the org chart the expectations rest on (a broken chart would make them vacuous)
check "rep_east2's direct superior is lead_east (depth 1)" test "${DEPTH[lead_east.L1]}" == 1
check "mgr_east and director are above rep_east2" test "${DEPTH[mgr_east.L1]}${DEPTH[director.L1]}" == 23
check "rep_south1's direct superior is mgr_south" test "${DEPTH[mgr_south.L2]}" == 1
# the deals pipeline (F1): a deal's scope and depth are its owner's and
# region's, as for the customer C (the test deals have C's owner and region)
while IFS=$'\t' read -r login c_dr c_de; do
  CAN[$login.deal.read]=$c_dr CAN[$login.deal.edit]=$c_de
done < <(sql "SELECT u.login, $(cap_sql deal.read), $(cap_sql deal.edit) FROM users u JOIN role r ON r.id = u.role_id")
STD=$(id_of pipeline "code = 'standard'") HOSP=$(id_of pipeline "code = 'hospital'")
S2=$(id_of stage "pipeline_id = $STD AND position = 2")

# --- signing in, one cookie jar per login -------------------------------------------------
# fetch METHOD PATH CURL-ARGS...: $STATUS and $BODY in one process (hundreds of
# requests: lib.sh's req costs five processes each)
fetch() {
  local m=$1 p=$2 out
  shift 2
  out=$(curl -sS --max-time 30 -X "$m" -w '\n%{http_code}' "$@" "$SG_URL$p" 2>&1) || true
  STATUS=${out##*$'\n'} BODY=${out%$'\n'*}
}
# get LOGIN PATH [CURL ARGS] / post LOGIN PATH ARGS...: as LOGIN (its jar and token)
get()  { local login=$1 p=$2; shift 2; fetch GET "$p" -b "$T/jar.$login" "$@"; }
post() {
  local login=$1 p=$2
  shift 2
  fetch POST "$p" -b "$T/jar.$login" -H "Origin: $SG_URL" --data-urlencode "_csrf=${TOK[$login]}" "$@"
}
START=$(date +%s)
declare -A TOK
for login in "${LOGINS[@]}"; do
  curl -sS -o /dev/null -w '%{http_code}' --max-time 30 -c "$T/jar.$login" -H "Origin: $SG_URL" \
    --data-urlencode "login=$login" --data-urlencode "password=$DEMO_PW" "$SG_URL/login" \
    >"$T/signin.$login" 2>&1 &
done
wait
for login in "${LOGINS[@]}"; do
  TOK[$login]=
  STATUS=$(<"$T/signin.$login")
  if [[ $STATUS == 303 ]]; then
    get "$login" /
    [[ $BODY =~ name=\"_csrf\"\ value=\"([^\"]*)\" ]] && TOK[$login]=${BASH_REMATCH[1]}
    if [[ -n ${TOK[$login]} ]]; then ok "$login signs in"
    else fail "$login signs in" "no _csrf on the start page (status $STATUS)"; fi
  else fail "$login signs in" "status $STATUS"; fi
done

# --- the matrix -------------------------------------------------------------------------------
has() { [[ $BODY == *"$1"* ]]; }

# expect_status LOGIN OUTPUT WANT
expect_status() {
  if [[ $STATUS == "$3" ]]; then ok "$1 $2 → $3"
  else fail "$1 $2 → $3" "status $STATUS" "${BODY:0:200}"; fi
}
# want_status CAP-OK SCOPE-OK OK-STATUS → $WANT: what a page should answer
want_status() { if [[ $1 != 1 ]]; then WANT=403; elif [[ $2 != 1 ]]; then WANT=404; else WANT=$3; fi; }

# check_field LOGIN OUTPUT FIELD SHOWN: SHOWN=1 when the page shows that field
# (it rendered and the record is on it), 0 when it should not show it at all
check_field() {
  local login=$1 out=$2 f=$3 shown=$4 clear=${CLEAR[$3]} mask=${MASK[$3]} name
  name="$login $out: $f (${POL[$f]})"
  if visible "$login" "$f"; then
    if [[ $shown != 1 ]]; then ok "$name (may see it; not on this page)"
    elif has "$clear"; then ok "$name in clear ($clear), as the policy allows"
    else fail "$name in clear, as the policy allows" "$clear not in the page (status $STATUS)"; fi
  elif has "$clear"; then
    fail "$name never in clear" "LEAK: $clear is in the response (status $STATUS)" \
      "$(grep -o ".\{0,80\}$clear.\{0,40\}" <<<"$BODY" | head -n 2)"
  elif [[ $shown == 1 && -n $mask ]]; then
    if has "$mask"; then ok "$name masked ($mask)"
    else fail "$name masked ($mask)" "no clear value, but the mask is missing (status $STATUS)"; fi
  else ok "$name not in clear"
  fi
}
# no_others LOGIN OUTPUT FIELD...: no other record's clear value is in the page
no_others() {
  local login=$1 out=$2 f bad=() what="no other record's clear value"
  shift 2
  (( $# )) || what="no clear value"
  for f in "${FIELDS[@]}"; do
    [[ " $* " == *" $f "* ]] && continue
    has "${CLEAR[$f]}" && bad+=("$f=${CLEAR[$f]}")
  done
  if (( ${#bad[@]} == 0 )); then ok "$login $out: $what"
  else fail "$login $out: $what" "LEAK: ${bad[*]}"; fi
}
# listed LOGIN OUTPUT WHAT NEEDLE WANT: the record is (1) / is not (0) in the list
listed() {
  local got=0 w=listed
  has "$4" && got=1
  [[ $5 == 1 ]] || w="not listed"
  if [[ $got == "$5" ]]; then ok "$1 $2: $3 $w"
  else fail "$1 $2: $3 $w" "needle $4 (status $STATUS)"; fi
}
# strip_echo Q: drop the search box's echo of what the viewer typed
strip_echo() { BODY=${BODY//"value=\"$1\""/}; }

declare -A NAME=([L1]=泄漏测试甲 [L2]=泄漏测试乙 [C1]=泄漏测试客户一 [C2]=泄漏测试客户二
                 [D1]=泄漏测试商机 [D2]=泄漏测试商机)
# unseen LOGIN OUTPUT REC: a refused page (403/404) does not name the record either
unseen() {
  [[ $STATUS == 403 || $STATUS == 404 ]] || return 0
  if has "${NAME[$3]}"; then fail "$1 $2: the refusal does not name $3" "LEAK: ${NAME[$3]} in the page"
  else ok "$1 $2: the $STATUS page does not name $3"; fi
}

LEAD_FIELDS=(l1.phone l1.email l2.phone l2.email)
CUST_FIELDS=(c1.phone c1.email c1.budget c1.bank k1.title k1.phone k1.email d1.amount c2.budget d2.amount)
C1_FIELDS=(c1.phone c1.email c1.budget c1.bank k1.title k1.phone k1.email d1.amount)
K1_FIELDS=(k1.title k1.phone k1.email)

lead_matrix() {
  local login=$1 f g shown q lst found rec id
  # the list: no sensitive column, only the records in scope
  get "$login" /leads
  want_status "${CAN[$login.lead.read]}" 1 200
  expect_status "$login" "GET /leads" "$WANT"
  if [[ $STATUS == 200 ]]; then
    listed "$login" "GET /leads" "lead $L1" "href=\"/leads/$L1\"" "${READ[$login.L1]}"
    listed "$login" "GET /leads" "lead $L2" "href=\"/leads/$L2\"" "${READ[$login.L2]}"
  fi
  for f in "${LEAD_FIELDS[@]}"; do check_field "$login" "GET /leads" "$f" 0; done
  no_others "$login" "GET /leads" "${LEAD_FIELDS[@]}"
  # searching by a masked field finds nothing (no inference)
  for f in l1.phone l1.email; do
    q=${CLEAR[$f]}
    get "$login" /leads -G --data-urlencode "q=$q"
    strip_echo "$q"
    lst="GET /leads?q=<${POL[$f]} of L1>"
    want_status "${CAN[$login.lead.read]}" 1 200
  expect_status "$login" "$lst" "$WANT"
    if [[ $STATUS == 200 ]]; then
      if visible "$login" "$f"; then
        found=no; has "href=\"/leads/$L1\"" && found=yes
        ok "$login $lst: (may see it; found: $found)"
      else listed "$login" "$lst" "lead $L1 (no inference)" "href=\"/leads/$L1\"" 0; fi
    fi
    for g in "${LEAD_FIELDS[@]}"; do check_field "$login" "$lst" "$g" 0; done
    no_others "$login" "$lst" "${LEAD_FIELDS[@]}"
  done
  # the record pages, and the page shown again after a refused visit record
  for rec in L1 L2; do
    local id=${!rec} fs=("${rec,,}.phone" "${rec,,}.email")
    get "$login" "/leads/$id"
    want_status "${CAN[$login.lead.read]}" "${READ[$login.$rec]}" 200
    expect_status "$login" "GET /leads/<$rec>" "$WANT"
    unseen "$login" "GET /leads/<$rec>" "$rec"
    shown=0; [[ $STATUS == 200 ]] && shown=1
    for f in "${fs[@]}"; do check_field "$login" "GET /leads/<$rec>" "$f" "$shown"; done
    no_others "$login" "GET /leads/<$rec>" "${fs[@]}"

    post "$login" "/leads/$id/visit" --data-urlencode core_need= --data-urlencode next_step=
    want_status "${CAN[$login.lead.edit]}" "${EDIT[$login.$rec]}" 400
    expect_status "$login" "POST /leads/<$rec>/visit (empty)" "$WANT"
    unseen "$login" "POST /leads/<$rec>/visit" "$rec"
    shown=0; [[ $STATUS == 400 ]] && has "/leads/$id/visit" && shown=1
    for f in "${fs[@]}"; do check_field "$login" "POST /leads/<$rec>/visit" "$f" "$shown"; done
    no_others "$login" "POST /leads/<$rec>/visit" "${fs[@]}"
  done
}

customer_matrix() {
  local login=$1 f shown q found
  get "$login" /customers
  want_status "${CAN[$login.customer.read]}" 1 200
  expect_status "$login" "GET /customers" "$WANT"
  if [[ $STATUS == 200 ]]; then
    listed "$login" "GET /customers" "customer $C1" "href=\"/customers/$C1\"" "${READ[$login.C]}"
  fi
  for f in "${CUST_FIELDS[@]}"; do check_field "$login" "GET /customers" "$f" 0; done
  no_others "$login" "GET /customers" "${CUST_FIELDS[@]}"

  get "$login" "/customers/$C1"
  want_status "${CAN[$login.customer.read]}" "${READ[$login.C]}" 200
  expect_status "$login" "GET /customers/<C1>" "$WANT"
  unseen "$login" "GET /customers/<C1>" C1
  shown=0; [[ $STATUS == 200 ]] && shown=1
  for f in "${C1_FIELDS[@]}"; do check_field "$login" "GET /customers/<C1>" "$f" "$shown"; done
  no_others "$login" "GET /customers/<C1>" "${C1_FIELDS[@]}"

  post "$login" "/customers/$C1/visit" --data-urlencode core_need= --data-urlencode next_step=
  want_status "${CAN[$login.customer.edit]}" "${EDIT[$login.C]}" 400
  expect_status "$login" "POST /customers/<C1>/visit (empty)" "$WANT"
  unseen "$login" "POST /customers/<C1>/visit" C1
  shown=0; [[ $STATUS == 400 ]] && has "/customers/$C1/visit" && shown=1
  for f in "${C1_FIELDS[@]}"; do check_field "$login" "POST /customers/<C1>/visit" "$f" "$shown"; done
  no_others "$login" "POST /customers/<C1>/visit" "${C1_FIELDS[@]}"

  get "$login" "/customers/$C2"
  want_status "${CAN[$login.customer.read]}" "${READ[$login.C]}" 200
  expect_status "$login" "GET /customers/<C2> (signed)" "$WANT"
  unseen "$login" "GET /customers/<C2>" C2
  shown=0; [[ $STATUS == 200 ]] && shown=1
  for f in c2.budget d2.amount; do check_field "$login" "GET /customers/<C2>" "$f" "$shown"; done
  no_others "$login" "GET /customers/<C2>" c2.budget d2.amount

  get "$login" /contacts
  want_status "${CAN[$login.customer.read]}" 1 200
  expect_status "$login" "GET /contacts" "$WANT"
  shown=0
  if [[ $STATUS == 200 ]]; then
    listed "$login" "GET /contacts" "contact $K1" "联系人测一" "${READ[$login.C]}"
    has "联系人测一" && shown=1
  fi
  for f in "${K1_FIELDS[@]}"; do check_field "$login" "GET /contacts" "$f" "$shown"; done
  no_others "$login" "GET /contacts" "${K1_FIELDS[@]}"

  q=${CLEAR[k1.phone]}
  get "$login" /contacts -G --data-urlencode "q=$q"
  strip_echo "$q"
  want_status "${CAN[$login.customer.read]}" 1 200
  expect_status "$login" "GET /contacts?q=<contact.phone>" "$WANT"
  if [[ $STATUS == 200 ]]; then
    if visible "$login" k1.phone; then
      found=no; has 联系人测一 && found=yes
      ok "$login GET /contacts?q=<contact.phone>: (may see it; found: $found)"
    else listed "$login" "GET /contacts?q=<contact.phone>" "contact $K1 (no inference)" "联系人测一" 0; fi
  fi
  for f in "${K1_FIELDS[@]}"; do check_field "$login" "GET /contacts?q=<contact.phone>" "$f" 0; done
  no_others "$login" "GET /contacts?q=<contact.phone>" "${K1_FIELDS[@]}"
}

# matrix PART LOGIN...: PART_matrix for each login at once, output in order
matrix() {
  local part=$1 login pids=() i=0
  shift
  for login in "$@"; do
    "${part}_matrix" "$login" >"$T/out.$part.$login" 2>&1 &
    pids+=($!)
  done
  for login in "$@"; do
    if wait "${pids[i]}"; then cat "$T/out.$part.$login"
    else cat "$T/out.$part.$login"; fail "$part matrix of $login ended early"; fi
    i=$((i + 1))
  done
}
matrix lead "${LOGINS[@]}"
echo "# lead matrix done at $(( $(date +%s) - START )) s"

# --- the deals pipeline (F1): list, board, deal pages, a refused move -------------------------
# D1 (C1's, first stage, unsigned) and D2 (C2's, last stage: signed).  The
# deal page shows the amount and the customer's contacts (k1.title).
D1_FIELDS=(d1.amount k1.title)
deal_matrix() {
  local login=$1 f shown p rec id fs
  for p in "/deals?owner=$OWNER1" "/board?pipeline=$STD&owner=$OWNER1" "/board?pipeline=$HOSP&owner=$OWNER1"; do
    get "$login" "$p"
    want_status "${CAN[$login.deal.read]}" 1 200
    expect_status "$login" "GET $p" "$WANT"
    case $p in
      /deals*) fs=(d1.amount d2.amount) ;;
      *"=$STD&"*) fs=(d1.amount) ;;
      *) fs=(d2.amount) ;;
    esac
    shown=0
    if [[ $STATUS == 200 ]]; then
      [[ " ${fs[*]} " == *" d1.amount "* ]] && listed "$login" "GET $p" "deal $D1" "href=\"/deals/$D1\"" "${READ[$login.C]}"
      [[ " ${fs[*]} " == *" d2.amount "* ]] && listed "$login" "GET $p" "deal $D2" "href=\"/deals/$D2\"" "${READ[$login.C]}"
      shown=${READ[$login.C]}
    fi
    for f in "${fs[@]}"; do check_field "$login" "GET $p" "$f" "$shown"; done
    no_others "$login" "GET $p" "${fs[@]}"
  done
  for rec in D1 D2; do
    id=${!rec}
    fs=("${D1_FIELDS[@]}")
    [[ $rec == D2 ]] && fs=(d2.amount)
    get "$login" "/deals/$id"
    want_status "${CAN[$login.deal.read]}" "${READ[$login.C]}" 200
    expect_status "$login" "GET /deals/<$rec>" "$WANT"
    unseen "$login" "GET /deals/<$rec>" "$rec"
    shown=0; [[ $STATUS == 200 ]] && shown=1
    for f in "${fs[@]}"; do check_field "$login" "GET /deals/<$rec>" "$f" "$shown"; done
    no_others "$login" "GET /deals/<$rec>" "${fs[@]}"
  done
  # the deal page shown again: no target stage (400), and an advance with its
  # exit conditions unmet (409, refused and audited, nothing moves)
  post "$login" "/deals/$D1/move"
  want_status "${CAN[$login.deal.edit]}" "${EDIT[$login.C]}" 400
  expect_status "$login" "POST /deals/<D1>/move (no stage)" "$WANT"
  unseen "$login" "POST /deals/<D1>/move" D1
  shown=0; [[ $STATUS == 400 ]] && has "/deals/$D1/move" && shown=1
  for f in "${D1_FIELDS[@]}"; do check_field "$login" "POST /deals/<D1>/move (no stage)" "$f" "$shown"; done
  no_others "$login" "POST /deals/<D1>/move (no stage)" "${D1_FIELDS[@]}"
  post "$login" "/deals/$D1/move" --data-urlencode "to=$S2"
  want_status "${CAN[$login.deal.edit]}" "${EDIT[$login.C]}" 409
  expect_status "$login" "POST /deals/<D1>/move to=<next> (unmet)" "$WANT"
  unseen "$login" "POST /deals/<D1>/move to=<next>" D1
  shown=0; [[ $STATUS == 409 ]] && has "/deals/$D1/move" && shown=1
  for f in "${D1_FIELDS[@]}"; do check_field "$login" "POST /deals/<D1>/move to=<next>" "$f" "$shown"; done
  no_others "$login" "POST /deals/<D1>/move to=<next>" "${D1_FIELDS[@]}"
}
matrix deal "${LOGINS[@]}"
check "no test deal moved" test "$(sql "SELECT COUNT(*) FROM deal WHERE id = $D1 AND stage_id = $S2")" == 0
echo "# deal matrix done at $(( $(date +%s) - START )) s"

# --- the staff JSON API (issue 11): the same matrix through /api/v1/ ---------------------------
# Each login makes a personal token on /profile and reads the same records
# as JSON; the JSON face of a page serialises the page's (masked) data, so
# the expectations are the page's.  GET /api/v1/customers/<C1> is also read
# with the cookie.
declare -A APITOK
api_get() { local login=$1 p=$2; shift 2; fetch GET "$p" -H "Authorization: Bearer ${APITOK[$login]}" "$@"; }
api_post() { local login=$1 p=$2; shift 2; fetch POST "$p" -H "Authorization: Bearer ${APITOK[$login]}" "$@"; }
api_matrix() {
  local login=$1 f shown rec id q lst
  post "$login" /profile/tokens --data-urlencode "name=t0510 $login"
  [[ $BODY =~ (sgp_[0-9a-f]{64}) ]] && APITOK[$login]=${BASH_REMATCH[1]}
  if [[ -n ${APITOK[$login]} ]]; then ok "$login makes an API token"
  else fail "$login makes an API token" "status $STATUS"; return 0; fi

  api_get "$login" /api/v1/leads
  want_status "${CAN[$login.lead.read]}" 1 200
  expect_status "$login" "GET /api/v1/leads" "$WANT"
  if [[ $STATUS == 200 ]]; then
    listed "$login" "GET /api/v1/leads" "lead $L1" "\"id\":$L1," "${READ[$login.L1]}"
    listed "$login" "GET /api/v1/leads" "lead $L2" "\"id\":$L2," "${READ[$login.L2]}"
  fi
  for f in "${LEAD_FIELDS[@]}"; do check_field "$login" "GET /api/v1/leads" "$f" 0; done
  no_others "$login" "GET /api/v1/leads" "${LEAD_FIELDS[@]}"
  q=${CLEAR[l1.phone]}
  api_get "$login" /api/v1/leads -G --data-urlencode "q=$q"
  lst="GET /api/v1/leads?q=<lead.phone of L1>"
  expect_status "$login" "$lst" "$WANT"
  if [[ $STATUS == 200 ]] && ! visible "$login" l1.phone; then
    listed "$login" "$lst" "lead $L1 (no inference)" "\"id\":$L1," 0
  fi
  for f in "${LEAD_FIELDS[@]}"; do check_field "$login" "$lst" "$f" 0; done

  for rec in L1 L2; do
    id=${!rec}
    local fs=("${rec,,}.phone" "${rec,,}.email")
    api_get "$login" "/api/v1/leads/$id"
    want_status "${CAN[$login.lead.read]}" "${READ[$login.$rec]}" 200
    expect_status "$login" "GET /api/v1/leads/<$rec>" "$WANT"
    unseen "$login" "GET /api/v1/leads/<$rec>" "$rec"
    shown=0; [[ $STATUS == 200 ]] && shown=1
    for f in "${fs[@]}"; do check_field "$login" "GET /api/v1/leads/<$rec>" "$f" "$shown"; done
    no_others "$login" "GET /api/v1/leads/<$rec>" "${fs[@]}"
    api_post "$login" "/api/v1/leads/$id/visits" --data-urlencode core_need= --data-urlencode next_step=
    want_status "${CAN[$login.lead.edit]}" "${EDIT[$login.$rec]}" 400
    expect_status "$login" "POST /api/v1/leads/<$rec>/visits (empty)" "$WANT"
    unseen "$login" "POST /api/v1/leads/<$rec>/visits" "$rec"
    for f in "${fs[@]}"; do check_field "$login" "POST /api/v1/leads/<$rec>/visits" "$f" 0; done
    no_others "$login" "POST /api/v1/leads/<$rec>/visits"
  done

  for rec in C1 C2; do
    id=${!rec}
    local cf=("${C1_FIELDS[@]}")
    [[ $rec == C2 ]] && cf=(c2.budget d2.amount)
    api_get "$login" "/api/v1/customers/$id"
    want_status "${CAN[$login.customer.read]}" "${READ[$login.C]}" 200
    expect_status "$login" "GET /api/v1/customers/<$rec>" "$WANT"
    unseen "$login" "GET /api/v1/customers/<$rec>" "$rec"
    shown=0; [[ $STATUS == 200 ]] && shown=1
    for f in "${cf[@]}"; do check_field "$login" "GET /api/v1/customers/<$rec>" "$f" "$shown"; done
    no_others "$login" "GET /api/v1/customers/<$rec>" "${cf[@]}"
  done
  get "$login" "/api/v1/customers/$C1"
  want_status "${CAN[$login.customer.read]}" "${READ[$login.C]}" 200
  expect_status "$login" "GET /api/v1/customers/<C1> (cookie)" "$WANT"
  shown=0; [[ $STATUS == 200 ]] && shown=1
  for f in "${C1_FIELDS[@]}"; do check_field "$login" "GET /api/v1/customers/<C1> (cookie)" "$f" "$shown"; done
  no_others "$login" "GET /api/v1/customers/<C1> (cookie)" "${C1_FIELDS[@]}"
  api_post "$login" "/api/v1/customers/$C1/visits" --data-urlencode core_need= --data-urlencode next_step=
  want_status "${CAN[$login.customer.edit]}" "${EDIT[$login.C]}" 400
  expect_status "$login" "POST /api/v1/customers/<C1>/visits (empty)" "$WANT"
  no_others "$login" "POST /api/v1/customers/<C1>/visits"

  # the deals pipeline's faces (F1): a deal, a refused move, tasks, today
  for rec in D1 D2; do
    id=${!rec}
    local df=("${D1_FIELDS[@]}")
    [[ $rec == D2 ]] && df=(d2.amount)
    api_get "$login" "/api/v1/deals/$id"
    want_status "${CAN[$login.deal.read]}" "${READ[$login.C]}" 200
    expect_status "$login" "GET /api/v1/deals/<$rec>" "$WANT"
    unseen "$login" "GET /api/v1/deals/<$rec>" "$rec"
    shown=0; [[ $STATUS == 200 ]] && shown=1
    for f in "${df[@]}"; do check_field "$login" "GET /api/v1/deals/<$rec>" "$f" "$shown"; done
    no_others "$login" "GET /api/v1/deals/<$rec>" "${df[@]}"
  done
  get "$login" "/api/v1/deals/$D1"
  want_status "${CAN[$login.deal.read]}" "${READ[$login.C]}" 200
  expect_status "$login" "GET /api/v1/deals/<D1> (cookie)" "$WANT"
  shown=0; [[ $STATUS == 200 ]] && shown=1
  for f in "${D1_FIELDS[@]}"; do check_field "$login" "GET /api/v1/deals/<D1> (cookie)" "$f" "$shown"; done
  no_others "$login" "GET /api/v1/deals/<D1> (cookie)" "${D1_FIELDS[@]}"
  api_post "$login" "/api/v1/deals/$D1/move" --data-urlencode "to=$S2"
  want_status "${CAN[$login.deal.edit]}" "${EDIT[$login.C]}" 409
  expect_status "$login" "POST /api/v1/deals/<D1>/move (unmet)" "$WANT"
  unseen "$login" "POST /api/v1/deals/<D1>/move" D1
  if [[ $STATUS == 409 ]]; then
    if [[ $BODY == '{"refused":"unmet","missing":[{'* ]]; then ok "$login POST /api/v1/deals/<D1>/move: the missing items"
    else fail "$login POST /api/v1/deals/<D1>/move: the missing items" "${BODY:0:200}"; fi
  fi
  no_others "$login" "POST /api/v1/deals/<D1>/move (unmet)"
  api_get "$login" /api/v1/tasks
  expect_status "$login" "GET /api/v1/tasks" 200
  no_others "$login" "GET /api/v1/tasks"
  api_get "$login" /api/v1/today
  # today is for everyone with customers (CSMs too, issue 9); each section
  # keeps its own capability
  want_status "${CAN[$login.customer.read]}" 1 200
  expect_status "$login" "GET /api/v1/today" "$WANT"
  no_others "$login" "GET /api/v1/today"
}
matrix api "${LOGINS[@]}"
sql "UPDATE api_token SET revoked_at = UTC_TIMESTAMP(6) WHERE name LIKE 't0510 %' AND revoked_at IS NULL"
echo "# API matrix done at $(( $(date +%s) - START )) s"

# out of scope looks like not there at all: the same 404 page
same404() {   # same404 LOGIN PATH-OF-RECORD PATH-OF-NOTHING
  local a b
  get "$1" "$2"; a=$STATUS:$BODY
  get "$1" "$3"; b=$STATUS:$BODY
  a=$(sed -E 's/[0-9a-f]{16,}//g; s/value="[^"]*"//g' <<<"$a")
  b=$(sed -E 's/[0-9a-f]{16,}//g; s/value="[^"]*"//g' <<<"$b")
  if [[ $a == 404:* && $a == "$b" ]]; then ok "$1: $2 (out of scope) and $3 (no such record) answer the same 404"
  else fail "$1: $2 (out of scope) and $3 (no such record) answer the same 404" "$(diff <(echo "$a") <(echo "$b") | head -n 6)"; fi
}
same404 rep_south1 "/leads/$L1" /leads/999999999
same404 rep_east1 "/leads/$L2" /leads/999999999
same404 rep_south1 "/customers/$C1" /customers/999999999

# --- reveal -----------------------------------------------------------------------------------
reason="客户回电核对号码 t0510"
since=$(audit_max)
post mgr_east "/leads/$L1/reveal" --data-urlencode field=phone --data-urlencode "reason=$reason"
expect_status mgr_east "POST /leads/<L1>/reveal phone with a reason" 200
check "the reveal response shows the clear phone" grep -qF "${CLEAR[l1.phone]}" <<<"$BODY"
if ! has "${CLEAR[l2.phone]}" && ! has "${CLEAR[c1.phone]}"; then
  ok "the reveal response shows no other clear value (L2's, C1's phone)"
else fail "the reveal response shows no other clear value (L2's, C1's phone)" "LEAK"; fi
get mgr_east "/leads/$L1"
check_field mgr_east "GET /leads/<L1> after the reveal" l1.phone 1
n=$(audit_count "$since" "action = 'field.reveal' AND actor_login = 'mgr_east' AND object_type = 'lead'
     AND object_id = $L1 AND field = 'phone' AND CONCAT_WS('|', before_value, after_value) LIKE '%$reason%'")
check "audit: field.reveal by mgr_east of lead $L1 phone, with the reason" test "$n" == 1
n=$(audit_count "$since" "CONCAT_WS('|', action, object_type, field, before_value, after_value)
     LIKE '%${CLEAR[l1.phone]}%'")
check "audit: the clear phone is not in the audit rows" test "$n" == 0
n=$(sql "SELECT COUNT(*) FROM field_reveal WHERE object = 'lead' AND object_id = $L1 AND field = 'phone'
           AND user_id = $(user_id mgr_east) AND reason = '$reason'")
check "field_reveal: one row with the reason" test "$n" == 1

post mgr_east "/leads/$L1/reveal" --data-urlencode field=phone
expect_status mgr_east "POST /leads/<L1>/reveal without a reason" 400
check_field mgr_east "reveal without a reason" l1.phone 1
check "without a reason the page asks for one" grep -qF '请填写查看原因' <<<"$BODY"
post mgr_east "/leads/$L1/reveal" --data-urlencode field=phone --data-urlencode reason=x
expect_status mgr_east "POST /leads/<L1>/reveal with a one-letter reason" 400
check_field mgr_east "reveal with a one-letter reason" l1.phone 1

since=$(audit_max)
post rep_east1 "/leads/$L1/reveal" --data-urlencode field=phone --data-urlencode "reason=$reason"
expect_status rep_east1 "POST /leads/<L1>/reveal (no field.reveal)" 403
check_field rep_east1 "reveal refused" l1.phone 0
n=$(audit_count "$since" "action = 'field.reveal_denied' AND actor_login = 'rep_east1' AND object_type = 'lead'
     AND object_id = $L1")
check "audit: field.reveal_denied for rep_east1" test "$n" == 1

post mgr_east "/leads/$L1/reveal" --data-urlencode field=name --data-urlencode "reason=$reason"
expect_status mgr_east "POST /leads/<L1>/reveal field=name (not revealable)" 400
check_field mgr_east "reveal field=name" l1.phone 0
post mgr_east "/leads/$L2/reveal" --data-urlencode field=phone --data-urlencode "reason=$reason"
expect_status mgr_east "POST /leads/<L2>/reveal (out of scope)" 404
check_field mgr_east "reveal out of scope" l2.phone 0

# a customer's phone: that one field of that one record, not the contact's
post mgr_east "/customers/$C1/reveal" --data-urlencode field=phone --data-urlencode "reason=$reason"
expect_status mgr_east "POST /customers/<C1>/reveal phone with a reason" 200
check "the customer reveal shows the customer's phone" grep -qF "${CLEAR[c1.phone]}" <<<"$BODY"
for f in k1.phone c1.budget c1.bank d1.amount; do check_field mgr_east "customer reveal response" "$f" 1; done
post mgr_east "/customers/$C1/reveal" --data-urlencode field=bank_account --data-urlencode "reason=$reason"
expect_status mgr_east "POST /customers/<C1>/reveal bank_account (not revealable)" 400
check_field mgr_east "reveal bank_account" c1.bank 0
get mgr_east "/customers/$C1"
check_field mgr_east "GET /customers/<C1> after the reveal" c1.phone 1

echo "# reveal done at $(( $(date +%s) - START )) s"

# --- view as: exactly what rep_east1 sees ------------------------------------------------------
masks() { grep -o '<span class="masked">[^<]*</span>' <<<"$BODY" | tr '\n' ' ' || true; }
get rep_east1 "/leads/$L1"
rep_masks=$(masks)
get rep_east1 "/customers/$C1"
rep_cmasks=$(masks)
sign_in "$T/jar.admin-va" admin
tok=$(csrf_of "$T/jar.admin-va")
TOK[admin-va]=$tok
post admin-va "/admin/users/$(user_id rep_east1)/view-as"
expect_status admin "POST view-as rep_east1" 303
get admin-va "/leads/$L1"
expect_status admin "(as rep_east1) GET /leads/<L1>" 200
for f in l1.phone l1.email; do check_field rep_east1 "(admin viewing as) GET /leads/<L1>" "$f" 1; done
got=$(masks)
if [[ -n $got && $got == "$rep_masks" ]]; then ok "view-as shows lead $L1 masked exactly as rep_east1 sees it"
else fail "view-as shows lead $L1 masked exactly as rep_east1 sees it" "rep_east1: $rep_masks" "view-as:   $got"; fi
get admin-va "/customers/$C1"
expect_status admin "(as rep_east1) GET /customers/<C1>" 200
for f in "${C1_FIELDS[@]}"; do check_field rep_east1 "(admin viewing as) GET /customers/<C1>" "$f" 1; done
got=$(masks)
if [[ -n $got && $got == "$rep_cmasks" ]]; then ok "view-as shows customer $C1 masked exactly as rep_east1 sees it"
else fail "view-as shows customer $C1 masked exactly as rep_east1 sees it" "rep_east1: $rep_cmasks" "view-as:   $got"; fi
post admin-va "/leads/$L1/reveal" --data-urlencode field=phone --data-urlencode "reason=$reason"
expect_status admin "(as rep_east1) POST reveal refused" 403
check_field rep_east1 "(admin viewing as) POST reveal" l1.phone 0
post admin-va /view-as/exit
expect_status admin "POST /view-as/exit" 303
get admin-va "/leads/$L1"
expect_status admin "GET /leads/<L1> after view-as (no lead.read)" 403

echo "# view-as done at $(( $(date +%s) - START )) s"

# --- the audit view shows the record as stored: no clear value may be in it ------------------
reveal_row=$(sql "SELECT MAX(id) FROM audit_log WHERE action = 'field.reveal' AND object_type = 'lead'
                    AND object_id = $L1")
audit_matrix() {
  local login=$1 p
  for p in /audit "/audit?object_type=lead&object_id=$L1" "/audit?object_type=customer&object_id=$C1" \
           "/audit/$reveal_row"; do
    get "$login" "$p"
    want_status "${CAN[$login.audit.read]}" 1 200
    expect_status "$login" "GET $p" "$WANT"
    no_others "$login" "GET $p"
  done
  get "$login" "/audit/export.csv?object_type=lead&object_id=$L1"
  want_status "${CAN[$login.audit.export]}" 1 200
  expect_status "$login" "GET /audit/export.csv?object_type=lead&object_id=<L1>" "$WANT"
  no_others "$login" "GET /audit/export.csv"
}
get auditor1 "/audit?object_type=lead&object_id=$L1"
if [[ $STATUS == 404 ]]; then
  ok "the audit view: not in this build (skipped) # SKIP"
else
  if [[ $STATUS == 200 ]] && has "href=\"/audit/$reveal_row\""; then
    ok "auditor1 GET /audit?object_type=lead&object_id=<L1> lists the reveal (row $reveal_row)"
  else fail "auditor1 GET /audit?object_type=lead&object_id=<L1> lists the reveal (row $reveal_row)" "status $STATUS"; fi
  matrix audit "${LOGINS[@]}"
fi

# --- CSV exports (issue 6): masked for the requester, scope of the requester --------------------
# Each login with export.request gets an approved export of each kind (made
# here in SQL, filtered to the test records) and downloads it; every field
# is checked against the same expectation as the pages.  An approval never
# unmasks.  Logins without export.request are refused the same link.
ADMIN_ID=$(user_id admin)
declare -A EXP_Q=([leads]=泄漏测试 [customers]=泄漏测试客户 [contacts]=联系人测一 [deals]=泄漏测试商机)
declare -A EXP_COLS=([leads]=id,name,company,phone,email [customers]=id,name,phone,email,budget,bank_account
                     [contacts]=id,name,title,phone,email,customer [deals]=id,name,customer,amount,status)
declare -A EXP_CAP=([leads]=lead.read [customers]=customer.read [contacts]=customer.read [deals]=deal.read)
while IFS=$'\t' read -r login c; do CAN[$login.deal.read]=$c; done \
  < <(sql "SELECT u.login, $(cap_sql deal.read) FROM users u JOIN role r ON r.id = u.role_id")
export_matrix() {
  local login=$1 kind f rec e tok shown uid can_export fs
  uid=$(user_id "$login")
  can_export=$(sql "SELECT COUNT(*) FROM users u JOIN role_capability c ON c.role_id = u.role_id
                      AND c.cap = 'export.request' WHERE u.id = $uid")
  for kind in leads customers contacts deals; do
    tok=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
    e=$(sql "INSERT INTO export_request (requester_id, approver_id, kind, export_columns, f_q, reason,
               row_count, status, decided_at, token, expires_at, created_at)
             VALUES ($uid, $ADMIN_ID, '$kind', '${EXP_COLS[$kind]}', '${EXP_Q[$kind]}', 't0510', 0,
               'approved', UTC_TIMESTAMP(6), '$tok', UTC_TIMESTAMP(6) + INTERVAL 1 HOUR, UTC_TIMESTAMP(6));
             SELECT LAST_INSERT_ID()")
    get "$login" "/exports/$e/download?t=$tok"
    case $kind in
      leads) fs=("${LEAD_FIELDS[@]}") ;;
      customers) fs=(c1.phone c1.email c1.budget c1.bank c2.budget) ;;
      contacts) fs=("${K1_FIELDS[@]}") ;;
      deals) fs=(d1.amount d2.amount) ;;
    esac
    if [[ $can_export != 1 ]]; then
      expect_status "$login" "GET <$kind export>" 403
    elif [[ ${CAN[$login.${EXP_CAP[$kind]}]} != 1 ]]; then
      expect_status "$login" "GET <$kind export> (cannot read $kind)" 403
    else
      expect_status "$login" "GET <$kind export>" 200
      [[ $BODY == $'\xef\xbb\xbf'* ]] && ok "$login <$kind export>: UTF-8 BOM" || fail "$login <$kind export>: UTF-8 BOM"
    fi
    for f in "${fs[@]}"; do
      rec=${REC[$f]}
      [[ $f == l2.* ]] && rec=L2
      [[ $f == l1.* ]] && rec=L1
      shown=0
      [[ $STATUS == 200 && ${READ[$login.$rec]} == 1 ]] && shown=1
      check_field "$login" "<$kind export>" "$f" "$shown"
    done
    no_others "$login" "<$kind export>" "${fs[@]}"
  done
}
for login in "${LOGINS[@]}"; do export_matrix "$login"; done
echo "# export matrix done at $(( $(date +%s) - START )) s"

# --- CSV import: finding duplicates by a masked field must not be an oracle ----------------
# rep_east1 uploads the phone of rep_south1's lead (outside rep_east1's scope),
# the phone of rep_east2's lead (in scope, masked for rep_east1) and the
# e-mail of rep_south1's lead.  The preview may not tell which of them exist.
fresh=19900005100
get rep_east1 /leads/import
if [[ $STATUS != 200 ]] || ! has 'multipart/form-data'; then
  ok "CSV import: not in this build (skipped) # SKIP"
elif [[ $(sql "SELECT COUNT(*) FROM lead WHERE phone_norm = '$fresh'") != 0 ]]; then
  fail "CSV import probe: $fresh is free" "a lead has it"
else
  printf 'name,phone,email\n导入探测甲,%s,\n导入探测乙,%s,\n导入探测丙,%s,%s\n' \
    "${CLEAR[l2.phone]}" "${CLEAR[l1.phone]}" "$fresh" "${CLEAR[l2.email]}" >"$T/probe.csv"
  channel=$(id_of channel "code = 'website'")
  req POST /leads/import -b "$T/jar.rep_east1" -H "Origin: $SG_URL" -F "_csrf=${TOK[rep_east1]}" \
      -F "channel=$channel" -F encoding=auto -F "file=@$T/probe.csv;type=text/csv"
  batch=$(location | sed -n 's|^/leads/import/\([0-9][0-9]*\)$|\1|p')
  if [[ $STATUS == 303 && -n $batch ]]; then ok "rep_east1 uploads the probe file (batch $batch)"
  else fail "rep_east1 uploads the probe file" "status $STATUS location $(location)" "${BODY:0:300}"; fi
  get rep_east1 "/leads/import/$batch"
  expect_status rep_east1 "GET /leads/import/<batch>" 200
  # import_row_status NEEDLE: the class of the preview row that holds NEEDLE
  import_row_status() {
    awk -v RS='<tr ' -v n="$1" 'index($0, n) { if (match($0, /class="import-[a-z]+"/))
      print substr($0, RSTART + 14, RLENGTH - 15); exit }' <<<"$BODY"
  }
  probe() {   # probe WHAT NEEDLE LEAD
    local st
    st=$(import_row_status "$2")
    if [[ $st != duplicate ]] && ! has "href=\"/leads/$3\""; then
      ok "import preview: the row with $1 is not flagged as a duplicate of lead $3 ($st)"
    else
      fail "import preview: the row with $1 is not flagged as a duplicate of lead $3" \
        "LEAK (inference): row status '$st'$(has "href=\"/leads/$3\"" && echo ", links /leads/$3")"
    fi
  }
  probe "rep_south1's lead's phone (out of rep_east1's scope)" "${CLEAR[l2.phone]}" "$L2"
  probe "rep_south1's lead's e-mail (out of rep_east1's scope)" "${CLEAR[l2.email]}" "$L2"
  probe "rep_east2's lead's phone (in scope, masked for rep_east1)" "${CLEAR[l1.phone]}" "$L1"
  post rep_east1 "/leads/import/$batch/cancel"
  if [[ $STATUS == 303 ]]; then ok "the probe batch is cancelled"
  else fail "the probe batch is cancelled" "status $STATUS"; fi
fi

# --- a policy change reaches every worker within 30 s ------------------------------------------
# Workers reload the rules when theirs are 30 s old: the change shows within
# 35 s, and 31 s after its undoing no worker may show the changed rule any
# more.  The customer half of the matrix runs meanwhile (lead.phone does not
# touch it).
pid=$(id_of field_policy "object = 'lead' AND field = 'phone'")
IFS='|' read -r p_owner p_sup p_above p_roles p_cond p_nobody p_style p_reveal < <(sql "SELECT
  CONCAT_WS('|', allow_owner, allow_direct_superior, allow_managers_above, allow_roles,
  COALESCE(allow_condition, ''), nobody, mask_style, revealable) FROM field_policy WHERE id = $pid")
# whatever happens below, later suites find the default again (workers within 30 s)
restore_policy() {
  sql "UPDATE field_policy SET allow_owner = $p_owner, allow_direct_superior = $p_sup,
         allow_managers_above = $p_above, allow_roles = '$p_roles',
         allow_condition = NULLIF('$p_cond', ''), nobody = $p_nobody, mask_style = '$p_style',
         revealable = $p_reveal WHERE id = $pid" || true
}
trap restore_policy EXIT
policy_form() {   # the form as /admin/policies sends it: checked boxes only
  local a=(--data-urlencode "allow_roles=$p_roles" --data-urlencode "allow_condition=$p_cond"
           --data-urlencode "mask_style=$p_style")
  [[ $p_owner == 1 ]] && a+=(--data-urlencode allow_owner=1)
  [[ $p_sup == 1 ]] && a+=(--data-urlencode allow_direct_superior=1)
  [[ $p_above == 1 ]] && a+=(--data-urlencode allow_managers_above=1)
  [[ $p_reveal == 1 ]] && a+=(--data-urlencode revealable=1)
  post ops "/admin/policies/$pid" "${a[@]}" "$@"
}
phone_seen() {   # phone_seen LOGIN: clear / masked / status
  get "$1" "/leads/$L1"
  if [[ $STATUS != 200 ]]; then echo "status-$STATUS"
  elif has "${CLEAR[l1.phone]}"; then echo clear
  elif has "${MASK[l1.phone]}"; then echo masked
  else echo neither; fi
}
# poll_policy LOGIN WANT SINCE: LOGIN sees lead.phone WANT within 35 s of the change
poll_policy() {
  local login=$1 want=$2 t0=$3 seen="" after=""
  while (( $(date +%s) - t0 < 35 )); do
    seen=$(phone_seen "$login")
    [[ $seen == "$want" ]] && { after=$(( $(date +%s) - t0 )); break; }
    sleep 0.5
  done
  if [[ -n $after ]]; then ok "$login sees lead.phone $want after ${after} s (≤ 35 s)"
  else fail "$login sees lead.phone $want within 35 s" "still $seen"; fi
}
# settle_policy LOGIN WANT SINCE: 31 s after the change every worker shows WANT
settle_policy() {
  local login=$1 want=$2 t0=$3 seen odd="" i
  while (( $(date +%s) - t0 < 31 )); do sleep 0.5; done
  for i in 1 2 3 4 5 6 7 8; do
    seen=$(phone_seen "$login")
    [[ $seen == "$want" ]] || odd=$seen
  done
  if [[ -z $odd ]]; then ok "31 s after the change, 8 requests from $login all see lead.phone $want"
  else fail "31 s after the change, every worker shows lead.phone $want to $login" "one saw $odd"; fi
}

get ops /admin/policies
expect_status ops "GET /admin/policies" 200
check "the policy form for lead.phone is on the page" grep -qF "action=\"/admin/policies/$pid\"" <<<"$BODY"
since=$(audit_max)
t_change=$(date +%s)
policy_form --data-urlencode nobody=1
expect_status ops "POST /admin/policies/<lead.phone> nobody=1" 303
check "lead.phone is nobody=1 in the database" test "$(sql "SELECT nobody FROM field_policy WHERE id = $pid")" == 1
n=$(audit_count "$since" "action = 'policy.update' AND object_id = $pid AND field LIKE '%nobody'
     AND before_value = '0' AND after_value = '1'")
check "audit: policy.update lead.phone nobody 0 → 1" test "$n" == 1
poll_policy rep_east2 masked "$t_change"
poll_policy lead_east masked "$t_change"
get rep_east2 "/leads/$L1"
check_field rep_east2 "GET /leads/<L1> while lead.phone is nobody (lead.email untouched)" l1.email 1

# restore, and let every worker pick the default up again
t_change=$(date +%s)
policy_form
expect_status ops "POST /admin/policies/<lead.phone> restored" 303
check "lead.phone is back to the default" test \
  "$(sql "SELECT CONCAT_WS(',', allow_owner, allow_direct_superior, allow_managers_above, nobody, mask_style, revealable)
          FROM field_policy WHERE id = $pid")" == "$p_owner,$p_sup,$p_above,0,$p_style,$p_reveal"
matrix customer "${LOGINS[@]}"
echo "# customer matrix done at $(( $(date +%s) - START )) s"
poll_policy rep_east2 clear "$t_change"
settle_policy rep_east2 clear "$t_change"
settle_policy lead_east clear "$t_change"

# --- nothing in the logs or the audit record -------------------------------------------------
bad=()
for f in "${FIELDS[@]}"; do
  [[ $f == k1.title ]] && continue
  grep -qF "${CLEAR[$f]}" "$SG_DIR/log/salesgate.log" 2>/dev/null && bad+=("$f")
done
if (( ${#bad[@]} == 0 )); then ok "no clear value in log/salesgate.log"
else fail "no clear value in log/salesgate.log" "found: ${bad[*]}"; fi
like=""
for f in "${FIELDS[@]}"; do like+=" OR CONCAT_WS('|', before_value, after_value, field) LIKE '%${CLEAR[$f]}%'"; done
n=$(sql "SELECT COUNT(*) FROM audit_log WHERE 1 = 0 $like")
check "no clear value in the audit log" test "$n" == 0
echo "# t0510 took $(( $(date +%s) - START )) s after setup"
