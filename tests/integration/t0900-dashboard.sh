#!/usr/bin/env bash
# Issue 9 — the funnel dashboard: per stage the deals that reached it, the
# ones in it now, conversion to the next stage, the median days in stage
# (from the deal timeline) and amounts through the field policy; filters
# (region, period), the reader's scope, the SVG chart with its title and the
# same numbers in a table; bad input is a 400.
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

has() { if grep -qF -- "$2" <<<"$BODY"; then ok "$1"; else fail "$1" "missing: $2" "${BODY:0:300}"; fi; }
hasnt() { if grep -qF -- "$2" <<<"$BODY"; then fail "$1" "found: $2"; else ok "$1"; fi; }
# the table row of a stage, cells joined by |
row() {
  python3 -c '
import sys, re, html
body, name = sys.stdin.read(), sys.argv[1]
for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S):
    cells = [html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, re.S)]
    if cells and cells[0] == name:
        print("|".join(" ".join(c.split()) for c in cells)); break
' "$1" <<<"$BODY"
}

login "$T/rep" rep_east1
login "$T/fin" finance1
login "$T/south" rep_south1

rep=$(user_id rep_east1)
sql "INSERT INTO pipeline (code, name) VALUES ('t0900-$$', 'T0900 漏斗')"
pl=$(sql "SELECT id FROM pipeline WHERE code = 't0900-$$'")
sql "INSERT INTO stage (pipeline_id, position, name) VALUES ($pl, 1, 'T9初访'), ($pl, 2, 'T9方案'), ($pl, 3, 'T9签约')"
st() { sql "SELECT id FROM stage WHERE pipeline_id = $pl AND position = $1"; }
s1=$(st 1) s2=$(st 2) s3=$(st 3)
sql "INSERT INTO customer (name, name_norm, owner_id, region_id, created_at, updated_at)
     SELECT 'T0900 客户', 'T0900 客户', id, region_id, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) FROM users WHERE id = $rep"
cust=$(sql "SELECT MAX(id) FROM customer")
# deal NAME STAGE AMOUNT CREATED-DAYS-AGO then the stage entries as STAGE:DAYS-AGO
deal() {
  local name=$1 stage=$2 amount=$3 created=$4 last=$4
  shift 4
  for e in "$@"; do last=${e#*:}; done
  sql "INSERT INTO deal (customer_id, pipeline_id, stage_id, owner_id, region_id, name, amount, stage_entered_at, created_at, updated_at)
       SELECT $cust, $pl, $stage, $rep, region_id, '$name', $amount, UTC_TIMESTAMP(6) - INTERVAL $last DAY,
              UTC_TIMESTAMP(6) - INTERVAL $created DAY, UTC_TIMESTAMP(6) FROM users WHERE id = $rep"
  local id
  id=$(sql "SELECT MAX(id) FROM deal")
  for e in "$@"; do
    sql "INSERT INTO deal_event (deal_id, at, kind, to_stage_id) VALUES ($id, UTC_TIMESTAMP(6) - INTERVAL ${e#*:} DAY, 'advance', ${e%%:*})"
  done
  # a refusal names a stage too, but is no stay: it must not count
  sql "INSERT INTO deal_event (deal_id, at, kind, to_stage_id) VALUES ($id, UTC_TIMESTAMP(6) - INTERVAL 1 HOUR, 'refused', $s3)"
}
deal T9A "$s3" 100000 10 "$s1:10" "$s2:6" "$s3:2"
deal T9B "$s2" 200000 8 "$s1:8" "$s2:4"
deal T9C "$s1" 300000 5 "$s1:5"
deal T9D "$s1" 400000 3 "$s1:3"

req GET "/dashboard?pipeline=$pl" -b "$T/fin"
expect "finance opens the funnel" 200
has "the chart is an SVG with a role" 'role="img"'
has "the chart has an accessible title" '<title id="funnel-t">'
has "the numbers are also a table" 'id="funnel-table"'
same "stage 1: 4 reached, 2 in it, 50% on, median 4.0 d, clear sum" "$(row T9初访)" "T9初访|4|2|50%|4.0 天|¥700000.00"
same "stage 2: 2 reached, 1 in it, 50% on, median 4.0 d" "$(row T9方案)" "T9方案|2|1|50%|4.0 天|¥200000.00"
same "stage 3: 1 reached, no next stage, 2.0 d so far" "$(row T9签约)" "T9签约|1|1|—|2.0 天|¥100000.00"
has "the chart's bar for the widest stage is full length" 'width="340"'

req GET "/dashboard?pipeline=$pl&period=30" -b "$T/fin"
expect "the period filter is accepted" 200
sql "UPDATE deal SET created_at = UTC_TIMESTAMP(6) - INTERVAL 400 DAY WHERE name = 'T9D'"
req GET "/dashboard?pipeline=$pl&period=30" -b "$T/fin"
same "a deal created 400 days ago leaves the 30-day funnel" "$(row T9初访)" "T9初访|3|1|67%|4.0 天|¥300000.00"
req GET "/dashboard?pipeline=$pl&period=365" -b "$T/fin"
same "the one-year funnel leaves it out too" "$(row T9初访 | cut -d'|' -f2)" 3
req GET "/dashboard?pipeline=$pl" -b "$T/fin"
same "with no period it is back" "$(row T9初访 | cut -d'|' -f2)" 4

south=$(sql "SELECT id FROM region WHERE code = 'SOUTH'")
req GET "/dashboard?pipeline=$pl&region=$south" -b "$T/fin"
same "the region filter leaves the EAST deals out" "$(row T9初访)" "T9初访|0|0|—|—|—"

req GET "/dashboard?pipeline=$pl" -b "$T/rep"
expect "the owner opens the funnel" 200
same "the owner sees their own funnel" "$(row T9初访 | cut -d'|' -f2,3)" "4|2"

req GET "/dashboard?pipeline=$pl" -b "$T/south"
expect "a rep of another region opens the funnel" 200
same "their scope shows none of these deals" "$(row T9初访)" "T9初访|0|0|—|—|—"
hasnt "and no amount of them" "700000"

# the default policy: amounts are finance's, and everyone's once signed (last
# stage); the rest are counted, never summed
req GET "/dashboard?pipeline=$pl" -b "$T/rep"
same "a rep's unsigned amounts are counted instead of summed" "$(row T9初访)" "T9初访|4|2|50%|4.0 天|— (2 笔金额不可见)"
same "the signed stage's amount is theirs to see" "$(row T9签约 | cut -d'|' -f6)" "¥100000.00"
hasnt "no hidden amount leaks into the page" "700000"
hasnt "nor a hidden stage-2 sum" "200000"

req GET "/dashboard?pipeline=$pl&period=abc" -b "$T/fin"
expect "a period that is not a number is refused" 400
req GET "/dashboard?pipeline=999999" -b "$T/fin"
expect "an unknown pipeline is a 404" 404
req GET "/dashboard" -b "$T/fin"
expect "without a pipeline the first one is shown" 200

# ---- the heat map: rep × week of first-response time
lead() { # OWNER-LOGIN HOURS-AGO RESPONSE-MINUTES
  sql "INSERT INTO lead (channel_id, name, region_id, tier, status, owner_id, source, sla_due_at, first_response_at, created_at, updated_at)
       SELECT (SELECT id FROM channel WHERE code = 'website'), 'T0900 线索', region_id, 'medium', 'contacted', id, 'test:t0900',
              UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) - INTERVAL $2 HOUR + INTERVAL $3 MINUTE,
              UTC_TIMESTAMP(6) - INTERVAL $2 HOUR, UTC_TIMESTAMP(6) FROM users WHERE login = '$1'"
}
# this week: 郑凯 (rep_frozen, who owns no demo leads) answers after 10 h and
# 12 h (red), rep_east1 after 30 min; three weeks back 郑凯 was amber (5 h)
lead rep_frozen 30 600
lead rep_frozen 40 720
lead rep_east1 30 30
lead rep_frozen $((24 * 21 + 5)) 300
login "$T/mgr" mgr_south
login "$T/mge" mgr_east
req GET "/dashboard" -b "$T/mge"
expect "the east manager opens the dashboard" 200
heat_east=$BODY
req GET "/dashboard" -b "$T/mgr"
expect "the manager opens the dashboard" 200
has "the heat map has an accessible title" '<title id="heat-t">'
has "the heat map is also a table" 'id="heat-table"'
heat() { # REP-NAME COLUMN (1-based week; 8 = this week)
  python3 -c '
import sys, re, html
body, name, col = sys.stdin.read(), sys.argv[1], int(sys.argv[2])
t = body[body.index("id=\"heat-table\""):]
for tr in re.findall(r"<tr>(.*?)</tr>", t, re.S):
    cells = re.findall(r"<t([hd])([^>]*)>(.*?)</t[hd]>", tr, re.S)
    if cells and html.unescape(re.sub(r"<[^>]+>", "", cells[0][2])).strip() == name:
        c = cells[col]
        print(c[1].strip(), " ".join(html.unescape(re.sub(r"<[^>]+>", "", c[2])).split())); break
' "$1" "$2" <<<"$BODY"
}
same "郑凯 is red this week at 11 h on average" "$(heat 郑凯 8)" 'class="heat-2" 11.0 h 过慢'
same "郑凯 was amber three weeks ago" "$(heat 郑凯 5)" 'class="heat-1" 5.0 h'
has "the red cell is red in the chart too" 'fill="#c62828"'
hasnt "the south manager does not see the east reps" "张伟"
BODY=$heat_east
same "张伟 is green this week" "$(heat 张伟 8 | cut -c1-14)" 'class="heat-0"'
hasnt "the east manager does not see 郑凯" "郑凯"
