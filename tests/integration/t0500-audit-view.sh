#!/usr/bin/env bash
# Issue 5 — the auditor's view (R9.3): /audit lists the log with filters and
# keyset paging, /audit/N shows one row, "verify now" records the chain's
# state, /audit/export.csv streams the filtered log as CSV.  Compares what
# the pages show with SQL.  Adds qa_formula1 (a user named "=cmd…"); tampers
# one row for a moment and adds synthetic rows far above the chain (ids from
# 900000001), removing both before it ends.
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

cleanup() {
  sql "DELETE FROM audit_log WHERE action LIKE 'qa\_synth.%'" || true
  if [[ -n $(sql "SHOW DATABASES LIKE 'qa_scratch_audit'") ]]; then
    sql "REPLACE INTO audit_log SELECT * FROM qa_scratch_audit.saved; DROP DATABASE qa_scratch_audit" || true
  fi
  forget_failed_logins
}
trap cleanup EXIT

sign_in "$T/jar.aud" auditor1
expect "auditor1 signs in" 303
sign_in "$T/jar.rep" rep_east1
sign_in "$T/jar.admin" admin
auditor=$(user_id auditor1)
rep=$(user_id rep_east1)
admin=$(user_id admin)

# page_ids URL: the row ids on one list page, in order, one a line
page_ids() { grep -o 'href="/audit/[0-9]*"' <<<"$BODY" | grep -o '[0-9]*' || true; }
# next_link: the "next page" link of the last page (&amp; undone), or nothing
next_link() {
  grep -o 'href="/audit?after=[^"]*"' <<<"$BODY" | head -n 1 | sed 's/^href="//; s/"$//; s/&amp;/\&/g' || true
}
# walk URL: every page of a list from URL on → $T/walk.ids (ids in page order), $pages
walk() {
  local u=$1
  : >"$T/walk.ids"
  pages=0
  while [[ -n $u ]]; do
    req GET "$u" -b "$T/jar.aud"
    [[ $STATUS == 200 ]] || { echo "walk: $u gave $STATUS" >>"$T/walk.ids"; break; }
    page_ids >>"$T/walk.ids"
    pages=$((pages + 1))
    (( pages < 200 )) || break
    u=$(next_link)
  done
}
# same_ids NAME URL SQL_WHERE: walking URL visits exactly the rows SQL_WHERE
# selects, newest first, each once (rows newer than $top are left out)
same_ids() {
  local top
  top=$(audit_max)
  walk "$2"
  sql "SELECT id FROM audit_log WHERE id <= $top AND ($3) ORDER BY id DESC" >"$T/want.ids"
  awk -v top="$top" '$1 <= top' "$T/walk.ids" >"$T/got.ids"
  if cmp -s "$T/got.ids" "$T/want.ids"; then
    ok "$1 ($(wc -l <"$T/want.ids") rows, $pages page(s))"
  else
    fail "$1" "got $(wc -l <"$T/got.ids") rows, want $(wc -l <"$T/want.ids")" \
      "$(diff "$T/got.ids" "$T/want.ids" | head -n 8)"
  fi
}

# --- who may look ----------------------------------------------------------------------------
req GET /audit -b "$T/jar.aud"
expect "auditor1 opens /audit" 200
check "the page is the audit log" grep -q '<h1>审计日志</h1>' <<<"$BODY"
check "the nav links to /audit for the auditor" grep -q '<a href="/audit" aria-current="page">' <<<"$BODY"
check "the auditor sees the export link" grep -q 'href="/audit/export.csv"' <<<"$BODY"
check "the page is not cacheable" grep -q '^cache-control: no-store' <<<"$HEADERS"
since=$(audit_max)
req GET /audit -b "$T/jar.rep"
expect "a sales rep gets 403 on /audit" 403
n=$(audit_count "$since" "action = 'access.denied' AND actor_id = $rep AND after_value = 'audit.read'")
check "the refusal is audited (access.denied, audit.read, the rep as actor)" test "$n" == 1
req GET /audit/1 -b "$T/jar.rep"
expect "a sales rep gets 403 on /audit/1" 403
req GET / -b "$T/jar.rep"
check "the rep's nav has no audit link" bash -c '! grep -q "href=\"/audit\"" <<<"$1"' _ "$BODY"
req GET /audit -b "$T/jar.admin"
expect "the sysadmin (audit.read) opens /audit" 200
check "…without the export link (no audit.export)" bash -c '! grep -q "export.csv" <<<"$1"' _ "$BODY"
req GET /audit/export.csv -b "$T/jar.admin"
expect "the sysadmin cannot export (403)" 403
req GET /audit
if [[ $STATUS == 303 && $(location) == /login* ]]; then ok "signed out: /audit sends to the sign-in page"
else fail "signed out: /audit sends to the sign-in page" "status $STATUS $(location)"; fi

# --- something to look at: a formula-like name, sign-in failures, a freeze ---------------------
rep_role=$(sql "SELECT id FROM role WHERE code = 'sales_rep'")
team=$(sql "SELECT id FROM team WHERE name = '华东一组'")
region=$(sql "SELECT id FROM region WHERE code = 'EAST'")
lead=$(user_id lead_east)
form=(--data-urlencode "password=QaFormula-2026" --data-urlencode "role=$rep_role"
      --data-urlencode "team=$team" --data-urlencode "region=$region" --data-urlencode "manager=$lead"
      --data-urlencode "load_cap=20")
post_as "$T/jar.admin" /admin/users --data-urlencode "login=qa_formula1" \
  --data-urlencode "display_name==cmd|' /C calc'!A0" "${form[@]}"
fid=$(user_id qa_formula1)
if [[ -n $fid ]]; then ok "admin creates qa_formula1 named =cmd… through the admin page"
else fail "admin creates qa_formula1 named =cmd… through the admin page" "status $STATUS" "${BODY:0:300}"; fi
fid=${fid:-0}
# (a second run finds qa_formula1 renamed: name it =cmd… again first)
post_as "$T/jar.admin" "/admin/users/$fid" --data-urlencode "display_name==cmd|' /C calc'!A0" "${form[@]}"
since=$(audit_max)
post_as "$T/jar.admin" "/admin/users/$fid" --data-urlencode 'display_name=-2+3, "quoted"' "${form[@]}"
n=$(audit_count "$since" "action = 'user.update' AND object_id = $fid AND field = 'display_name'")
check "renaming it is audited with before and after (user.update)" test "$n" == 1
post_as "$T/jar.admin" "/admin/users/$fid/freeze"
post_as "$T/jar.admin" "/admin/users/$fid/unfreeze"
n=$(audit_count "$since" "action IN ('user.freeze', 'user.unfreeze') AND object_id = $fid")
check "freeze and unfreeze are audited" test "$n" == 2
for _ in 1 2; do
  req POST /login -H "Origin: $SG_URL" --data-urlencode login=qa_nobody --data-urlencode password=wrong-pass
done
n=$(audit_count "$since" "action = 'login.failed' AND actor_login = 'qa_nobody' AND actor_id IS NULL")
check "two sign-in failures for an unknown login are on record" test "$n" == 2
forget_failed_logins
for _ in 1 2 3 4 5 6; do
  req POST /login -H "Origin: $SG_URL" --data-urlencode login=qa_formula1 --data-urlencode password=wrong-pass
done
forget_failed_logins
n=$(audit_count "$since" "action = 'login.throttled' AND actor_login = 'qa_formula1' AND actor_id IS NULL")
m=$(audit_count "$since" "action = 'login.failed' AND actor_id = $fid")
check "qa_formula1: 5 failures with its id, then a throttled attempt without one" test "$m $n" == "5 1"

# --- filters against SQL -------------------------------------------------------------------------
same_ids "no filter: every row, newest first" "/audit" "1 = 1"
same_ids "person=admin: the admin's rows" "/audit?person=admin" "actor_login = 'admin'"
same_ids "person=qa_formula1: by actor id, and the throttled sign-ins without one" \
  "/audit?person=qa_formula1" "actor_login = 'qa_formula1'"
same_ids "person=qa_nobody (no such user): rows with that login and no actor id" \
  "/audit?person=qa_nobody" "actor_id IS NULL AND actor_login = 'qa_nobody'"
same_ids "person=no_such_one: nothing" "/audit?person=no_such_one" "0 = 1"
same_ids "action=user.create (exact)" "/audit?action=user.create" "action = 'user.create'"
same_ids "action=login. (prefix)" "/audit?action=login." "action LIKE 'login.%'"
same_ids "action=lead. (prefix, several pages)" "/audit?action=lead." "action LIKE 'lead.%'"
same_ids "action=user. (prefix over several actions)" "/audit?action=user." "action LIKE 'user.%'"
same_ids "action=nothing.here. (a prefix no action has)" "/audit?action=nothing.here." "0 = 1"
same_ids "ready-made 登录记录 (login.*, logout)" "/audit?action=login.&action=logout" \
  "action LIKE 'login.%' OR action = 'logout'"
same_ids "ready-made 权限变更" \
  "/audit?action=user.role&action=user.manager&action=user.freeze&action=user.unfreeze&action=user.password_reset&action=viewas.&action=access.denied" \
  "action IN ('user.role', 'user.manager', 'user.freeze', 'user.unfreeze', 'user.password_reset', 'access.denied') OR action LIKE 'viewas.%'"
same_ids "object_type=user&object_id=qa_formula1" "/audit?object_type=user&object_id=$fid" \
  "object_type = 'user' AND object_id = $fid"
same_ids "object_type=lead (type alone)" "/audit?object_type=lead" "object_type = 'lead'"
same_ids "ip=127.0.0.1 and action=login." "/audit?ip=127.0.0.1&action=login." \
  "actor_ip = '127.0.0.1' AND action LIKE 'login.%'"
same_ids "ip=10.9.9.9: nothing" "/audit?ip=10.9.9.9" "0 = 1"
same_ids "person=admin&action=user. (filters combine)" "/audit?person=admin&action=user." \
  "actor_id = $admin AND action LIKE 'user.%'"
same_ids "person=qa_formula1&action=login. (both kinds of row, two actions)" \
  "/audit?person=qa_formula1&action=login." "actor_login = 'qa_formula1' AND action LIKE 'login.%'"
# dates are the reader's (Asia/Shanghai, +08:00)
today=$(TZ=Asia/Shanghai date +%F)
yesterday=$(TZ=Asia/Shanghai date -d yesterday +%F)
tomorrow=$(TZ=Asia/Shanghai date -d tomorrow +%F)
local_day="DATE(CONVERT_TZ(at, '+00:00', '+08:00'))"
same_ids "from=to=today (reader's zone)" "/audit?from=$today&to=$today" "$local_day = '$today'"
same_ids "from=yesterday&action=user.create" "/audit?from=$yesterday&action=user.create" \
  "$local_day >= '$yesterday' AND action = 'user.create'"
same_ids "to=yesterday: nothing made before today" "/audit?to=$yesterday" "$local_day <= '$yesterday'"
same_ids "from=tomorrow: nothing" "/audit?from=$tomorrow" "0 = 1"
req GET "/audit?person=Not+A+Login" -b "$T/jar.aud"
expect "an invalid person is a 400" 400
req GET "/audit?from=2026-13-01" -b "$T/jar.aud"
expect "an invalid date is a 400" 400
req GET "/audit?object_id=abc" -b "$T/jar.aud"
expect "an invalid object id is a 400" 400
req GET "/audit?action=login.%27" -b "$T/jar.aud"
expect "an action with a quote is a 400" 400
req GET "/audit?object_id=$fid" -b "$T/jar.aud"
if [[ $STATUS == 200 ]] && grep -q 'id="e-object_id"' <<<"$BODY"; then ok "an object id without a type: the list says so beside the field"
else fail "an object id without a type: the list says so beside the field" "status $STATUS"; fi
req GET "/audit/export.csv?object_id=$fid" -b "$T/jar.aud"
expect "…and an export of it is a 400 (it would hold more than asked)" 400

# --- paging ------------------------------------------------------------------------------------
req GET "/audit?action=lead." -b "$T/jar.aud"
first=$(page_ids | head -n 1)
n=$(page_ids | wc -l)
check "a page holds 50 rows" test "$n" == 50
nl=$(next_link)
check "the next-page link keeps the filter and pages by id" \
  grep -qE '^/audit\?after=[0-9]+&action=lead\.$' <<<"$nl"
after=${nl#/audit?after=}; after=${after%%&*}
check "the cursor is the last id on the page" test "$after" == "$(page_ids | tail -n 1)"
req GET "$nl" -b "$T/jar.aud"
want=$(sql "SELECT id FROM audit_log WHERE action LIKE 'lead.%' AND id < $after ORDER BY id DESC LIMIT 50")
check "page 2 is the 50 rows below the cursor" test "$(page_ids)" == "$want"
check "page 2 links back to the newest rows" grep -q 'href="/audit?action=lead.">' <<<"$BODY"
check "…and the filter form is open with lead.* selected" grep -q '<option value="lead." selected>' <<<"$BODY"
check "page 1 starts at the newest lead row" test "$first" == "$(sql "SELECT MAX(id) FROM audit_log WHERE action LIKE 'lead.%'")"

# --- one row -------------------------------------------------------------------------------------
rid=$(sql "SELECT MAX(id) FROM audit_log WHERE action = 'user.update' AND object_id = $fid AND field = 'display_name'")
req GET "/audit/$rid" -b "$T/jar.aud"
expect "the details page of row $rid" 200
IFS=$'\t' read -r r_prev r_hash r_req r_sess < <(sql "SELECT s.prev_hash, s.hash, a.request_id, COALESCE(a.session_hash, '-') FROM audit_log a JOIN audit_seal s ON s.audit_id = a.id WHERE a.id = $rid")
check "it shows the row's hash and the previous row's hash" bash -c 'grep -q "$2" <<<"$1" && grep -q "$3" <<<"$1"' _ "$BODY" "$r_hash" "$r_prev"
check "it shows the request id and session hash" bash -c 'grep -q "$2" <<<"$1" && grep -q "$3" <<<"$1"' _ "$BODY" "$r_req" "$r_sess"
check "it shows before (escaped)" grep -qF "=cmd|&#39; /C calc&#39;!A0" <<<"$BODY"
check "it shows after (escaped)" grep -qF -- "-2+3, &quot;quoted&quot;" <<<"$BODY"
check "the row's own hash checks out" grep -q '内容与哈希一致' <<<"$BODY"
check "and it follows the row before" grep -q '与上一条相接' <<<"$BODY"
older=$(sql "SELECT MAX(id) FROM audit_log WHERE id < $rid") newer=$(sql "SELECT MIN(id) FROM audit_log WHERE id > $rid")
check "it links to the older and newer rows" bash -c 'grep -q "href=\"/audit/$2\"" <<<"$1" && grep -q "href=\"/audit/$3\"" <<<"$1"' _ "$BODY" "$older" "$newer"
req GET /audit/1 -b "$T/jar.aud"
check "row 1 follows the zero hash" grep -q '与上一条相接' <<<"$BODY"
req GET /audit/999999 -b "$T/jar.aud"
expect "a row that does not exist is a 404" 404

# --- verify now --------------------------------------------------------------------------------------
since=$(audit_max)
# every row written so far is on the chain once verify has sealed them
nrows=$(sql "SELECT COUNT(*) FROM audit_log")
nv=$(sql "SELECT COUNT(*) FROM audit_verification")
post_as "$T/jar.aud" /audit/verify
# (lib.sh lower-cases the headers, the Location too)
if [[ $STATUS == 303 && $(location) == "/audit?done=verified" ]]; then ok "verify now: 303 back to /audit"
else fail "verify now: 303 back to /audit" "status $STATUS $(location)" "${BODY:0:300}"; fi
IFS=$'\t' read -r v_id v_user v_rows v_ok v_bad < <(sql "SELECT id, user_id, rows_checked, ok, COALESCE(bad_id, 0) FROM audit_verification ORDER BY id DESC LIMIT 1")
check "a verification row was recorded" test "$(sql "SELECT COUNT(*) FROM audit_verification")" == $((nv + 1))
check "…ok, by auditor1, over every row written before it ($nrows)" test "$v_ok $v_user $v_rows $v_bad" == "1 $auditor $nrows 0"
n=$(audit_count "$since" "action = 'audit.verify' AND actor_id = $auditor AND object_type = 'audit_verification' AND object_id = $v_id AND after_value = 'ok: $nrows rows'")
check "…and audited (audit.verify)" test "$n" == 1
req GET "/audit?done=Verified" -b "$T/jar.aud"
check "the page shows the chain intact up to row $nrows" grep -q "完好</span> 第 1–$nrows" <<<"$BODY"
check "…who verified" grep -q "审计员（外部） (auditor1)" <<<"$BODY"
check "…and the flash" grep -q '已完成校验' <<<"$BODY"
post_as "$T/jar.rep" /audit/verify
expect "a sales rep cannot verify (403)" 403
req POST /audit/verify -b "$T/jar.aud" -H "Origin: $SG_URL"
expect "verify without the CSRF token is refused (403)" 403

# a changed row: verify records the break, the page and the row say so
sql "CREATE DATABASE IF NOT EXISTS qa_scratch_audit; DROP TABLE IF EXISTS qa_scratch_audit.saved; CREATE TABLE qa_scratch_audit.saved AS SELECT * FROM audit_log WHERE id = $rid"
sql "UPDATE audit_log SET after_value = CONCAT(after_value, 'x') WHERE id = $rid"
post_as "$T/jar.aud" /audit/verify
IFS=$'\t' read -r v_ok v_bad v_rows < <(sql "SELECT ok, bad_id, rows_checked FROM audit_verification ORDER BY id DESC LIMIT 1")
rseq=$(sql "SELECT seq FROM audit_seal WHERE audit_id = $rid")
check "after a change to row $rid, verify records ok=0, bad_id=$rid" test "$v_ok $v_bad $v_rows" == "0 $rid $((rseq - 1))"
n=$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'audit.verify' AND after_value LIKE 'broken at row $rid:%'")
check "…and the audit.verify row says where" test "$n" == 1
req GET /audit -b "$T/jar.aud"
check "the page shows the break at row $rid" grep -q "已断裂</span> <a href=\"/audit/$rid\">" <<<"$BODY"
check "…and the last intact verification" grep -q "上次完好" <<<"$BODY"
req GET "/audit/$rid" -b "$T/jar.aud"
check "row $rid's page says its content does not match its hash" grep -q '内容与哈希不符' <<<"$BODY"
sql "REPLACE INTO audit_log SELECT * FROM qa_scratch_audit.saved; DROP DATABASE qa_scratch_audit"
post_as "$T/jar.aud" /audit/verify
check "restored: verify is ok again" test "$(sql "SELECT ok FROM audit_verification ORDER BY id DESC LIMIT 1")" == 1

# --- export ------------------------------------------------------------------------------------------
since=$(audit_max)
curl -sS -b "$T/jar.aud" -D "$T/csv.h" -o "$T/one.csv" "$SG_URL/audit/export.csv?object_type=user&object_id=$fid"
HEADERS=$(tr '[:upper:]' '[:lower:]' <"$T/csv.h" | tr -d '\r')
check "export: 200" grep -q '^status: 200\|^http/1.1 200' <<<"$HEADERS"
check "export: text/csv; charset=utf-8" grep -q '^content-type: text/csv; charset=utf-8' <<<"$HEADERS"
check "export: an attachment with a .csv name" grep -qE '^content-disposition: attachment; filename="audit-[0-9]{8}-[0-9]{6}\.csv"' <<<"$HEADERS"
check "export: not cacheable" grep -q '^cache-control: no-store' <<<"$HEADERS"
check "export: starts with the UTF-8 BOM" test "$(head -c 3 "$T/one.csv" | od -An -tx1 | tr -d ' ')" == efbbbf
check "export: the header row" test "$(head -n 1 "$T/one.csv")" == \
  $'\xef\xbb\xbf编号,时间 (Asia/Shanghai),时间（UTC）,操作人编号,操作人账号,地址,会话,动作,对象类型,对象编号,字段,修改前,修改后,请求编号,上一条哈希,本条哈希\r'
n=$(audit_count "$since" "action = 'audit.export' AND actor_id = $auditor AND after_value = 'object_type=user&object_id=$fid'")
check "the export is audited with its filter (audit.export)" test "$n" == 1
check "records end with CRLF" test "$(grep -c $'\r$' "$T/one.csv")" == "$(wc -l <"$T/one.csv")"
line=$(grep ',user\.update,' "$T/one.csv" | grep display_name || true)
check "a cell starting with = is neutralised with a quote" grep -qF ",'=cmd|' /C calc'!A0," <<<"$line"
check "a cell starting with - and holding a comma and quotes is quoted, neutralised, quotes doubled" \
  grep -qF ",\"'-2+3, \"\"quoted\"\"\"," <<<"$line"
python3 - "$T/one.csv" "$fid" >"$T/py.out" 2>&1 <<'PY' && ok "python's csv reads it back: one record per row, 16 cells, values as stored" || fail "python's csv reads it back" "$(cat "$T/py.out")"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
head, body = rows[0], rows[1:]
assert len(head) == 16 and all(len(r) == 16 for r in body), [len(r) for r in rows]
assert all(r[8] == "user" and r[9] == sys.argv[2] for r in body), "filter"
upd = [r for r in body if r[7] == "user.update" and r[10] == "display_name"]
assert len(upd) >= 1 and upd[0][11] == "'=cmd|' /C calc'!A0" and upd[0][12] == "'-2+3, \"quoted\"", upd
ids = [int(r[0]) for r in body]
assert ids == sorted(ids, reverse=True), "newest first"
PY
want=$(sql "SELECT COUNT(*) FROM audit_log WHERE object_type = 'user' AND object_id = $fid")
check "the export holds every row of the filter ($want)" test "$(python3 -c 'import csv,sys; print(len(list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline=""))))-1)' "$T/one.csv")" == "$want"
curl -sS -b "$T/jar.aud" -o "$T/self.csv" "$SG_URL/audit/export.csv?action=audit.export"
mine=$(sql "SELECT MAX(id) FROM audit_log WHERE action = 'audit.export'")
check "audited before the first byte: an export of audit.export rows holds its own row ($mine)" \
  grep -q "^$mine," "$T/self.csv"
since=$(audit_max)
req GET /audit/export.csv -b "$T/jar.rep"
expect "a sales rep cannot export (403)" 403
n=$(audit_count "$since" "action = 'access.denied' AND actor_id = $rep AND after_value = 'audit.export'")
check "…and the refusal is audited" test "$n" == 1
n=$(audit_count "$since" "action = 'audit.export'")
check "…and no export was recorded for it" test "$n" == 0

# viewing as the auditor shows the log but does not export it
post_as "$T/jar.admin" "/admin/users/$auditor/view-as"
req GET /audit -b "$T/jar.admin"
expect "the admin viewing as auditor1 sees /audit" 200
since=$(audit_max)
req GET /audit/export.csv -b "$T/jar.admin"
expect "…but cannot export while viewing as (403)" 403
n=$(audit_count "$since" "action = 'viewas.refused' AND actor_id = $admin AND after_value = '/audit/export.csv'")
check "…and the refusal is audited with the admin as actor" test "$n" == 1
check "…and no export was recorded" test "$(audit_count "$since" "action = 'audit.export'")" == 0
post_as "$T/jar.admin" /view-as/exit

# --- many rows: batches of 5,000 and merged branches (synthetic rows, never on the chain) ---------
# (one INSERT … SELECT takes consecutive ids; SYNTH is the one before them)
sql "INSERT INTO audit_log (at, actor_id, actor_login, actor_ip, session_hash, action, object_type,
       object_id, field, before_value, after_value, request_id)
     SELECT UTC_TIMESTAMP(6), NULL, 'qa_synth', '10.0.0.1', NULL,
       IF(seq % 3 = 0, 'qa_synth.a', 'qa_synth.b'), NULL, NULL, NULL, NULL, CONCAT('=', seq), NULL
     FROM seq_1_to_12001 ORDER BY seq"
SYNTH=$(( $(sql "SELECT MIN(id) FROM audit_log WHERE action LIKE 'qa\_synth.%'") - 1 ))
curl -sS -b "$T/jar.aud" -o "$T/big.csv" "$SG_URL/audit/export.csv?action=qa_synth."
python3 - "$T/big.csv" "$SYNTH" >"$T/py.out" 2>&1 <<'PY' && ok "export of 12,001 rows over two actions (prefix): every row once, newest first, across 5,000-row batches" || fail "export of 12,001 rows" "$(cat "$T/py.out")"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))[1:]
base = int(sys.argv[2])
ids = [int(r[0]) for r in rows]
assert ids == list(range(base + 12001, base, -1)), (len(ids), ids[:3], ids[-3:])
assert all(r[12] == "'=" + str(int(r[0]) - base) for r in rows), "after neutralised"
assert all(r[7] == ("qa_synth.a" if (int(r[0]) - base) % 3 == 0 else "qa_synth.b") for r in rows)
PY
curl -sS -b "$T/jar.aud" -o "$T/big2.csv" "$SG_URL/audit/export.csv?person=qa_synth&action=qa_synth.b"
n=$(python3 -c 'import csv,sys; print(len(list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline=""))))-1)' "$T/big2.csv")
check "export of one action of them: 8,001 rows" test "$n" == 8001
req GET "/audit?action=qa_synth." -b "$T/jar.aud"
want=$(sql "SELECT id FROM audit_log WHERE action LIKE 'qa_synth.%' ORDER BY id DESC LIMIT 50")
check "list of the merged branches: page 1" test "$(page_ids)" == "$want"
req GET "/audit?action=qa_synth.&after=$((SYNTH + 6000))" -b "$T/jar.aud"
want=$(sql "SELECT id FROM audit_log WHERE action LIKE 'qa_synth.%' AND id < $SYNTH + 6000 ORDER BY id DESC LIMIT 50")
check "list of the merged branches: a page from the middle" test "$(page_ids)" == "$want"
sql "DELETE FROM audit_log WHERE action LIKE 'qa\_synth.%'"
post_as "$T/jar.aud" /audit/verify
check "synthetic rows gone: the chain verifies" test "$(sql "SELECT ok FROM audit_verification ORDER BY id DESC LIMIT 1")" == 1

# --- HEAD and language ---------------------------------------------------------------------------------
since=$(audit_max)
req HEAD /audit/export.csv -b "$T/jar.aud" -I
expect "HEAD on the export: 200" 200
check "…nothing exported, nothing recorded" test "$(audit_count "$since" "action = 'audit.export'")" == 0
req GET "/audit?lang=en" -b "$T/jar.aud"
check "the page in English" grep -q '<h1>Audit log</h1>' <<<"$BODY"
