#!/usr/bin/env bash
# Issue 4 — the public lead form of each channel, /f/<code>, as a visitor
# meets it: no login, Chinese, the channel's own optional fields; a good
# submission becomes a lead with its source recorded; bad input comes back
# with every value kept; spam (honeypot, too fast, forged stamp, flooding) is
# refused, counted in form_refusal, and never becomes a lead.
#
# Budget: the per-address limit is Form.PerMinutePerAddress (5) accepted or
# refused (non-"invalid") submissions a minute, and every test comes from
# 127.0.0.1.  This script spends exactly that budget, then moves its own
# submissions 61 s into the past so the suites after it (and the browser
# suite) start with a clean minute.
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

forget_form_window() {
  sql "UPDATE form_refusal SET at = at - INTERVAL 61 SECOND
       WHERE ip = '127.0.0.1' AND at > UTC_TIMESTAMP(6) - INTERVAL 61 SECOND"
  sql "UPDATE lead SET created_at = created_at - INTERVAL 61 SECOND,
       sla_due_at = sla_due_at - INTERVAL 61 SECOND
       WHERE source = 'form' AND source_ip = '127.0.0.1'
       AND created_at > UTC_TIMESTAMP(6) - INTERVAL 61 SECOND"
}
forget_form_window
trap forget_form_window EXIT

chan_id() { sql "SELECT id FROM channel WHERE code = '$1'"; }
# form_ts CODE: GET /f/CODE (no cookies) and print its hidden ts
form_ts() {
  req GET "/f/$1"
  grep -o 'name="ts" value="[^"]*"' <<<"$BODY" | head -n 1 | sed 's/.*value="//; s/"$//' || true
}
# post_form CODE [CURL ARGS]: a same-origin POST of the public form
post_form() {
  local code=$1
  shift
  req POST "/f/$code" -H "Origin: $SG_URL" "$@"
}
# has_input NAME: the last page has a form control named NAME
has_input() { grep -Eq "<(input|select|textarea)[^>]* name=\"$1\"" <<<"$BODY"; }
refusals() { sql "SELECT COUNT(*) FROM form_refusal WHERE id > $ref0 AND reason = '$1'"; }
form_leads() { sql "SELECT COUNT(*) FROM lead WHERE id > $lead0"; }

lead0=$(sql "SELECT COALESCE(MAX(id), 0) FROM lead")
ref0=$(sql "SELECT COALESCE(MAX(id), 0) FROM form_refusal")
audit0=$(audit_max)
douyin=$(chan_id douyin)

# --- the page --------------------------------------------------------------
req GET /f/douyin
expect "GET /f/douyin without a session → 200" 200
check "form page is text/html" grep -q '^content-type: text/html' <<<"$HEADERS"
if grep -q '留下您的需求' <<<"$BODY" && grep -q '抖音表单' <<<"$BODY" && grep -q '提交' <<<"$BODY"; then
  ok "form page is Chinese (留下您的需求, channel 抖音表单, 提交)"
else fail "form page is Chinese (留下您的需求, channel 抖音表单, 提交)" "${BODY:0:400}"; fi
check "form posts to /f/douyin" grep -q 'action="/f/douyin"' <<<"$BODY"
check "no sign-in redirect or session cookie" test -z "$(grep '^set-cookie: sg_session' <<<"$HEADERS" || true)"
missing=''
for f in name phone company region_code need intent ts website; do has_input "$f" || missing+=" $f"; done
if [[ -z $missing ]]; then ok "douyin form shows name, phone, company, region_code, need, intent (+ts, honeypot)"
else fail "douyin form shows name, phone, company, region_code, need, intent (+ts, honeypot)" "missing:$missing"; fi
extra=''
for f in industry email; do if has_input "$f"; then extra+=" $f"; fi; done
if [[ -z $extra ]]; then ok "douyin form has no industry and no email (not in its form_fields)"
else fail "douyin form has no industry and no email (not in its form_fields)" "shown:$extra"; fi
check "honeypot is hidden from people (aria-hidden, tabindex -1)" \
  grep -Eq 'class="hp" aria-hidden="true".*name="website"[^>]*tabindex="-1"' <<<"$BODY"
n=$(grep -c 'name="intent" value=' <<<"$BODY" || true)
check "intent offers 4 checkboxes (demo, requirement_doc, white_paper, video)" test "$n" == 4

req GET /f/expo
expect "GET /f/expo → 200" 200
missing=''
for f in name phone email company region_code industry need intent; do has_input "$f" || missing+=" $f"; done
if [[ -z $missing ]]; then ok "expo form shows every optional field (industry and email too)"
else fail "expo form shows every optional field (industry and email too)" "missing:$missing"; fi

req GET /f/no-such-channel
expect "unknown channel /f/no-such-channel → 404" 404
req POST /f/no-such-channel -H "Origin: $SG_URL" --data 'name=x&phone=13812345678'
expect "POST to an unknown channel → 404" 404
req GET /f/douyin/thanks
if [[ $STATUS == 200 ]] && grep -q '提交成功' <<<"$BODY"; then ok "/f/douyin/thanks → 200 提交成功"
else fail "/f/douyin/thanks → 200 提交成功" "status $STATUS"; fi

# --- too fast: posted at once after the GET ---------------------------------
ts_fast=$(form_ts douyin)
post_form douyin --data-urlencode "ts=$ts_fast" --data-urlencode 'name=快手测试' \
  --data 'phone=13900000001&company=fast-co&intent=demo'
expect "posting within 3 s of the GET → 400" 400
check "too-fast page says 提交太快了" grep -q '提交太快了' <<<"$BODY"
if grep -q 'value="快手测试"' <<<"$BODY" && grep -q 'value="13900000001"' <<<"$BODY" \
   && grep -q 'value="fast-co"' <<<"$BODY" && grep -q 'value="demo" checked' <<<"$BODY"; then
  ok "too-fast page keeps name, phone, company and the ticked intent"
else fail "too-fast page keeps name, phone, company and the ticked intent" "${BODY:0:300}"; fi
check "too-fast counted (form_refusal reason too_fast)" test "$(refusals too_fast)" == 1

# one set of stamps for everything below, then a single wait
ts_d=$(form_ts douyin)
ts_r=$(form_ts referral)
check "stamps look like <time>-<32 hex>" grep -Eq '^[0-9]+-[0-9a-f]{32}$' <<<"$ts_d"
sleep 3.2

# --- bad input: 400, values kept, message beside the field ------------------
# (the "invalid" refusals do not count against the address budget)
post_form douyin --data-urlencode "ts=$ts_d" --data-urlencode 'name=张三测试' \
  --data-urlencode 'company=杭州测试有限公司' --data-urlencode 'need=需要报价<b>' \
  --data 'phone=12345&region_code=330106&intent=demo&intent=video'
expect "bad phone → 400" 400
if grep -A3 'id="f-phone"' <<<"$BODY" | grep -q '<p class="error" id="e-phone">请输入有效的手机号'; then
  ok "bad phone: message under the phone field"
else fail "bad phone: message under the phone field" "$(grep -n 'e-phone\|f-phone' <<<"$BODY" || true)"; fi
check "bad phone: phone field marked aria-invalid" grep -Eq 'id="f-phone"[^>]*value="12345"[^>]*aria-invalid="true"' <<<"${BODY//$'\n'/ }"
kept=''
grep -q 'value="张三测试"' <<<"$BODY" || kept+=' name'
grep -q 'value="12345"' <<<"$BODY" || kept+=' phone'
grep -q 'value="杭州测试有限公司"' <<<"$BODY" || kept+=' company'
grep -q 'value="330106"' <<<"$BODY" || kept+=' region_code'
grep -q '>需要报价&lt;b&gt;</textarea>' <<<"$BODY" || kept+=' need(escaped)'
grep -q 'value="demo" checked' <<<"$BODY" || kept+=' intent=demo'
grep -q 'value="video" checked' <<<"$BODY" || kept+=' intent=video'
grep -q 'value="white_paper" checked' <<<"$BODY" && kept+=' white_paper-wrongly-ticked'
if [[ -z $kept ]]; then ok "bad phone: every typed value kept (need HTML-escaped, intents ticked)"
else fail "bad phone: every typed value kept (need HTML-escaped, intents ticked)" "lost:$kept"; fi
check "bad phone: the page has a fresh stamp" grep -q 'name="ts" value="[0-9]*-[0-9a-f]\{32\}"' <<<"$BODY"

post_form douyin --data-urlencode "ts=$ts_d" --data 'name=&phone=13900000002&company=noname-co'
expect "missing name → 400" 400
if grep -q '<p class="error" id="e-name">此项必填' <<<"$BODY" && grep -q 'value="13900000002"' <<<"$BODY" \
   && grep -q 'value="noname-co"' <<<"$BODY"; then
  ok "missing name: 此项必填 beside the name, phone and company kept"
else fail "missing name: 此项必填 beside the name, phone and company kept" "$(grep -n 'error' <<<"$BODY" || true)"; fi

post_form douyin --data-urlencode "ts=$ts_d" --data-urlencode 'name=无联系方式' --data 'company=nocontact-co'
expect "neither phone nor email → 400" 400
check "no contact: 请至少留下手机号或邮箱 beside the phone" \
  grep -q '<p class="error" id="e-phone">请至少留下手机号或邮箱' <<<"$BODY"

long_need=$(head -c 2001 /dev/zero | tr '\0' 'a')
long_name=$(head -c 101 /dev/zero | tr '\0' 'b')
post_form douyin --data-urlencode "ts=$ts_d" --data "name=$long_name&phone=13900000003" \
  --data "need=$long_need"
expect "over-long name (101 bytes) and need (2001 chars) → 400" 400
if grep -q '<p class="error" id="e-name">' <<<"$BODY" && grep -q '<p class="error" id="e-need">文字过长' <<<"$BODY"; then
  ok "over-long: messages beside name and need"
else fail "over-long: messages beside name and need" "$(grep -n 'class="error"' <<<"$BODY" || true)"; fi
if grep -q "value=\"$long_name\"" <<<"$BODY" && grep -q ">$long_need</textarea>" <<<"$BODY" \
   && grep -q 'value="13900000003"' <<<"$BODY"; then
  ok "over-long: the long name, the long need and the phone kept"
else fail "over-long: the long name, the long need and the phone kept"; fi

post_form douyin --data-urlencode "ts=$ts_d" --data 'name=%C3%28%E4&phone=13900000004&company=utf8-co'
expect "invalid UTF-8 in the name → 400" 400
if grep -aq '<p class="error" id="e-name">' <<<"$BODY" && grep -aq 'value="13900000004"' <<<"$BODY" \
   && grep -aq 'value="utf8-co"' <<<"$BODY"; then
  ok "invalid UTF-8: message beside the name, phone and company kept"
else fail "invalid UTF-8: message beside the name, phone and company kept" "$(grep -an 'error' <<<"$BODY" || true)"; fi
# The page is sent as UTF-8; the refused bytes must not be echoed into it raw.
if iconv -f UTF-8 -t UTF-8 <<<"$BODY" >/dev/null 2>&1; then ok "invalid UTF-8: the 400 page itself is valid UTF-8"
else fail "invalid UTF-8: the 400 page itself is valid UTF-8" \
  "the typed bytes come back raw: $(grep -a 'id="f-name"' -A1 <<<"$BODY" | tail -n 1 | od -An -c | head -n 2)"; fi

n=$(refusals invalid)
check "5 invalid submissions counted (form_refusal reason invalid)" test "$n" == 5
check "no lead from any invalid submission" test "$(form_leads)" == 0

# --- good submissions ----------------------------------------------------------
phone_d=139$(printf '%08d' $((RANDOM * 3 % 100000000)))
post_form douyin -A 'sg-test-agent/1.0 (t0420)' -e "$SG_URL/landing?utm_source=t0420" \
  --data-urlencode "ts=$ts_d" --data-urlencode 'name=林测试' --data-urlencode 'company=上海测试科技有限公司' \
  --data-urlencode 'need=想预约一次演示' --data "phone=$phone_d&region_code=310101&intent=demo&intent=video"
expect "good douyin submission → 303" 303
loc=$(location)
if [[ $loc == /f/douyin/thanks || $loc == "$SG_URL/f/douyin/thanks" ]]; then ok "303 to the fixed local path /f/douyin/thanks"
else fail "303 to the fixed local path /f/douyin/thanks" "Location: $loc"; fi
row=$(sql "SELECT id, channel_id, source, source_ip, user_agent, referrer, tier, intent, status,
                  COALESCE(owner_id, 'null'), region_id, company, need,
                  TIMESTAMPDIFF(SECOND, created_at, sla_due_at)
           FROM lead WHERE id > $lead0 AND phone = '$phone_d'")
IFS=$'\t' read -r lid lchan lsrc lip lua lref ltier lintent lstatus lowner lregion lcomp lneed lsla <<<"$row"
if [[ -n $row && $(wc -l <<<"$row") == 1 ]]; then ok "one lead row for the douyin submission (id $lid)"
else fail "one lead row for the douyin submission" "got: $row"; fi
check "lead channel is douyin" test "${lchan:-}" == "$douyin"
check "lead source = form" test "${lsrc:-}" == form
check "lead source_ip = 127.0.0.1" test "${lip:-}" == 127.0.0.1
check "lead user_agent stored" test "${lua:-}" == 'sg-test-agent/1.0 (t0420)'
check "lead referrer stored" test "${lref:-}" == "$SG_URL/landing?utm_source=t0420"
check "intent=demo&intent=video → intent 'demo,video', tier high" test "${lintent:-}/${ltier:-}" == demo,video/high
# routing (issue 8) places it at once: the owner is the one its decision names
routed=$(sql "SELECT COALESCE(MAX(owner_id), 'null') FROM routing_decision WHERE lead_id = ${lid:-0}")
check "new lead: status new, owner as routing decided" test "${lstatus:-}/${lowner:-}" == "new/$routed"
check "region_code 310101 → region 华东 (EAST)" test "${lregion:-}" == "$(sql "SELECT id FROM region WHERE code = 'EAST'")"
check "company and need stored as typed" test "${lcomp:-}|${lneed:-}" == '上海测试科技有限公司|想预约一次演示'
check "sla_due_at = created_at + min(channel 120, high 30) = 30 min" test "${lsla:-}" == 1800
n=$(audit_count "$audit0" "action = 'lead.create' AND object_type = 'lead' AND object_id = ${lid:-0}
                            AND actor_login = 'public-form' AND actor_ip = '127.0.0.1'
                            AND after_value = 'source=form tier=high'")
check "audit row lead.create for the lead (public-form, 127.0.0.1, source=form tier=high)" test "$n" == 1
req GET "$loc"
if [[ $STATUS == 200 ]] && grep -q '感谢您的信任' <<<"$BODY"; then ok "thank-you page after the redirect"
else fail "thank-you page after the redirect" "status $STATUS"; fi

# referral (SLA 60) with a medium signal (120): the channel's clock is tighter
email_r="t0420.$RANDOM@example.cn"
post_form referral --data-urlencode "ts=$ts_r" --data-urlencode 'name=周转介' \
  --data "email=$email_r&industry=medical&intent=white_paper"
expect "good referral submission with an e-mail only → 303" 303
# no region code: the region stays empty, or is the routed owner's (issue 8)
row=$(sql "SELECT l.tier, TIMESTAMPDIFF(SECOND, l.created_at, l.sla_due_at), l.industry, COALESCE(l.phone, 'null'),
                  IF(l.region_id <=> u.region_id, 'null', l.region_id)
           FROM lead l LEFT JOIN users u ON u.id = l.owner_id WHERE l.id > $lead0 AND l.email = '$email_r'")
if [[ $row == $'medium\t3600\tmedical\tnull\tnull' ]]; then
  ok "white_paper → medium; sla = min(referral 60, medium 120) = 60 min; no region"
else fail "white_paper → medium; sla = min(referral 60, medium 120) = 60 min; no region" "got: $row"; fi

# --- spam ----------------------------------------------------------------------
post_form douyin --data-urlencode "ts=$ts_d" --data-urlencode 'name=机器人' \
  --data 'phone=13900000005&website=http%3A%2F%2Fspam.example%2F'
if [[ $STATUS =~ ^4 ]]; then ok "honeypot filled → refused ($STATUS)"
else fail "honeypot filled → refused (4xx)" "status $STATUS"; fi
check "honeypot counted (reason honeypot)" test "$(refusals honeypot)" == 1

forged="${ts_d%%-*}-0123456789abcdef0123456789abcdef"
post_form douyin --data-urlencode "ts=$forged" --data-urlencode 'name=伪造' --data 'phone=13900000006'
if [[ $STATUS =~ ^4 ]]; then ok "forged ts → refused ($STATUS)"
else fail "forged ts → refused (4xx)" "status $STATUS"; fi
check "forged ts counted (reason stamp)" test "$(refusals stamp)" == 1
check "forged ts: values kept on the page" grep -q 'value="伪造"' <<<"$BODY"

# 5 counted this minute (too fast, 2 leads, honeypot, stamp): the 6th is refused
post_form douyin --data-urlencode "ts=$ts_d" --data-urlencode 'name=第六次' --data 'phone=13900000007'
expect "6th submission in a minute from one address → 429" 429
check "429 page is HTML" grep -q '^content-type: text/html' <<<"$HEADERS"
check "rate limit counted (reason rate)" test "$(refusals rate)" == 1
check "only the 2 good submissions became leads" test "$(form_leads)" == 2
check "no lead for the refused names" \
  test "$(sql "SELECT COUNT(*) FROM lead WHERE name IN ('快手测试', '机器人', '伪造', '第六次', '张三测试')
               AND id > $lead0")" == 0

# --- a form older than a day (a stamp signed with the form key, 25 h ago) -----
forget_form_window
key=$(sql "SELECT HEX(value) FROM app_secret WHERE name = 'form'")
old=$(( $(date +%s) - 90000 ))
mac=$(python3 -c 'import hashlib, sys
print(hashlib.blake2b(sys.argv[2].encode(), digest_size=16, key=bytes.fromhex(sys.argv[1])).hexdigest())' \
  "$key" "$douyin:$old")
post_form douyin --data-urlencode "ts=$old-$mac" --data-urlencode 'name=隔日提交' --data 'phone=13900000008'
expect "a form shown 25 h ago → 400" 400
if grep -q '页面停留时间过长' <<<"$BODY" && grep -q 'value="隔日提交"' <<<"$BODY"; then
  ok "expired page says 页面停留时间过长 and keeps the name"
else fail "expired page says 页面停留时间过长 and keeps the name" "${BODY:0:300}"; fi
check "expired counted (reason expired)" test "$(refusals expired)" == 1
# the same signing accepted for a fresh time: the check above failed for age, not the key
post_form referral --data-urlencode "ts=$old-$mac" --data-urlencode 'name=串渠道' --data 'phone=13900000009'
check "a douyin stamp posted to referral → refused as forged (stamp)" test "$STATUS/$(refusals stamp)" == 400/2
check "still only 2 leads from this script" test "$(form_leads)" == 2

# --- channel refusals show in the admin's list ------------------------------
n=$(sql "SELECT COUNT(*) FROM form_refusal WHERE id > $ref0 AND channel_id = $douyin")
check "refusals are counted per channel (douyin $n ≥ 10)" test "$n" -ge 10
