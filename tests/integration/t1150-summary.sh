#!/usr/bin/env bash
# Issue 11 — the customer-facing summary (技术答疑摘要) of a visit record:
# a print-ready page without the app's chrome and a PDF (cairo + pango; the
# Chinese text must come back out of it through pdftotext), with the company
# name and logo an ops admin set (/admin/company; the logo checked by its
# content: PNG or JPEG only, size-limited).  Only what the customer may see
# is on it: no internal detail, no source address, no customer phone or
# e-mail; the rep's own phone and e-mail are.  Readers of the record only
# (another region: 404), visit records only, every summary audited.
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
trap forget_failed_logins EXIT

has() { [[ $BODY == *"$1"* ]]; }
PW='T1150-pass-ok'
if [[ -z $(user_id t1150_rep) ]]; then
  printf '%s\n' "$PW" | "$SG_BIN" user add --login t1150_rep --role sales_rep --name 摘要测试 \
    --team 华东一组 --region EAST --manager lead_east --password-stdin -c "$SG_CONF" >/dev/null
fi
uid=$(user_id t1150_rep)
check "t1150_rep exists" test -n "$uid"
sql "UPDATE users SET phone = '13911501150', email = 't1150.rep@example.cn' WHERE id = $uid"

sql "INSERT INTO customer (name, name_norm, phone, email, owner_id, region_id, created_at, updated_at)
     SELECT '摘要测试电子元器件公司', '摘要测试电子元器件公司', '13700001150', 'buyer1150@customer.cn', id,
       region_id, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) FROM users WHERE id = $uid"
cust=$(sql "SELECT MAX(id) FROM customer")
sql "INSERT INTO contact (customer_id, name, phone, is_key, created_at)
     VALUES ($cust, '周工', '13600001150', 1, UTC_TIMESTAMP(6))"

# --- the company's name and logo (ops admin) --------------------------------
old_name=$(sql "SELECT name FROM company ORDER BY id LIMIT 1")
sign_in "$T/ops" ops
tok=$(csrf_of "$T/ops")
up() { req POST /admin/company -b "$T/ops" -H "Origin: $SG_URL" -F "_csrf=$tok" "$@"; }
python3 - "$T" <<'PY'
import struct, sys, zlib
def png(w, h):
    raw = b''.join(b'\0' + bytes((20, 90, 170, 255)) * w for _ in range(h))
    chunk = lambda t, d: struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
    return (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 6, 0, 0, 0))
            + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b''))
open(sys.argv[1] + '/logo.png', 'wb').write(png(120, 40))
open(sys.argv[1] + '/huge.png', 'wb').write(png(4100, 10))
open(sys.argv[1] + '/fake.png', 'wb').write(b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
open(sys.argv[1] + '/big.png', 'wb').write(png(8, 8) + b'\0' * 600000)
PY
req GET /admin/company -b "$T/ops"
expect "ops opens /admin/company" 200
check "…with the current company name" grep -q "$old_name" <<<"$BODY"
check "…and a multipart form with the CSRF field" bash -c 'grep -q "enctype=\"multipart/form-data\"" <<<"$1" && grep -q "name=\"_csrf\"" <<<"$1"' _ "$BODY"
m=$(audit_max)
up -F "company_name=T1150 科技（示例）有限公司" -F "logo=@$T/fake.png;type=image/png"
expect "an SVG named .png is refused by content (422)" 422
check "…saying PNG or JPEG only" grep -q '只接受 PNG 或 JPEG' <<<"$BODY"
check "…keeping the typed name" grep -q 'value="T1150 科技（示例）有限公司"' <<<"$BODY"
check "…audited as a refusal" test "$(audit_count "$m" "action = 'company.logo.refused'")" = 1
up -F "company_name=T1150 科技（示例）有限公司" -F "logo=@$T/big.png;type=image/png"
expect "a logo over the size limit is refused (413)" 413
up -F "company_name=T1150 科技（示例）有限公司" -F "logo=@$T/huge.png;type=image/png"
expect "a PNG of 4100 px is refused (422)" 422
check "nothing was kept" test "$(sql "SELECT COALESCE(logo_stored, '') FROM company ORDER BY id LIMIT 1")" = ""
req GET /company/logo -b "$T/ops"
expect "no logo yet: 404" 404
m=$(audit_max)
up -F "company_name=T1150 科技（示例）有限公司" -F "logo=@$T/logo.png;type=application/octet-stream"
expect "a real PNG is taken (303)" 303
check "the name and logo are saved and audited" \
  test "$(audit_count "$m" "action IN ('company.update', 'company.logo')")" = 2
curl -sS -o "$T/got.png" -D "$T/logo.h" -b "$T/ops" "$SG_URL/company/logo"
check "the logo is served as image/png, byte for byte" \
  bash -c 'grep -qi "content-type: image/png" "$1" && cmp -s "$2" "$3"' _ "$T/logo.h" "$T/got.png" "$T/logo.png"
sign_in "$T/rep" t1150_rep "$PW"
req GET /admin/company -b "$T/rep"
expect "a rep may not change the company details (403)" 403

# --- a visit record and its summary ---------------------------------------
post_as "$T/rep" "/customers/$cust/visit" \
  --data-urlencode "core_need=希望把贴片电容交期从6周缩短到3周" \
  --data-urlencode "next_step=下周二前发送替代料号清单和样品报价" \
  --data-urlencode "detail=内部备注：采购负责人偏好低价，预算约12万"
expect "the rep saves a visit record (303)" 303
vid=$(sql "SELECT MAX(id) FROM activity WHERE customer_id = $cust AND kind = 'visit_record'")
check "the visit record exists" test -n "$vid"
req GET "/customers/$cust" -b "$T/rep"
check "the customer page links the record's summary and PDF" \
  bash -c 'grep -q "href=\"/visits/$1/summary\"" <<<"$2" && grep -q "href=\"/visits/$1/summary.pdf\"" <<<"$2"' _ "$vid" "$BODY"
req GET "/customers/$cust/sidebar" -b "$T/rep"
check "the sidebar links it too" grep -q "href=\"/visits/$vid/summary\"" <<<"$BODY"

m=$(audit_max)
req GET "/visits/$vid/summary" -b "$T/rep"
expect "the rep opens the summary page" 200
check "技术答疑摘要 with the company name and logo" \
  bash -c 'grep -q "<h1>技术答疑摘要</h1>" <<<"$1" && grep -q "T1150 科技（示例）有限公司" <<<"$1" && grep -q "src=\"/company/logo\"" <<<"$1"' _ "$BODY"
check "the customer, its key contact, need and next step" \
  bash -c 'grep -q 摘要测试电子元器件公司 <<<"$1" && grep -q 周工 <<<"$1" && grep -q 贴片电容交期 <<<"$1" && grep -q 替代料号清单 <<<"$1"' _ "$BODY"
check "the rep's own name, phone and e-mail" \
  bash -c 'grep -q 摘要测试 <<<"$1" && grep -q 13911501150 <<<"$1" && grep -q t1150.rep@example.cn <<<"$1"' _ "$BODY"
leak=""
for s in 内部备注 12万 13700001150 buyer1150@customer.cn 13600001150 127.0.0.1; do
  [[ $BODY == *"$s"* ]] && leak+=" $s"
done
if [[ -z $leak ]]; then ok "no internal detail, address or customer phone/e-mail on it"
else fail "no internal detail, address or customer phone/e-mail on it" "found:$leak"; fi
check "no app chrome: its own print CSS, no top bar or nav" \
  bash -c 'grep -q "/static/css/summary.css" <<<"$1" && ! grep -q "class=\"topbar\"" <<<"$1" && ! grep -q "app.css" <<<"$1"' _ "$BODY"
check "the print CSS sets A4 and hides the tools" \
  bash -c 'grep -q "size: A4" "$1" && grep -q "@media print" "$1"' _ "$SG_ROOT/static/css/summary.css"
check "producing it is audited (who, which, page)" \
  test "$(audit_count "$m" "action = 'summary.produce' AND object_type = 'activity' AND object_id = $vid AND after_value = 'page' AND actor_id = $uid")" = 1

m=$(audit_max)
curl -sS -o "$T/s.pdf" -D "$T/pdf.h" -b "$T/rep" "$SG_URL/visits/$vid/summary.pdf"
check "the PDF is a PDF" bash -c 'head -c 5 "$1" | grep -q "%PDF-" && grep -qi "content-type: application/pdf" "$2"' _ "$T/s.pdf" "$T/pdf.h"
check "…downloaded as an attachment" grep -qi 'content-disposition: attachment; filename="summary-V'"$vid"'.pdf"' "$T/pdf.h"
pdftotext -enc UTF-8 "$T/s.pdf" "$T/s.txt" 2>"$T/pdftotext.err" || true
txt=$(tr -d ' \n' <"$T/s.txt" 2>/dev/null || true)
if [[ $txt == *技术答疑摘要* && $txt == *T1150科技（示例）有限公司* && $txt == *贴片电容交期从6周缩短到3周* && $txt == *替代料号清单* && $txt == *周工* ]]; then
  ok "pdftotext reads the Chinese back: title, company, need, next step, contact"
else fail "pdftotext reads the Chinese back" "$(cat "$T/pdftotext.err")" "${txt:0:400}"; fi
check "the rep's phone is in the PDF" grep -q 13911501150 <<<"$txt"
leak=""
for s in 内部备注 12万 13700001150 buyer1150@customer.cn 13600001150 127.0.0.1; do
  [[ $txt == *"$s"* ]] && leak+=" $s"
done
if [[ -z $leak ]]; then ok "nothing internal in the PDF"; else fail "nothing internal in the PDF" "found:$leak"; fi
check "the PDF embeds the logo (an image XObject)" grep -aq "/Subtype */Image" "$T/s.pdf"
check "producing the PDF is audited" \
  test "$(audit_count "$m" "action = 'summary.produce' AND object_id = $vid AND after_value = 'pdf'")" = 1
# a long record runs over pages instead of off the bottom
long=$(python3 -c "print('长期供货协议条款讨论。' * 300)")
post_as "$T/rep" "/customers/$cust/visit" --data-urlencode "core_need=$long" --data-urlencode "next_step=确认条款"
expect "a visit record of 3300 characters is saved" 303
long_id=$(sql "SELECT MAX(id) FROM activity WHERE customer_id = $cust AND kind = 'visit_record'")
curl -sS -o "$T/long.pdf" -b "$T/rep" "$SG_URL/visits/$long_id/summary.pdf"
pages=$(pdfinfo "$T/long.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
check "…its PDF flows over several A4 pages ($pages)" test "${pages:-0}" -ge 2
check "…A4 sized" bash -c 'pdfinfo "$1" | grep -q "595.28 x 841.89"' _ "$T/long.pdf"
# a JPEG logo (24 × 12, made by Chromium) is taken too and drawn into the PDF
base64 -d >"$T/logo.jpg" <<<'/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDAA0JCgsKCA0LCgsODg0PEyAVExISEyccHhcgLikxMC4pLSwzOko+MzZGNywtQFdBRkxOUlNSMj5aYVpQYEpRUk//2wBDAQ4ODhMREyYVFSZPNS01T09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT0//wAARCAAMABgDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAX/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFQEBAQAAAAAAAAAAAAAAAAAAAAX/xAAUEQEAAAAAAAAAAAAAAAAAAAAA/9oADAMBAAIRAxEAPwCCAupIAD//2Q=='
up -F "company_name=T1150 科技（示例）有限公司" -F "logo=@$T/logo.jpg;type=image/jpeg"
expect "a real JPEG is taken (303)" 303
curl -sS -o "$T/got.jpg" -D "$T/jpg.h" -b "$T/ops" "$SG_URL/company/logo"
check "…served as image/jpeg" bash -c 'grep -qi "content-type: image/jpeg" "$1" && cmp -s "$2" "$3"' _ "$T/jpg.h" "$T/got.jpg" "$T/logo.jpg"
check "…and the old PNG file is gone" test "$(find "$SG_DIR" -path '*/logo/*' -type f 2>/dev/null | wc -l)" = 1
curl -sS -o "$T/j.pdf" -b "$T/rep" "$SG_URL/visits/$vid/summary.pdf"
check "the PDF carries the JPEG logo" grep -aq "/Subtype */Image" "$T/j.pdf"
req GET "/visits/$vid/summary?lang=en" -b "$T/rep"
check "in English too" grep -q 'Technical Q&amp;A summary' <<<"$BODY"

# --- who may produce one ----------------------------------------------------
sign_in "$T/lead" lead_east
req GET "/visits/$vid/summary" -b "$T/lead"
expect "the rep's manager may (200)" 200
sign_in "$T/south" rep_south1
m=$(audit_max)
req GET "/visits/$vid/summary" -b "$T/south"
expect "a rep of another region: 404" 404
req GET "/visits/$vid/summary.pdf" -b "$T/south"
expect "…and no PDF (404)" 404
check "…and nothing produced is audited" test "$(audit_count "$m" "action = 'summary.produce'")" = 0
post_as "$T/rep" "/customers/$cust/action" --data kind=called
call=$(sql "SELECT MAX(id) FROM activity WHERE customer_id = $cust AND kind = 'called'")
req GET "/visits/$call/summary" -b "$T/rep"
expect "a one-tap call has no summary (404)" 404
req GET "/visits/$vid/summary"
check "signed out: to the sign-in page" test "$STATUS" = 303 -o "$STATUS" = 302 -o "$STATUS" = 401

# a lead's visit record: the lead's company and name head it
sql "INSERT INTO lead (name, phone, company, channel_id, owner_id, region_id, tier, status, source,
       sla_due_at, created_at, updated_at)
     SELECT '钱经理', '13500001150', '摘要测试线索公司', (SELECT MIN(id) FROM channel), id, region_id, 'high',
       'new', 'staff', UTC_TIMESTAMP(6) + INTERVAL 1 HOUR, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)
     FROM users WHERE id = $uid"
lead=$(sql "SELECT MAX(id) FROM lead WHERE company = '摘要测试线索公司'")
post_as "$T/rep" "/leads/$lead/visit" --data-urlencode "core_need=询问工业相机选型" --data-urlencode "next_step=周五远程演示"
lvid=$(sql "SELECT MAX(id) FROM activity WHERE lead_id = $lead AND kind = 'visit_record'")
req GET "/leads/$lead" -b "$T/rep"
check "the lead page links its visit's summary" grep -q "href=\"/visits/$lvid/summary\"" <<<"$BODY"
req GET "/visits/$lvid/summary" -b "$T/rep"
check "the lead's summary names its company and contact, not its phone" \
  bash -c 'grep -q 摘要测试线索公司 <<<"$1" && grep -q 钱经理 <<<"$1" && ! grep -q 13500001150 <<<"$1"' _ "$BODY"

# put the company name back for the suites after this one
sql "UPDATE company SET name = '$old_name' ORDER BY id LIMIT 1"
