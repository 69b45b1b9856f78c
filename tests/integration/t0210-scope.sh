#!/usr/bin/env bash
# Issue 3 — who sees whom on /people (role scopes over the seed company), and
# capability refusals: 403, recorded in the audit log as access.denied.
# Runs before any test adds people: the counts are those of cgi/seed.c.
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

# shellcheck disable=SC2034  # read through ${!set} below
{
EAST='csm1 lead_east mgr_east presales1 rep_east1 rep_east2 rep_east_new'
SOUTH_TREE='mgr_south rep_expired rep_frozen rep_south1'
ALL='admin auditor1 csm1 director finance1 lead_east legal1 mgr_east mgr_south ops presales1
     rep_east1 rep_east2 rep_east_new rep_expired rep_frozen rep_south1'
DIRECTOR_TREE='csm1 director finance1 lead_east legal1 mgr_east mgr_south ops presales1
     rep_east1 rep_east2 rep_east_new rep_expired rep_frozen rep_south1'
EAST_TREE='lead_east mgr_east rep_east1 rep_east2 rep_east_new'
}
sorted() { tr -s ' \n' '\n\n' <<<"$1" | grep -v '^$' | sort | tr '\n' ' ' || true; }
# people_logins: the logins listed on the last /people page, sorted
people_logins() { grep -o '<span class="muted small">[^<]*</span>' <<<"$BODY" | sed 's/<[^>]*>//g' | sort | tr '\n' ' ' || true; }

check "the seed company has 17 people" test "$(sql 'SELECT COUNT(*) FROM users')" == 17

# login  expected-people  (scope as the page names it)
while read -r login set; do
  sign_in "$T/jar.$login" "$login"
  req GET /people -b "$T/jar.$login"
  want=$(sorted "${!set}")
  got=$(people_logins)
  n=$(wc -w <<<"$want")
  if [[ $STATUS == 200 && $got == "$want" ]]; then ok "$login sees exactly $n people on /people ($set)"
  else fail "$login sees exactly $n people on /people ($set)" "status $STATUS" "want: $want" "got:  $got"; fi
done <<'EOF'
rep_east1 EAST
rep_east_new EAST
lead_east EAST
presales1 EAST
csm1 EAST
mgr_south SOUTH_TREE
mgr_east EAST_TREE
director DIRECTOR_TREE
finance1 ALL
legal1 ALL
ops ALL
admin ALL
EOF

req GET /people -b "$T/jar.rep_east1"
if grep -qE '华南|黄磊|林晓峰|吴刚|郑凯' <<<"$BODY"; then
  fail "rep_east1's /people shows no 华南 person" "$(grep -oE '.{0,60}(华南|黄磊|林晓峰|吴刚|郑凯).{0,20}' <<<"$BODY" | head -n 3)"
else ok "rep_east1's /people shows no 华南 person"; fi
check "rep_east1's /people names the scope (本区域)" grep -q '本区域\|own region' <<<"$BODY"
req GET '/people?q=rep_south' -b "$T/jar.rep_east1"
if [[ $STATUS == 200 && -z $(people_logins) ]]; then ok "rep_east1 searching rep_south finds nobody"
else fail "rep_east1 searching rep_south finds nobody" "status $STATUS got: $(people_logins)"; fi
req GET '/people?q=%E9%BB%84%E7%A3%8A' -b "$T/jar.rep_east1"
if [[ $STATUS == 200 && -z $(people_logins) ]]; then ok "rep_east1 searching 黄磊 finds nobody"
else fail "rep_east1 searching 黄磊 finds nobody" "status $STATUS got: $(people_logins)"; fi
req GET '/people?q=rep_east' -b "$T/jar.rep_east1"
if [[ $(people_logins) == 'rep_east1 rep_east2 rep_east_new ' ]]; then ok "rep_east1 searching rep_east finds the three reps"
else fail "rep_east1 searching rep_east finds the three reps" "got: $(people_logins)"; fi
req GET '/people?q=rep%5Feast' -b "$T/jar.finance1"
if [[ $(people_logins) == 'rep_east1 rep_east2 rep_east_new ' ]]; then ok "_ in a search is matched literally"
else fail "_ in a search is matched literally" "got: $(people_logins)"; fi
req GET '/people?q=%25' -b "$T/jar.finance1"
if [[ $STATUS == 200 && -z $(people_logins) ]]; then ok "% in a search is matched literally"
else fail "% in a search is matched literally" "status $STATUS got: $(people_logins)"; fi
req GET '/people?page=2' -b "$T/jar.finance1"
if [[ $STATUS == 200 && -z $(people_logins) ]]; then ok "finance1 /people?page=2 is empty (17 fit on one page)"
else fail "finance1 /people?page=2 is empty (17 fit on one page)" "status $STATUS got: $(people_logins)"; fi

# --- refusals ------------------------------------------------------------------------------
# denied JAR LOGIN PATH CAP: GET PATH is 403 and adds exactly one access.denied row
denied() {
  local jar=$1 login=$2 path=$3 cap=$4 since n uid
  uid=$(user_id "$login")
  since=$(audit_max)
  req GET "$path" -b "$jar"
  expect "$login GET $path 403" 403
  n=$(audit_count "$since" "action = 'access.denied' AND actor_id = $uid AND actor_login = '$login'
       AND after_value = '$cap'")
  if [[ $n == 1 ]]; then ok "$login's 403 on $path audited as access.denied ($cap)"
  else fail "$login's 403 on $path audited as access.denied ($cap)" "$n rows:" \
    "$(sql "SELECT id, actor_id, actor_login, action, object_type, after_value FROM audit_log WHERE id > $since")"; fi
}
sign_in "$T/jar.auditor1" auditor1
sign_in "$T/jar.rep_south1" rep_south1
denied "$T/jar.auditor1" auditor1 /people people.read
check "auditor1's 403 page is the error page" grep -q '403' <<<"$BODY"
check "auditor1's start page offers no /people link" bash -c '! curl -s -b "$1" "$2/" | grep -q "href=\"/people\""' _ "$T/jar.auditor1" "$SG_URL"
for login in rep_east1 rep_south1; do
  denied "$T/jar.$login" "$login" /admin/users admin.users
  denied "$T/jar.$login" "$login" /admin/roles admin.roles
  denied "$T/jar.$login" "$login" /admin/org admin.org
done
denied "$T/jar.rep_east1" rep_east1 /admin/users/1 admin.users
denied "$T/jar.rep_east1" rep_east1 /admin/users/new admin.users
denied "$T/jar.ops" ops /admin/users admin.users
req GET /admin/org -b "$T/jar.ops"
expect "ops (sales operations) may open /admin/org" 200
req GET /admin/roles -b "$T/jar.ops"
expect "ops may open /admin/roles" 200
req GET /admin/users -b "$T/jar.admin"
expect "admin may open /admin/users" 200
check "rep_east1's nav has no admin links" bash -c '! curl -s -b "$1" "$2/" | grep -q "href=\"/admin"' _ "$T/jar.rep_east1" "$SG_URL"

# a rep's POSTs to admin actions (with a valid token) are refused too
uid=$(user_id rep_east2)
since=$(audit_max)
post_as "$T/jar.rep_east1" "/admin/users/$uid/freeze"
expect "rep_east1 POST /admin/users/<rep_east2>/freeze 403" 403
check "rep_east2 still active" test "$(sql "SELECT status FROM users WHERE id = $uid")" == active
post_as "$T/jar.rep_east1" /admin/users --data-urlencode 'login=qa_sneaky' \
  --data-urlencode 'display_name=x' --data-urlencode 'role=1'
expect "rep_east1 POST /admin/users 403" 403
check "no user qa_sneaky" test -z "$(user_id qa_sneaky)"
post_as "$T/jar.rep_east1" /admin/users/1/view-as
expect "rep_east1 POST view-as 403" 403
post_as "$T/jar.rep_east1" /admin/teams --data-urlencode 'team_name=qa_team'
expect "rep_east1 POST /admin/teams 403" 403
n=$(audit_count "$since" "action = 'access.denied' AND actor_login = 'rep_east1'")
check "each refused POST audited (4 access.denied)" test "$n" == 4
