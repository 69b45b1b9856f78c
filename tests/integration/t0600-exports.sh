#!/usr/bin/env bash
# Issue 6 — export approval (R8.3), as the issue's "How it will be checked"
# says it: a rep requests an export (preview first), cannot download before
# approval, the direct superior approves, the rep downloads once, the second
# try fails; the file is masked for the requester, UTF-8 with a BOM, and
# formula payloads in lead names come out neutralised.  Also: rejection with
# a reason, an expired link, another user's link, a crafted URL, a token
# replayed on another request, no approver → refused; every step audited.
# Adds leads with source test:t0600.
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

login() {
  sign_in "$1" "$2"
  if [[ $STATUS == 429 ]]; then sleep 61; sign_in "$1" "$2"; fi
  if [[ $STATUS == 303 ]]; then ok "$2 signs in"; else fail "$2 signs in" "status $STATUS"; fi
}
# download JAR PATH: the raw bytes to $T/file, $STATUS, $HEADERS
download() {
  STATUS=$(curl -sS -o "$T/file" -D "$T/dlh" -w '%{http_code}' --max-time 120 -b "$1" "$SG_URL$2") || true
  HEADERS=$(tr '[:upper:]' '[:lower:]' <"$T/dlh" | tr -d '\r')
}
token_of() { grep -o 'download?t=[0-9a-f]\{64\}' <<<"$BODY" | head -n 1 | sed 's/.*t=//' || true; }

sql "DELETE FROM lead WHERE source = 'test:t0600'"
sql "DELETE FROM deal_event WHERE deal_id IN (SELECT id FROM deal WHERE name LIKE '%T0600%');
     DELETE FROM task WHERE deal_id IN (SELECT id FROM deal WHERE name LIKE '%T0600%');
     DELETE FROM deal WHERE name LIKE '%T0600%'; DELETE FROM customer WHERE name LIKE '%T0600%'"
EAST=$(sql "SELECT id FROM region WHERE code = 'EAST'")
REP=$(user_id rep_east1) OTHER=$(user_id rep_east2)
MARK=导出测试T0600
new_lead() {   # new_lead NAME COMPANY PHONE EMAIL OWNER → id
  sql "INSERT INTO lead (channel_id, name, phone, phone_norm, email, company, company_norm,
         region_code, region_id, tier, status, owner_id, source, sla_due_at, created_at, updated_at)
       VALUES ((SELECT id FROM channel WHERE code = 'website'), '$1', '$3', '$3', '$4', '$2', '$2',
         '310101', $EAST, 'medium', 'new', $5, 'test:t0600', UTC_TIMESTAMP(6) + INTERVAL 1 DAY,
         UTC_TIMESTAMP(6), UTC_TIMESTAMP(6));
       SELECT LAST_INSERT_ID()"
}
# formula payloads in names and companies; one lead the rep owns, one a colleague owns
L1=$(new_lead '=HYPERLINK("http://evil.example/?x",“点我”)' "+${MARK}公司" 13911110001 own.t0600@example.org "$REP")
L2=$(new_lead "@SUM(A1)${MARK}" "-2+3 ${MARK}" 13922220002 other.t0600@example.org "$OTHER")
L3=$(new_lead $'\t'"制表${MARK}" "${MARK}张三公司" 13933330003 '' "$REP")
check "test leads made" test -n "$L1" -a -n "$L2" -a -n "$L3"

login "$T/rep" rep_east1
login "$T/mgr" lead_east
login "$T/rep2" rep_east2
login "$T/dir" director

req GET /exports -b "$T/rep"
expect "rep: GET /exports" 200
req GET "/exports/new?kind=leads" -b "$T/rep"
expect "rep: the request form" 200
check "the form offers the lead columns, phone marked sensitive" \
  grep -q 'name="columns" value="phone" checked> [^<]*<span class="badge"' <<<"$BODY"

COLS=(--data-urlencode kind=leads --data-urlencode columns=id --data-urlencode columns=name
      --data-urlencode columns=company --data-urlencode columns=phone --data-urlencode columns=email
      --data-urlencode "q=$MARK")
# --- preview ---------------------------------------------------------------------------------
A0=$(audit_max)
N0=$(sql "SELECT COUNT(*) FROM export_request WHERE requester_id = $REP")
post_as "$T/rep" /exports/preview "${COLS[@]}"
expect "preview → 200" 200
check "preview: 3 rows" grep -q '<strong>3</strong>' <<<"$BODY"
check "preview: 3 phones, 2 e-mails counted" \
  bash -c 'grep -q "电话</dt><dd><span class=\"badge\">敏感</span> 3 个" <<<"$1" && grep -q "邮箱</dt><dd><span class=\"badge\">敏感</span> 2 个" <<<"$1"' _ "$BODY"
check "preview: latest change shown" grep -qE '最近修改</dt><dd>20[0-9]{2}-' <<<"$BODY"
check "preview keeps what was typed" grep -q "value=\"$MARK\"" <<<"$BODY"
post_as "$T/rep" /exports "${COLS[@]}"
expect "submit without a reason → 400, form again" 400
check "the refusal says the reason is required" grep -q '此项必填' <<<"$BODY"
check "the refused form keeps the search" grep -q "value=\"$MARK\"" <<<"$BODY"
post_as "$T/rep" /exports "${COLS[@]}" --data-urlencode columns=bogus --data-urlencode reason=x
expect "an unknown column → 400" 400
check "no export request was stored by the previews and refusals" \
  test "$(sql "SELECT COUNT(*) FROM export_request WHERE requester_id = $REP")" == "$N0"

# --- request -----------------------------------------------------------------------------------
post_as "$T/rep" /exports "${COLS[@]}" --data-urlencode "reason=季度客户回访名单"
expect "submit → 303" 303
E1=$(location | grep -o '/exports/[0-9]*' | grep -o '[0-9]*$' || true)
check "redirected to the request's page" test -n "$E1"
check "stored for the direct superior (lead_east) with its preview" \
  test "$(sql "SELECT CONCAT(approver_id = (SELECT id FROM users WHERE login = 'lead_east'), row_count, status, sensitive_counts)
               FROM export_request WHERE id = $E1")" == "13pendingphone:3,email:2"
check "export.request audited" test "$(audit_count "$A0" "action = 'export.request' AND object_id = $E1 AND actor_login = 'rep_east1'")" == 1

# --- no download before approval --------------------------------------------------------------
req GET "/exports/$E1" -b "$T/rep"
expect "rep sees the pending request" 200
check "no download link while pending" test -z "$(token_of)"
FAKE=$(printf '%064d' 7)
A1=$(audit_max)
download "$T/rep" "/exports/$E1/download?t=$FAKE"
check "download before approval → 403" test "$STATUS" == 403
check "…and it is not a CSV" bash -c '! grep -q "text/csv" <<<"$1"' _ "$HEADERS"
check "refused download audited (not_approved)" \
  test "$(audit_count "$A1" "action = 'export.download_refused' AND object_id = $E1 AND after_value = 'not_approved'")" == 1

# --- approval ----------------------------------------------------------------------------------
req GET /exports -b "$T/mgr"
check "the approver's inbox lists it" grep -q "href=\"/exports/$E1\"" <<<"$BODY"
req GET "/exports/$E1" -b "$T/mgr"
check "the approver sees the same preview" bash -c 'grep -q "<strong>3</strong>" <<<"$1" && grep -q "季度客户回访名单" <<<"$1"' _ "$BODY"
post_as "$T/rep2" "/exports/$E1/approve"
expect "a rep cannot approve (no export.approve) → 403" 403
post_as "$T/dir" "/exports/$E1/approve"
expect "a manager who is not the approver → 404" 404
post_as "$T/mgr" "/exports/$E1/reject"
expect "rejecting without a reason → 400" 400
A2=$(audit_max)
post_as "$T/mgr" "/exports/$E1/approve" --data-urlencode "reason=同意，仅限本季度回访"
expect "the direct superior approves → 303" 303
check "export.approve audited" test "$(audit_count "$A2" "action = 'export.approve' AND object_id = $E1 AND actor_login = 'lead_east'")" == 1
check "the link expires in 24 h" \
  test "$(sql "SELECT TIMESTAMPDIFF(MINUTE, decided_at, expires_at) FROM export_request WHERE id = $E1")" == 1440
post_as "$T/mgr" "/exports/$E1/approve" --data-urlencode "reason=again"
expect "approving twice → 409" 409

# --- another user's link, crafted URLs ---------------------------------------------------------
req GET "/exports/$E1" -b "$T/rep"
TOK=$(token_of)
check "the requester's page has the one-time link" test ${#TOK} == 64
req GET "/exports/$E1" -b "$T/mgr"
check "the approver's page does not show the link" test -z "$(token_of)"
A3=$(audit_max)
download "$T/rep2" "/exports/$E1/download?t=$TOK"
check "another user with the full link → 404" test "$STATUS" == 404
download "$T/mgr" "/exports/$E1/download?t=$TOK"
check "the approver with the full link → 403 (no export.request) or 404" bash -c '[[ $1 == 403 || $1 == 404 ]]' _ "$STATUS"
download "$T/rep" "/exports/$E1/download"
check "the link without its token → 403" test "$STATUS" == 403
download "$T/rep" "/exports/$E1/download?t=$FAKE"
check "a crafted token → 403" test "$STATUS" == 403
download "$T/rep" "/exports/99999999/download?t=$TOK"
check "a crafted id → 404" test "$STATUS" == 404
check "each refusal audited" \
  test "$(audit_count "$A3" "action IN ('export.download_refused', 'access.denied')")" -ge 5
check "the link is still unused after the refusals" \
  test "$(sql "SELECT status FROM export_request WHERE id = $E1")" == approved

# --- the download ------------------------------------------------------------------------------
A4=$(audit_max)
download "$T/rep" "/exports/$E1/download?t=$TOK"
check "download → 200" test "$STATUS" == 200
check "text/csv; charset=utf-8, as an attachment" \
  bash -c 'grep -q "^content-type: text/csv; charset=utf-8" <<<"$1" && grep -q "^content-disposition: attachment; filename=\"\?leads-[0-9]*-'"$E1"'.csv" <<<"$1"' _ "$HEADERS"
check "starts with the UTF-8 BOM" test "$(head -c 3 "$T/file" | od -An -tx1 | tr -d ' ')" == efbbbf
check "Chinese header row" bash -c 'sed -n 1p "$1" | grep -q "编号,名称,公司,电话,邮箱"' _ "$T/file"
check "4 lines: header and 3 leads" test "$(wc -l <"$T/file")" == 4
check "formula name neutralised ('=HYPERLINK)" grep -q "^$L1,\"'=HYPERLINK(\"\"http://evil.example/?x\"\",“点我”)\",'+$MARK" "$T/file"
check "@ and - neutralised" grep -q "^$L2,'@SUM(A1)$MARK,'-2+3 $MARK," "$T/file"
check "a leading tab neutralised" grep -q "^$L3,'"$'\t'"制表$MARK," "$T/file"
check "no cell starts with = + - @ or tab unquoted" \
  bash -c '! tail -n +2 "$1" | tr "," "\n" | grep -q $'"'"'^"\?[=+@\t-]'"'"'' _ "$T/file"
check "the rep's own lead: phone in clear" grep -q "13911110001" "$T/file"
check "a colleague's lead: phone masked for the requester (approval does not unmask)" \
  bash -c '! grep -q 13922220002 "$1" && grep -q "139\*\*\*\*0002" "$1"' _ "$T/file"
check "…and e-mail masked" bash -c '! grep -q other.t0600@example.org "$1" && grep -q "o\*\*\*@example.org" "$1"' _ "$T/file"
check "export.download audited" test "$(audit_count "$A4" "action = 'export.download' AND object_id = $E1 AND actor_login = 'rep_east1'")" == 1
A5=$(audit_max)
download "$T/rep" "/exports/$E1/download?t=$TOK"
check "the second download → 403" test "$STATUS" == 403
check "…its page says the link was used" grep -q '已经用过' "$T/file"
check "the second try audited (used)" \
  test "$(audit_count "$A5" "action = 'export.download_refused' AND object_id = $E1 AND after_value = 'used'")" == 1

# --- expiry, rejection, replay on another request ---------------------------------------------
new_request() {   # new_request JAR → id (a customers export)
  post_as "$1" /exports --data-urlencode kind=customers --data-urlencode columns=name \
    --data-urlencode columns=phone --data-urlencode "reason=t0600 $RANDOM"
  location | grep -o '/exports/[0-9]*' | grep -o '[0-9]*$' || true
}
E2=$(new_request "$T/rep")
E3=$(new_request "$T/rep")
check "two more requests" test -n "$E2" -a -n "$E3"
post_as "$T/mgr" "/exports/$E2/approve"
post_as "$T/mgr" "/exports/$E3/approve"
req GET "/exports/$E2" -b "$T/rep"; T2=$(token_of)
req GET "/exports/$E3" -b "$T/rep"; T3=$(token_of)
download "$T/rep" "/exports/$E3/download?t=$T2"
check "request A's token on request B → 403 (no replay)" test "$STATUS" == 403
sql "UPDATE export_request SET expires_at = UTC_TIMESTAMP(6) - INTERVAL 1 SECOND WHERE id = $E2"
A6=$(audit_max)
download "$T/rep" "/exports/$E2/download?t=$T2"
check "an expired link → 403" test "$STATUS" == 403
check "…audited (expired)" test "$(audit_count "$A6" "action = 'export.download_refused' AND object_id = $E2 AND after_value = 'expired'")" == 1
req GET /exports -b "$T/rep"
check "the list shows it expired" grep -q '链接已过期' <<<"$BODY"
download "$T/rep" "/exports/$E3/download?t=$T3"
check "B's own token still works once → 200" test "$STATUS" == 200
E4=$(new_request "$T/rep")
A7=$(audit_max)
post_as "$T/mgr" "/exports/$E4/reject" --data-urlencode "reason=范围太大，请缩小"
expect "reject with a reason → 303" 303
check "export.reject audited with its reason" \
  test "$(audit_count "$A7" "action = 'export.reject' AND object_id = $E4 AND after_value = '范围太大，请缩小'")" == 1
download "$T/rep" "/exports/$E4/download?t=$FAKE"
check "a rejected request → 403" test "$STATUS" == 403

# --- the deals kind: amount through the field policy for the requester -----------------------
CUST=$(sql "INSERT INTO customer (name, name_norm, owner_id, region_id, region_code, industry, created_at, updated_at)
            VALUES ('商机导出客户T0600', '商机导出客户T0600', $REP, $EAST, '310101', 'medical',
              UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)); SELECT LAST_INSERT_ID()")
new_deal() {   # new_deal NAME first|last AMOUNT STATUS → id
  local pos="= 1"
  [[ $2 == last ]] && pos="= (SELECT MAX(s2.position) FROM stage s2 WHERE s2.pipeline_id = p.id)"
  sql "INSERT INTO deal (customer_id, pipeline_id, stage_id, owner_id, region_id, name, amount, status,
         stage_entered_at, created_at, updated_at)
       SELECT $CUST, p.id, s.id, $REP, $EAST, '$1', $3, '$4', UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)
       FROM pipeline p JOIN stage s ON s.pipeline_id = p.id AND s.position $pos WHERE p.code = 'standard';
       SELECT LAST_INSERT_ID()"
}
D1=$(new_deal "=商机甲T0600" first 456789.00 open)
D2=$(new_deal "商机乙T0600" last 1234567.00 open)
D3=$(new_deal "商机丙T0600" first 99.00 lost)
check "test deals made" test -n "$D1" -a -n "$D2" -a -n "$D3"
req GET "/exports/new?kind=deals" -b "$T/rep"
expect "rep: the deals request form" 200
check "the deals form offers amount, marked sensitive" \
  grep -q 'name="columns" value="amount" checked> [^<]*<span class="badge"' <<<"$BODY"
check "…and the deal statuses as the status filter" grep -q '<option value="won">已赢单</option>' <<<"$BODY"
DCOLS=(--data-urlencode kind=deals --data-urlencode columns=id --data-urlencode columns=name
       --data-urlencode columns=customer --data-urlencode columns=amount --data-urlencode columns=status
       --data-urlencode "q=T0600" --data-urlencode status=open)
post_as "$T/rep" /exports/preview "${DCOLS[@]}"
expect "deals preview → 200" 200
check "deals preview: 2 open rows, 2 amounts counted" \
  bash -c 'grep -q "<strong>2</strong>" <<<"$1" && grep -q "金额</dt><dd><span class=\"badge\">敏感</span> 2 个" <<<"$1"' _ "$BODY"
post_as "$T/rep" /exports "${DCOLS[@]}" --data-urlencode status=bogus --data-urlencode reason=x
expect "a status deals do not have → 400" 400
post_as "$T/rep" /exports --data-urlencode kind=deals --data-urlencode columns=id --data-urlencode status=new \
  --data-urlencode reason=x
expect "a lead status on a deals export → 400" 400
post_as "$T/rep" /exports "${DCOLS[@]}" --data-urlencode "reason=商机复盘"
expect "deals export requested → 303" 303
ED=$(location | grep -o '/exports/[0-9]*' | grep -o '[0-9]*$' || true)
check "stored as a deals request with its preview" \
  test "$(sql "SELECT CONCAT(kind, ':', row_count, ':', sensitive_counts) FROM export_request WHERE id = $ED")" == "deals:2:amount:2"
req GET "/exports/$ED" -b "$T/mgr"
check "the approver sees the deal status filter by name" grep -q '进行中' <<<"$BODY"
post_as "$T/mgr" "/exports/$ED/approve"
req GET "/exports/$ED" -b "$T/rep"; TD=$(token_of)
download "$T/rep" "/exports/$ED/download?t=$TD"
check "deals download → 200" test "$STATUS" == 200
check "deals: Chinese header row" bash -c 'sed -n 1p "$1" | grep -q "编号,名称,客户,金额,状态"' _ "$T/file"
check "deals: header and 2 open deals (the lost one filtered out)" \
  bash -c '[[ $(wc -l <"$1") == 3 ]] && ! grep -q "商机丙" "$1"' _ "$T/file"
check "an unsigned deal's amount is a band for the rep (policy), never the figure" \
  bash -c '! grep -q 456789 "$1" && grep -q "^$2,'"'"'=商机甲T0600,商机导出客户T0600,10万–50万,open" "$1"' _ "$T/file" "$D1"
check "a signed deal's amount is readable (condition signed)" grep -q "^$D2,商机乙T0600,商机导出客户T0600,1234567.00,open" "$T/file"

# --- nobody to approve -------------------------------------------------------------------------
post_as "$T/dir" /exports --data-urlencode kind=leads --data-urlencode columns=name --data-urlencode reason=x
expect "the director (no superior, no Export.Approver) → 409 with the form" 409
check "…saying there is no approver" grep -q '没有直属上级' <<<"$BODY"

# --- an administrator viewing as the rep cannot spend the rep's link ------------------------
E5=$(new_request "$T/rep")
post_as "$T/mgr" "/exports/$E5/approve"
req GET "/exports/$E5" -b "$T/rep"; T5=$(token_of)
login "$T/admin" admin
post_as "$T/admin" "/admin/users/$REP/view-as"
expect "admin views as rep_east1" 303
A8=$(audit_max)
download "$T/admin" "/exports/$E5/download?t=$T5"
check "downloading while viewing as the rep → 403" test "$STATUS" == 403
check "…audited, and the link stays unspent" \
  test "$(audit_count "$A8" "action = 'export.download_refused' AND object_id = $E5 AND after_value = 'viewing_as' AND actor_login = 'admin'")$(sql "SELECT status FROM export_request WHERE id = $E5")" == 1approved
post_as "$T/admin" /view-as/exit
