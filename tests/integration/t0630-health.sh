#!/usr/bin/env bash
# Issue 6 — the permission health report (R8.7): admins and auditors only;
# capabilities held but unused for 90 days, frequent escalation requests,
# reveals and exports outside working hours (Health.WorkStart/End in
# Site.TimeZone), frozen people still holding grants.
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

login() {
  sign_in "$1" "$2"
  if [[ $STATUS == 429 ]]; then sleep 61; sign_in "$1" "$2"; fi
  if [[ $STATUS == 303 ]]; then ok "$2 signs in"; else fail "$2 signs in" "status $STATUS"; fi
}
NEW=$(user_id rep_east_new) FROZEN=$(user_id rep_frozen) R2=$(user_id rep_east2)
sql "DELETE FROM permission_request WHERE user_id IN ($NEW, $FROZEN);
     INSERT INTO permission_request (user_id, kind, scope, days, reason, status, created_at)
       VALUES ($NEW, 'scope', 'all', 1, 't0630', 'refused', UTC_TIMESTAMP(6)),
              ($NEW, 'scope', 'all', 1, 't0630', 'refused', UTC_TIMESTAMP(6)),
              ($NEW, 'scope', 'all', 1, 't0630', 'pending', UTC_TIMESTAMP(6));
     INSERT INTO permission_request (user_id, kind, cap, days, reason, status, decided_at, expires_at, created_at)
       VALUES ($FROZEN, 'cap', 'field.reveal', 3, 't0630', 'approved', UTC_TIMESTAMP(6),
               UTC_TIMESTAMP(6) + INTERVAL 3 DAY, UTC_TIMESTAMP(6))"

login "$T/admin" admin
login "$T/aud" auditor1
login "$T/rep" rep_east2
# something to find: rep_east2 asks for an export now
post_as "$T/rep" /exports --data-urlencode kind=customers --data-urlencode columns=name --data-urlencode reason=t0630
expect "rep_east2 requests an export (used export.request)" 303
ID=$(audit_max)

req GET /admin/permission-health -b "$T/rep"
expect "a rep may not see the report (403)" 403
req GET /admin/permission-health -b "$T/admin"
expect "the admin sees it" 200
req GET /admin/permission-health -b "$T/aud"
expect "the auditor sees it" 200
sec() { sed -n "/<section class=\"card\" id=\"$1\">/,/<\/section>/p" <<<"$BODY"; }
UNUSED=$(sec unused | tr -d '\n' | grep -o '<code>export.request</code>.*</tr>' | sed 's|</tr>.*||' || true)
check "export.request: rep_east_new never used it, listed" grep -q '（rep_east_new）' <<<"$UNUSED"
check "export.request: rep_east2 just used it, not listed" bash -c '! grep -q "（rep_east2）" <<<"$1"' _ "$UNUSED"
check "read-only capabilities are said to be unmeasurable" bash -c 'sec() { :; }; grep -q "<code>lead.read</code>" <<<"$1"' _ "$(sec unused)"
check "frequent escalations: rep_east_new (3 in 30 days)" grep -q '（rep_east_new）</td><td data-label="[^"]*">3<' <<<"$(sec escalations)"
check "frozen with a live grant: rep_frozen" grep -q '（rep_frozen）' <<<"$(sec frozen)"
H=$(TZ=Asia/Shanghai date +%-H)
if (( H < 9 || H >= 19 )); then
  check "odd hours ($H h in Shanghai): the export request just now is listed" grep -q "href=\"/audit/$ID\"" <<<"$(sec oddhours)"
else
  check "working hours ($H h in Shanghai): the export request just now is not listed" \
    bash -c '! grep -q "href=\"/audit/$2\"" <<<"$1"' _ "$(sec oddhours)" "$ID"
fi
sql "DELETE FROM permission_request WHERE user_id IN ($NEW, $FROZEN) AND reason = 't0630'"
