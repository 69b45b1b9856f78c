#!/usr/bin/env bash
# Issue 9 (R10.4, R10.5) — review action items: created from any dashboard
# (owner, due date, acceptance criterion; the page it came from kept),
# listed, closed once with evidence; refusals re-show the form with what was
# typed; audited; the owner is notified.  The 10-item self-check scored 1–5
# with its bands (< 35, 35–41, ≥ 42).
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

has() { if grep -qF -- "$2" <<<"$BODY"; then ok "$1"; else fail "$1" "missing: $2" "${BODY:0:300}"; fi; }
hasnt() { if grep -qF -- "$2" <<<"$BODY"; then fail "$1" "found: $2"; else ok "$1"; fi; }

login "$T/mgr" mgr_east
login "$T/rep" rep_east1
login "$T/rep2" rep_east2

rep=$(user_id rep_east1) mgr=$(user_id mgr_east)
tomorrow=$(sql "SELECT UTC_DATE() + INTERVAL 7 DAY")

req GET /dashboard -b "$T/mgr"
has "the funnel dashboard carries the new-item form" 'action="/reviews"'
has "with its source" 'name="source" value="/dashboard"'
req GET /dashboard/me -b "$T/rep"
has "the rep's dashboard carries it too" 'name="source" value="/dashboard/me"'

a0=$(audit_max)
n0=$(sql "SELECT COUNT(*) FROM notification WHERE user_id = $rep AND kind = 'review_action'")
post_as "$T/mgr" /reviews --data-urlencode "title=T0965 报价话术模板" --data-urlencode "owner=$rep" \
  --data-urlencode "due=$tomorrow" --data-urlencode "criterion=客户打开率 ≥ 65%" --data-urlencode "source=/dashboard"
expect "the manager creates an action item" 303
id=$(sql "SELECT MAX(id) FROM review_action WHERE title = 'T0965 报价话术模板'")
same "stored with owner, due date, criterion and source" \
  "$(sql "SELECT CONCAT_WS('|', owner_id, due_date, criterion, source, status) FROM review_action WHERE id = $id")" \
  "$rep|$tomorrow|客户打开率 ≥ 65%|/dashboard|open"
same "audited" "$(audit_count "$a0" "action = 'review.create' AND object_id = $id")" 1
same "the owner is notified" "$(sql "SELECT COUNT(*) FROM notification WHERE user_id = $rep AND kind = 'review_action'")" $((n0 + 1))

# refusals keep what was typed
post_as "$T/mgr" /reviews --data-urlencode "title=T0965 留着我" --data-urlencode "owner=$rep" \
  --data-urlencode "due=2020-01-01" --data-urlencode "criterion=写下的标准"
expect "a due date in the past is a 400" 400
has "said so" '截止日不能早于今天'
has "the title typed is still there" 'value="T0965 留着我"'
has "the criterion too" 'value="写下的标准"'
post_as "$T/mgr" /reviews --data-urlencode "title=T0965 x" --data-urlencode "owner=$rep" --data-urlencode "due=$tomorrow"
expect "no criterion is a 400" 400
post_as "$T/mgr" /reviews --data-urlencode "title=T0965 x" --data-urlencode "owner=99999999" \
  --data-urlencode "due=$tomorrow" --data-urlencode "criterion=c"
expect "an unknown owner is a 400" 400
post_as "$T/mgr" /reviews --data-urlencode "title=T0965 x" --data-urlencode "owner=$(user_id rep_south1)" \
  --data-urlencode "due=$tomorrow" --data-urlencode "criterion=c"
expect "an owner outside the manager's scope is a 400" 400
req GET /reviews -b "$T/mgr"
hasnt "nor offered in the form" ">$(sql "SELECT display_name FROM users WHERE login = 'rep_south1'")<"
post_as "$T/rep" /reviews --data-urlencode "title=T0965 派给经理" --data-urlencode "owner=$mgr" \
  --data-urlencode "due=$tomorrow" --data-urlencode "criterion=c"
expect "a rep cannot give items to others" 400
has "said so" '您只能为自己创建行动项'
post_as "$T/rep" /reviews --data-urlencode "title=T0965 自己的" --data-urlencode "owner=$rep" \
  --data-urlencode "due=$tomorrow" --data-urlencode "criterion=c" --data-urlencode "source=/dashboard/me"
expect "but can for themself" 303
same "nothing stored by the refusals" "$(sql "SELECT COUNT(*) FROM review_action WHERE title IN ('T0965 留着我', 'T0965 x', 'T0965 派给经理')")" 0

req GET /reviews -b "$T/rep"
expect "the rep sees the list" 200
has "their item is listed" 'T0965 报价话术模板'
has "with its criterion" '客户打开率 ≥ 65%'
req GET /reviews -b "$T/rep2"
hasnt "another rep does not see it" 'T0965 报价话术模板'
post_as "$T/rep2" "/reviews/$id/close" --data-urlencode "evidence=not mine"
expect "nor close it" 404

post_as "$T/rep" "/reviews/$id/close"
expect "closing without evidence is a 400" 400
has "asks for the evidence, on that item" "id=\"e-evidence\""
a1=$(audit_max)
post_as "$T/rep" "/reviews/$id/close" --data-urlencode "evidence=3 套模板已上线，打开率 68%"
expect "the owner closes it with evidence" 303
same "closed with the evidence" "$(sql "SELECT CONCAT(status, '|', evidence, '|', closed_by) FROM review_action WHERE id = $id")" "closed|3 套模板已上线，打开率 68%|$rep"
same "audited" "$(audit_count "$a1" "action = 'review.close' AND object_id = $id")" 1
post_as "$T/rep" "/reviews/$id/close" --data-urlencode "evidence=again"
expect "closing twice is a conflict" 409
post_as "$T/rep" "/reviews/99999999/close" --data-urlencode "evidence=x"
expect "an unknown item is a 404" 404

# --- the self-check -----------------------------------------------------------
req GET /reviews -b "$T/rep"
hasnt "a rep has no self-check" 'action="/reviews/selfcheck"'
post_as "$T/rep" /reviews/selfcheck $(for i in $(seq 1 10); do printf -- '--data-urlencode q%d=3 ' "$i"; done)
expect "and cannot post one" 403
req GET /reviews -b "$T/mgr"
has "the manager has the 10 items" 'name="q10"'
has "with the seed's wording" '关键动作有时效锁'
args() { local i=1; for v in "$@"; do printf -- '--data-urlencode q%d=%s ' "$i" "$v"; i=$((i + 1)); done; }
a2=$(audit_max)
# shellcheck disable=SC2046
post_as "$T/mgr" /reviews/selfcheck $(args 3 3 3 3 3 3 3 3 3 3)
expect "a self-check of 30" 303
same "stored" "$(sql "SELECT CONCAT(answers, '|', total) FROM self_check WHERE user_id = $mgr ORDER BY id DESC LIMIT 1")" "3333333333|30"
same "audited" "$(audit_count "$a2" "action = 'selfcheck.submit'")" 1
req GET /reviews -b "$T/mgr"
has "30 is in the lowest band" 'id="selfcheck-band">低于 35：立即启动数字化加固'
# shellcheck disable=SC2046
post_as "$T/mgr" /reviews/selfcheck $(args 4 4 4 4 4 4 4 4 3 4)
req GET /reviews -b "$T/mgr"
has "39: keep building" 'id="selfcheck-band">35–41：继续补强'
# shellcheck disable=SC2046
post_as "$T/mgr" /reviews/selfcheck $(args 5 4 4 4 4 4 4 5 4 4)
req GET /reviews -b "$T/mgr"
has "42: advanced" 'id="selfcheck-band">42 及以上'
has "the last answers are pre-selected" 'name="q1" value="5" checked'
# shellcheck disable=SC2046
post_as "$T/mgr" /reviews/selfcheck $(args 5 4 4 4 4 4 4 5 4 6)
expect "a 6 is refused" 400
has "said so" '请选择 1 到 5 分'
has "the other answers stay" 'name="q1" value="5" checked'
# shellcheck disable=SC2046
post_as "$T/mgr" /reviews/selfcheck $(args 5 4 4 4 4 4 4 5 4)
expect "nine answers are refused" 400
same "nothing stored by the refusals" "$(sql "SELECT COUNT(*) FROM self_check WHERE user_id = $mgr AND id > (SELECT MAX(id) - 3 FROM self_check)")" 3
