#!/usr/bin/env bash
# Issue 9 gap 3 (R5.2): the counterpart's reply to an activity — who
# answered, when, what — recorded by a rep from the customer, lead and deal
# pages (/activities/#/reply) and the staff API; refusals keep what was
# typed; audited; scope-checked (another region: 404); shown on the
# timelines; and the daily credibility_ratio job counts a replied entry as
# verifiable.  Works as rep_east2; adds people 't0942_…' and customers 't0942 …'.
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

has() { if grep -qF -- "$2" <<<"$BODY"; then ok "$1"; else fail "$1" "missing: $2" "${BODY:0:300}"; fi; }
hasnt() { if grep -qF -- "$2" <<<"$BODY"; then fail "$1" "found: $2"; else ok "$1"; fi; }
api() { local m=$1 p=$2 tok=$3; shift 3; req "$m" "$p" -H "Authorization: Bearer $tok" "$@"; }
# the reader's (Asia/Shanghai) local time N minutes from now, as a datetime-local value
local_at() { sql "SELECT DATE_FORMAT(UTC_TIMESTAMP() + INTERVAL 8 HOUR + INTERVAL ($1) MINUTE, '%Y-%m-%dT%H:%i')"; }

login "$T/rep" rep_east2
login "$T/east" rep_south1
rep=$(user_id rep_east2)
sql "INSERT INTO customer (name, name_norm, owner_id, region_id, created_at, updated_at)
     SELECT 't0942 回复客户', 't0942 回复客户', id, region_id, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) FROM users WHERE id = $rep"
C=$(sql "SELECT MAX(id) FROM customer WHERE name = 't0942 回复客户'")

post_as "$T/rep" "/customers/$C/action" -d kind=sent_samples
expect "the rep records 'sent samples' on the customer" 303
A=$(sql "SELECT MAX(id) FROM activity WHERE customer_id = $C")

req GET "/customers/$C" -b "$T/rep"
has "the customer timeline links the entry's reply page" "href=\"/activities/$A/reply\""
req GET "/activities/$A/reply" -b "$T/rep"
expect "the rep opens the reply page" 200
has "it offers the form" "action=\"/activities/$A/reply\""
has "it names the entry" "已寄样"
req GET "/activities/$A/reply" -b "$T/east"
expect "a rep of another region gets 404" 404
post_as "$T/east" "/activities/$A/reply" --data-urlencode "replied_by=王经理" --data-urlencode "replied_at=$(local_at -1)" --data-urlencode "body=收到"
expect "and cannot record a reply there: 404" 404

# ---- refusals keep what was typed ---------------------------------------------------------------
post_as "$T/rep" "/activities/$A/reply" --data-urlencode "replied_by=采购部王经理" --data-urlencode "replied_at=$(local_at 0)"
expect "no reply text: 400" 400
has "the typed name is kept" 'value="采购部王经理"'
post_as "$T/rep" "/activities/$A/reply" --data-urlencode "replied_by=采购部王经理" --data-urlencode "replied_at=$(local_at -180)" --data-urlencode "body=样品收到了，下周安排测试"
expect "a reply before the entry: 400" 400
has "with the reason" "回复时间不能早于这条记录"
has "the typed text is kept" "样品收到了，下周安排测试"
post_as "$T/rep" "/activities/$A/reply" --data-urlencode "replied_by=采购部王经理" --data-urlencode "replied_at=$(local_at 120)" --data-urlencode "body=样品收到了"
expect "a reply in the future: 400" 400
has "with the reason" "回复时间不能在将来"
post_as "$T/rep" "/activities/$A/reply" --data-urlencode "replied_by=采购部王经理" --data-urlencode "replied_at=2026-13-01T10:00" --data-urlencode "body=样品收到了"
expect "a date that is no date: 400" 400
same "nothing was recorded by the refusals" "$(sql "SELECT COUNT(*) FROM activity_reply WHERE activity_id = $A")" 0

# ---- recorded, audited, shown --------------------------------------------------------------------
a0=$(audit_max)
post_as "$T/rep" "/activities/$A/reply" --data-urlencode "replied_by=采购部王经理" --data-urlencode "replied_at=$(local_at 0)" --data-urlencode "body=样品收到了，下周安排测试"
expect "the rep records the reply: 303" 303
same "back to the customer" "$(location)" "/customers/$C?done=recorded"
same "the reply is kept (who, what, by whom, from where; the time in UTC)" \
  "$(sql "SELECT CONCAT_WS('|', replied_by, body, recorded_by, source_ip IS NOT NULL, ABS(TIMESTAMPDIFF(MINUTE, replied_at, UTC_TIMESTAMP())) <= 1) FROM activity_reply WHERE activity_id = $A")" \
  "采购部王经理|样品收到了，下周安排测试|$rep|1|1"
check "it is audited (activity.reply)" test "$(audit_count "$a0" "action = 'activity.reply' AND object_type = 'activity' AND object_id = $A AND after_value LIKE '%by=采购部王经理%'")" = 1
req GET "/customers/$C" -b "$T/rep"
has "the customer timeline shows the reply" "样品收到了，下周安排测试"
has "and says the customer replied" "客户已回复"

# ---- from the deal page ---------------------------------------------------------------------------
sql "INSERT INTO deal (customer_id, pipeline_id, stage_id, owner_id, region_id, name, stage_entered_at, created_at, updated_at)
     SELECT $C, p.id, s.id, $rep, (SELECT region_id FROM users WHERE id = $rep), 't0942 商机', UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)
     FROM pipeline p JOIN stage s ON s.pipeline_id = p.id AND s.position = 1 WHERE p.code = 'standard'"
D=$(sql "SELECT MAX(id) FROM deal WHERE customer_id = $C")
req GET "/deals/$D" -b "$T/rep"
has "the deal timeline links the reply page with the deal" "href=\"/activities/$A/reply?deal=$D\""
has "and counts the reply" "客户已回复 1"
post_as "$T/rep" "/activities/$A/reply" --data-urlencode "replied_by=技术部李工" --data-urlencode "replied_at=$(local_at 0)" --data-urlencode "body=测试环境已准备好" -d deal="$D"
expect "a second reply from the deal page: 303" 303
same "back to the deal's timeline" "$(location)" "/deals/$D?done=recorded#timeline"

# ---- a lead's entry -------------------------------------------------------------------------------
L=$(sql "SELECT id FROM lead WHERE owner_id = $rep AND customer_id IS NULL ORDER BY id LIMIT 1")
post_as "$T/rep" "/leads/$L/action" -d kind=called
expect "the rep records a call on a lead" 303
LA=$(sql "SELECT MAX(id) FROM activity WHERE lead_id = $L")
post_as "$T/rep" "/activities/$LA/reply" --data-urlencode "replied_by=联系人本人" --data-urlencode "replied_at=$(local_at 0)" --data-urlencode "body=请把报价发到邮箱"
expect "a reply to the lead's call: 303" 303
same "back to the lead" "$(location)" "/leads/$L?done=recorded"

# ---- the staff API ------------------------------------------------------------------------------------
post_as "$T/rep" /profile/tokens --data-urlencode "name=t0942" --data-urlencode expires_days=1
TOKEN=$(grep -o 'sgp_[0-9a-f]\{64\}' <<<"$BODY" | head -n 1 || true)
api POST "/api/v1/activities/$A/reply" "$TOKEN" --data-urlencode "replied_by=王经理" --data-urlencode "replied_at=$(local_at 0)" --data-urlencode "body=已确认测试时间"
if [[ $STATUS == 200 && $BODY == *'"ok":true'* ]]; then ok "the staff API records a reply (200, ok)"; else fail "the staff API records a reply" "status $STATUS ${BODY:0:200}"; fi
api POST "/api/v1/activities/$A/reply" "$TOKEN" --data-urlencode "replied_by=王经理" --data-urlencode "replied_at=$(local_at 0)"
if [[ $STATUS == 400 && $BODY == *'"body"'* ]]; then ok "the staff API refuses a reply without text (400, the field named)"; else fail "the API refuses an empty reply" "status $STATUS ${BODY:0:200}"; fi
same "three replies on the entry now" "$(sql "SELECT COUNT(*) FROM activity_reply WHERE activity_id = $A")" 3

# ---- the credibility ratio counts replied entries --------------------------------------------------------
# two new reps, 12 calls each in the last days, no duration, no attachment;
# one has 9 of them replied (9/12 = 0.75), the other none (0/12)
run=$RANDOM
for who in "t0942_r$run" "t0942_s$run"; do
  sql "INSERT INTO users (login, display_name, password_hash, role_id, team_id, region_id, manager_id, status)
       SELECT '$who', '$who', password_hash, role_id, team_id, region_id, manager_id, 'active' FROM users WHERE id = $rep"
  u=$(user_id "$who")
  sql "INSERT INTO activity (kind, user_id, customer_id, at, source_ip)
       SELECT 'called', $u, $C, UTC_TIMESTAMP(6) - INTERVAL seq HOUR, '10.9.4.2' FROM seq_1_to_12"
done
ur=$(user_id "t0942_r$run"); us=$(user_id "t0942_s$run")
sql "INSERT INTO activity_reply (activity_id, replied_by, replied_at, body, recorded_by, recorded_at)
     SELECT id, '客户', at + INTERVAL 10 MINUTE, '好的', $ur, UTC_TIMESTAMP(6) FROM activity WHERE user_id = $ur ORDER BY id LIMIT 9"
"$SG_BIN" tick --force -c "$SG_CONF" >"$T/tick.log" 2>&1 || true
same "the rep without replies is flagged for review (0 of 12 verifiable)" \
  "$(sql "SELECT CONCAT(recorded, '/', verifiable) FROM credibility_flag WHERE user_id = $us AND reason = 'ratio'")" "12/0"
same "the rep whose entries were replied is not (9 of 12)" \
  "$(sql "SELECT COUNT(*) FROM credibility_flag WHERE user_id = $ur AND reason = 'ratio'")" 0
sql "UPDATE users SET status = 'departed' WHERE id IN ($ur, $us)"
