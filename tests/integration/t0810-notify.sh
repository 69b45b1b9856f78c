#!/usr/bin/env bash
# Issue 8 — outgoing notifications (R12): group robots (WeCom, DingTalk) set
# up on /admin/notifications, e-mail through a configured sendmail command.
# A local webhook receiver (node) and a fake sendmail (writes files) stand
# in for the outside world.  An SLA breach found by two `salesgate tick` at
# once (clock moved with SALESGATE_TEST_NOW, test build only) leaves exactly
# once on every way out; a robot that fails is retried after the backoff
# and the delivery log shows it all.
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

run=$((RANDOM % 9000 + 1000))
hook_port=$("$SG_ROOT/tools/env.sh" free-port)
mkdir -p "$T/hooks" "$T/mail"
# the receiver: /wecom answers {"errcode":0}; /flaky fails its first request
cat >"$T/recv.js" <<'JS'
const http = require('http'), fs = require('fs');
const [port, dir] = process.argv.slice(2);
let n = 0, flaky = 0;
http.createServer((req, res) => {
  let body = '';
  req.on('data', c => body += c);
  req.on('end', () => {
    const name = req.url.replace(/[^a-z]/g, '');
    fs.writeFileSync(`${dir}/${++n}-${name}.json`, body);
    if (name === 'flaky' && flaky++ === 0) { res.writeHead(500); res.end('busy'); return; }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('{"errcode":0,"errmsg":"ok"}');
  });
}).listen(port, '127.0.0.1');
JS
node "$T/recv.js" "$hook_port" "$T/hooks" &
recv=$!
trap 'kill $recv 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$hook_port/" && break; sleep 0.1; done
rm -f "$T"/hooks/*
cat >"$T/sendmail" <<SH
#!/bin/sh
cat >"$T/mail/\$\$.eml"
SH
chmod +x "$T/sendmail"
{ cat "$SG_CONF"; printf 'Notify.Sendmail = %s\nNotify.BaseUrl = https://sg.example.cn\n' "$T/sendmail"; } >"$T/tick.hdf"

# Whatever is already overdue at the moved clock (the demo's leads) is
# alerted first, before any robot or mail exists, so what follows is only
# this test's breach; old undelivered rows of a kept environment are retired.
later=$(sql "SELECT DATE_FORMAT(UTC_TIMESTAMP() + INTERVAL 3 HOUR, '%Y-%m-%d %H:%i:%s')")
sql "UPDATE webhook SET active = 0"
SALESGATE_TEST_NOW="$later" "$SG_BIN" tick --force -c "$SG_CONF" >/dev/null 2>&1
sql "UPDATE delivery SET status = 'failed', last_error = 't0810: retired' WHERE status = 'pending'"

sign_in "$T/ops" ops
expect "ops signs in" 303
sign_in "$T/rep" rep_east1
expect "rep_east1 signs in" 303

# --- the robots ------------------------------------------------------------------
req GET /admin/notifications -b "$T/rep"
expect "a rep gets 403 on /admin/notifications" 403
post_as "$T/ops" /admin/notifications --data-urlencode "name=群$run" --data "kind=wecom&url=ftp://x.example/hook"
expect "a non-http URL → 400" 400
check "… with the message beside the field" grep -q '请输入 http:// 或 https:// 开头的地址' <<<"$BODY"
check "… and the name kept" grep -q "value=\"群$run\"" <<<"$BODY"
since=$(audit_max)
post_as "$T/ops" /admin/notifications --data-urlencode "name=企微群$run" \
  --data-urlencode "url=http://127.0.0.1:$hook_port/wecom" --data "kind=wecom&kinds=lead_sla_breach"
expect "ops adds a WeCom robot → 303" 303
post_as "$T/ops" /admin/notifications --data-urlencode "name=钉钉群$run" \
  --data-urlencode "url=http://127.0.0.1:$hook_port/flaky" --data "kind=dingtalk&kinds=lead_sla_breach"
expect "ops adds a DingTalk robot → 303" 303
check "robot creation audited without the URL" \
  test "$(audit_count "$since" "action = 'webhook.create' AND after_value LIKE '%群$run' AND after_value NOT LIKE '%127.0.0.1%'")" == 2
W1=$(sql "SELECT id FROM webhook WHERE name = '企微群$run'")
W2=$(sql "SELECT id FROM webhook WHERE name = '钉钉群$run'")

# --- a breach leaves once on every way out -----------------------------------------
printf '%s\n' "t0810-pass-$run" | "$SG_BIN" user add --login "t81u$run" --role sales_rep --name "通知$run" \
  --region EAST --password-stdin -c "$SG_CONF" >/dev/null
U=$(user_id "t81u$run")
sql "UPDATE users SET email = 't81u$run@example.cn' WHERE id = $U"
sql "INSERT INTO lead (channel_id, name, tier, status, owner_id, assigned_at, source, sla_due_at, created_at, updated_at)
     SELECT MIN(id), '超时$run', 'high', 'new', $U, UTC_TIMESTAMP(6), 'staff', UTC_TIMESTAMP(6) + INTERVAL 30 MINUTE, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) FROM channel"
L=$(sql "SELECT id FROM lead WHERE name = '超时$run'")
SALESGATE_TEST_NOW="$later" "$SG_BIN" tick --force -c "$T/tick.hdf" >/dev/null 2>&1 &
p1=$!
SALESGATE_TEST_NOW="$later" "$SG_BIN" tick --force -c "$T/tick.hdf" >/dev/null 2>&1 &
p2=$!
wait $p1; wait $p2
N=$(sql "SELECT id FROM notification WHERE user_id = $U AND dedup_key = 'lead.sla:$L'")
check "one in-app alert for the breach" test "$(wc -w <<<"$N")" == 1
check "three deliveries for it: e-mail, WeCom, DingTalk" \
  test "$(sql "SELECT GROUP_CONCAT(channel ORDER BY channel) FROM delivery WHERE notification_id = ${N:-0}")" == dingtalk,email,wecom
check "the e-mail went once" test "$(ls "$T/mail" | wc -l)" == 1
mail=$(cat "$T"/mail/*.eml 2>/dev/null || true)
check "… to the owner's address" grep -q "^To: t81u$run@example.cn" <<<"$mail"
check "… with an encoded subject and the lead link" grep -q "^Subject: =?UTF-8?B?" <<<"$mail"
check "… linking the lead" grep -q "https://sg.example.cn/leads/$L" <<<"$mail"
wecom=$(cat "$T"/hooks/*-wecom.json 2>/dev/null || true)
check "the WeCom robot got exactly one message" test "$(ls "$T"/hooks/*-wecom.json 2>/dev/null | wc -l)" == 1
check "… in WeCom's markdown shape" grep -q '^{"msgtype":"markdown","markdown":{"content":"\*\*您的线索已超过响应时限\*\*' <<<"$wecom"
check "the DingTalk robot's first try failed and waits" \
  test "$(sql "SELECT CONCAT(status, '/', attempts) FROM delivery WHERE notification_id = ${N:-0} AND channel = 'dingtalk'")" == pending/1
req GET /admin/notifications -b "$T/ops"
expect "ops opens the delivery log" 200
check "the log shows the failure and the next try" grep -q 'HTTP 500: busy' <<<"$BODY"

retry=$(sql "SELECT DATE_FORMAT('$later' + INTERVAL 2 MINUTE, '%Y-%m-%d %H:%i:%s')")
SALESGATE_TEST_NOW="$retry" "$SG_BIN" tick --force -c "$T/tick.hdf" >/dev/null 2>&1
check "after the backoff the DingTalk retry succeeds" \
  test "$(sql "SELECT CONCAT(status, '/', attempts) FROM delivery WHERE notification_id = ${N:-0} AND channel = 'dingtalk'")" == sent/2
ding=$(ls -1 "$T"/hooks/*-flaky.json 2>/dev/null | tail -n 1)
check "… in DingTalk's markdown shape" grep -q '^{"msgtype":"markdown","markdown":{"title":"您的线索已超过响应时限","text":' "${ding:-/dev/null}"
SALESGATE_TEST_NOW="$retry" "$SG_BIN" tick --force -c "$T/tick.hdf" >/dev/null 2>&1
check "nothing is sent twice" test "$(ls "$T"/hooks | wc -l)/$(ls "$T/mail" | wc -l)" == 3/1

# robots off again, so later suites send nothing out
for w in $W1 $W2; do post_as "$T/ops" "/admin/notifications/$w/toggle"; done
check "robots switched off" test "$(sql "SELECT SUM(active) FROM webhook WHERE id IN ($W1, $W2)")" == 0
