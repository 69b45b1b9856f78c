#!/usr/bin/env bash
# Issue 7 — the hospital pipeline (entering 临床试用 creates the three tasks,
# the 12-item NMPA checklist and its compliance pages), "my tasks", the
# kanban board (columns, counts, stale cards in red, masked amounts for a
# rep, clear for finance, no-JS buttons through the same checks), the deal
# list's filters and paging, and the pipelines admin page.
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

upload() {
  local jar=$1 p=$2 tok args=()
  shift 2
  tok=$(csrf_of "$jar")
  for a in "$@"; do args+=(-F "$a"); done
  req POST "$p" -b "$jar" -c "$jar" -H "Origin: $SG_URL" -F "_csrf=$tok" "${args[@]}"
}
has() { if grep -qF -- "$2" <<<"$BODY"; then ok "$1"; else fail "$1" "missing: $2" "${BODY:0:300}"; fi; }
hasnt() { if grep -qF -- "$2" <<<"$BODY"; then fail "$1" "found: $2"; else ok "$1"; fi; }

printf '%s\n' '%PDF-1.4' '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj' \
  '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj' \
  '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj' \
  'trailer << /Root 1 0 R >>' '%%EOF' >"$T/raw.pdf"
qpdf "$T/raw.pdf" "$T/one.pdf" >/dev/null 2>&1 || [[ -s $T/one.pdf ]]

login "$T/rep" rep_east1
login "$T/fin" finance1
login "$T/ops" ops
login "$T/pre" presales1

rep=$(user_id rep_east1)
hosp=$(sql "SELECT id FROM pipeline WHERE code = 'hospital'")
std=$(sql "SELECT id FROM pipeline WHERE code = 'standard'")
hstage() { sql "SELECT id FROM stage WHERE pipeline_id = $hosp AND position = $1"; }

# ---- hospital: 招标备案 → 临床试用 creates the three tasks
sql "INSERT INTO customer (name, name_norm, owner_id, region_id, created_at, updated_at)
     SELECT '测试人民医院', '测试人民医院', id, region_id, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) FROM users WHERE id = $rep"
cust=$(sql "SELECT MAX(id) FROM customer")
sql "INSERT INTO deal (customer_id, pipeline_id, stage_id, owner_id, region_id, name, amount, stage_entered_at, created_at, updated_at)
     SELECT $cust, $hosp, $(hstage 3), $rep, region_id, 'T0710 人民医院 · 输液泵', 777777.00, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)
     FROM users WHERE id = $rep"
deal=$(sql "SELECT MAX(id) FROM deal")
post_as "$T/rep" "/deals/$deal/move" --data-urlencode "to=$(hstage 4)"
expect "招标备案 without the filing receipt is refused" 409
has "the refusal names the receipt" "招标备案回执（PDF）"
upload "$T/rep" "/deals/$deal/attachments" "kind=tender_filing" "file=@$T/one.pdf;filename=回执.pdf"
expect "the receipt is uploaded" 303
a0=$(audit_max)
post_as "$T/rep" "/deals/$deal/move" --data-urlencode "to=$(hstage 4)"
expect "the deal enters 临床试用" 303
same "three tasks were created" "$(sql "SELECT COUNT(*) FROM task WHERE deal_id = $deal")" 3
same "product's task went to presales" \
  "$(sql "SELECT r.code FROM task t JOIN users u ON u.id = t.assignee_id JOIN role r ON r.id = u.role_id WHERE t.deal_id = $deal AND t.title LIKE '%参数确认单%'")" presales
same "finance's task went to finance" \
  "$(sql "SELECT u.login FROM task t JOIN users u ON u.id = t.assignee_id WHERE t.deal_id = $deal AND t.title LIKE '%押金%'")" finance1
same "the customer letter is the owner's task" \
  "$(sql "SELECT assignee_id FROM task WHERE deal_id = $deal AND title LIKE '%服务承诺书%'")" "$rep"
same "every task has a due time in the future and level 0" \
  "$(sql "SELECT COUNT(*) FROM task WHERE deal_id = $deal AND due_at > UTC_TIMESTAMP(6) AND status = 'open' AND escalation_level = 0")" 3
same "task creation is audited" "$(audit_count "$a0" "action = 'task.create'")" 3
req GET /tasks -b "$T/pre"
expect "presales opens my tasks" 200
has "presales sees the parameter sheet task" "试用设备参数确认单"
hasnt "presales does not see finance's task" "押金冻结"
task=$(sql "SELECT t.id FROM task t JOIN users u ON u.id = t.assignee_id WHERE t.deal_id = $deal AND u.login = 'presales1'")
post_as "$T/rep" "/tasks/$task/done"
expect "someone else cannot close the task" 404
post_as "$T/pre" "/tasks/$task/done"
expect "the assignee marks it done" 303
same "the task is done" "$(sql "SELECT status FROM task WHERE id = $task")" done

# ---- the NMPA checklist: 12 items, the lock, the compliance pages
req GET "/deals/$deal" -b "$T/rep"
same "the deal page shows the 12 NMPA items" "$(grep -o 'id="item-[0-9]*"' <<<"$BODY" | wc -l)" 12
has "including the device serial number" "试用设备序列号登记"
has "and the training records" "操作人员培训记录留存"
has "the three tasks are on the deal page" "试用期服务承诺书"
post_as "$T/rep" "/deals/$deal/move" --data-urlencode "to=$(hstage 5)"
expect "临床试用 cannot be left with the checklist open" 409
has "the refusal says 0 of 12" "当前 0 / 需要 12"
items=$(sql "SELECT id, evidence FROM checklist_item WHERE stage_id = $(hstage 4) ORDER BY position")
n=0
while IFS=$'\t' read -r id ev; do
  n=$((n + 1))
  (( n > 6 )) && break
  if [[ $ev == none ]]; then upload "$T/rep" "/deals/$deal/checks/$id"
  else upload "$T/rep" "/deals/$deal/checks/$id" "file=@$T/one.pdf;filename=nmpa-$n.pdf"; fi
done <<<"$items"
req GET "/deals/$deal/compliance" -b "$T/rep"
expect "the deal's compliance page opens" 200
same "it lists the 12 items" "$(grep -c 'data-label="检查项\|<td data-label="清单项"' <<<"$BODY")" 12
has "done items show their evidence" "nmpa-1.pdf"
has "open items are marked not done" "未完成"
post_as "$T/rep" "/deals/$deal/move" --data-urlencode "to=$(hstage 5)"
has "half done: the refusal says 6 of 12" "当前 6 / 需要 12"
req GET /compliance -b "$T/ops"
expect "the compliance report across deals opens" 200
has "it names NMPA items" "试用设备序列号登记"
has "and pre-signing items" "合同版本双方确认无误"

# ---- the board
req GET "/board?pipeline=$std" -b "$T/rep"
expect "the standard board opens" 200
cols=$(grep -o '<section class="column"' <<<"$BODY" | wc -l)
same "one column per stage" "$cols" 5
stale_sql=$(sql "SELECT COUNT(*) FROM deal d JOIN stage s ON s.id = d.stage_id WHERE d.pipeline_id = $std AND d.status = 'open'
  AND d.region_id = (SELECT region_id FROM users WHERE id = $rep)
  AND d.stage_entered_at < UTC_TIMESTAMP(6) - INTERVAL s.stagnation_hours HOUR")
stale_cards=$(grep -o 'class="kcard stale"' <<<"$BODY" | wc -l)
if (( stale_sql > 0 )) && [[ $stale_cards == "$stale_sql" ]]; then ok "stale cards are red ($stale_cards, as SQL says)"
else fail "stale cards are red" "board $stale_cards, SQL $stale_sql"; fi
has "a stale card carries the badge" "badge bad\">超期停滞"
has "cards have a no-JS advance button" "推进 ›"
has "the board loads its script from a static file" 'src="/static/js/board.js"'
# a colleague's deal the rep may read but not edit: a card without move forms
# (they answered 404) and not draggable; the rep's own deals keep them
card() { python3 -c '
import sys, re
b, i = sys.stdin.read(), sys.argv[1]
m = re.search(r"<article[^>]*data-deal=\"" + i + r"\".*?</article>", b, re.S)
print(("card" if m else "none") + (" move" if m and ("action=\"/deals/" + i + "/move\"") in m.group(0) else "")
      + (" drag" if m and "draggable=\"true\"" in m.group(0).split(">")[0] else ""))
' "$1" <<<"$BODY"; }
other=$(sql "SELECT d.id FROM deal d WHERE d.pipeline_id = $std AND d.status = 'open' AND d.owner_id <> $rep
  AND d.region_id = (SELECT region_id FROM users WHERE id = $rep) ORDER BY d.stage_entered_at LIMIT 1")
mine=$(sql "SELECT d.id FROM deal d WHERE d.pipeline_id = $std AND d.status = 'open' AND d.owner_id = $rep
  ORDER BY d.stage_entered_at LIMIT 1")
if [[ -n $other ]]; then same "a colleague's deal on the rep's board has no move forms and does not drag" "$(card "$other")" "card"
else fail "the demo has a colleague's deal on the rep's board" "none"; fi
same "the rep's own deal moves and drags" "$(card "$mine")" "card move drag"
hasnt "no inline script" '<script>'
same "column counts add up to the deals in scope" \
  "$(grep -o '<strong class="count">[0-9]*' <<<"$BODY" | grep -o '[0-9]*$' | paste -sd+ | bc)" \
  "$(sql "SELECT COUNT(*) FROM deal WHERE pipeline_id = $std AND status = 'open' AND region_id = (SELECT region_id FROM users WHERE id = $rep)")"
req GET "/board?pipeline=$std" -b "$T/ops"
has "cards have a back form with a reason (ops may move every deal)" 'name="reason" type="text" required'

# masking: deal.amount is shown to finance, or once signed; a rep sees a band
req GET "/board?pipeline=$hosp" -b "$T/rep"
hasnt "the rep's board does not show the clear amount" "777777"
has "the rep's board shows the mask badge" "class=\"badge\">已脱敏"
req GET "/deals?pipeline=$hosp" -b "$T/rep"
hasnt "the rep's list does not show the clear amount" "777777"
req GET "/deals/$deal" -b "$T/rep"
hasnt "the rep's deal page does not show the clear amount" "777777"
req GET "/board?pipeline=$hosp" -b "$T/fin"
has "finance's board shows the clear amount" "777777.00"
req GET "/deals?pipeline=$hosp" -b "$T/fin"
has "finance's list shows the clear amount" "777777.00"

# a no-JS board move goes through the same checks: refused → the deal page with the list
d1=$(sql "SELECT d.id FROM deal d JOIN stage s ON s.id = d.stage_id WHERE d.owner_id = $rep AND d.pipeline_id = $std
  AND s.position = 1 AND d.status = 'open' ORDER BY d.id LIMIT 1")
if [[ -n $d1 ]]; then
  post_as "$T/rep" "/deals/$d1/move" --data-urlencode "to=$(sql "SELECT id FROM stage WHERE pipeline_id = $std AND position = 2")" --data-urlencode from=board
  expect "a board advance with nothing done is refused" 409
  has "and shows what is missing" "至少2次有效沟通"
else fail "rep_east1 has a demo deal in 接触" "none"; fi

# ---- the list: filters and keyset paging against SQL
req GET "/deals?owner=me" -b "$T/rep"
got=$(grep -o '<td data-label="商机"><a href="/deals/[0-9]*"' <<<"$BODY" | grep -o '[0-9]*"$' | tr -d '"' | paste -sd' ')
want=$(sql "SELECT id FROM deal WHERE owner_id = $rep ORDER BY id DESC LIMIT 50" | paste -sd' ')
same "owner=me lists the rep's deals, newest first" "$got" "$want"
req GET "/deals?stage=$(hstage 4)" -b "$T/ops"
has "the stage filter finds the deal" "T0710 人民医院"
sql "INSERT INTO deal (customer_id, pipeline_id, stage_id, owner_id, region_id, name, stage_entered_at, created_at, updated_at)
     SELECT customer_id, pipeline_id, stage_id, owner_id, region_id, CONCAT('T0710 page ', seq), UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)
     FROM deal JOIN seq_1_to_60 WHERE id = $deal" 2>/dev/null \
  || for i in $(seq 60); do sql "INSERT INTO deal (customer_id, pipeline_id, stage_id, owner_id, region_id, name, stage_entered_at, created_at, updated_at)
     SELECT customer_id, pipeline_id, stage_id, owner_id, region_id, 'T0710 page', UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) FROM deal WHERE id = $deal"; done
req GET "/deals?owner=me" -b "$T/rep"
next=$(grep -o '<nav class="pager"[^>]*><a href="[^"]*"' <<<"$BODY" | sed 's/.*href="//; s/"$//; s/&amp;/\&/g' || true)
if [[ $next == /deals\?after=*owner=me* ]]; then ok "a second page is linked with the filter kept"; else fail "a second page is linked" "$next"; fi
req GET "$next" -b "$T/rep"
p2=$(grep -o '<td data-label="商机"><a href="/deals/[0-9]*"' <<<"$BODY" | grep -o '[0-9]*"$' | tr -d '"' | paste -sd' ')
want2=$(sql "SELECT id FROM deal WHERE owner_id = $rep ORDER BY id DESC LIMIT 50 OFFSET 50" | paste -sd' ')
same "page two continues where page one stopped" "$p2" "$want2"

# ---- reachable from the customer and the lead pages
req GET "/customers/$cust" -b "$T/rep"
has "the customer page links to the deal" "href=\"/deals/$deal\""
lead=$(sql "SELECT id FROM lead WHERE deal_id IS NOT NULL AND owner_id = $rep LIMIT 1")
ldeal=$(sql "SELECT deal_id FROM lead WHERE id = $lead")
req GET "/leads/$lead" -b "$T/rep"
has "a converted lead's page links to its deal" "href=\"/deals/$ldeal\""

# ---- the pipelines admin page
req GET /admin/pipelines -b "$T/ops"
expect "ops opens the pipelines page" 200
has "it shows the NMPA items" "试用设备序列号登记"
has "and the stage tasks" "试用押金冻结申请"
req GET /admin/pipelines -b "$T/rep"
expect "a rep may not" 403
s1=$(sql "SELECT id FROM stage WHERE pipeline_id = $std AND position = 1")
a1=$(audit_max)
post_as "$T/ops" "/admin/stages/$s1/rules" --data-urlencode kind=magic --data-urlencode "label=坏规则"
expect "an unknown rule kind is refused (400)" 400
has "the typed label is kept" "坏规则"
post_as "$T/ops" "/admin/stages/$s1/rules" --data-urlencode kind=attachment --data-urlencode field=visit_photo \
  --data-urlencode types=exe --data-urlencode "label=现场照片"
expect "an unknown file type is refused (400)" 400
tok=$(csrf_of "$T/ops")
req POST "/admin/stages/$s1/rules" -b "$T/ops" -H "Origin: $SG_URL" --data-urlencode "_csrf=$tok" \
  --data-urlencode kind=attachment --data-urlencode field=visit_photo --data-urlencode types=png \
  --data-urlencode types=jpeg --data-urlencode max_kb=2048 --data-urlencode "label=首次拜访现场照片"
expect "ops adds an attachment rule (two types, a size limit)" 303
same "the rule is stored typed" "$(sql "SELECT CONCAT(kind, '|', field, '|', types, '|', max_kb) FROM stage_rule WHERE label = '首次拜访现场照片'")" \
  "attachment|visit_photo|png,jpeg|2048"
same "the change is audited" "$(audit_count "$a1" "action = 'pipeline.rule.create'")" 1
if [[ -n $d1 ]]; then
  post_as "$T/rep" "/deals/$d1/move" --data-urlencode "to=$(sql "SELECT id FROM stage WHERE pipeline_id = $std AND position = 2")"
  has "the new rule takes effect at once" "首次拜访现场照片"
fi
if [[ -n $d1 ]]; then
  sql "UPDATE stage_rule SET max_kb = 1 WHERE label = '首次拜访现场照片'"
  { printf '\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82'
    head -c 3000 /dev/zero; } >"$T/big.png"
  upload "$T/rep" "/deals/$d1/attachments" "kind=visit_photo" "file=@$T/big.png;filename=现场.png"
  expect "a photo over the rule's 1 KB limit is refused (413)" 413
  has "the refusal says the file is too large" "文件超过大小上限"
fi
rid=$(sql "SELECT id FROM stage_rule WHERE label = '首次拜访现场照片'")
post_as "$T/ops" "/admin/rules/$rid/delete"
expect "ops deletes it again" 303
post_as "$T/ops" "/admin/stages/$s1" --data-urlencode "name=接触" --data-urlencode stagnation_hours=48 --data-urlencode needs_approval=0
expect "ops changes the stagnation limit" 303
same "the limit is stored" "$(sql "SELECT stagnation_hours FROM stage WHERE id = $s1")" 48
post_as "$T/ops" "/admin/stages/$s1" --data-urlencode "name=接触" --data-urlencode stagnation_hours=72

# ---- a new pipeline from the browser
code="t0710-$RANDOM"
post_as "$T/ops" /admin/pipelines --data-urlencode "code=$code" --data-urlencode "name=T0710 渠道代理流程"
expect "ops creates a pipeline" 303
pid=$(sql "SELECT id FROM pipeline WHERE code = '$code'")
same "it starts with one stage" "$(sql "SELECT COUNT(*) FROM stage WHERE pipeline_id = ${pid:-0}")" 1
post_as "$T/ops" "/admin/pipelines/$pid/stages" --data-urlencode "name=签约" --data-urlencode stagnation_hours=96
expect "ops adds a second stage" 303
same "it is the second position" "$(sql "SELECT position FROM stage WHERE pipeline_id = $pid AND name = '签约'")" 2
post_as "$T/ops" "/admin/stages/$(sql "SELECT id FROM stage WHERE pipeline_id = $pid AND position = 2")/up"
expect "ops moves it up" 303
same "the order changed" "$(sql "SELECT name FROM stage WHERE pipeline_id = $pid ORDER BY position LIMIT 1")" 签约
post_as "$T/ops" /admin/pipelines --data-urlencode "code=$code" --data-urlencode "name=again"
expect "a taken code is refused (400)" 400
has "and says so" "这个代码已被使用"
req GET "/board?pipeline=$pid" -b "$T/ops"
expect "the new pipeline has a board" 200
same "with its two columns" "$(grep -o '<section class="column"' <<<"$BODY" | wc -l)" 2
