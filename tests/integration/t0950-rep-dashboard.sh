#!/usr/bin/env bash
# Issue 9 (R10.1, R10.3) — a rep's own dashboard: their median days per stage
# against their team's, open and overdue tasks, first-response SLA breaches,
# plain-language hints from their data ("after a proposal you wait N h"),
# and the funnel-health score: the rep_health job scores every rep, notifies
# the manager once per week below 70; "customer temporarily unreachable"
# takes a deal out of the count and reminds the rep 14 days later (once).
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

has() { if grep -qF -- "$2" <<<"$BODY"; then ok "$1"; else fail "$1" "missing: $2" "${BODY:0:300}"; fi; }
hasnt() { if grep -qF -- "$2" <<<"$BODY"; then fail "$1" "found: $2"; else ok "$1"; fi; }
row() {
  python3 -c '
import sys, re, html
body, name, table = sys.stdin.read(), sys.argv[1], sys.argv[2]
body = body[body.index("id=\"" + table + "\""):]
for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S):
    cells = [html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, re.S)]
    if cells and cells[0] == name:
        print("|".join(" ".join(c.split()) for c in cells)); break
' "$1" "$2" <<<"$BODY"
}
hints() { python3 -c '
import sys, re, html
b = sys.stdin.read()
for k, t in re.findall(r"<li data-kind=\"([a-z_]+)\">(.*?)</li>", b, re.S):
    print(k + ": " + " ".join(html.unescape(re.sub(r"<[^>]+>", "", t)).split()))
' <<<"$BODY"; }
tick() { "$SG_BIN" tick --force -c "$SG_CONF" >/dev/null 2>&1; }

login "$T/rep" rep_east1
login "$T/rep2" rep_east2
login "$T/south" rep_south1

rep=$(user_id rep_east1) rep2=$(user_id rep_east2) boss=$(user_id lead_east)
sql "INSERT INTO pipeline (code, name) VALUES ('t0950-$$', 'T0950 流程')"
pl=$(sql "SELECT id FROM pipeline WHERE code = 't0950-$$'")
sql "INSERT INTO stage (pipeline_id, position, name) VALUES ($pl, 1, 'T95初访'), ($pl, 2, 'T95方案'), ($pl, 3, 'T95谈判')"
st() { sql "SELECT id FROM stage WHERE pipeline_id = $pl AND position = $1"; }
s1=$(st 1) s2=$(st 2) s3=$(st 3)
sql "INSERT INTO customer (name, name_norm, owner_id, region_id, created_at, updated_at)
     SELECT 'T0950 客户', 'T0950 客户', id, region_id, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) FROM users WHERE id = $rep"
cust=$(sql "SELECT MAX(id) FROM customer")
# deal OWNER NAME STAGE then the stage entries as STAGE:DAYS-AGO
deal() {
  local owner=$1 name=$2 stage=$3 last
  shift 3
  for e in "$@"; do last=${e#*:}; done
  sql "INSERT INTO deal (customer_id, pipeline_id, stage_id, owner_id, region_id, name, amount, stage_entered_at, created_at, updated_at)
       SELECT $cust, $pl, $stage, $owner, region_id, '$name', 50000, UTC_TIMESTAMP(6) - INTERVAL $last DAY,
              UTC_TIMESTAMP(6) - INTERVAL 30 DAY, UTC_TIMESTAMP(6) FROM users WHERE id = $owner"
  local id
  id=$(sql "SELECT MAX(id) FROM deal")
  for e in "$@"; do
    sql "INSERT INTO deal_event (deal_id, at, kind, to_stage_id) VALUES ($id, UTC_TIMESTAMP(6) - INTERVAL ${e#*:} DAY, 'advance', ${e%%:*})"
  done
  echo "$id"
}
# rep_east1 is slow in the proposal stage (9 and 7 days), the teammate quick (1 day)
d1=$(deal "$rep" T95甲 "$s3" "$s1:20" "$s2:18" "$s3:9")
d2=$(deal "$rep" T95乙 "$s3" "$s1:15" "$s2:14" "$s3:7")
d3=$(deal "$rep2" T95丙 "$s3" "$s1:12" "$s2:11" "$s3:10")
d4=$(deal "$rep2" T95丁 "$s3" "$s1:6" "$s2:5" "$s3:4")
# the demo gives rep_east1 tasks and leads already: count from there
num() { grep -o "id=\"$1\">[0-9]*<" <<<"$BODY" | grep -o '[0-9]*' || echo 0; }
req GET "/dashboard/me?pipeline=$pl" -b "$T/rep"
open0=$(num tasks-open) late0=$(num sla-late) wait0=$(num sla-waiting)
over0=$(grep -o 'id="tasks-overdue">[0-9]*' <<<"$BODY" | grep -o '[0-9]*$' || echo 0)
# tasks: one overdue, one due tomorrow
sql "INSERT INTO task (deal_id, stage_id, title, role_code, assignee_id, due_at, created_at) VALUES
     ($d1, $s3, 'T95逾期任务', 'sales_rep', $rep, UTC_TIMESTAMP(6) - INTERVAL 2 DAY, UTC_TIMESTAMP(6) - INTERVAL 5 DAY),
     ($d2, $s3, 'T95明日任务', 'sales_rep', $rep, UTC_TIMESTAMP(6) + INTERVAL 1 DAY, UTC_TIMESTAMP(6))"
# a proposal sent 3 days ago, the customer's next interaction 30 h later
sql "INSERT INTO activity (kind, user_id, customer_id, at) VALUES
     ('sent_proposal', $rep, $cust, UTC_TIMESTAMP(6) - INTERVAL 72 HOUR),
     ('message', $rep, $cust, UTC_TIMESTAMP(6) - INTERVAL 42 HOUR)"

req GET "/dashboard/me?pipeline=$pl" -b "$T/rep"
expect "a rep opens their dashboard" 200
has "the stage chart is an SVG with a title" '<title id="me-t">'
same "the proposal stage: my median 8.0 d (9 and 7), the team's 4.0 (9, 7, 1, 1)" "$(row T95方案 me-table)" "T95方案|0|8.0 天|4.0 天"
same "the negotiation stage: 2 open deals of mine, running stays 9 and 7; team 9, 7, 10, 4" "$(row T95谈判 me-table)" "T95谈判|2|8.0 天|8.0 天"
H=$(hints)
echo "$H" | sed 's/^/# /'
check "the proposal hint says 30 h" grep -q "proposal: 方案发出后，平均要等 30 小时" <<<"$H"
check "the slow stage is named with both medians" grep -q "slow_stage: 您的商机在 T95方案 阶段停留中位数为 8.0 天，团队为 4.0 天" <<<"$H"
check "a stage at the team's median is no hint" test -z "$(grep "T95谈判" <<<"$H")"
check "the overdue task is a hint" grep -q "overdue: 您有 $((over0 + 1)) 个任务已逾期" <<<"$H"
has "the open tasks are counted" "id=\"tasks-open\">$((open0 + 2))<"
has "the overdue task is listed" 'T95逾期任务'
hasnt "no amount is shown" '50000'

# SLA: one lead answered late, one past due and unanswered, one on time
ch=$(sql "SELECT MIN(id) FROM channel")
for spec in "late:10:5" "wait:3:NULL" "fine:-1:0"; do
  IFS=: read -r nm due resp <<<"$spec"
  r=NULL; [[ $resp != NULL ]] && r="UTC_TIMESTAMP(6) - INTERVAL $resp HOUR"
  sql "INSERT INTO lead (channel_id, name, tier, owner_id, source, sla_due_at, first_response_at, created_at, updated_at)
       VALUES ($ch, 'T95$nm', 'high', $rep, 'staff', UTC_TIMESTAMP(6) - INTERVAL $due HOUR, $r, UTC_TIMESTAMP(6) - INTERVAL 12 HOUR, UTC_TIMESTAMP(6))"
done
req GET "/dashboard/me?pipeline=$pl" -b "$T/rep"
has "one more lead answered late" "id=\"sla-late\">$((late0 + 1))<"
has "one more lead past due and unanswered" "id=\"sla-waiting\">$((wait0 + 1))<"
check "the SLA hint counts both" grep -q "sla: 最近 30 天有 $((late0 + wait0 + 2)) 条线索" <<<"$(hints)"

req GET "/dashboard/me?pipeline=$pl&lang=en" -b "$T/rep"
check "the hints are in English too" grep -q "proposal: After a proposal you wait 30 h on average" <<<"$(hints)"

req GET "/dashboard/me?pipeline=999999" -b "$T/rep"
expect "an unknown pipeline is a 404" 404
req GET "/dashboard/me?pipeline=abc" -b "$T/rep"
expect "a malformed pipeline is a 400" 400

# --- the health score --------------------------------------------------------
sql "DELETE FROM rep_health"
before=$(sql "SELECT COUNT(*) FROM notification WHERE user_id = $boss AND kind = 'rep_health_low'")
tick
score=$(sql "SELECT score FROM rep_health WHERE user_id = $rep ORDER BY period DESC LIMIT 1")
parts=$(sql "SELECT CONCAT(stage_part, '/', task_part, '/', contact_part) FROM rep_health WHERE user_id = $rep ORDER BY period DESC LIMIT 1")
echo "# rep_east1 score $score parts $parts"
check "the job scored the rep" test -n "$score"
check "the slow rep scores below 70" test "$score" -lt 70
after=$(sql "SELECT COUNT(*) FROM notification WHERE user_id = $boss AND kind = 'rep_health_low' AND object_id = $rep")
check "the manager is notified" test "$after" -ge 1
tick
again=$(sql "SELECT COUNT(*) FROM notification WHERE user_id = $boss AND kind = 'rep_health_low' AND object_id = $rep")
same "only once per week, however often the job runs" "$again" "$after"
req GET "/dashboard/me?pipeline=$pl" -b "$T/rep"
has "the score is on the rep's page" "id=\"health-score\">$score<"
has "below 70 is flagged" 'class="badge bad">低于 70'

# --- customer temporarily unreachable --------------------------------------
a0=$(audit_max)
post_as "$T/rep" /dashboard/me/unreachable --data-urlencode "deal=$d1" --data-urlencode "reason=客户出差两周"
expect "the rep marks a deal unreachable" 303
same "one open pause" "$(sql "SELECT COUNT(*) FROM deal_pause WHERE deal_id = $d1 AND ended_at IS NULL")" 1
same "audited" "$(audit_count "$a0" "action = 'deal.unreachable' AND object_id = $d1")" 1
same "on the deal's timeline" "$(sql "SELECT COUNT(*) FROM deal_event WHERE deal_id = $d1 AND kind = 'unreachable'")" 1
post_as "$T/rep" /dashboard/me/unreachable --data-urlencode "deal=$d1" --data-urlencode "reason=again"
expect "a second pause of the same deal is a conflict" 409
post_as "$T/rep" /dashboard/me/unreachable --data-urlencode "deal=$d1"
expect "a pause without a reason is a 400" 400
post_as "$T/rep2" /dashboard/me/unreachable --data-urlencode "deal=$d2" --data-urlencode "reason=x"
check "a teammate cannot pause my deal" test "$STATUS" == 403 -o "$STATUS" == 404
post_as "$T/south" /dashboard/me/unreachable --data-urlencode "deal=$d2" --data-urlencode "reason=x"
check "another region cannot pause it either" test "$STATUS" == 403 -o "$STATUS" == 404
req GET "/dashboard/me?pipeline=$pl" -b "$T/rep"
same "the paused deal leaves the stage times (T95甲's 9 days gone)" "$(row T95谈判 me-table)" "T95谈判|2|7.0 天|7.0 天"
has "the pause is listed with its review date" '客户出差两周'
tick
same "the job counts the pause" "$(sql "SELECT paused_deals FROM rep_health WHERE user_id = $rep ORDER BY period DESC LIMIT 1")" 1
same "no reminder before 14 days" "$(sql "SELECT COUNT(*) FROM notification WHERE user_id = $rep AND kind = 'deal_unreachable_review' AND object_id = $d1")" 0
sql "UPDATE deal_pause SET remind_at = UTC_TIMESTAMP(6) - INTERVAL 1 MINUTE WHERE deal_id = $d1"
tick
tick
same "reminded once after 14 days" "$(sql "SELECT COUNT(*) FROM notification WHERE user_id = $rep AND kind = 'deal_unreachable_review' AND object_id = $d1")" 1
pid=$(sql "SELECT id FROM deal_pause WHERE deal_id = $d1")
post_as "$T/rep2" "/dashboard/me/unreachable/$pid/end"
check "a teammate cannot end my pause" test "$STATUS" == 403 -o "$STATUS" == 404
post_as "$T/rep" "/dashboard/me/unreachable/$pid/end"
expect "the rep ends the pause" 303
same "the pause is over" "$(sql "SELECT COUNT(*) FROM deal_pause WHERE deal_id = $d1 AND ended_at IS NULL")" 0
post_as "$T/rep" "/dashboard/me/unreachable/$pid/end"
expect "ending it twice is a 404" 404
same "both audited" "$(audit_count "$a0" "action IN ('deal.unreachable', 'deal.reachable') AND object_id = $d1")" 2
# leave rep_east1's first-response times as the demo made them (t0900 reads them)
sql "DELETE FROM lead WHERE name IN ('T95late', 'T95wait', 'T95fine')"
sql "DELETE FROM activity WHERE customer_id = $cust"
