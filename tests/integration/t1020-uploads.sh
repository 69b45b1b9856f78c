#!/usr/bin/env bash
# Issue 10 — hostile uploads against the CSV import (POST /leads/import):
# a 0-byte file, polyglots (GIF/CSV, HTML/CSV, PDF), a zip bomb, a 2 GB
# announced body, path-traversal and control-character file names, a forged
# upload handle and a repeated part header.  Each is refused cleanly (4xx,
# never 5xx, a worker never dies), keeps nothing, and writes no file outside
# the upload directory.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"

channel=$(sql "SELECT id FROM channel WHERE active = 1 ORDER BY id LIMIT 1")
sign_in "$T/jar" rep_east1
expect "rep_east1 signs in" 303
tok=$(csrf_of "$T/jar")
batches() { sql "SELECT COUNT(*) FROM import_batch"; }
workers() { ls "/proc/$(<"$SG_DIR/run/salesgate.pid")/task" >/dev/null 2>&1 && \
            cat "/proc/$(<"$SG_DIR/run/salesgate.pid")/task/$(<"$SG_DIR/run/salesgate.pid")/children"; }
w0=$(workers)
up() { req POST /leads/import -b "$T/jar" -H "Origin: $SG_URL" -F "_csrf=$tok" -F "channel=$channel" "$@"; }
# refused NAME: 400 with the import form again (the user's choices kept), no batch
refused() {
  local want=${2:-400}
  if [[ $STATUS == "$want" && $(batches) == "$b0" ]]; then ok "$1 → $want, nothing kept"
  else fail "$1 → $want, nothing kept" "status $STATUS, batches $b0 → $(batches)" "${BODY:0:200}"; fi
}
b0=$(batches)

: >"$T/empty.csv"
up -F "file=@$T/empty.csv;type=text/csv"
refused "a 0-byte file"
check "the refusal says why, in the form" grep -q 'class="err' <<<"$BODY"

printf 'GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;\nname,phone\n张三,13812345678\n' >"$T/poly.csv"
up -F "file=@$T/poly.csv;type=text/csv"
refused "a GIF/CSV polyglot"
printf '%%PDF-1.4\n%%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%%%EOF\n' >"$T/doc.pdf"
up -F "file=@$T/doc.pdf;type=application/pdf"
refused "a PDF"
python3 - "$T/bomb.zip" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('leads.csv', b'0' * (200 * 1024 * 1024))   # 200 MB of zeros in ~200 KB
PY
up -F "file=@$T/bomb.zip;type=application/zip;filename=leads.csv"
refused "a zip bomb named leads.csv"
printf '<html><script>alert(1)</script>\nname,phone\n<img src=x onerror=alert(1)>,13812345678\n' >"$T/html.csv"
up -F "file=@$T/html.csv;type=text/csv;filename=<b>x</b>.csv"
if [[ $STATUS == 303 || $STATUS == 400 ]] && ! grep -q '<script>alert\|<img src=x\|<b>x</b>' <<<"$BODY"; then
  ok "an HTML/CSV polyglot is handled as text (status $STATUS, nothing echoed raw)"
else fail "an HTML/CSV polyglot is handled as text" "status $STATUS"; fi
[[ $STATUS == 303 ]] && { req GET "$(location)" -b "$T/jar"
  ! grep -q '<script>alert\|<img src=x\|<b>x</b>' <<<"$BODY" && ok "its preview escapes the cells and the name" \
    || fail "its preview escapes the cells and the name"; }
b0=$(batches)

# a 2 GB announced body: refused before it is read (nginx or the framing check)
start=$(date +%s)
STATUS=$(curl -sS -o /dev/null -w '%{http_code}' --max-time 20 -b "$T/jar" -H "Origin: $SG_URL" \
  -H 'Content-Type: multipart/form-data; boundary=XyZ' -H 'Content-Length: 2147483648' \
  --data-binary $'--XyZ\r\n' "$SG_URL/leads/import" 2>/dev/null || true)
el=$(( $(date +%s) - start ))
[[ $STATUS == 413 && $el -lt 10 ]] && ok "a 2 GB announced body → 413 at once (${el}s)" \
  || fail "a 2 GB announced body → 413 at once" "status $STATUS after ${el}s"

# path traversal and control characters in the file name
printf 'name,phone\n遍历测试,13812345678\n' >"$T/ok.csv"
rm -f /tmp/t1020-evil.csv "$SG_DIR/t1020-evil.csv"
for name in '../../../../../../tmp/t1020-evil.csv' '..\..\..\t1020-evil.csv' '/tmp/t1020-evil.csv'; do
  up -F "file=@$T/ok.csv;type=text/csv;filename=$name"
  if [[ $STATUS == 303 || $STATUS == 400 ]]; then ok "file name $name → $STATUS"
  else fail "file name $name → 303 or 400" "status $STATUS"; fi
done
stored=$(sql "SELECT filename FROM import_batch ORDER BY id DESC LIMIT 3" | tr '\n' ' ')
if [[ $stored != *'/'* && $stored != *'\'* && $stored != *'..'?'..'* ]]; then ok "only the base name is kept ($stored)"
else fail "only the base name is kept" "$stored"; fi
[[ ! -e /tmp/t1020-evil.csv && ! -e $SG_DIR/t1020-evil.csv ]] && ok "no file written outside the upload directory" \
  || fail "no file written outside the upload directory"
b0=$(batches)
up -F "file=@$T/ok.csv;type=text/csv;filename=a$(printf '\x01')b.csv"
refused "a control character in the file name"

# a forged upload handle (used to kill the worker) and a repeated part header (leaked)
req POST /leads/import -b "$T/jar" -H "Origin: $SG_URL" \
  --data "_csrf=$tok&channel=$channel&file=x.csv&file.FileHandle=1"
refused "a field named file.FileHandle without an upload"
printf -- '--XyZ\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n%s\r\n--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Disposition: form-data; name="file"; filename="b.csv"\r\nContent-Type: text/csv\r\n\r\nname,phone\r\n--XyZ--\r\n' "$tok" >"$T/dup.body"
req POST /leads/import -b "$T/jar" -H "Origin: $SG_URL" -H 'Content-Type: multipart/form-data; boundary=XyZ' \
  --data-binary "@$T/dup.body"
refused "a part with two Content-Disposition headers"

# (uploads/att/ holds deal attachments other suites stored on purpose)
left=$(find "$SG_DIR/uploads" -path "$SG_DIR/uploads/att" -prune -o -type f -print 2>/dev/null | wc -l)
[[ $left == 0 ]] && ok "no upload left in the upload directory" || fail "no upload left in the upload directory" "$left files"
[[ $(workers) == "$w0" ]] && ok "no worker died" || fail "no worker died" "workers $w0 → $(workers)"
