#!/usr/bin/env bash
# Issue 3 — an administrator creates and edits people: a generated password
# shown once, forms that come back with what was typed and the message beside
# the field, and role / manager changes on the audit record with before and after.
# Adds qa_new1 and qa_given1 (华东); later tests do not count people.
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
trap forget_failed_logins EXIT

admin=$(user_id admin)
rep_role=$(sql "SELECT id FROM role WHERE code = 'sales_rep'")
lead_role=$(sql "SELECT id FROM role WHERE code = 'team_lead'")
team=$(sql "SELECT id FROM team WHERE name = '华东一组'")
region=$(sql "SELECT id FROM region WHERE code = 'EAST'")
lead=$(user_id lead_east)
mgr=$(user_id mgr_east)
sign_in "$T/jar.admin" admin

# field_block NAME: the <div class="field"> of form field NAME on the last page
field_block() {
  perl -0ne 'while (m{(<div class="field[^"]*">(?:(?!</div>).)*?name="'"$1"'"(?:(?!</div>).)*</div>)}sg) { print "$1\n" }' <<<"$BODY"
}
# the form as a browser sends it; later arguments override earlier ones
user_form() {
  printf '%s\0' "login=qa_new1" "password=" "display_name=质检新人" "role=$rep_role" "team=$team" \
    "region=$region" "manager=$lead" "cert_no=QC-QA-0001" "cert_expires=2027-01-31" \
    "hire_date=2026-11-01" "load_cap=20" "email=qa.new1@example.cn" "phone=13900000001"
}
# create_user [NAME=VALUE...]: POST /admin/users with user_form, overridden
create_user() {
  local -A f=()
  local -a order=() args=()
  local kv k
  while IFS= read -r -d '' kv; do k=${kv%%=*}; f[$k]=${kv#*=}; order+=("$k"); done < <(user_form)
  for kv in "$@"; do f[${kv%%=*}]=${kv#*=}; done
  for k in "${order[@]}"; do args+=(--data-urlencode "$k=${f[$k]}"); done
  post_as "$T/jar.admin" "${URL_PATH:-/admin/users}" "${args[@]}"
}

req GET /admin/users/new -b "$T/jar.admin"
expect "admin opens /admin/users/new" 200
check "the new-user form has a login field" grep -q 'name="login"' <<<"$BODY"

# --- create with a generated password ------------------------------------------------------
since=$(audit_max)
create_user
expect "admin creates qa_new1 (200, password page)" 200
pw=$(grep -o '<code id="new-password">[^<]*</code>' <<<"$BODY" | sed 's/<[^>]*>//g' || true)
if [[ $pw =~ ^[A-Za-z0-9_-]{16}$ ]]; then ok "the page shows a generated 16-character password"
else fail "the page shows a generated 16-character password" "'$pw'" "${BODY:0:400}"; fi
check "the password page names qa_new1" grep -q '<strong>qa_new1</strong>' <<<"$BODY"
check "the password page is not cacheable" grep -q '^cache-control: no-store' <<<"$HEADERS"
id=$(user_id qa_new1)
check "qa_new1 exists in the database" test -n "$id"
row=$(sql "SELECT display_name, role_id, team_id, region_id, manager_id, cert_no, cert_expires,
             hire_date, load_cap, email, phone, status FROM users WHERE id = ${id:-0}")
want=$(printf '质检新人\t%s\t%s\t%s\t%s\tQC-QA-0001\t2027-01-31\t2026-11-01\t20\tqa.new1@example.cn\t13900000001\tactive' \
       "$rep_role" "$team" "$region" "$lead")
if [[ $row == "$want" ]]; then ok "every field of the form was stored"
else fail "every field of the form was stored" "want: $want" "got:  $row"; fi
n=$(sql "SELECT COUNT(*) FROM users WHERE id = ${id:-0} AND password_hash LIKE '\$argon2id\$%'
         AND INSTR(password_hash, '$pw') = 0")
check "only an Argon2id hash of the password is stored" test "$n" == 1
n=$(audit_count "$since" "action = 'user.create' AND object_id = ${id:-0} AND actor_id = $admin")
check "user.create audited with the admin as actor" test "$n" == 1
n=$(audit_count "$since" "INSTR(CONCAT_WS(' ', before_value, after_value), '$pw') > 0")
check "the password is not in the audit log" test "$n" == 0
req GET "/admin/users/${id:-0}" -b "$T/jar.admin"
if [[ $STATUS == 200 ]] && ! grep -qF "$pw" <<<"$BODY"; then ok "the password is not shown again on the user's page"
else fail "the password is not shown again on the user's page" "status $STATUS"; fi
sign_in "$T/jar.new" qa_new1 "$pw"
expect "qa_new1 signs in with the generated password" 303
req GET / -b "$T/jar.new"
check "qa_new1 sees their start page" grep -q '<h1>质检新人</h1>' <<<"$BODY"

# --- create with a password the admin typed ---------------------------------------------------
create_user login=qa_given1 display_name=给定密码 password=QaGiven-2026 email= phone= manager=
if [[ $STATUS == 303 && $(location) == /admin/users ]]; then ok "a typed initial password: 303 to the list, nothing shown"
else fail "a typed initial password: 303 to the list, nothing shown" "status $STATUS location $(location)" "${BODY:0:300}"; fi
sign_in "$T/jar.given" qa_given1 QaGiven-2026
expect "qa_given1 signs in with the typed password" 303

# --- a form that comes back ---------------------------------------------------------------------
count=$(sql "SELECT COUNT(*) FROM users")
since=$(audit_max)
create_user display_name=重复的人 phone=13911112222
expect "duplicate login → 400" 400
blk=$(field_block login)
check "duplicate: the login field keeps qa_new1" grep -q 'value="qa_new1"' <<<"$blk"
check "duplicate: 此账号已存在 beside the login field" grep -q '<p class="error" id="e-login">此账号已存在</p>' <<<"$blk"
check "duplicate: the login field is aria-invalid" grep -q 'aria-invalid="true" aria-describedby="e-login"' <<<"$blk"
check "duplicate: the name keeps 重复的人" grep -q 'value="重复的人"' <<<"$(field_block display_name)"
check "duplicate: the phone keeps 13911112222" grep -q 'value="13911112222"' <<<"$(field_block phone)"
check "duplicate: the manager stays selected" grep -q "<option value=\"$lead\" selected>" <<<"$(field_block manager)"
check "duplicate: the page says what to fix" grep -q 'class="flash error"' <<<"$BODY"
check "duplicate: no other field has an error" test "$(grep -c 'class="error" id="e-' <<<"$BODY")" == 1

create_user login=qa_badphone phone=12345
expect "invalid phone → 400" 400
blk=$(field_block phone)
check "invalid phone: the value 12345 is kept" grep -q 'value="12345"' <<<"$blk"
check "invalid phone: the message is beside the phone field" grep -q 'id="e-phone">请输入有效的手机号' <<<"$blk"
check "invalid phone: the login field keeps qa_badphone" grep -q 'value="qa_badphone"' <<<"$(field_block login)"

create_user login=qa_bademail email=not-an-email
expect "invalid e-mail → 400" 400
blk=$(field_block email)
check "invalid e-mail: the value is kept" grep -q 'value="not-an-email"' <<<"$blk"
check "invalid e-mail: the message is beside the e-mail field" grep -q 'id="e-email">请输入有效的电子邮箱' <<<"$blk"

create_user login=qa_noname display_name=
expect "missing name → 400" 400
check "missing name: 此项必填 beside the name field" grep -q 'id="e-display_name">此项必填' <<<"$(field_block display_name)"
create_user login='Bad Login'
expect "malformed login → 400" 400
check "malformed login: kept and explained" \
  bash -c 'grep -q "value=\"Bad Login\"" <<<"$1" && grep -q "id=\"e-login\">账号须以小写字母开头" <<<"$1"' _ "$(field_block login)"
create_user login=qa_nomgr manager=999999
expect "unknown manager → 400" 400
check "unknown manager: message beside the manager field" grep -q 'id="e-manager"' <<<"$(field_block manager)"
create_user login=qa_xss 'display_name=<img src=x onerror=alert(1)>' phone=1
expect "a name with markup and a bad phone → 400" 400
if ! grep -q '<img src=x' <<<"$BODY" && grep -q 'value="&lt;img src=x onerror=alert(1)&gt;"' <<<"$(field_block display_name)"; then
  ok "what was typed comes back HTML-escaped"
else fail "what was typed comes back HTML-escaped" "$(field_block display_name)"; fi
# values the validators pass but the database cannot store: a form error, never a 500
create_user login=qa_date1 cert_expires=2026-02-31
expect "certificate valid until 2026-02-31 (no such day) → 400" 400
check "impossible date: message beside the certificate date" grep -q 'id="e-cert_expires"' <<<"$(field_block cert_expires)"
create_user login=qa_date2 hire_date=2026-04-31
expect "hire date 2026-04-31 (no such day) → 400" 400
check "impossible hire date: message beside the field" grep -q 'id="e-hire_date"' <<<"$(field_block hire_date)"
create_user login=qa_cap1 load_cap=70000
expect "customer load cap 70000 (column holds 0-65535) → 400" 400
check "load cap too large: message beside the field" grep -q 'id="e-load_cap"' <<<"$(field_block load_cap)"
create_user login=qa_cert1 cert_no="$(printf 'C%.0s' $(seq 64))"
expect "a 64-character certificate number (column holds 60) → 400" 400
check "certificate number too long: message beside the field" grep -q 'id="e-cert_no"' <<<"$(field_block cert_no)"
check "password never comes back into the form" \
  bash -c '! grep -q "QaTyped-2026" <<<"$(curl -s -b "$1" -H "Origin: $2" --data-urlencode "_csrf=$3" \
    --data-urlencode login=qa_pwback --data-urlencode password=QaTyped-2026 --data-urlencode phone=1 "$2/admin/users")"' \
  _ "$T/jar.admin" "$SG_URL" "$(csrf_of "$T/jar.admin")"
check "no refused form created anybody" test "$(sql "SELECT COUNT(*) FROM users")" == "$count"
n=$(audit_count "$since" "action = 'user.create'")
check "no refused form was audited as user.create" test "$n" == 0

# --- editing: role and manager ---------------------------------------------------------------------
since=$(audit_max)
URL_PATH=/admin/users/$id create_user role="$lead_role" manager="$mgr" login=
if [[ $STATUS == 303 && $(location) == '/admin/users?done=saved' ]]; then ok "admin saves qa_new1 with a new role and manager"
else fail "admin saves qa_new1 with a new role and manager" "status $STATUS location $(location)" "${BODY:0:300}"; fi
check "role and manager changed in the database" \
  test "$(sql "SELECT CONCAT(role_id, ' ', manager_id) FROM users WHERE id = $id")" == "$lead_role $mgr"
n=$(audit_count "$since" "action = 'user.role' AND object_id = $id AND actor_id = $admin AND field = 'role'
     AND before_value = '$rep_role' AND after_value = '$lead_role'")
check "user.role audited with before ($rep_role) and after ($lead_role)" test "$n" == 1
n=$(audit_count "$since" "action = 'user.manager' AND object_id = $id AND actor_id = $admin AND field = 'manager'
     AND before_value = '$lead' AND after_value = '$mgr'")
check "user.manager audited with before ($lead) and after ($mgr)" test "$n" == 1
n=$(audit_count "$since" "1 = 1")
if [[ $n == 2 ]]; then ok "unchanged fields write no audit rows"
else fail "unchanged fields write no audit rows" "$n rows:" \
  "$(sql "SELECT action, field, before_value, after_value FROM audit_log WHERE id > $since")"; fi
n=$(sql "SELECT COUNT(*) FROM user_tree WHERE ancestor_id = $mgr AND descendant_id = $id")
check "the org tree follows the new manager (mgr_east above qa_new1)" test "$n" == 1
n=$(sql "SELECT COUNT(*) FROM user_tree WHERE ancestor_id = $lead AND descendant_id = $id")
check "lead_east is no longer above qa_new1" test "$n" == 0
sign_in "$T/jar.mgr" mgr_east
req GET /people -b "$T/jar.mgr"
check "mgr_east now sees qa_new1" grep -q '>qa_new1<' <<<"$BODY"

since=$(audit_max)
URL_PATH=/admin/users/$id create_user role="$lead_role" manager="$id" login=
expect "making qa_new1 their own manager → 400" 400
check "manager cycle: message beside the manager field" grep -q 'id="e-manager">上级关系不能形成循环' <<<"$(field_block manager)"
URL_PATH=/admin/users/$id create_user role="$lead_role" manager="$mgr" login= email=bad@
expect "an invalid e-mail on edit → 400" 400
check "edit form keeps the bad e-mail" grep -q 'value="bad@"' <<<"$(field_block email)"
URL_PATH=/admin/users/$id create_user role="$lead_role" manager="$mgr" login= cert_expires=2026-02-30
expect "an impossible date on edit → 400" 400
check "edit: impossible date explained beside the field" grep -q 'id="e-cert_expires"' <<<"$(field_block cert_expires)"
check "nothing changed after refused edits" \
  test "$(sql "SELECT CONCAT(manager_id, ' ', email) FROM users WHERE id = $id")" == "$mgr qa.new1@example.cn"
check "refused edits are not audited" test "$(audit_count "$since" "object_id = $id")" == 0

# --- an administrator resets a password ------------------------------------------------------------
gid=$(user_id qa_given1)
req GET / -b "$T/jar.given"
expect "qa_given1's session is live before the reset" 200
since=$(audit_max)
post_as "$T/jar.admin" "/admin/users/$gid/password"
expect "admin resets qa_given1's password (200, password page)" 200
pw2=$(grep -o '<code id="new-password">[^<]*</code>' <<<"$BODY" | sed 's/<[^>]*>//g' || true)
if [[ $pw2 =~ ^[A-Za-z0-9_-]{16}$ ]]; then ok "the reset shows a new 16-character password"
else fail "the reset shows a new 16-character password" "'$pw2'"; fi
req GET / -b "$T/jar.given"
if [[ $STATUS == 303 && $(location) == /login* ]]; then ok "the reset ends qa_given1's sessions"
else fail "the reset ends qa_given1's sessions" "status $STATUS location $(location)"; fi
check "user.password_reset audited" \
  test "$(audit_count "$since" "action = 'user.password_reset' AND object_id = $gid AND actor_id = $admin")" == 1
sign_in "$T/jar.given" qa_given1 QaGiven-2026
expect "the old password no longer works" 401
sign_in "$T/jar.given" qa_given1 "$pw2"
expect "the new password works" 303
