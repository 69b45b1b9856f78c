#!/usr/bin/env bash
# Issue 9 (R10.1) — the weekly heat maps beside first response: proposal
# delivery (days from a deal's opening to its first proposal) and objection
# rounds (price objections per customer) by rep × week; server-rendered SVG
# with a title, the numbers as a table, colour bands also said in words, and
# only the reps in the reader's scope.
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

has() { if grep -qF -- "$2" <<<"$BODY"; then ok "$1"; else fail "$1" "missing: $2" "${BODY:0:300}"; fi; }
hasnt() { if grep -qF -- "$2" <<<"$BODY"; then fail "$1" "found: $2"; else ok "$1"; fi; }
heat() { # TABLE-ID REP-NAME COLUMN (1-based week; 8 = this week)
  python3 -c '
import sys, re, html
body, tid, name, col = sys.stdin.read(), sys.argv[1], sys.argv[2], int(sys.argv[3])
t = body[body.index("id=\"" + tid + "\""):]
t = t[:t.index("</table>")]
for tr in re.findall(r"<tr>(.*?)</tr>", t, re.S):
    cells = re.findall(r"<t([hd])([^>]*)>(.*?)</t[hd]>", tr, re.S)
    if cells and html.unescape(re.sub(r"<[^>]+>", "", cells[0][2])).strip() == name:
        c = cells[col]
        print(c[1].strip(), " ".join(html.unescape(re.sub(r"<[^>]+>", "", c[2])).split())); break
' "$1" "$2" "$3" <<<"$BODY"
}

login "$T/east" mgr_east
login "$T/south" mgr_south

rep=$(user_id rep_east1) rep2=$(user_id rep_east2) south=$(user_id rep_south1)
name() { sql "SELECT display_name FROM users WHERE id = $1"; }
n1=$(name "$rep") n2=$(name "$rep2") n3=$(name "$south")
pl=$(sql "SELECT MIN(id) FROM pipeline")
s1=$(sql "SELECT id FROM stage WHERE pipeline_id = $pl ORDER BY position LIMIT 1")
cust() {
  sql "INSERT INTO customer (name, name_norm, owner_id, region_id, created_at, updated_at)
       SELECT '$2', '$2', id, region_id, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) FROM users WHERE id = $1"
  sql "SELECT MAX(id) FROM customer"
}
# deal OWNER CUSTOMER OPENED-DAYS-AGO
deal() {
  sql "INSERT INTO deal (customer_id, pipeline_id, stage_id, owner_id, region_id, name, stage_entered_at, created_at, updated_at)
       SELECT $2, $pl, $s1, id, region_id, 'T0955', UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) - INTERVAL $3 DAY, UTC_TIMESTAMP(6) FROM users WHERE id = $1"
}
act() { sql "INSERT INTO activity (kind, user_id, customer_id, at) VALUES ('$2', $1, $3, UTC_TIMESTAMP(6) - INTERVAL $4 HOUR)"; }

c1=$(cust "$rep" "T0955 甲") c2=$(cust "$rep2" "T0955 乙") c3=$(cust "$south" "T0955 丙") c4=$(cust "$rep" "T0955 丁")
# rep_east1: a deal opened 10 days ago, proposal 1 day ago (9 days), a second
# proposal later on the same deal does not count; rep_east2: 2 days
deal "$rep" "$c1" 10
act "$rep" sent_proposal "$c1" 24
act "$rep" sent_proposal "$c1" 2
deal "$rep2" "$c2" 2
act "$rep2" sent_proposal "$c2" 1
deal "$south" "$c3" 5
act "$south" sent_proposal "$c3" 1
# objections: rep_east1 four rounds with one customer and two with another
# this week (3.0); rep_east2 one round
for _ in 1 2 3 4; do act "$rep" price_objection "$c1" 3; done
for _ in 1 2; do act "$rep" price_objection "$c4" 3; done
act "$rep2" price_objection "$c2" 3
act "$south" price_objection "$c3" 3

# Earlier suites delete their own activities as root (the app never does);
# the heat summaries notice deletions only at the daily rebuild, which
# `salesgate heat` is.
"$SG_BIN" heat -c "$SG_CONF" >"$T/heat.out" 2>&1 || fail "salesgate heat" "$(tail -n 3 "$T/heat.out")"
req GET "/dashboard?pipeline=$pl" -b "$T/east"
expect "the manager opens the dashboard" 200
has "the proposal map is an SVG with a title" '<title id="heat-prop-t">'
has "the objection map is an SVG with a title" '<title id="heat-obj-t">'
has "the proposal numbers are a table" 'id="heat-prop-table"'
has "the objection numbers are a table" 'id="heat-obj-table"'
same "$n1: 9 days to the first proposal, red and said so" "$(heat heat-prop-table "$n1" 8)" 'class="heat-2" 9.0 天 过慢'
got=$(heat heat-prop-table "$n2" 8)
same "$n2: quick, green" "${got%% *}" 'class="heat-0"'
same "$n1: 6 objections over 2 customers = 3.0 rounds, amber" "$(heat heat-obj-table "$n1" 8)" 'class="heat-1" 3.0'
same "$n2: 1 round, green" "$(heat heat-obj-table "$n2" 8)" 'class="heat-0" 1.0'
act "$rep" price_objection "$c4" 2
req GET "/dashboard?pipeline=$pl" -b "$T/east"
same "one more round: 3.5, red" "$(heat heat-obj-table "$n1" 8)" 'class="heat-2" 3.5 过慢'
hasnt "the east manager does not see the south rep" "$n3"

req GET "/dashboard?pipeline=$pl" -b "$T/south"
has "the south manager sees their rep's proposal" "$n3"
hasnt "and not the east reps" "$n1"

req GET "/dashboard?pipeline=$pl&team=999999" -b "$T/east"
expect "an unknown team filters everything out" 200
has "the proposal map is empty then" '最近 8 周没有发出方案的记录'
req GET "/dashboard?pipeline=$pl&lang=en" -b "$T/east"
has "in English" 'Proposal delivery heat map'
# the activities are the demo reps' too: take ours away for the suites after
sql "DELETE FROM activity WHERE customer_id IN ($c1, $c2, $c3, $c4)"
