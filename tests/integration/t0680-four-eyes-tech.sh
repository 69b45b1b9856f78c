#!/usr/bin/env bash
# Issue 6, R8.5 — four-eyes on technical agreements: a deal file of kind
# tech_agreement is stored but not in force until a second person with
# deal.approve (not its author) confirms it; the version in force stays in
# force meanwhile (also for a stage rule asking for a technical agreement);
# both versions are visible and downloadable to the deal's readers; a second
# new version while one waits is refused before anything is stored;
# self-confirmation is refused; a rejected version never comes into force;
# every step audited and on the timeline.  Makes a customer and a deal
# named …T0680 and one stage rule (removed again).
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

login() {
  sign_in "$1" "$2"
  if [[ $STATUS == 429 ]]; then sleep 61; sign_in "$1" "$2"; fi
  if [[ $STATUS == 303 ]]; then ok "$2 signs in"; else fail "$2 signs in" "status $STATUS"; fi
}
cleanup() {
  local f
  # the stored files too: other suites count the upload directory
  for f in $(sql "SELECT stored_name FROM attachment WHERE deal_id IN (SELECT id FROM deal WHERE name LIKE '%T0680%')"); do
    rm -f "$SG_DIR/uploads/att/$f"
  done
  sql "DELETE FROM stage_rule WHERE label = '技术协议T0680';
       DELETE FROM pending_change WHERE deal_id IN (SELECT id FROM deal WHERE name LIKE '%T0680%');
       DELETE FROM deal_event WHERE deal_id IN (SELECT id FROM deal WHERE name LIKE '%T0680%');
       DELETE FROM attachment WHERE deal_id IN (SELECT id FROM deal WHERE name LIKE '%T0680%');
       DELETE FROM task WHERE deal_id IN (SELECT id FROM deal WHERE name LIKE '%T0680%');
       DELETE FROM deal WHERE name LIKE '%T0680%';
       DELETE FROM customer WHERE name LIKE '%T0680%'"
}
cleanup
trap cleanup EXIT
EAST=$(sql "SELECT id FROM region WHERE code = 'EAST'")
REP=$(user_id rep_east1) LEAD=$(user_id lead_east)
CUST=$(sql "INSERT INTO customer (name, name_norm, owner_id, region_id, region_code, created_at, updated_at)
            VALUES ('技术协议客户T0680', '技术协议客户T0680', $REP, $EAST, '310101', UTC_TIMESTAMP(6), UTC_TIMESTAMP(6));
            SELECT LAST_INSERT_ID()")
D=$(sql "INSERT INTO deal (customer_id, pipeline_id, stage_id, owner_id, region_id, name, amount,
           stage_entered_at, created_at, updated_at)
         SELECT $CUST, p.id, s.id, $REP, $EAST, '技术协议商机T0680', NULL, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)
         FROM pipeline p JOIN stage s ON s.pipeline_id = p.id AND s.position = 1 WHERE p.code = 'standard';
         SELECT LAST_INSERT_ID()")
S1=$(sql "SELECT stage_id FROM deal WHERE id = $D")
S2=$(sql "SELECT s.id FROM stage s JOIN pipeline p ON p.id = s.pipeline_id WHERE p.code = 'standard' AND s.position = 2")
# the stage's exit asks for a technical agreement (in force)
sql "INSERT INTO stage_rule (stage_id, kind, field, min_count, label) VALUES ($S1, 'attachment', 'tech_agreement', 1, '技术协议T0680')"
png() {   # png FILE TAG: a PNG-signed file, distinct per tag
  printf '\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89%s' "$2" >"$1"
}
png "$T/v1.png" v1; png "$T/v2.png" v2; png "$T/v3.png" v3; png "$T/v4.png" v4
upload() {   # upload JAR FILE [KIND]
  local tok
  tok=$(csrf_of "$1")
  req POST "/deals/$D/attachments" -b "$1" -H "Origin: $SG_URL" -F "_csrf=$tok" -F "kind=${3:-tech_agreement}" \
    -F "file=@$2;type=image/png"
}
change_of() { sql "SELECT MAX(id) FROM pending_change WHERE deal_id = $D AND kind = 'tech_agreement'"; }
att_of() { sql "SELECT id FROM attachment WHERE deal_id = $D AND filename = '$1'"; }
lock_missing() {   # does the move out of stage 1 list the technical agreement as missing?
  local tok
  tok=$(csrf_of "$T/rep")
  req POST "/deals/$D/move" -b "$T/rep" -H "Origin: $SG_URL" -H 'Accept: application/json' \
    --data-urlencode "_csrf=$tok" --data-urlencode "to=$S2"
  jq -e '[.missing[].text] | any(contains("技术协议T0680"))' <<<"$BODY" >/dev/null 2>&1 && echo 1 || echo 0
}

login "$T/rep" rep_east1
login "$T/lead" lead_east
login "$T/south" mgr_south

# --- the first version waits for a second person ------------------------------------------------
req GET "/deals/$D" -b "$T/rep"
check "the upload form offers a technical agreement" grep -q 'option value="tech_agreement"' <<<"$BODY"
A0=$(audit_max)
upload "$T/rep" "$T/v1.png"
expect "the rep uploads technical agreement v1 → 303" 303
check "…told it waits for confirmation" bash -c 'grep -qi "done=ChangePending" <<<"$1"' _ "$(location)"
V1=$(att_of v1.png) C1=$(change_of)
check "the file is stored, with a pending change naming it (nothing in force before)" \
  test "$(sql "SELECT CONCAT(status, '|', COALESCE(old_value, ''), '|', new_value, '|', author_id) FROM pending_change WHERE id = '$C1'")" == "pending||$V1|$REP"
check "the stage lock still misses the technical agreement" test "$(lock_missing)" == 1
check "deal.change.propose audited" \
  test "$(audit_count "$A0" "action = 'deal.change.propose' AND object_id = $D AND field = 'tech_agreement' AND after_value = '$V1'")" == 1
req GET "/deals/$D" -b "$T/rep"
check "the rep sees v1 as waiting, no version in force, no confirm button" \
  bash -c 'grep -q "class=\"tech pending\"" <<<"$1" && ! grep -q "class=\"tech in_force\"" <<<"$1" && ! grep -q "action=\"/deals/$2/changes/" <<<"$1"' _ "$BODY" "$D"
upload "$T/rep" "$T/v2.png"
expect "a second version while one waits → 409" 409
check "…says so, and nothing was stored" \
  bash -c 'grep -q "已有一条在等待确认" <<<"$1" && [[ $2 == "" ]]' _ "$BODY" "$(att_of v2.png)"
post_as "$T/rep" "/deals/$D/changes/$C1" --data-urlencode decision=confirm
expect "the rep cannot confirm (no deal.approve) → 403" 403
post_as "$T/south" "/deals/$D/changes/$C1" --data-urlencode decision=confirm
expect "a manager outside the deal's scope does not find it → 404" 404
A1=$(audit_max)
post_as "$T/lead" "/deals/$D/changes/$C1" --data-urlencode decision=confirm
expect "the team lead confirms → 303" 303
check "v1 is in force now: the stage lock no longer misses it" test "$(lock_missing)" == 0
check "deal.change.confirm audited and on the timeline" \
  test "$(audit_count "$A1" "action = 'deal.change.confirm' AND object_id = $D AND field = 'tech_agreement' AND after_value = '$V1'")$(sql "SELECT COUNT(*) FROM deal_event WHERE deal_id = $D AND kind = 'change_confirmed_tech_agreement'")" == 11

# --- a new version: the old one stays in force until confirmed ------------------------------------
upload "$T/lead" "$T/v2.png"
expect "the team lead uploads v2 → 303 (pending)" 303
V2=$(att_of v2.png) C2=$(change_of)
check "the change names v1 (in force) and v2" \
  test "$(sql "SELECT CONCAT(old_value, '|', new_value) FROM pending_change WHERE id = $C2")" == "$V1|$V2"
req GET "/deals/$D" -b "$T/rep"
check "the rep sees v1 in force and v2 waiting" \
  bash -c 'grep -q "class=\"tech in_force\"><a href=\"/deals/$2/attachments/$3\"" <<<"$1" && grep -q "class=\"tech pending\"><a href=\"/deals/$2/attachments/$4\"" <<<"$1"' _ "$BODY" "$D" "$V1" "$V2"
check "…and the pending change links both versions" \
  bash -c 'grep -q "attachments/$2\" class=\"old-file\"" <<<"$1" && grep -q "attachments/$3\" class=\"new-file\"" <<<"$1"' _ "$BODY" "$V1" "$V2"
check "…both downloadable by the rep" \
  bash -c '[[ $(curl -s -o /dev/null -w "%{http_code}" -b "$1" "$2/attachments/$3") == 200 && $(curl -s -o /dev/null -w "%{http_code}" -b "$1" "$2/attachments/$4") == 200 ]]' \
  _ "$T/rep" "$SG_URL/deals/$D" "$V1" "$V2"
A2=$(audit_max)
post_as "$T/lead" "/deals/$D/changes/$C2" --data-urlencode decision=confirm
expect "the author (team lead, with deal.approve) confirming their own version → 403" 403
check "…audited as refused, still pending" \
  test "$(audit_count "$A2" "action = 'deal.change.self_refused' AND object_id = $D AND field = 'tech_agreement' AND actor_login = 'lead_east'")$(sql "SELECT status FROM pending_change WHERE id = $C2")" == 1pending
login "$T/mgr" mgr_east
post_as "$T/mgr" "/deals/$D/changes/$C2" --data-urlencode decision=reject --data-urlencode comment=参数不符
expect "the regional manager rejects v2 → 303" 303
req GET "/deals/$D" -b "$T/rep"
check "v1 stays in force, v2 is marked rejected" \
  bash -c 'grep -q "class=\"tech in_force\"><a href=\"/deals/$2/attachments/$3\"" <<<"$1" && grep -q "class=\"tech rejected\"><a href=\"/deals/$2/attachments/$4\"" <<<"$1"' _ "$BODY" "$D" "$V1" "$V2"

# --- a third version confirmed: it replaces v1 ----------------------------------------------------
upload "$T/rep" "$T/v3.png"
V3=$(att_of v3.png) C3=$(change_of)
post_as "$T/mgr" "/deals/$D/changes/$C3" --data-urlencode decision=confirm
expect "v3 confirmed by the manager → 303" 303
req GET "/deals/$D" -b "$T/rep"
check "v3 in force, v1 an earlier version, v2 still rejected" \
  bash -c 'grep -q "class=\"tech in_force\"><a href=\"/deals/$2/attachments/$4\"" <<<"$1" && grep -q "class=\"tech superseded\"><a href=\"/deals/$2/attachments/$3\"" <<<"$1" && grep -q "class=\"tech rejected\"" <<<"$1"' _ "$BODY" "$D" "$V1" "$V3"
check "every step audited: 3 proposals, 2 confirmations, 1 rejection" \
  test "$(audit_count "$A0" "object_id = $D AND field = 'tech_agreement' AND action = 'deal.change.propose'")$(audit_count "$A0" "object_id = $D AND field = 'tech_agreement' AND action = 'deal.change.confirm'")$(audit_count "$A0" "object_id = $D AND field = 'tech_agreement' AND action = 'deal.change.reject'")" == 321

# --- other kinds are not bound ------------------------------------------------------------------
upload "$T/rep" "$T/v4.png" other
expect "an 'other' file is stored at once → 303" 303
check "…without a pending change" test "$(sql "SELECT COUNT(*) FROM pending_change WHERE deal_id = $D AND status = 'pending'")" == 0
N_FILES=$(sql "SELECT COUNT(*) FROM attachment WHERE deal_id = $D")
cleanup
check "the test's $N_FILES files are removed again" \
  test "$(find "$SG_DIR/uploads/att" -type f -newer "$T/v1.png" | wc -l)" == 0
