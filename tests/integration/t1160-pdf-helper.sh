#!/usr/bin/env bash
# Issue 10 — the summary PDF is drawn outside the worker: the worker starts
# salesgate-pdf (pdf/salesgate-pdf.c) per PDF, the summary's text on a pipe,
# the PDF back on another, with a time limit.  The worker links no cairo,
# pango, fontconfig or gdk-pixbuf; a helper that is missing, hangs, crashes
# or answers garbage is a clear 503 page (413 when the PDF is too large),
# never a hang, and nothing is audited as produced; a logo cannot be taken
# while the helper cannot decode it.  Field framing: text that looks like
# the helper's own format goes through as text.
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
trap forget_failed_logins EXIT

for bin in "$SG_BIN" "${SG_RELEASE_BIN:-$SG_BIN}"; do
  libs=$(ldd "$bin" | awk '{ print $1 }' | grep -E 'cairo|pango|gdk_pixbuf|fontconfig|freetype|harfbuzz|libX11' || true)
  if [[ -z $libs ]]; then ok "$(basename "$(dirname "$bin")")/salesgate links no drawing library"
  else fail "$bin links no drawing library" "$libs"; fi
  check "…and salesgate-pdf is beside it" test -x "$(dirname "$bin")/salesgate-pdf"
done
H=$(dirname "$SG_BIN")/salesgate-pdf
check "the helper links cairo and pango" bash -c 'ldd "$1" | grep -q libcairo && ldd "$1" | grep -q libpango' _ "$H"
printf 'bogus 3\nabc\n' | "$H" pdf 2>/dev/null && rc=0 || rc=$?
check "the helper refuses an unknown field (exit 2)" test "$rc" = 2
printf 'font 4\nSans\ntitle 5\nabc\n' | "$H" pdf >/dev/null 2>&1 && rc=0 || rc=$?
check "…and a field shorter than announced (exit 2)" test "$rc" = 2
printf '<svg xmlns="http://www.w3.org/2000/svg"/>' | "$H" check-logo && rc=0 || rc=$?
check "check-logo: an SVG does not decode (exit 1)" test "$rc" = 1

# a visit record of a demo rep's own customer
uid=$(user_id rep_east1)
sql "INSERT INTO customer (name, name_norm, owner_id, region_id, created_at, updated_at)
     SELECT 'T1160 助手测试公司', 'T1160 助手测试公司', id, region_id, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)
     FROM users WHERE id = $uid"
cust=$(sql "SELECT MAX(id) FROM customer")
sign_in "$T/rep" rep_east1
post_as "$T/rep" "/customers/$cust/visit" \
  --data-urlencode "core_need=$(printf '第一行需求\nrow 9\n伪造字段\ntext 3\nxyz')" \
  --data-urlencode "next_step=T1160 下一步：寄送样品"
expect "a visit record is saved (303)" 303
vid=$(sql "SELECT MAX(id) FROM activity WHERE customer_id = $cust AND kind = 'visit_record'")

pdf() { curl -sS -o "$T/s.pdf" -D "$T/s.h" -w '%{http_code} %{time_total}' -b "$T/rep" "$SG_URL/visits/$vid/summary.pdf"; }
m=$(audit_max)
read -r code secs <<<"$(pdf)"
check "the PDF comes from the helper (200, %PDF-)" bash -c '[[ $1 == 200 ]] && head -c 5 "$2" | grep -q "%PDF-"' _ "$code" "$T/s.pdf"
txt=$(pdftotext -enc UTF-8 "$T/s.pdf" - 2>/dev/null | tr -d ' \n' || true)
check "text shaped like the helper's fields is drawn as text" \
  bash -c '[[ $1 == *第一行需求row9伪造字段text3xyz* && $1 == *T1160下一步：寄送样品* ]]' _ "$txt"
check "…and audited once" test "$(audit_count "$m" "action = 'summary.produce' AND object_id = $vid AND after_value = 'pdf'")" = 1

# helpers that fail, each in turn (Summary.PdfHelper, 2 s limit)
cp "$SG_CONF" "$T/conf.orig"
restore() { cp "$T/conf.orig" "$SG_CONF"; kill -HUP "$(<"$SG_DIR/run/salesgate.pid")"; sleep 2; forget_failed_logins; }
trap restore EXIT
use_helper() {
  cp "$T/conf.orig" "$SG_CONF"
  printf 'Summary.PdfHelper = %s\nSummary.PdfSeconds = 2\n' "$1" >>"$SG_CONF"
  kill -HUP "$(<"$SG_DIR/run/salesgate.pid")"
  sleep 2
}
printf '#!/bin/sh\necho $$ >"%s/hang.pid"\nexec sleep 60\n' "$T" >"$T/hang.sh"
printf '#!/bin/sh\ncat >/dev/null\necho "not a pdf"\n' >"$T/garbage.sh"
printf '#!/bin/sh\ncat >/dev/null\nkill -SEGV $$\n' >"$T/crash.sh"
printf '#!/bin/sh\ncat >/dev/null\nexit 3\n' >"$T/big.sh"
printf '#!/bin/sh\nhead -c 100 >/dev/null\nexec cat /dev/zero\n' >"$T/flood.sh"
chmod 755 "$T"/*.sh

m=$(audit_max)
use_helper "$T/hang.sh"
read -r code secs <<<"$(pdf)"
check "a helper that hangs: 503 after the 2 s limit ($secs s)" \
  bash -c '[[ $1 == 503 ]] && awk -v s="$2" "BEGIN { exit !(s >= 1.5 && s < 6) }"' _ "$code" "$secs"
check "…saying the service is unavailable, in Chinese" grep -q '服务暂时不可用' "$T/s.pdf"
check "…and the helper was killed" bash -c '! kill -0 "$(cat "$1")" 2>/dev/null' _ "$T/hang.pid"
use_helper "$T/missing-helper"
read -r code secs <<<"$(pdf)"
check "a missing helper: 503 at once ($secs s)" bash -c '[[ $1 == 503 ]] && awk -v s="$2" "BEGIN { exit !(s < 1.5) }"' _ "$code" "$secs"
use_helper "$T/garbage.sh"
read -r code secs <<<"$(pdf)"
check "a helper that answers no PDF: 503" test "$code" = 503
use_helper "$T/crash.sh"
read -r code secs <<<"$(pdf)"
check "a helper that crashes: 503" test "$code" = 503
use_helper "$T/big.sh"
read -r code secs <<<"$(pdf)"
check "a helper that says the PDF is too large: 413" test "$code" = 413
use_helper "$T/flood.sh"
read -r code secs <<<"$(pdf)"
check "a helper that never stops writing: cut at 8 MiB, 413 ($secs s)" \
  bash -c '[[ $1 == 413 ]] && awk -v s="$2" "BEGIN { exit !(s < 6) }"' _ "$code" "$secs"
check "no failed PDF is audited as produced" \
  test "$(audit_count "$m" "action = 'summary.produce' AND object_id = $vid")" = 0
req GET "/visits/$vid/summary" -b "$T/rep"
expect "the print page does not need the helper (200)" 200

# a logo upload needs the helper's decode: without it nothing is kept
python3 - "$T" <<'PY'
import struct, sys, zlib
raw = b''.join(b'\0' + bytes((200, 30, 30, 255)) * 16 for _ in range(16))
chunk = lambda t, d: struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
open(sys.argv[1] + '/logo.png', 'wb').write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 16, 16, 8, 6, 0, 0, 0))
    + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b''))
PY
before=$(sql "SELECT COALESCE(logo_stored, '') FROM company ORDER BY id LIMIT 1")
use_helper "$T/missing-helper"
sign_in "$T/ops" ops
req POST /admin/company -b "$T/ops" -H "Origin: $SG_URL" -F "_csrf=$(csrf_of "$T/ops")" \
  -F "company_name=$(sql "SELECT name FROM company ORDER BY id LIMIT 1")" -F "logo=@$T/logo.png;type=image/png"
expect "a logo upload while the helper is missing: 503" 503
check "…and the stored logo is unchanged" \
  test "$(sql "SELECT COALESCE(logo_stored, '') FROM company ORDER BY id LIMIT 1")" = "$before"
