#!/usr/bin/env bash
# R6.1 / R6.2 / R6.3: handoff packages between roles with role SLAs.
# A rep sends rep → presales on one of their deals: a package with a required
# item missing is refused (400, the missing items listed, what was typed kept,
# audited); a complete one is sent with due = sent + 4 working hours, the
# receiver is notified and acknowledges, then returns it with a reason (only
# the receiver may act; a return needs a reason).  A second package runs past
# due: two ticks at once notify the receiver and the receiver's superior
# exactly once, with a deep link.  The collaboration report shows the role's
# numbers; the types are admin-edited.
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

rep=$(user_id rep_east1)
pre=$(user_id presales1)
boss=$(sql "SELECT manager_id FROM users WHERE id = $pre")
type=$(sql "SELECT id FROM handoff_type WHERE code = 'presales_draft'")
check "the seeded package types are there (presales 4 h, legal, delivery)" \
  test "$(sql "SELECT COUNT(*) FROM handoff_type WHERE code IN ('presales_draft','legal_review','delivery') AND active = 1")" == 3
check "presales first draft: 4 working hours, three required items" \
  test "$(sql "SELECT CONCAT(FLOOR(sla_hours), '/', (SELECT SUM(required) FROM handoff_item i WHERE i.type_id = t.id)) FROM handoff_type t WHERE id = $type")" == "4/3"
check "presales1 has a direct superior" test -n "$boss" -a "$boss" != NULL

cust=$(sql "SELECT id FROM customer WHERE owner_id = $rep ORDER BY id LIMIT 1")
sql "INSERT INTO deal (customer_id, pipeline_id, stage_id, owner_id, region_id, name, stage_entered_at, created_at, updated_at)
     SELECT $cust, p.id, s.id, $rep, (SELECT region_id FROM users WHERE id = $rep), 't0830 交接商机', UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)
     FROM pipeline p JOIN stage s ON s.pipeline_id = p.id WHERE p.code = 'standard' ORDER BY s.position LIMIT 1"
deal=$(sql "SELECT MAX(id) FROM deal WHERE name = 't0830 交接商机'")

sign_in "$T/rep" rep_east1
req GET "/deals/$deal" -b "$T/rep"
expect "the rep's deal page" 200
check "the deal page offers the handoff packages" grep -q 'id="handoffs"' <<<"$BODY"
check "with the presales package and its required items" grep -q '竞品对比表' <<<"$BODY"

# --- incomplete: refused, nothing lost ----------------------------------------------------------
a0=$(audit_max)
before=$(sql "SELECT COUNT(*) FROM handoff WHERE deal_id = $deal")
post_as "$T/rep" "/deals/$deal/handoffs" --data-urlencode "type=$type" --data-urlencode "to=$pre" \
  --data-urlencode "item1=客户需要 200 个门店的巡检方案" --data-urlencode "item2=" \
  --data-urlencode "item3=预算截图见附件 B-17" --data-urlencode "note=周五前要初稿"
expect "a package without the competitor table is refused" 400
check "nothing was sent" test "$(sql "SELECT COUNT(*) FROM handoff WHERE deal_id = $deal")" == "$before"
check "the refusal names the missing item" grep -q '<li>竞品对比表</li>' <<<"$BODY"
check "what was typed is kept" grep -q '客户需要 200 个门店的巡检方案' <<<"$BODY"
check "the note is kept too" grep -q '周五前要初稿' <<<"$BODY"
check "the refusal is audited with what was missing" \
  test "$(audit_count "$a0" "action = 'handoff.send_refused' AND object_id = $deal AND after_value LIKE '%竞品对比表%'")" == 1
post_as "$T/rep" "/deals/$deal/handoffs" --data-urlencode "type=$type" \
  --data-urlencode "item1=a" --data-urlencode "item2=b" --data-urlencode "item3=c"
expect "a package without a receiver is refused" 400
post_as "$T/rep" "/deals/$deal/handoffs" --data-urlencode "type=$type" --data-urlencode "to=$(user_id legal1)" \
  --data-urlencode "item1=a" --data-urlencode "item2=b" --data-urlencode "item3=c"
expect "a receiver of the wrong role is refused" 400
check "still nothing sent" test "$(sql "SELECT COUNT(*) FROM handoff WHERE deal_id = $deal")" == "$before"

# --- complete: sent ---------------------------------------------------------------------------
a1=$(audit_max)
post_as "$T/rep" "/deals/$deal/handoffs" --data-urlencode "type=$type" --data-urlencode "to=$pre" \
  --data-urlencode "item1=客户需要 200 个门店的巡检方案" --data-urlencode "item2=对比 A 厂商与 B 厂商" \
  --data-urlencode "item3=预算截图见附件 B-17"
expect "a complete package is sent" 303
h1=$(sql "SELECT MAX(id) FROM handoff WHERE deal_id = $deal")
check "the package is waiting for presales1" \
  test "$(sql "SELECT CONCAT(status, '/', to_user_id, '/', to_role) FROM handoff WHERE id = $h1")" == "sent/$pre/presales"
check "it carries its three items" test "$(sql "SELECT COUNT(*) FROM handoff_part WHERE handoff_id = $h1")" == 3
check "due 4 working hours after sending (the test calendar is round the clock)" \
  test "$(sql "SELECT TIMESTAMPDIFF(MINUTE, sent_at, due_at) FROM handoff WHERE id = $h1")" == 240
check "the send is audited" test "$(audit_count "$a1" "action = 'handoff.send' AND object_id = $h1")" == 1
check "the receiver is notified" \
  test "$(sql "SELECT COUNT(*) FROM notification WHERE user_id = $pre AND kind = 'handoff_received' AND object_id = $h1")" == 1
req GET "/deals/$deal" -b "$T/rep"
check "the deal shows the package with its countdown" grep -q "剩余 [34]小时" <<<"$BODY"
check "and the timeline says it was sent" grep -q '发出交接包' <<<"$BODY"
req GET /handoffs -b "$T/rep"
check "the sender sees it under 'sent by me' with the countdown" grep -q "data-handoff=\"$h1\"" <<<"$BODY"
req GET /today -b "$T/rep"
expect "the rep's today page" 200
check "today lists the open package with its countdown" \
  grep -q "data-handoff=\"$h1\"" <<<"$BODY"
check "with the time left" bash -c 'grep -A4 "data-handoff=\"$1\"" <<<"$2" | grep -q "剩余"' _ "$h1" "$BODY"

sign_in "$T/pre" presales1
req GET /handoffs -b "$T/pre"
expect "presales1's handoffs" 200
check "the receiver sees it with the countdown" grep -q "剩余 [34]小时" <<<"$BODY"
req GET /inbox -b "$T/pre"
check "the inbox links the package" grep -q "href=\"/handoffs/$h1\"" <<<"$BODY"
req GET "/handoffs/$h1" -b "$T/pre"
expect "the package's page" 200
check "it shows the items" grep -q '对比 A 厂商与 B 厂商' <<<"$BODY"

# --- only the receiver acts ----------------------------------------------------------------------
post_as "$T/rep" "/handoffs/$h1/ack"
expect "the sender cannot acknowledge" 403
sign_in "$T/south" rep_south1
req GET "/handoffs/$h1" -b "$T/south"
expect "someone outside the deal's scope does not see it" 404
post_as "$T/pre" "/handoffs/$h1/ack"
expect "the receiver acknowledges" 303
check "acknowledged" test "$(sql "SELECT status FROM handoff WHERE id = $h1 AND acked_at IS NOT NULL")" == acked
check "the sender is told" \
  test "$(sql "SELECT COUNT(*) FROM notification WHERE user_id = $rep AND kind = 'handoff_acked' AND object_id = $h1")" == 1
post_as "$T/pre" "/handoffs/$h1/ack"
expect "a second acknowledgement is a conflict" 409
post_as "$T/pre" "/handoffs/$h1/return" --data-urlencode "reason="
expect "a return without a reason is refused" 400
check "still acknowledged" test "$(sql "SELECT status FROM handoff WHERE id = $h1")" == acked
a2=$(audit_max)
post_as "$T/pre" "/handoffs/$h1/return" --data-urlencode "reason=竞品对比表缺少价格维度"
expect "returned with a reason" 303
check "returned, the reason kept" \
  test "$(sql "SELECT CONCAT(status, '/', outcome_note) FROM handoff WHERE id = $h1")" == "returned/竞品对比表缺少价格维度"
check "the return is audited" test "$(audit_count "$a2" "action = 'handoff.return' AND object_id = $h1")" == 1
check "the sender is told it came back" \
  test "$(sql "SELECT COUNT(*) FROM notification WHERE user_id = $rep AND kind = 'handoff_returned' AND object_id = $h1")" == 1

# --- overdue: the superior once -----------------------------------------------------------------
post_as "$T/rep" "/deals/$deal/handoffs" --data-urlencode "type=$type" --data-urlencode "to=$pre" \
  --data-urlencode "item1=x" --data-urlencode "item2=y" --data-urlencode "item3=z"
expect "a second package" 303
h2=$(sql "SELECT MAX(id) FROM handoff WHERE deal_id = $deal")
sql "UPDATE handoff SET sent_at = '2030-01-01 00:00:00', due_at = '2030-01-01 04:00:00' WHERE id = $h2"
SALESGATE_TEST_NOW="2030-01-01 03:00:00" "$SG_BIN" tick --force -c "$SG_CONF" >>"$T/tick.log" 2>&1
check "before the due time: no overdue notice" \
  test "$(sql "SELECT COUNT(*) FROM notification WHERE dedup_key = 'handoff.overdue:$h2'")" == 0
a3=$(audit_max)
SALESGATE_TEST_NOW="2030-01-01 05:00:00" "$SG_BIN" tick --force -c "$SG_CONF" >>"$T/tick.log" 2>&1 &
p1=$!
SALESGATE_TEST_NOW="2030-01-01 05:00:00" "$SG_BIN" tick --force -c "$SG_CONF" >>"$T/tick.log" 2>&1 &
p2=$!
rc=0
wait $p1 || rc=1
wait $p2 || rc=1
check "two ticks at once both succeed" test $rc == 0
check "the receiver's superior is notified once" \
  test "$(sql "SELECT COUNT(*) FROM notification WHERE dedup_key = 'handoff.overdue:$h2' AND user_id = $boss AND kind = 'handoff_overdue_team'")" == 1
check "the receiver once" \
  test "$(sql "SELECT COUNT(*) FROM notification WHERE dedup_key = 'handoff.overdue:$h2' AND user_id = $pre")" == 1
check "nobody else" test "$(sql "SELECT COUNT(*) FROM notification WHERE dedup_key = 'handoff.overdue:$h2'")" == 2
check "the overdue notice is audited once" test "$(audit_count "$a3" "action = 'handoff.overdue' AND object_id = $h2")" == 1
SALESGATE_TEST_NOW="2030-01-01 06:00:00" "$SG_BIN" tick --force -c "$SG_CONF" >>"$T/tick.log" 2>&1
check "a later run adds nothing" test "$(sql "SELECT COUNT(*) FROM notification WHERE dedup_key = 'handoff.overdue:$h2'")" == 2
boss_login=$(sql "SELECT login FROM users WHERE id = $boss")
sign_in "$T/boss" "$boss_login"
req GET /inbox -b "$T/boss"
check "the superior's inbox links the package" grep -q "href=\"/handoffs/$h2\"" <<<"$BODY"
req GET "/handoffs/$h2" -b "$T/boss"
expect "the superior opens it" 200

# --- the collaboration report ---------------------------------------------------------------------
req GET /handoffs/report -b "$T/boss"
expect "the collaboration report for the director" 200
ret=$(sql "SELECT CONCAT(SUM(status = 'returned'), '/', SUM(status IN ('done','returned'))) FROM handoff h
           WHERE to_role = 'presales' AND sent_at >= UTC_TIMESTAMP() - INTERVAL 30 DAY")
check "the presales row shows the return rate ($ret)" grep -q "% ($ret)" <<<"$BODY"
ovd=$(sql "SELECT CONCAT(SUM(IF(status IN ('sent','acked'), due_at < UTC_TIMESTAMP(6), closed_at > due_at)), '/', COUNT(*))
           FROM handoff WHERE to_role = 'presales' AND sent_at >= UTC_TIMESTAMP() - INTERVAL 30 DAY")
check "the presales row shows the overdue share ($ovd)" grep -q "% ($ovd)" <<<"$BODY"
check "and a mean response time" grep -Eq '>[0-9.]+ (小时|分钟)</td>' <<<"$BODY"
check "per person too" grep -q 'id="by-person"' <<<"$BODY"
req GET /handoffs/report -b "$T/rep"
expect "a rep has no report.read" 403

# --- admin: the types ----------------------------------------------------------------------------
sign_in "$T/ops" ops
req GET /admin/handoffs -b "$T/ops"
expect "the admin's handoff types page" 200
check "it lists the seeded types" grep -q '法务合同初审' <<<"$BODY"
post_as "$T/ops" "/admin/handoffs/$type" --data-urlencode "name=售前方案初稿" --data-urlencode "hours=4" \
  --data-urlencode "active=1" --data-urlencode $'items=? 只有选填项'
expect "a type without a required item is refused" 400
check "what was typed is kept" grep -q '只有选填项' <<<"$BODY"
a4=$(audit_max)
post_as "$T/ops" "/admin/handoffs/$type" --data-urlencode "name=售前方案初稿" --data-urlencode "hours=6" \
  --data-urlencode "active=1" --data-urlencode $'items=客户需求清单\n竞品对比表\n预算范围确认截图\n? 补充说明'
expect "the type is saved" 303
check "the SLA is now 6 h" test "$(sql "SELECT FLOOR(sla_hours) FROM handoff_type WHERE id = $type")" == 6
check "four items, three required" \
  test "$(sql "SELECT CONCAT(COUNT(*), '/', SUM(required)) FROM handoff_item WHERE type_id = $type")" == "4/3"
check "the change is audited" test "$(audit_count "$a4" "action = 'handoff_type.save' AND object_id = $type")" == 1
check "packages already sent keep their items" test "$(sql "SELECT COUNT(*) FROM handoff_part WHERE handoff_id = $h1")" == 3
post_as "$T/ops" "/admin/handoffs/$type" --data-urlencode "name=售前方案初稿" --data-urlencode "hours=4" \
  --data-urlencode "active=1" --data-urlencode $'items=客户需求清单\n竞品对比表\n预算范围确认截图\n? 补充说明'
expect "back to 4 h" 303
req GET /admin/handoffs -b "$T/rep"
expect "a rep cannot edit the types" 403

# leave nothing open behind
sql "UPDATE handoff SET status = 'done', closed_at = '2030-01-01 06:00:00' WHERE id = $h2"
sql "UPDATE deal SET status = 'lost', closed_at = UTC_TIMESTAMP(6) WHERE id = $deal"
