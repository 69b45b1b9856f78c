#!/usr/bin/env bash
# Issue 9 (R10.2) — process health on the dashboard: the standard deviation
# of days in each stage (over 3.2 days flagged), the completion rate of each
# required action (checklist item) among the deals now past its stage (under
# 92% flagged), and cross-role response (stage tasks per role: average hours
# to done, over 4.7 h flagged; share on time).  Only deals in the reader's
# scope count.
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

has() { if grep -qF -- "$2" <<<"$BODY"; then ok "$1"; else fail "$1" "missing: $2" "${BODY:0:300}"; fi; }
row() {
  python3 -c '
import sys, re, html
body, table, name = sys.stdin.read(), sys.argv[1], sys.argv[2]
body = body[body.index("id=\"" + table + "\""):]
body = body[:body.index("</table>")]
for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S):
    cells = [html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, re.S)]
    if cells and cells[0] == name:
        print("|".join(" ".join(c.split()) for c in cells)); break
' "$1" "$2" <<<"$BODY"
}

login "$T/fin" finance1
login "$T/south" mgr_south

rep=$(user_id rep_east1)
sql "INSERT INTO pipeline (code, name) VALUES ('t0960-$$', 'T0960 流程')"
pl=$(sql "SELECT id FROM pipeline WHERE code = 't0960-$$'")
sql "INSERT INTO stage (pipeline_id, position, name) VALUES ($pl, 1, 'T96一'), ($pl, 2, 'T96二'), ($pl, 3, 'T96三')"
st() { sql "SELECT id FROM stage WHERE pipeline_id = $pl AND position = $1"; }
s1=$(st 1) s2=$(st 2) s3=$(st 3)
sql "INSERT INTO checklist_item (stage_id, position, label) VALUES ($s1, 1, 'T96确认预算'), ($s2, 1, 'T96技术交流')"
i1=$(sql "SELECT id FROM checklist_item WHERE stage_id = $s1") i2=$(sql "SELECT id FROM checklist_item WHERE stage_id = $s2")
sql "INSERT INTO customer (name, name_norm, owner_id, region_id, created_at, updated_at)
     SELECT 'T0960 客户', 'T0960 客户', id, region_id, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) FROM users WHERE id = $rep"
cust=$(sql "SELECT MAX(id) FROM customer")
# deal STAGE then entries STAGE:DAYS-AGO
deal() {
  local stage=$1 last
  shift
  for e in "$@"; do last=${e#*:}; done
  sql "INSERT INTO deal (customer_id, pipeline_id, stage_id, owner_id, region_id, name, stage_entered_at, created_at, updated_at)
       SELECT $cust, $pl, $stage, $rep, region_id, 'T0960', UTC_TIMESTAMP(6) - INTERVAL $last DAY,
              UTC_TIMESTAMP(6) - INTERVAL 40 DAY, UTC_TIMESTAMP(6) FROM users WHERE id = $rep"
  local id
  id=$(sql "SELECT MAX(id) FROM deal")
  for e in "$@"; do
    sql "INSERT INTO deal_event (deal_id, at, kind, to_stage_id) VALUES ($id, UTC_TIMESTAMP(6) - INTERVAL ${e#*:} DAY, 'advance', ${e%%:*})"
  done
  echo "$id"
}
# stays in stage one: 1, 1, 9, 1 days (sd 3.5); stage two: 2 and 3 days (sd 0.5)
a=$(deal "$s3" "$s1:30" "$s2:29" "$s3:27")
b=$(deal "$s3" "$s1:20" "$s2:19" "$s3:16")
c=$(deal "$s2" "$s1:12" "$s2:3")
d=$(deal "$s1" "$s1:1")
tick() { sql "INSERT INTO deal_check (deal_id, item_id, done_by, done_at, stage_entered_at) VALUES ($1, $2, $rep, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))"; }
# stage one's item: 2 of the 3 deals past it (67%); the deal still in it ticked too, it does not count
tick "$a" "$i1"; tick "$b" "$i1"; tick "$d" "$i1"
# stage two's item: both deals past it (100%)
tick "$a" "$i2"; tick "$b" "$i2"
# tasks: legal answered in 2 h and 10 h (6.0 h: slow), one late; presales in 1 h
task() { sql "INSERT INTO task (deal_id, stage_id, title, role_code, assignee_id, due_at, status, created_at, done_at)
              VALUES ($1, $s2, 'T96', '$2', $rep, UTC_TIMESTAMP(6) - INTERVAL 5 DAY + INTERVAL $4 HOUR, 'done',
                      UTC_TIMESTAMP(6) - INTERVAL 5 DAY, UTC_TIMESTAMP(6) - INTERVAL 5 DAY + INTERVAL $3 HOUR)"; }
task "$a" legal 2 8
task "$b" legal 10 8
task "$c" presales 1 8

req GET "/dashboard?pipeline=$pl" -b "$T/fin"
expect "finance opens the dashboard" 200
has "a process-health section" 'id="process-health"'
same "stage one: 4 stays, sd 3.5 d, over the target" "$(row health-sd T96一)" "T96一|4|3.5 天 超过 3.2 天"
same "stage two: 3 stays (2, 3 and 3 running) sd 0.5 d, fine" "$(row health-sd T96二)" "T96二|3|0.5 天"
same "stage one's action: 2 of 3 past it, 67%, flagged" "$(row health-actions T96确认预算)" "T96确认预算|T96一|2 / 3|67% 低于 92%"
same "stage two's action: 2 of 2, 100%" "$(row health-actions T96技术交流)" "T96技术交流|T96二|2 / 2|100%"
same "legal: 2 tasks, 6.0 h on average, slow, half on time" "$(row health-roles 法务)" "法务|2|6.0 h 超过 4.7 小时|50%"
same "presales: 1 task in 1.0 h, on time" "$(row health-roles 售前)" "售前|1|1.0 h|100%"

req GET "/dashboard?pipeline=$pl" -b "$T/south"
expect "the south manager opens it" 200
same "the east deals are outside their scope: no stays" "$(row health-sd T96一)" "T96一|0|—"
same "and no completion rate" "$(row health-actions T96确认预算)" "T96确认预算|T96一|0 / 0|—"
same "and no role times" "$(row health-roles 法务)" ""

req GET "/dashboard?pipeline=$pl&lang=en" -b "$T/fin"
has "in English" 'Process health'
