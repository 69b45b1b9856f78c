#!/usr/bin/env bash
# Issue 6, R8.5 — which deal changes need four-eyes is set on
# /admin/four-eyes (admin.config), stored in the database, audited, with
# the config file's FourEyes.Types as the default until saved and after a
# reset.  The setting takes effect at once: a type switched off is written
# directly, one left on still waits for a second person.  Makes a
# customer, a contact and a deal named …T0690; leaves no setting behind.
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

login() {
  sign_in "$1" "$2"
  if [[ $STATUS == 429 ]]; then sleep 61; sign_in "$1" "$2"; fi
  if [[ $STATUS == 303 ]]; then ok "$2 signs in"; else fail "$2 signs in" "status $STATUS"; fi
}
cleanup() {
  sql "DELETE FROM four_eyes_setting;
       DELETE FROM pending_change WHERE deal_id IN (SELECT id FROM deal WHERE name LIKE '%T0690%');
       DELETE FROM deal_event WHERE deal_id IN (SELECT id FROM deal WHERE name LIKE '%T0690%');
       DELETE FROM deal WHERE name LIKE '%T0690%';
       DELETE FROM contact WHERE name LIKE '%T0690%';
       DELETE FROM customer WHERE name LIKE '%T0690%'"
}
cleanup
trap cleanup EXIT
EAST=$(sql "SELECT id FROM region WHERE code = 'EAST'")
REP=$(user_id rep_east1)
CUST=$(sql "INSERT INTO customer (name, name_norm, owner_id, region_id, region_code, created_at, updated_at)
            VALUES ('四眼设置客户T0690', '四眼设置客户T0690', $REP, $EAST, '310101', UTC_TIMESTAMP(6), UTC_TIMESTAMP(6));
            SELECT LAST_INSERT_ID()")
K=$(sql "INSERT INTO contact (customer_id, name, title, is_key, decision_maker, created_at)
         VALUES ($CUST, '张科长T0690', '设备科', 0, 1, UTC_TIMESTAMP(6)); SELECT LAST_INSERT_ID()")
D=$(sql "INSERT INTO deal (customer_id, pipeline_id, stage_id, owner_id, region_id, name, amount,
           stage_entered_at, created_at, updated_at)
         SELECT $CUST, p.id, s.id, $REP, $EAST, '四眼设置商机T0690', NULL, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)
         FROM pipeline p JOIN stage s ON s.pipeline_id = p.id AND s.position = 1 WHERE p.code = 'standard';
         SELECT LAST_INSERT_ID()")
pending() { sql "SELECT COUNT(*) FROM pending_change WHERE deal_id = $D AND kind = '$1' AND status = 'pending'"; }

login "$T/admin" admin
login "$T/rep" rep_east1
login "$T/lead" lead_east

# --- who may ------------------------------------------------------------------------------------
req GET /admin/four-eyes -b "$T/rep"
expect "a rep cannot open the settings (403)" 403
post_as "$T/lead" /admin/four-eyes --data-urlencode types=quote
expect "…nor a team lead change them (403)" 403
req GET /admin/four-eyes -b "$T/admin"
expect "the admin's settings page" 200
check "…all three types on, from the config file's default" \
  bash -c 'for t in quote key_contact tech_agreement; do grep -q "name=\"types\" value=\"$t\" checked" <<<"$1" || exit 1; done; grep -q "配置文件的默认值" <<<"$1"' _ "$BODY"
req GET /admin/pipelines -b "$T/admin"
check "the pipelines page links to it" grep -q 'href="/admin/four-eyes"' <<<"$BODY"

# --- switching key contacts off -------------------------------------------------------------------
A0=$(audit_max)
post_as "$T/admin" /admin/four-eyes --data-urlencode types=quote --data-urlencode types=tech_agreement
expect "save quote + tech_agreement → 303" 303
check "stored in the database" test "$(sql "SELECT types FROM four_eyes_setting WHERE id = 1")" == quote,tech_agreement
check "audited with before and after" \
  test "$(audit_count "$A0" "action = 'foureyes.types' AND actor_login = 'admin' AND before_value = 'quote,key_contact,tech_agreement' AND after_value = 'quote,tech_agreement'")" == 1
req GET /admin/four-eyes -b "$T/admin"
check "the page shows the saved setting and who saved it" \
  bash -c 'grep -q "value=\"quote\" checked" <<<"$1" && ! grep -q "value=\"key_contact\" checked" <<<"$1" && grep -q "最后修改" <<<"$1" && grep -q "系统管理员" <<<"$1"' _ "$BODY"
post_as "$T/rep" "/deals/$D/contacts/$K/key" --data-urlencode key=1
expect "the rep marks a key contact → 303" 303
check "…written at once, nothing pending" test "$(sql "SELECT is_key FROM contact WHERE id = $K")$(pending key_contact)" == 10
post_as "$T/rep" "/deals/$D/facts" --data-urlencode amount=500000
check "a quote still waits for a second person" test "$(pending quote)$(sql "SELECT COALESCE(amount, 'NULL') FROM deal WHERE id = $D")" == 1NULL

# --- refusals -----------------------------------------------------------------------------------
post_as "$T/admin" /admin/four-eyes --data-urlencode types=stage
expect "an unknown type → 400" 400
check "…nothing changed" test "$(sql "SELECT types FROM four_eyes_setting WHERE id = 1")" == quote,tech_agreement

# --- none at all, then back to the default --------------------------------------------------------
post_as "$T/admin" /admin/four-eyes
expect "save with nothing checked → 303" 303
check "stored as none (empty)" test "$(sql "SELECT CONCAT('[', types, ']') FROM four_eyes_setting WHERE id = 1")" == '[]'
post_as "$T/rep" "/deals/$D/contacts/$K/key" --data-urlencode key=0
check "unmarking is written at once too" test "$(sql "SELECT is_key FROM contact WHERE id = $K")$(pending key_contact)" == 00
A1=$(audit_max)
post_as "$T/admin" /admin/four-eyes --data-urlencode reset=1
expect "back to the config file's default → 303" 303
check "the setting is gone from the database" test "$(sql "SELECT COUNT(*) FROM four_eyes_setting")" == 0
check "…audited" test "$(audit_count "$A1" "action = 'foureyes.types' AND before_value = '' AND after_value = 'quote,key_contact,tech_agreement'")" == 1
post_as "$T/rep" "/deals/$D/contacts/$K/key" --data-urlencode key=1
check "a key contact waits for a second person again" test "$(sql "SELECT is_key FROM contact WHERE id = $K")$(pending key_contact)" == 01
