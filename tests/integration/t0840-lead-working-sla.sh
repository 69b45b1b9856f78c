#!/usr/bin/env bash
# Issue 8 finish: a lead's response clock (sla_due_at) counts working time —
# the calendar the slow-response rule uses (SLA.WorkHours, SLA.WorkDays, the
# holiday table, Site.TimeZone) — and the lead page says so.  With 09:00-18:00
# every day and today (Asia/Shanghai) a holiday, a high-intent lead that
# arrives now is due tomorrow 09:00 local + 30 min, not in 30 minutes; with
# the default round-the-clock calendar it is due 30 minutes after arrival.
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

run=$((RANDOM % 9000 + 1000))
ch="t84_$run"
sql "INSERT INTO channel (code, name, weight, sla_minutes) VALUES ('$ch', '工时$run', 1.00, 120)"
cid=$(sql "SELECT id FROM channel WHERE code = '$ch'")
today=$(TZ=Asia/Shanghai date +%F)
tomorrow=$(TZ=Asia/Shanghai date -d tomorrow +%F)
# 09:30 local tomorrow = 01:30 UTC tomorrow (Asia/Shanghai is UTC+8, no DST)
want_due="$tomorrow 01:30:00"
existing=$(sql "SELECT COUNT(*) FROM holiday WHERE day = '$today'")

cp "$SG_CONF" "$T/conf.orig"
reload() { kill -HUP "$(<"$SG_DIR/run/salesgate.pid")"; sleep 2; }
restore() {
  cp "$T/conf.orig" "$SG_CONF"
  reload
  [[ $existing == 0 ]] && sql "DELETE FROM holiday WHERE day = '$today'" || true
}
trap restore EXIT
check "tomorrow is no holiday" test "$(sql "SELECT COUNT(*) FROM holiday WHERE day = '$tomorrow'")" == 0
[[ $existing == 0 ]] && sql "INSERT INTO holiday (day, name) VALUES ('$today', 't0840 假日')"
printf 'SLA.WorkHours = 09:00-18:00\nSLA.WorkDays = 1234567\n' >>"$SG_CONF"
reload

sign_in "$T/ops" ops
post_as "$T/ops" /admin/api-keys --data-urlencode "name=t0840 $run" --data-urlencode "channel=$cid"
KEY=$(grep -o '<code id="new-api-key">[^<]*</code>' <<<"$BODY" | sed 's/<[^>]*>//g' || true)
check "an intake key for the test channel" test -n "$KEY"
api() {
  req POST /api/v1/leads -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' --data-binary "$1"
}
api "{\"name\":\"工时客户$run\",\"phone\":\"1390001$(printf '%04d' $((RANDOM % 10000)))\",\"region_code\":\"310101\",\"intent\":\"demo\"}"
expect "a high-intent lead arrives on a holiday" 201
lid=$(sed -n 's/.*"id":\([0-9][0-9]*\).*/\1/p' <<<"$BODY" | head -n 1)
check "it is high intent (30 min, tighter than the channel's 120)" test "$(sql "SELECT tier FROM lead WHERE id = $lid")" == high
check "due 30 working minutes after the next working morning ($want_due UTC)" \
  test "$(sql "SELECT DATE_FORMAT(sla_due_at, '%Y-%m-%d %H:%i:%s') FROM lead WHERE id = $lid")" == "$want_due"
check "not 30 wall-clock minutes after arrival" \
  test "$(sql "SELECT TIMESTAMPDIFF(MINUTE, created_at, sla_due_at) > 30 FROM lead WHERE id = $lid")" == 1

req GET "/leads/$lid" -b "$T/ops"
expect "the lead page" 200
check "the lead page says the clock counts working time" grep -q 'id="due-work">按工作时间计算： 09:00-18:00' <<<"$BODY"
check "with 30 working minutes left (the holiday does not count)" grep -q '剩余工作时间 30 分钟' <<<"$BODY"
check "it shows the due time in local time (tomorrow 09:30)" grep -q "$tomorrow 09:30" <<<"$BODY"

# the scheduler does not call it overdue on the holiday evening
SALESGATE_TEST_NOW="$tomorrow 01:00:00" "$SG_BIN" tick --force -c "$SG_CONF" >>"$T/tick.log" 2>&1
check "no SLA alert before the working clock ran out" \
  test "$(sql "SELECT COUNT(*) FROM notification WHERE dedup_key = 'lead.sla:$lid'")" == 0

# --- back to round the clock: plain wall time ----------------------------------------------
restore
trap - EXIT
api "{\"name\":\"全天客户$run\",\"phone\":\"1390002$(printf '%04d' $((RANDOM % 10000)))\",\"region_code\":\"310101\",\"intent\":\"demo\"}"
expect "a lead with the default calendar" 201
lid2=$(sed -n 's/.*"id":\([0-9][0-9]*\).*/\1/p' <<<"$BODY" | head -n 1)
check "round the clock: due exactly 30 minutes after arrival" \
  test "$(sql "SELECT TIMESTAMPDIFF(SECOND, created_at, sla_due_at) FROM lead WHERE id = $lid2")" == 1800
req GET "/leads/$lid2" -b "$T/ops"
check "and the page has no working-time note" bash -c '! grep -q "id=\"due-work\"" <<<"$1"' _ "$BODY"
# leave nothing open behind that other suites could trip on
sql "UPDATE lead SET status = 'disqualified' WHERE id IN ($lid, $lid2)" || true
