#!/usr/bin/env bash
# Issue 7 — a deal walked through the standard pipeline by its owner, as the
# issue says it will be checked: advance with nothing done and read every
# missing item; a crafted POST that skips a stage; a 2-page PDF where 3 pages
# are required and a PNG renamed .pdf, refused; the approval round trip with
# the owner's direct superior; the pre-signing checklist with evidence and
# second-level approval; close-won with its handoff.  Also: moving back
# (reason, count, flag), a manager's rollback, the JSON answer for the board,
# downloads (authorised, attachment, nosniff, same bytes), and the audit rows.
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"


# upload JAR PATH FIELD=VALUE... : a multipart POST carrying the session's token
upload() {
  local jar=$1 p=$2 tok args=()
  shift 2
  tok=$(csrf_of "$jar")
  for a in "$@"; do args+=(-F "$a"); done
  req POST "$p" -b "$jar" -c "$jar" -H "Origin: $SG_URL" -F "_csrf=$tok" "${args[@]}"
}

has() { # has NAME TEXT: ok when $BODY contains TEXT
  if grep -qF -- "$2" <<<"$BODY"; then ok "$1"; else fail "$1" "missing: $2" "${BODY:0:300}"; fi
}
hasnt() {
  if grep -qF -- "$2" <<<"$BODY"; then fail "$1" "found: $2"; else ok "$1"; fi
}
same() { # same NAME GOT WANT
  if [[ $2 == "$3" ]]; then ok "$1"; else fail "$1" "got '$2', want '$3'"; fi
}

# ---- test files: a hand-written one-page PDF made whole by qpdf, then 2 and 3 pages
printf '%s\n' '%PDF-1.4' '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj' \
  '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj' \
  '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj' \
  'trailer << /Root 1 0 R >>' '%%EOF' >"$T/raw.pdf"
qpdf "$T/raw.pdf" "$T/one.pdf" >/dev/null 2>&1 || [[ -s $T/one.pdf ]]
qpdf --empty --pages "$T/one.pdf" "$T/one.pdf" -- "$T/two.pdf" 2>/dev/null
qpdf --empty --pages "$T/one.pdf" "$T/one.pdf" "$T/one.pdf" -- "$T/three.pdf" 2>/dev/null
# a real PNG (1x1) under a .pdf name
printf '\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82' >"$T/fake.pdf"
printf 'Meeting notes\n' >"$T/notes.pdf"
check "qpdf made a 3-page PDF" test "$(qpdf --show-npages "$T/three.pdf")" = 3

log_start=$(wc -l <"$SG_DIR/log/nginx-access.log" 2>/dev/null || echo 0)

# ---- a fresh deal of rep_east1 in 接触, entered now
rep=$(user_id rep_east1)
sql "INSERT INTO customer (name, name_norm, owner_id, region_id, created_at, updated_at)
     SELECT '测试医院甲', '测试医院甲', id, region_id, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) FROM users WHERE id = $rep"
cust=$(sql "SELECT MAX(id) FROM customer")
sql "INSERT INTO deal (customer_id, pipeline_id, stage_id, owner_id, region_id, name, stage_entered_at, created_at, updated_at)
     SELECT $cust, p.id, s.id, $rep, (SELECT region_id FROM users WHERE id = $rep), 'T0700 甲 · 监护仪',
     UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) FROM pipeline p JOIN stage s ON s.pipeline_id = p.id AND s.position = 1
     WHERE p.code = 'standard'"
deal=$(sql "SELECT MAX(id) FROM deal")
stage() { sql "SELECT id FROM stage WHERE position = $1 AND pipeline_id = (SELECT id FROM pipeline WHERE code = '${2:-standard}')"; }
s1=$(stage 1) s2=$(stage 2) s3=$(stage 3) s4=$(stage 4) s5=$(stage 5)
cur() { sql "SELECT stage_id FROM deal WHERE id = $deal"; }

login "$T/rep" rep_east1
login "$T/lead" lead_east
login "$T/other" rep_east2
login "$T/south" rep_south1

req GET "/deals/$deal" -b "$T/rep"
expect "the owner opens the deal page" 200
has "the page lists what is still to do" "至少2次有效沟通"
has "each open item links to where it is done" "href=\"/deals/$deal#actions\""

# ---- nothing done: refused with the full list, audited, on the timeline
a0=$(audit_max)
post_as "$T/rep" "/deals/$deal/move" --data-urlencode "to=$s2"
expect "advancing with nothing done is refused (409)" 409
has "the refusal names the missing communications" "至少2次有效沟通（通话≥3分钟或≥3条消息）"
has "the refusal shows have/need" "当前 0 / 需要 2"
same "the deal stays in 接触" "$(cur)" "$s1"
same "the refusal is audited" "$(audit_count "$a0" "action = 'deal.advance.refused' AND object_id = $deal")" 1
same "the refusal is on the timeline" "$(sql "SELECT COUNT(*) FROM deal_event WHERE deal_id = $deal AND kind = 'refused'")" 1

# ---- a crafted POST that skips a stage
post_as "$T/rep" "/deals/$deal/move" --data-urlencode "to=$s3"
expect "a crafted POST skipping a stage is refused (409)" 409
has "the skip refusal says why" "不能跳过阶段"
same "the skip did not move the deal" "$(cur)" "$s1"
same "the skip is audited" "$(audit_count "$a0" "action = 'deal.skip.refused' AND object_id = $deal")" 1
post_as "$T/rep" "/deals/$deal/move" --data-urlencode "to=$(stage 2 hospital)"
expect "a stage of another pipeline is refused too" 409

# ---- JSON for the board's script
tok=$(csrf_of "$T/rep")
req POST "/deals/$deal/move" -b "$T/rep" -H "Origin: $SG_URL" -H 'Accept: application/json' \
  --data-urlencode "_csrf=$tok" --data-urlencode "to=$s2"
expect "asked for JSON, the refusal is 409 JSON" 409
if jq -e '.result == "refused" and (.missing | length) == 1 and (.missing[0].link | endswith("#actions"))' <<<"$BODY" >/dev/null 2>&1; then
  ok "the JSON lists the missing item with its link"
else fail "the JSON lists the missing item with its link" "$BODY"; fi

# ---- a short call does not count; two long calls do
post_as "$T/rep" "/deals/$deal/action" --data-urlencode kind=called --data-urlencode duration_min=2
expect "a 2-minute call is recorded" 303
post_as "$T/rep" "/deals/$deal/move" --data-urlencode "to=$s2"
expect "one short call is not a valid communication" 409
for _ in 1 2; do post_as "$T/rep" "/deals/$deal/action" --data-urlencode kind=called --data-urlencode duration_min=5; done
post_as "$T/rep" "/deals/$deal/move" --data-urlencode "to=$s2"
expect "with two calls of 5 minutes the deal advances" 303
same "the deal is in 需求诊断" "$(cur)" "$s2"
same "the advance is audited" "$(audit_count "$a0" "action = 'deal.advance' AND object_id = $deal")" 1

# ---- 需求诊断: budget, decision makers >= 2, meeting minutes
post_as "$T/rep" "/deals/$deal/move" --data-urlencode "to=$s3"
expect "需求诊断 with nothing done is refused" 409
has "missing: budget confirmed" "预算已确认"
has "missing: two decision makers" "决策人≥2位"
has "missing: the meeting minutes" "需求调研会议纪要"
upload "$T/rep" "/deals/$deal/attachments" "kind=meeting_minutes" "file=@$T/notes.pdf;filename=minutes.pdf;type=application/pdf"
expect "a text file named .pdf is refused where PDF/Word/images are allowed" 422
has "the refusal says the content is not of an allowed type" "文件内容与要求的类型不符"
has "the chosen kind is kept in the form" "<option value=\"meeting_minutes\" selected"
post_as "$T/rep" "/deals/$deal/facts" --data-urlencode budget_confirmed=1
expect "budget confirmed" 303
for n in 王院长 李主任; do
  post_as "$T/rep" "/deals/$deal/contacts" --data-urlencode "name=$n" --data-urlencode title=院办 --data-urlencode decision_maker=1
done
expect "decision makers added" 303
upload "$T/rep" "/deals/$deal/attachments" "kind=meeting_minutes" "file=@$T/one.pdf;filename=纪要.pdf"
expect "a one-page PDF of minutes is accepted" 303
post_as "$T/rep" "/deals/$deal/move" --data-urlencode "to=$s3"
expect "with everything done the deal advances to 方案呈现" 303
same "the deal is in 方案呈现" "$(cur)" "$s3"

# ---- 方案呈现: competitor comparison PDF >= 3 pages, amount, approval
nfiles=$(sql "SELECT COUNT(*) FROM attachment WHERE deal_id = $deal")
upload "$T/rep" "/deals/$deal/attachments" "kind=competitor_comparison" "file=@$T/two.pdf;filename=对比.pdf"
expect "a 2-page PDF where 3 pages are required is refused (422)" 422
has "the refusal says too few pages" "PDF 页数不足"
upload "$T/rep" "/deals/$deal/attachments" "kind=competitor_comparison" "file=@$T/fake.pdf;filename=对比.pdf;type=application/pdf"
expect "a PNG renamed .pdf is refused (422)" 422
has "the refusal says the type is checked by content" "按内容识别"
same "refused files are not recorded" "$(sql "SELECT COUNT(*) FROM attachment WHERE deal_id = $deal")" "$nfiles"
same "refusals are audited" "$(audit_count "$a0" "action = 'attachment.refused' AND object_id = $deal")" 3
same "no refused file is left in the upload directory" "$(find "$SG_DIR/uploads/att" -type f | wc -l)" \
  "$(sql "SELECT COUNT(*) FROM attachment")"
upload "$T/rep" "/deals/$deal/attachments" "kind=competitor_comparison" "file=@$T/three.pdf;filename=竞品对比.pdf"
expect "a 3-page PDF is accepted" 303
row=$(sql "SELECT stored_name, sha256, mime, pages, size, filename FROM attachment WHERE deal_id = $deal ORDER BY id DESC LIMIT 1")
IFS=$'\t' read -r stored sha mime pages size fname <<<"$row"
same "the type was detected from the content" "$mime" application/pdf
same "the page count was read (qpdf)" "$pages" 3
same "the SHA-256 is the file's" "$sha" "$(sha256sum "$T/three.pdf" | cut -d' ' -f1)"
same "the size is the file's" "$size" "$(stat -c %s "$T/three.pdf")"
same "the original name is kept for display" "$fname" 竞品对比.pdf
check "the file is stored under a server-made name outside the web root" test -f "$SG_DIR/uploads/att/$stored"
if [[ $stored =~ ^[0-9a-f]{32}$ ]]; then ok "the stored name is 32 random hex digits"; else fail "the stored name is 32 random hex digits" "$stored"; fi
att=$(sql "SELECT id FROM attachment WHERE deal_id = $deal ORDER BY id DESC LIMIT 1")
req GET "/deals/$deal/attachments/$att" -b "$T/rep"
expect "the owner downloads it" 200
if grep -q '^content-disposition: attachment' <<<"$HEADERS"; then ok "served as an attachment"; else fail "served as an attachment" "$HEADERS"; fi
if grep -q '^x-content-type-options: nosniff' <<<"$HEADERS"; then ok "served with nosniff"; else fail "served with nosniff" "$HEADERS"; fi
curl -sS -b "$T/rep" -o "$T/got.pdf" "$SG_URL/deals/$deal/attachments/$att"
same "the same bytes come back" "$(sha256sum <"$T/got.pdf" | cut -d' ' -f1)" "$sha"
same "the download is audited" "$(audit_count "$a0" "action = 'attachment.download' AND object_id = $deal")" 2
req GET "/deals/$deal/attachments/$att" -b "$T/south"
expect "someone outside the deal's scope gets 404 for the file" 404
req GET "/deals/$deal" -b "$T/south"
expect "and 404 for the deal" 404
req GET "/static/../uploads/att/$stored"
if [[ $STATUS != 200 ]]; then ok "the stored file is not reachable on the web ($STATUS)"; else fail "the stored file is not reachable on the web"; fi

post_as "$T/rep" "/deals/$deal/facts" --data-urlencode budget_confirmed=1 --data-urlencode amount=560000
expect "amount proposed" 303
# four-eyes (R8.5, t0650): the quote waits for a second person with deal.approve
quote=$(sql "SELECT MAX(id) FROM pending_change WHERE deal_id = $deal AND kind = 'quote' AND status = 'pending'")
post_as "$T/lead" "/deals/$deal/changes/$quote" --data-urlencode decision=confirm
expect "the team lead confirms the quote: amount set" 303
post_as "$T/rep" "/deals/$deal/move" --data-urlencode "to=$s4"
expect "方案呈现 → 商务谈判 needs the approval first" 409
has "the refusal names the approval" "需要直属上级审批"
post_as "$T/rep" "/deals/$deal/approval"
expect "the owner asks for approval" 303
same "the request goes to the owner's direct superior" \
  "$(sql "SELECT approver_id FROM deal_approval WHERE deal_id = $deal AND status = 'pending'")" "$(user_id lead_east)"
req GET "/deals/$deal" -b "$T/rep"
has "the deal shows pending approval" "待审批"
req GET "/deals?owner=me" -b "$T/rep"
has "the list shows pending approval" "badge pending"
req GET /tasks -b "$T/lead"
has "the approver finds it on their tasks page" "href=\"/deals/$deal#approval\""
post_as "$T/rep" "/deals/$deal/move" --data-urlencode "to=$s4"
has "while pending, the refusal says so" "等待直属上级审批"
post_as "$T/other" "/deals/$deal/approval/decide" --data-urlencode decision=approve
if [[ $STATUS == 403 || $STATUS == 404 ]]; then ok "another rep cannot decide ($STATUS)"; else fail "another rep cannot decide" "$STATUS"; fi
post_as "$T/lead" "/deals/$deal/approval/decide" --data-urlencode decision=reject
expect "a rejection without a comment is refused (400)" 400
post_as "$T/lead" "/deals/$deal/approval/decide" --data-urlencode decision=reject --data-urlencode "comment=报价缺少售后条款"
expect "the superior rejects with a comment" 303
post_as "$T/rep" "/deals/$deal/move" --data-urlencode "to=$s4"
has "after a rejection the refusal says so" "审批被驳回"
post_as "$T/rep" "/deals/$deal/approval"
expect "the owner asks again" 303
post_as "$T/lead" "/deals/$deal/approval/decide" --data-urlencode decision=approve --data-urlencode "comment=同意"
expect "the superior approves" 303
same "approval and rejection are audited" \
  "$(audit_count "$a0" "action IN ('deal.approval.request','deal.approval.approve','deal.approval.reject') AND object_id = $deal")" 4
post_as "$T/rep" "/deals/$deal/move" --data-urlencode "to=$s4"
expect "approved, the deal advances to 商务谈判" 303
same "the deal is in 商务谈判" "$(cur)" "$s4"

# ---- 商务谈判: the 5-item pre-signing checklist, evidence and second-level approval
req GET "/deals/$deal" -b "$T/rep"
has "the pre-signing checklist is shown" "合同版本双方确认无误"
same "it has 5 items" "$(grep -o 'id="item-[0-9]*"' <<<"$BODY" | wc -l)" 5
items=$(sql "SELECT id FROM checklist_item WHERE stage_id = $s4 ORDER BY position")
first=$(head -n 1 <<<"$items")
upload "$T/rep" "/deals/$deal/checks/$first"
expect "ticking an item that needs evidence without a file is refused" 422
has "the refusal says evidence is required" "此项必须上传佐证材料"
for i in $items; do upload "$T/rep" "/deals/$deal/checks/$i" "file=@$T/one.pdf;filename=proof.pdf"; done
expect "all five ticked with evidence" 303
post_as "$T/rep" "/deals/$deal/move" --data-urlencode "to=$s5"
expect "ticked but not approved: refused" 409
has "the refusal names the checklist" "签约前检查清单全部完成"
req GET "/deals/$deal/compliance" -b "$T/lead"
expect "the superior opens the compliance page" 200
same "five approvals wait there" "$(grep -c 'value="approve"' <<<"$BODY")" 5
post_as "$T/other" "/deals/$deal/checks/$first/decide" --data-urlencode decision=approve
if [[ $STATUS == 403 || $STATUS == 404 ]]; then ok "a peer cannot approve a checklist item ($STATUS)"; else fail "a peer cannot approve a checklist item" "$STATUS"; fi
for i in $items; do post_as "$T/lead" "/deals/$deal/checks/$i/decide" --data-urlencode decision=approve; done
expect "the superior approves the items" 303
req GET "/deals/$deal/compliance" -b "$T/rep"
has "the compliance page shows who did it" "张伟"
has "and the evidence" "proof.pdf"
has "and the approval" "已批准"
post_as "$T/rep" "/deals/$deal/move" --data-urlencode "to=$s5"
expect "checklist complete: the deal advances to 签约交付" 303

# ---- close-won needs the handoff
post_as "$T/rep" "/deals/$deal/close" --data-urlencode "handoff_contacts=王院长不变"
expect "closing without the full handoff is refused (400)" 400
has "what was typed is kept" "王院长不变"
post_as "$T/rep" "/deals/$deal/close" --data-urlencode "handoff_contacts=王院长不变" \
  --data-urlencode "handoff_documents=合同、验收单" --data-urlencode "handoff_issues=无"
expect "with the handoff the deal is closed as won" 303
same "the deal is won" "$(sql "SELECT status FROM deal WHERE id = $deal")" won

# ---- the timeline has it all
req GET "/deals/$deal" -b "$T/rep"
for k in 推进阶段 推进被拒绝 跳阶段被拒绝 申请审批 审批通过 审批驳回 上传附件 勾选清单项 清单项审批通过 成交 已电话沟通; do
  has "the timeline shows: $k" "$k"
done

# ---- moving back: reason, count, flag; a manager's rollback
sql "INSERT INTO deal (customer_id, pipeline_id, stage_id, owner_id, region_id, name, stage_entered_at, created_at, updated_at)
     SELECT $cust, pipeline_id, $s3, $rep, region_id, 'T0700 乙', UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) FROM deal WHERE id = $deal"
d2=$(sql "SELECT MAX(id) FROM deal")
post_as "$T/rep" "/deals/$d2/move" --data-urlencode "to=$s2"
expect "moving back without a reason is refused (400)" 400
post_as "$T/rep" "/deals/$d2/move" --data-urlencode "to=$s2" --data-urlencode "reason=客户预算重新评估"
expect "the owner moves back with a reason" 303
same "one regression counted, not flagged" "$(sql "SELECT CONCAT(regressions, '/', flagged) FROM deal WHERE id = $d2")" 1/0
post_as "$T/other" "/deals/$d2/move" --data-urlencode "to=$s1" --data-urlencode "reason=x"
if [[ $STATUS == 403 || $STATUS == 404 ]]; then ok "a peer cannot move someone's deal back ($STATUS)"; else fail "a peer cannot move someone's deal back" "$STATUS"; fi
login "$T/mgr" mgr_east
post_as "$T/mgr" "/deals/$d2/move" --data-urlencode "to=$s1" --data-urlencode "reason=动作记录不可信，回滚复核"
expect "the regional manager rolls it back" 303
same "two regressions flag the deal" "$(sql "SELECT CONCAT(regressions, '/', flagged) FROM deal WHERE id = $d2")" 2/1
same "back, rollback and flag are audited" \
  "$(audit_count "$a0" "object_id = $d2 AND action IN ('deal.back','deal.rollback','deal.flag')")" 3
req GET "/deals/$d2" -b "$T/rep"
has "the flag is shown" "多次回退"
has "the rollback is on the timeline with its reason" "动作记录不可信，回滚复核"

# ---- no sanitizer or server error on the way
errors=$(tail -n +"$((log_start + 1))" "$SG_DIR/log/nginx-access.log" | grep '" 500 ' || true)
if [[ -n $errors ]]; then fail "no 500 answered" "$(tail -n 3 <<<"$errors")"
else ok "no 500 answered"; fi
