#!/usr/bin/env bash
# Issue 4 — CSV import of leads: a GBK file with a header, duplicates and
# broken rows → preview with counts and per-row errors → confirmation in one
# transaction (source import:<batch>, audited); the daily anomaly guard
# (R1.4) wants bulk_ok; cancel; refusals; only the owner sees a batch.
# SG_SLOW=1 adds a timed 100,000-row import.
# Adds leads with source import:<id> (phones 15xxxxxxxxx of this run).
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

run=$$-$RANDOM
# a phone prefix no lead has yet: 15 + five digits, rows add four more
for _ in 1 2 3 4 5 6 7 8; do
  pfx=$(printf '15%05d' $((RANDOM % 100000)))
  [[ $(sql "SELECT COUNT(*) FROM lead WHERE phone_norm LIKE '$pfx%'") == 0 ]] && break
done
channel=$(sql "SELECT id FROM channel WHERE active = 1 ORDER BY id LIMIT 1")
# duplicates are only shown for leads whose matching value the importer sees
# in clear (R8.2): a phone of rep_east1's own lead is one, rep_south1's is not
own_phone=$(sql "SELECT l.phone_norm FROM lead l JOIN users u ON u.id = l.owner_id
                 WHERE u.login = 'rep_east1' AND l.phone_norm LIKE '1%' ORDER BY l.id LIMIT 1")
own_id=$(sql "SELECT id FROM lead WHERE phone_norm = '$own_phone' ORDER BY id LIMIT 1")
south_phone=$(sql "SELECT l.phone_norm FROM lead l JOIN users u ON u.id = l.owner_id
                   WHERE u.login = 'rep_south1' AND l.phone_norm LIKE '1%'
                   AND l.phone_norm NOT IN (SELECT m.phone_norm FROM lead m JOIN users v ON v.id = m.owner_id
                                            WHERE v.login <> 'rep_south1' AND m.phone_norm IS NOT NULL)
                   ORDER BY l.id LIMIT 1")

# upload JAR [CURL ARGS]: a multipart POST /leads/import with the session's token
upload() {
  local jar=$1 tok
  shift
  tok=$(csrf_of "$jar")
  req POST /leads/import -b "$jar" -c "$jar" -H "Origin: $SG_URL" -F "_csrf=$tok" "$@"
}
# batch_of: the batch id in the last answer's Location
batch_of() { location | sed -n 's|^/leads/import/\([0-9][0-9]*\)$|\1|p'; }
# count NAME: a number shown on the preview page (id="count-NAME")
count() { grep -o "id=\"count-$1\">[0-9]*<" <<<"$BODY" | grep -o '[0-9][0-9]*' || true; }
# counts_are NAME TOTAL OK DUPLICATE BAD: the preview page shows these counts
counts_are() {
  local got
  got="$(count total) $(count ok) $(count duplicate) $(count bad)"
  if [[ $got == "$2 $3 $4 $5" ]]; then ok "$1"
  else fail "$1" "got total/ok/duplicate/bad $got, want $2 $3 $4 $5"; fi
}
# rows_file N PREFIX OUT: a UTF-8 CSV with N good rows
rows_file() {
  { echo "name,phone,email"
    awk -v n="$1" -v p="$2" 'BEGIN { for (i = 1; i <= n; i++) printf "批量%d,%s%04d,\n", i, p, i % 10000 }'
  } >"$3"
}

sign_in "$T/jar" rep_east1
expect "rep_east1 signs in" 303
req GET /leads/import -b "$T/jar"
expect "GET /leads/import 200" 200
check "the page has the multipart upload form" grep -q 'enctype="multipart/form-data"' <<<"$BODY"
check "the page offers the channels" grep -q "<option value=\"$channel\"" <<<"$BODY"
check "the page explains the columns" grep -q '姓名' <<<"$BODY"
check "the page offers auto / utf-8 / gbk" grep -q 'value="gbk"' <<<"$BODY"

# --- a GBK file ---------------------------------------------------------------------
# rows (spreadsheet numbering, the header is row 1):
#   2 good (quoted need with a comma, industry and intent by Chinese name)
#   3 good          4 duplicate of row 2 (same phone, written differently)
#   5 duplicate of rep_east1's own lead by phone   6 bad phone   7 no name
#   8 good (e-mail only)   9 the phone of rep_south1's lead: rep_east1 may not
#   learn that it exists, so it counts as new      10 unterminated quote (last)
cat >"$T/a.csv" <<CSV
姓名,手机号码,电子邮箱,公司名称,地区代码,行业,需求,意向
王小明,${pfx}0001,,t0410 甲公司 $run,310101,医疗,"想要报价,越快越好",预约演示、白皮书
李四,${pfx}0002,,,,,,
王小明（二）,${pfx:0:3}-${pfx:3:4}-0001,,,,,,
赵六,$own_phone,,,,,,
钱七,12345,,,,,,
,${pfx}0003,,,,,,
孙八,,t0410-$run@example.cn,,,,,
吴十,$south_phone,,,,,,
周九,"${pfx}0009,,,,,,
CSV
iconv -f UTF-8 -t GBK "$T/a.csv" >"$T/a.gbk.csv"
if iconv -f GBK -t UTF-8 "$T/a.gbk.csv" >/dev/null 2>&1 && ! iconv -f UTF-8 -t UTF-8 "$T/a.gbk.csv" >/dev/null 2>&1
then ok "the test file is GBK, not UTF-8"; else fail "the test file is GBK, not UTF-8"; fi

since=$(audit_max)
upload "$T/jar" -F "channel=$channel" -F "encoding=auto" -F "file=@$T/a.gbk.csv;type=text/csv"
expect "upload → 303" 303
a=$(batch_of)
if [[ -n $a ]]; then ok "… to /leads/import/<batch>"; else fail "… to /leads/import/<batch>" "$(location)" "${BODY:0:300}"; fi
a=${a:-0}
row=$(sql "SELECT encoding, status, rows_total, rows_ok, rows_duplicate, rows_bad, user_id FROM import_batch WHERE id = $a")
want=$(printf 'gbk\tpreview\t9\t4\t2\t3\t%s' "$(user_id rep_east1)")
if [[ $row == "$want" ]]; then ok "the batch: gbk detected, 9 rows, 4 ok, 2 duplicates, 3 bad"
else fail "the batch: gbk detected, 9 rows, 4 ok, 2 duplicates, 3 bad" "got  $row" "want $want"; fi
n=$(audit_count "$since" "action = 'import.upload' AND object_id = $a")
check "the upload is audited import.upload" test "$n" = 1
n=$(sql "SELECT COUNT(*) FROM lead WHERE source = 'import:$a'")
check "nothing is a lead before confirmation" test "$n" = 0

req GET "/leads/import/$a" -b "$T/jar"
expect "the preview 200" 200
counts_are "the preview shows 9 / 4 / 2 / 3" 9 4 2 3
check "Chinese from GBK reads right" grep -q '王小明' <<<"$BODY"
check "row 4 is a duplicate of row 2" grep -q '与文件第 2 行重复' <<<"$BODY"
check "row 5 is a duplicate of rep_east1's own lead" grep -q "href=\"/leads/$own_id\"" <<<"$BODY"
check "row 6: the phone is wrong" grep -q '手机：号码格式不正确' <<<"$BODY"
check "row 7: the name is required" grep -q '姓名：必填' <<<"$BODY"
check "row 9: the quote is never closed" grep -q '引号没有闭合' <<<"$BODY"
check "the preview offers skip / import for duplicates" grep -q 'name="duplicates" value="import"' <<<"$BODY"
check "the preview has a cancel button" grep -q "action=\"/leads/import/$a/cancel\"" <<<"$BODY"
errs=$(sql "SELECT CONCAT(row_no, ':', COALESCE(error, ''), ':', COALESCE(duplicate_of, '-'))
            FROM import_row WHERE batch_id = $a ORDER BY row_no" | paste -sd ' ')
want="2::- 3::- 4:row=2:0 5::$own_id 6:phone=Valid.Phone:- 7:name=Valid.Required:- 8::- 9::- 10:row=Import.E.Unterminated;phone=Valid.Phone:-"
if [[ $errs == "$want" ]]; then ok "import_row keeps each row's error and duplicate"
else fail "import_row keeps each row's error and duplicate" "got  $errs" "want $want"; fi
row=$(sql "SELECT industry, intent, need FROM import_row WHERE batch_id = $a AND row_no = 2")
check "industry and intent names become codes, the quoted comma stays" \
  test "$row" = "$(printf 'medical\tdemo,white_paper\t想要报价,越快越好')"

# --- someone else ---------------------------------------------------------------------
sign_in "$T/jar2" rep_east2
req GET "/leads/import/$a" -b "$T/jar2"
expect "another rep cannot see the batch (404)" 404
post_as "$T/jar2" "/leads/import/$a/confirm" --data-urlencode duplicates=skip
expect "another rep cannot confirm it (404)" 404
post_as "$T/jar2" "/leads/import/$a/cancel"
expect "another rep cannot cancel it (404)" 404

# --- confirm, duplicates skipped -----------------------------------------------------------
post_as "$T/jar" "/leads/import/$a/confirm" --data-urlencode duplicates=maybe
expect "duplicates=maybe → the preview again (400)" 400
limit=$(sed -n 's/^Import\.DailyLimit[[:space:]]*=[[:space:]]*//p' "$SG_CONF" | tail -n 1)
limit=${limit:-200}
today=$(sql "SELECT COUNT(*) FROM lead WHERE created_at >= UTC_DATE()")
bulk=()
if (( today + 4 > limit )); then
  # a database that already took many leads today (a reused environment)
  echo "# $today leads today already: the small import needs bulk_ok too"
  bulk=(--data-urlencode bulk_ok=1)
fi
since=$(audit_max)
post_as "$T/jar" "/leads/import/$a/confirm" --data-urlencode duplicates=skip "${bulk[@]}"
expect "confirm → 303" 303
check "… back to the batch" test "$(location)" = "/leads/import/$a"
names=$(sql "SELECT name FROM lead WHERE source = 'import:$a' ORDER BY name" | paste -sd ,)
want=$(sql "SELECT n FROM (SELECT '孙八' n UNION ALL SELECT '李四' UNION ALL SELECT '王小明'
            UNION ALL SELECT '吴十') t ORDER BY n" | paste -sd ,)
if [[ $names == "$want" ]]; then ok "exactly the four good rows are leads (source import:$a)"
else fail "exactly the four good rows are leads (source import:$a)" "got  $names" "want $want"; fi
row=$(sql "SELECT channel_id, COALESCE(owner_id, 'none'), tier, industry, region_code FROM lead
           WHERE source = 'import:$a' AND name = '王小明'")
check "the lead has the channel, no owner, high tier (demo), medical, its region" \
  test "$row" = "$(printf '%s\tnone\thigh\tmedical\t310101' "$channel")"
row=$(sql "SELECT status, rows_imported, finished_at IS NOT NULL FROM import_batch WHERE id = $a")
check "the batch is done with 4 rows imported" test "$row" = "$(printf 'done\t4\t1')"
n=$(audit_count "$since" "action = 'import.confirm' AND object_id = $a AND after_value LIKE 'rows=4 %'")
check "the confirmation is audited import.confirm (rows=4)" test "$n" = 1
# one audit row covers the batch (a per-lead row would hold the audit
# chain's lock for the length of a 100,000-row import); each lead names its
# batch in source
n=$(audit_count "$since" "action = 'lead.create' AND after_value LIKE 'source=import:$a %'")
check "no per-lead audit rows: the batch's import.confirm covers them" test "$n" = 0
if (( ${#bulk[@]} == 0 )); then
  n=$(audit_count "$since" "action = 'import.bulk_confirmed'")
  check "a small import needs no bulk confirmation" test "$n" = 0
fi
req GET "/leads/import/$a" -b "$T/jar"
check "the page says 4 leads were imported" grep -q 'id="count-imported">4<' <<<"$BODY"
post_as "$T/jar" "/leads/import/$a/confirm" --data-urlencode duplicates=import
expect "confirming twice → 409" 409
n=$(sql "SELECT COUNT(*) FROM lead WHERE source = 'import:$a'")
check "… and still 4 leads" test "$n" = 4
post_as "$T/jar" "/leads/import/$a/cancel"
expect "cancelling a done batch → 409" 409

# --- the anomaly guard (R1.4) ----------------------------------------------------------------
today=$(sql "SELECT COUNT(*) FROM lead WHERE created_at >= UTC_DATE()")
nrows=$(( limit - today + 5 ))
(( nrows < 5 )) && nrows=5
# 2,345 rows also stage through INSERTs of 100, 10 and 1 rows
(( nrows < 2345 )) && nrows=2345
rows_file "$nrows" "${pfx}" "$T/b.csv"
upload "$T/jar" -F "channel=$channel" -F "encoding=utf-8" -F "file=@$T/b.csv"
expect "a file that passes the daily limit uploads (303)" 303
b=$(batch_of)
b=${b:-0}
req GET "/leads/import/$b" -b "$T/jar"
# rows ending 0001 and 0002 repeat phones of leads the first file made; they
# have no owner, so their phones are masked for rep_east1 (R8.2) and the rows
# count as new
counts_are "the big batch counts its rows (no duplicate shown for masked phones)" \
  "$nrows" "$nrows" 0 0
n=$(sql "SELECT COUNT(*) FROM import_row WHERE batch_id = $b")
check "every row is staged" test "$n" = "$nrows"
check "the preview warns about the daily limit" grep -q 'id="import-guard"' <<<"$BODY"
check "the preview asks for bulk_ok" grep -q 'name="bulk_ok"' <<<"$BODY"
since=$(audit_max)
post_as "$T/jar" "/leads/import/$b/confirm" --data-urlencode duplicates=skip
expect "without bulk_ok → the preview again (400)" 400
check "… with a clear message" grep -q 'id="import-message"' <<<"$BODY"
n=$(sql "SELECT COUNT(*) FROM lead WHERE source = 'import:$b'")
check "… and nothing imported" test "$n" = 0
check "… the batch still waits" test "$(sql "SELECT status FROM import_batch WHERE id = $b")" = preview
post_as "$T/jar" "/leads/import/$b/confirm" --data-urlencode duplicates=skip --data-urlencode bulk_ok=1
expect "with bulk_ok=1 → 303" 303
n=$(sql "SELECT COUNT(*) FROM lead WHERE source = 'import:$b'")
check "all $nrows accepted rows are leads" test "$n" = "$nrows"
row=$(sql "SELECT status, rows_imported, bulk_confirmed FROM import_batch WHERE id = $b")
check "the batch is done and marked bulk" test "$row" = "$(printf 'done\t%s\t1' "$nrows")"
n=$(audit_count "$since" "action = 'import.bulk_confirmed' AND object_id = $b")
check "the bulk confirmation is audited import.bulk_confirmed" test "$n" = 1

# --- cancel ---------------------------------------------------------------------------------
printf 'name,phone\n撤销,%s9999\n' "$pfx" >"$T/c.csv"
upload "$T/jar" -F "channel=$channel" -F "file=@$T/c.csv"
expect "a third file uploads" 303
c=$(batch_of)
c=${c:-0}
since=$(audit_max)
post_as "$T/jar" "/leads/import/$c/cancel"
expect "cancel → 303" 303
check "the batch is cancelled" test "$(sql "SELECT status FROM import_batch WHERE id = $c")" = cancelled
check "its staged rows are deleted" test "$(sql "SELECT COUNT(*) FROM import_row WHERE batch_id = $c")" = 0
check "cancelling is audited" test "$(audit_count "$since" "action = 'import.cancel' AND object_id = $c")" = 1
post_as "$T/jar" "/leads/import/$c/confirm" --data-urlencode duplicates=skip
expect "confirming a cancelled batch → 409" 409
req GET /leads/import -b "$T/jar"
check "the import page lists the recent batches" grep -q "href=\"/leads/import/$c\"" <<<"$BODY"

# --- refusals -----------------------------------------------------------------------------
printf 'foo,bar\n1,2\n' >"$T/d.csv"
upload "$T/jar" -F "channel=$channel" -F "file=@$T/d.csv"
expect "no name column → the form again (400)" 400
check "… says the name column is missing" grep -q '找不到“姓名”列' <<<"$BODY"
check "… shows what the first line was" grep -q 'foo | bar' <<<"$BODY"
upload "$T/jar" -F "channel=$channel" -F "encoding=utf-8" -F "file=@$T/a.gbk.csv"
expect "a GBK file sent as UTF-8 → 400" 400
check "… says the encoding may be wrong" grep -q '可能选错了文件编码' <<<"$BODY"
long=$(printf '列%.0s' $(seq 100))
printf 'a%s,bar\n1,2\n' "$long" >"$T/k.csv"
upload "$T/jar" -F "channel=$channel" -F "file=@$T/k.csv"
expect "a long Chinese header without a name → 400" 400
if iconv -f UTF-8 -t UTF-8 <<<"$BODY" >/dev/null 2>&1; then ok "… the page (cut header shown) is valid UTF-8"
else fail "… the page (cut header shown) is valid UTF-8"; fi
upload "$T/jar" -F "channel=$channel" -F "file=@$T/c.csv;filename=$(printf '文%.0s' $(seq 60)).csv"
expect "a long Chinese file name uploads (303)" 303
n=$(sql "SELECT filename FROM import_batch WHERE id = $(batch_of)")
check "… and is kept whole" test "$n" = "$(printf '文%.0s' $(seq 60)).csv"
printf 'name,company\n张三,某公司\n' >"$T/e.csv"
upload "$T/jar" -F "channel=$channel" -F "file=@$T/e.csv"
expect "no phone or e-mail column → 400" 400
: >"$T/f.csv"
upload "$T/jar" -F "channel=$channel" -F "file=@$T/f.csv"
expect "an empty file → 400" 400
printf '\xef\xbb\xbf姓名,手机\r\n' >"$T/g.csv"
upload "$T/jar" -F "channel=$channel" -F "file=@$T/g.csv"
expect "only a header (with a BOM) → 400" 400
check "… says there are no rows" grep -q '没有数据行' <<<"$BODY"
upload "$T/jar" -F "file=@$T/c.csv"
expect "no channel → 400" 400
upload "$T/jar" -F "channel=$channel"
expect "no file → 400" 400
upload "$T/jar" -F "channel=$channel" -F "encoding=latin1" -F "file=@$T/c.csv"
expect "an unknown encoding → 400" 400
head -c 3000 /dev/urandom >"$T/h.csv"
upload "$T/jar" -F "channel=$channel" -F "file=@$T/h.csv"
if [[ $STATUS == 303 || $STATUS == 400 ]]; then ok "random bytes → 303 or 400, never 5xx"
else fail "random bytes → 303 or 400, never 5xx" "status $STATUS"; fi
n=$(sql "SELECT COUNT(*) FROM import_batch WHERE user_id = $(user_id rep_east1) AND status = 'preview' AND rows_total = 0")
check "no empty batch is ever kept" test "$n" = 0
sign_in "$T/jar3" finance1
req GET /leads/import -b "$T/jar3"
if [[ $STATUS == 403 ]]; then ok "someone without lead.edit gets 403"
else fail "someone without lead.edit gets 403" "status $STATUS"; fi
req GET /healthz
expect "healthz after the imports" 200

# --- 100,000 rows (SG_SLOW=1) ---------------------------------------------------------------
if [[ ${SG_SLOW:-0} == 1 ]]; then
  for _ in 1 2 3 4 5 6 7 8; do
    big=$(printf '16%04d' $((RANDOM % 10000)))
    [[ $(sql "SELECT COUNT(*) FROM lead WHERE phone_norm LIKE '$big%'") == 0 ]] && break
  done
  { echo "姓名,手机,公司"
    awk -v p="$big" -v r="$run" 'BEGIN { for (i = 0; i < 100000; i++) printf "大批%d,%s%05d,t0410 大批 %s 公司%d\n", i, p, i, r, i }'
  } >"$T/big.csv"
  t0=$(date +%s.%N)
  upload "$T/jar" -F "channel=$channel" -F "file=@$T/big.csv" --max-time 120
  t1=$(date +%s.%N)
  expect "100,000 rows upload (303)" 303
  g=$(batch_of)
  g=${g:-0}
  post_as "$T/jar" "/leads/import/$g/confirm" --data-urlencode duplicates=skip --data-urlencode bulk_ok=1 --max-time 120
  t2=$(date +%s.%N)
  expect "100,000 rows confirm (303)" 303
  n=$(sql "SELECT COUNT(*) FROM lead WHERE source = 'import:$g'")
  check "100,000 leads imported" test "$n" = 100000
  awk -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN {
    printf "# import of 100000 rows: %.0f s (upload and check %.0f s, confirm %.0f s)\n", c - a, b - a, c - b }'
else
  echo "# SG_SLOW=1 runs the 100,000-row import"
fi
