#!/usr/bin/env bash
# tools/sqlmap-run.sh NAME OUTDIR SQLMAP-ARGS... — one sqlmap run (batch, no
# colours, fresh session) whose verdict is printed as TAP lines:
#   not ok when sqlmap identified an injection point (or did not run),
#   one "ok" per parameter it tested and found not injectable.
# Used by tests/integration/t1000-sqlmap.sh (bounded) and tools/security.sh (full).
set -uo pipefail
name=$1 out=$2
shift 2
mkdir -p "$out"
log="$out/$(tr -c 'A-Za-z0-9_-' '_' <<<"$name").log"
sqlmap --batch --disable-coloring --flush-session --output-dir="$out" --answers="follow=Y,redirect=Y,process=Y,JSON=Y,custom=Y,reduce=Y,keep=Y,skip=N" \
  "$@" >"$log" 2>&1
rc=$?
if grep -qE 'identified the following injection point|is vulnerable|appears to be injectable' "$log"; then
  echo "not ok - sqlmap $name: INJECTABLE (see $log)"
  grep -E 'Parameter:|Type:|Title:|Payload:' "$log" | head -20 | sed 's/^/#   /'
  exit 1
fi
tested=$(grep -oE "parameter '[^']+' does not seem to be injectable|(GET|POST|URI|Cookie|\(custom\) POST|JSON) parameter '[^']+' does not seem to be injectable" "$log" \
         | sed -E "s/.*parameter '([^']+)'.*/\1/" | sort -u)
if [[ -z $tested ]]; then
  echo "not ok - sqlmap $name: no parameter was tested (exit $rc; see $log)"
  grep -E 'CRITICAL|ERROR' "$log" | head -5 | sed 's/^/#   /'
  exit 1
fi
reqs=$(grep -oE 'HTTP error codes|[0-9]+ \(.*\) - [0-9]+ times' "$log" | tr '\n' ' ')
while read -r p; do echo "ok - sqlmap $name: '$p' not injectable"; done <<<"$tested"
echo "# sqlmap $name: ${reqs:-no HTTP errors}"
