#!/usr/bin/env bash
# Issue 9 gap 5 (R10.1): a manager opens a given rep's dashboard,
# /dashboard/me?user=N, for people in the manager's edit scope (team lead:
# the team; regional manager: the subtree; director: everyone) — anyone
# else is 404; the director's /dashboard heat map links each rep's name to
# it.  The page shows that rep's numbers (their open tasks), not the
# reader's, and no "unreachable" form (only the deal's owner may pause).
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

has() { if grep -qF -- "$2" <<<"$BODY"; then ok "$1"; else fail "$1" "missing: $2" "${BODY:0:300}"; fi; }
hasnt() { if grep -qF -- "$2" <<<"$BODY"; then fail "$1" "found: $2"; else ok "$1"; fi; }

login "$T/dir" director
login "$T/lead" lead_east
login "$T/south" mgr_south
login "$T/rep" rep_east2
e1=$(user_id rep_east1); e2=$(user_id rep_east2); s1=$(user_id rep_south1)

# a task of rep_east1's that only their dashboard lists
sql "INSERT INTO customer (name, name_norm, owner_id, region_id, created_at, updated_at)
     SELECT 't0944 张伟的客户', 't0944 张伟的客户', id, region_id, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) FROM users WHERE id = $e1"
C=$(sql "SELECT MAX(id) FROM customer WHERE name = 't0944 张伟的客户'")
sql "INSERT INTO task (customer_id, kind, title, role_code, assignee_id, due_at, created_at)
     VALUES ($C, 'idle', 't0944 回访张伟的客户', 'sales_rep', $e1, UTC_TIMESTAMP(6) + INTERVAL 1 DAY, UTC_TIMESTAMP(6))"

req GET "/dashboard/me?user=$e1" -b "$T/dir"
expect "the director opens rep_east1's dashboard" 200
has "it is titled with the rep's name" "张伟 · 个人看板"
has "it lists the rep's task" "t0944 回访张伟的客户"
hasnt "it offers no 'unreachable' form" 'action="/dashboard/me/unreachable"'
has "the pipeline tabs keep the rep" "&amp;user=$e1"
req GET "/dashboard/me" -b "$T/dir"
expect "the director's own dashboard still opens" 200
hasnt "and does not list the rep's task" "t0944 回访张伟的客户"

req GET "/dashboard/me?user=$e1" -b "$T/lead"
expect "rep_east1's team lead opens it" 200
has "and sees the rep's task" "t0944 回访张伟的客户"
req GET "/dashboard/me?user=$s1" -b "$T/lead"
expect "the East team lead may not open a South rep's: 404" 404
req GET "/dashboard/me?user=$s1" -b "$T/south"
expect "the South regional manager opens rep_south1's" 200
req GET "/dashboard/me?user=$e1" -b "$T/south"
expect "but not rep_east1's: 404" 404
req GET "/dashboard/me?user=$e1" -b "$T/rep"
expect "a rep may not open a colleague's: 404" 404
req GET "/dashboard/me?user=$e2" -b "$T/rep"
expect "a rep naming themselves gets their own" 200
has "with the unreachable form" 'action="/dashboard/me/unreachable"'
req GET "/dashboard/me?user=abc" -b "$T/dir"
expect "a user that is not an id: 400" 400
req GET "/dashboard/me?user=99999999" -b "$T/dir"
expect "a user that does not exist: 404" 404

# the director's /dashboard links the reps of the heat map
sql "UPDATE lead SET first_response_at = created_at + INTERVAL 30 MINUTE
     WHERE owner_id = $e1 AND first_response_at IS NULL AND created_at > UTC_TIMESTAMP() - INTERVAL 7 DAY LIMIT 1"
req GET /dashboard -b "$T/dir"
expect "the director opens /dashboard" 200
has "the heat map links a rep's dashboard" "href=\"/dashboard/me?user="
if grep -qE "href=\"/dashboard/me\?user=[0-9]+\">[^<]+</a></th>" <<<"$BODY"; then ok "the table's rep names link too (screen readers, no JS)"
else fail "the table's rep names link" ""; fi
