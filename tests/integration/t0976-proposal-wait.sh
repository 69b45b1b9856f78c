#!/usr/bin/env bash
# Issue 9 (scale) — the rep dashboard's "after a proposal you wait N h" hint
# reads waits kept by triggers (sql/0029: proposal_wait per proposal,
# proposal_wait_day per rep and day).  Every kept figure equals what the raw
# activities say: after the demo, after entries recorded through the app,
# after an entry recorded late for an earlier time, after a deletion by hand,
# and after `salesgate heat` rebuilds them; the page's hint is the raw
# average of the last 90 days.
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"


# What the activities say: per rep and day of each proposal, the minutes to
# the first entry after it on the customer's timeline (by time, then id).
RAW_NEXT="(SELECT MIN(a2.at) FROM activity a2 WHERE a2.customer_id = a.customer_id
           AND (a2.at > a.at OR (a2.at = a.at AND a2.id > a.id)))"
raw_days() {
  sql "SELECT a.user_id, DATE(a.at), SUM(TIMESTAMPDIFF(MINUTE, a.at, $RAW_NEXT)), COUNT($RAW_NEXT)
       FROM activity a WHERE a.kind = 'sent_proposal' AND a.customer_id IS NOT NULL
       GROUP BY 1, 2 HAVING COUNT($RAW_NEXT) > 0 ORDER BY 1, 2"
}
kept_days() {
  sql "SELECT user_id, day, minutes, n FROM proposal_wait_day WHERE n <> 0 OR minutes <> 0 ORDER BY 1, 2"
}
raw_rows() {
  sql "SELECT a.id, $RAW_NEXT FROM activity a WHERE a.kind = 'sent_proposal' AND a.customer_id IS NOT NULL ORDER BY 1"
}
kept_rows() { sql "SELECT activity_id, next_at FROM proposal_wait ORDER BY 1"; }
agree() { # LABEL
  local r k
  r=$(raw_rows) k=$(kept_rows)
  if [[ $r == "$k" ]]; then ok "$1: every proposal's next entry as the activities say"
  else fail "$1: every proposal's next entry as the activities say" "$(diff <(echo "$r") <(echo "$k") | head -n 6)"; fi
  r=$(raw_days) k=$(kept_days)
  if [[ $r == "$k" ]]; then ok "$1: every rep's day sums as the activities say"
  else fail "$1: every rep's day sums as the activities say" "$(diff <(echo "$r") <(echo "$k") | head -n 6)"; fi
}
hint_hours() { # the page's proposal hint: "HOURS N" or nothing
  python3 -c '
import sys, re, html
b = sys.stdin.read()
for k, t in re.findall(r"<li data-kind=\"([a-z_]+)\">(.*?)</li>", b, re.S):
    if k == "proposal":
        nums = re.findall(r"\d+", html.unescape(re.sub(r"<[^>]+>", "", t)))
        print(nums[0], nums[2])  # N h ... 90 days, N proposals
' <<<"$BODY"
}
raw_hint() { # USER: what the hint must say, from the raw activities
  sql "SELECT CONCAT(ROUND(AVG(x.gap) / 60), ' ', COUNT(*)) FROM (SELECT TIMESTAMPDIFF(MINUTE, a.at, $RAW_NEXT) AS gap
       FROM activity a WHERE a.kind = 'sent_proposal' AND a.user_id = $1 AND a.customer_id IS NOT NULL
       AND a.at >= UTC_TIMESTAMP(6) - INTERVAL 90 DAY) x WHERE x.gap IS NOT NULL HAVING COUNT(*) > 0"
}

agree "the demo"

login "$T/rep" rep_south1
rep=$(user_id rep_south1)
sql "INSERT INTO customer (name, name_norm, owner_id, region_id, created_at, updated_at)
     SELECT 'T0976 客户', 'T0976 客户', id, region_id, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) FROM users WHERE id = $rep"
cust=$(sql "SELECT MAX(id) FROM customer")

# a proposal 10 h ago, waiting; a second one the same minute
sql "INSERT INTO activity (kind, user_id, customer_id, at) VALUES
     ('sent_proposal', $rep, $cust, UTC_TIMESTAMP(6) - INTERVAL 10 HOUR),
     ('sent_proposal', $rep, $cust, UTC_TIMESTAMP(6) - INTERVAL 10 HOUR)"
p1=$(sql "SELECT MIN(id) FROM activity WHERE customer_id = $cust")
p2=$(sql "SELECT MAX(id) FROM activity WHERE customer_id = $cust")
same "the first proposal is answered by the second (same time: 0 min)" \
  "$(sql "SELECT TIMESTAMPDIFF(MINUTE, at, next_at) FROM proposal_wait WHERE activity_id = $p1")" "0"
same "the second is waiting" "$(sql "SELECT next_at IS NULL FROM proposal_wait WHERE activity_id = $p2")" "1"
agree "two proposals"

# the customer calls back now, recorded through the app
post_as "$T/rep" "/customers/$cust/action" --data kind=called
expect "the call is recorded" 303
same "the second proposal waited 10 h" \
  "$(sql "SELECT ROUND(TIMESTAMPDIFF(MINUTE, at, next_at) / 60) FROM proposal_wait WHERE activity_id = $p2")" "10"
agree "an entry through the app"

# a message 4 h ago, recorded only now: the wait is 6 h, not 10
sql "INSERT INTO activity (kind, user_id, customer_id, at) VALUES ('message', $rep, $cust, UTC_TIMESTAMP(6) - INTERVAL 4 HOUR)"
late=$(sql "SELECT MAX(id) FROM activity WHERE customer_id = $cust")
same "an entry recorded late for an earlier time shortens the wait" \
  "$(sql "SELECT ROUND(TIMESTAMPDIFF(MINUTE, at, next_at) / 60) FROM proposal_wait WHERE activity_id = $p2")" "6"
agree "an entry recorded late"

# a proposal recorded late, before entries already there: it waits for them
sql "INSERT INTO activity (kind, user_id, customer_id, at) VALUES ('sent_proposal', $rep, $cust, UTC_TIMESTAMP(6) - INTERVAL 7 HOUR)"
p3=$(sql "SELECT MAX(id) FROM activity WHERE customer_id = $cust")
same "a proposal recorded late waits for the entry after it (3 h)" \
  "$(sql "SELECT ROUND(TIMESTAMPDIFF(MINUTE, at, next_at) / 60) FROM proposal_wait WHERE activity_id = $p3")" "3"
agree "a proposal recorded late"

# a clean-up by hand: the late message goes, the proposals wait for the call
sql "DELETE FROM activity WHERE id = $late"
same "after the deletion the second proposal waits for the next entry, the late proposal (3 h)" \
  "$(sql "SELECT ROUND(TIMESTAMPDIFF(MINUTE, at, next_at) / 60) FROM proposal_wait WHERE activity_id = $p2")" "3"
sql "DELETE FROM activity WHERE id = $p3"
same "and once that goes too, for the call again (10 h)" \
  "$(sql "SELECT ROUND(TIMESTAMPDIFF(MINUTE, at, next_at) / 60) FROM proposal_wait WHERE activity_id = $p2")" "10"
same "a deleted proposal's wait goes" "$(sql "SELECT COUNT(*) FROM proposal_wait WHERE activity_id = $p3")" "0"
agree "deletions"

# a proposal 95 days ago is outside the window; the page says what the raw
# average of the last 90 days says
sql "INSERT INTO activity (kind, user_id, customer_id, at) VALUES
     ('sent_proposal', $rep, $cust, UTC_TIMESTAMP(6) - INTERVAL 95 DAY),
     ('message', $rep, $cust, UTC_TIMESTAMP(6) - INTERVAL 90 DAY)"
agree "an old proposal"
req GET "/dashboard/me" -b "$T/rep"
expect "the rep's dashboard" 200
want=$(raw_hint "$rep")
echo "# hint: $(hint_hours) (raw: $want)"
[[ -n $want ]] || fail "the rep has answered proposals" "none"
same "the hint is the raw 90-day average and count" "$(hint_hours)" "$want"

# a proposal on the window's first day: the partial day is read from the rows
sql "INSERT INTO activity (kind, user_id, customer_id, at) VALUES
     ('sent_proposal', $rep, $cust, UTC_TIMESTAMP(6) - INTERVAL 90 DAY + INTERVAL 1 MINUTE),
     ('message', $rep, $cust, UTC_TIMESTAMP(6) - INTERVAL 89 DAY)"
req GET "/dashboard/me" -b "$T/rep"
same "the window's first day counts from the exact moment 90 days ago" "$(hint_hours)" "$(raw_hint "$rep")"

# the rebuild gives the same figures
before=$(kept_days)
"$SG_BIN" heat -c "$SG_CONF" >"$T/heat.out" 2>&1 || fail "salesgate heat" "$(tail -n 3 "$T/heat.out")"
same "salesgate heat rebuilds the same day sums" "$(kept_days)" "$before"
agree "after the rebuild"

# a tampered sum is what the comparison above would catch
sql "UPDATE proposal_wait_day SET minutes = minutes + 600 WHERE user_id = $rep ORDER BY day DESC LIMIT 1"
if [[ $(raw_days) != "$(kept_days)" ]]; then ok "a tampered day sum is noticed"; else fail "a tampered day sum is noticed" "no difference"; fi
# …and repaired by `salesgate heat`, also when the heat maps were never
# built (a first build used to skip the waits)
sql "UPDATE heat_mark SET built_on = NULL"
"$SG_BIN" heat -c "$SG_CONF" >/dev/null 2>&1
agree "repaired by a first build"

