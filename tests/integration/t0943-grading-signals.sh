#!/usr/bin/env bash
# Issue 9 gap 4 (R7.1): the grading dimensions' missing inputs.  Payment
# events (paid on time / late) feed the base dimension, the customer's
# trials and document downloads the activity dimension (payments are no
# interaction); both are activity kinds recorded from the customer page.
# Potential signals import from a CSV at /admin/grading (csv.c; UTF-8 or
# GBK; customer id or name): all rows or none, every problem row listed,
# each change audited like a manual entry.  Adds customers 't0943 …'.
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

has() { if grep -qF -- "$2" <<<"$BODY"; then ok "$1"; else fail "$1" "missing: $2" "${BODY:0:300}"; fi; }
grade() { "$SG_BIN" grade -c "$SG_CONF" 2>&1; }
dims() { sql "SELECT CONCAT_WS('|', base, activity) FROM customer_score WHERE customer_id = $1"; }
upload() {   # upload JAR FILE: the CSV to /admin/grading/potential
  local jar=$1 f=$2 tok
  tok=$(csrf_of "$jar")
  req POST /admin/grading/potential -b "$jar" -c "$jar" -H "Origin: $SG_URL" -F "_csrf=$tok" -F "encoding=auto" -F "file=@$f;type=text/csv"
}

login "$T/ops" ops
login "$T/rep" rep_east2
rep=$(user_id rep_east2)
newcust() {
  sql "INSERT INTO customer (name, name_norm, owner_id, region_id, created_at, updated_at)
       SELECT '$1', '$1', id, region_id, UTC_TIMESTAMP(6) - INTERVAL 30 DAY, UTC_TIMESTAMP(6) FROM users WHERE id = $rep"
  sql "SELECT MAX(id) FROM customer WHERE name = '$1'"
}
act() { post_as "$T/rep" "/customers/$1/action" -d "kind=$2"; }

P=$(newcust 't0943 按时回款客户')
Q=$(newcust 't0943 逾期回款客户')
R=$(newcust 't0943 试用客户')

req GET "/customers/$P" -b "$T/rep"
has "the customer page offers 'paid on time'" 'value="paid_on_time"'
has "and 'paid late'" 'value="paid_late"'
has "and 'trial'" 'value="trial"'
has "and 'document download'" 'value="doc_download"'
act "$P" paid_on_time; expect "a payment on time is recorded" 303
act "$P" paid_on_time; expect "a second one" 303
act "$Q" paid_late; expect "a late payment is recorded" 303
act "$R" trial; expect "a trial is recorded" 303
act "$R" doc_download; expect "a document download is recorded" 303
act "$R" called; expect "and a call" 303
act "$P" nonsense; expect "an unknown kind: 400" 400

out=$(grade)
if [[ $out == customers=* ]]; then ok "salesgate grade runs ($out)"; else fail "salesgate grade runs" "$out"; fi
same "two payments on time: base 20, and no interaction (activity 0)" "$(dims "$P")" "20.0|0.0"
same "a late payment: base cannot go below 0" "$(dims "$Q")" "0.0|0.0"
same "a trial, a download and a call: activity 3 × 10 + 2 × 15 = 60" "$(dims "$R")" "0.0|60.0"
req GET "/customers/$R" -b "$T/rep"
has "the timeline names the trial" "客户试用"

# ---- potential signals from a CSV ------------------------------------------------------------
req GET /admin/grading -b "$T/ops"
has "/admin/grading offers the CSV import" 'action="/admin/grading/potential"'
printf '客户编号,潜力,说明\n%s,88,展会重点客户\n%s,35,\n' "$P" "$Q" >"$T/good.csv"
a0=$(audit_max)
upload "$T/rep" "$T/good.csv"
expect "a rep may not import: 403" 403
upload "$T/ops" "$T/good.csv"
expect "ops imports two rows: 303" 303
same "back to the page with the message" "$(location)" "/admin/grading?done=potentialimported"
same "both signals are kept" \
  "$(sql "SELECT GROUP_CONCAT(CONCAT(customer_id, ':', score, ':', COALESCE(note, '-')) ORDER BY customer_id) FROM customer_potential WHERE customer_id IN ($P, $Q)")" \
  "$P:88:展会重点客户,$Q:35:-"
check "each is audited like a manual entry, and the import once" \
  test "$(audit_count "$a0" "action = 'customer.potential' AND after_value LIKE '%(CSV)'")|$(audit_count "$a0" "action = 'grading.potential.import' AND after_value = 'rows=2'")" = "2|1"

# by name, in GBK (a spreadsheet's export on a Chinese Windows)
printf '客户名称,潜力分,备注\nt0943 试用客户,66,试用反馈积极\n' | iconv -f UTF-8 -t GBK >"$T/gbk.csv"
upload "$T/ops" "$T/gbk.csv"
expect "a GBK file naming the customer: 303" 303
same "the signal is kept, the note read right" "$(sql "SELECT CONCAT(score, ':', note) FROM customer_potential WHERE customer_id = $R")" "66:试用反馈积极"

# problems: every row listed, nothing imported
printf 'customer_id,potential,note\n%s,90,ok\n999999999,50,\n%s,150,\nabc,20,\n%s,70,\n' "$Q" "$R" "$Q" >"$T/bad.csv"
a0=$(audit_max)
upload "$T/ops" "$T/bad.csv"
expect "a file with problem rows: 400" 400
has "row 3: no such customer" "第 3 行"
has "the reason is given" "找不到这个客户"
has "row 4: the score out of range" "潜力须为 0–100 的整数"
has "row 5 too" "第 5 行"
has "row 6: the customer twice" "同一客户在文件中出现了多次"
same "nothing was imported (Q keeps 35)" "$(sql "SELECT score FROM customer_potential WHERE customer_id = $Q")" 35
same "and nothing audited" "$(audit_count "$a0" "action IN ('customer.potential', 'grading.potential.import')")" 0
printf 'foo,bar\n1,2\n' >"$T/nohead.csv"
upload "$T/ops" "$T/nohead.csv"
expect "a file without the columns: 400" 400
has "says which columns it needs" "表头须包含"
printf '客户编号,潜力\n' >"$T/empty.csv"
upload "$T/ops" "$T/empty.csv"
expect "a file without rows: 400" 400
has "says it is empty" "文件里没有数据行"
