#!/usr/bin/env bash
# Issue 3 — `salesgate user add` from the command line: a printed password or
# one read from stdin, refusals with a clear message, on the audit record.
# Adds cli_user1 and cli_user2 (no region: nobody's people count changes).
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
trap forget_failed_logins EXIT

cli() { "$SG_BIN" "$@" -c "$SG_CONF" >"$T/cli.out" 2>"$T/cli.err"; }
since=$(audit_max)

rc=0
cli user add --login cli_user1 --role sales_rep --name 测试 || rc=$?
out=$(cat "$T/cli.out")
pw=$(sed -n 's/.*password: \([^[:space:]]*\).*/\1/p' <<<"$out")
if [[ $rc == 0 && $pw =~ ^[A-Za-z0-9_-]{16}$ ]]; then ok "user add prints a generated password"
else fail "user add prints a generated password" "exit $rc" "$out" "$(cat "$T/cli.err")"; fi
id=$(user_id cli_user1)
check "cli_user1 exists with name 测试 and role sales_rep" test "$(sql "SELECT CONCAT(u.display_name, ' ', r.code, ' ', u.status)
  FROM users u JOIN role r ON r.id = u.role_id WHERE u.login = 'cli_user1'")" == '测试 sales_rep active'
check "the output names the new id" grep -q "(id $id)" <<<"$out"
sign_in "$T/jar.1" cli_user1 "$pw"
expect "cli_user1 signs in with the printed password" 303
req GET / -b "$T/jar.1"
check "cli_user1 sees 测试 on the start page" grep -q '<h1>测试</h1>' <<<"$BODY"
n=$(audit_count "$since" "action = 'user.create' AND object_id = ${id:-0} AND actor_login = 'cli'")
check "user add is audited (user.create by cli)" test "$n" == 1

rc=0
printf 'Cli-Stdin-2026\n' | cli user add --login cli_user2 --role presales --name 'CLI 二号' --password-stdin || rc=$?
if [[ $rc == 0 ]] && grep -q 'created' "$T/cli.out" && ! grep -q 'Cli-Stdin-2026' "$T/cli.out"; then
  ok "--password-stdin creates cli_user2 and prints no password"
else fail "--password-stdin creates cli_user2 and prints no password" "exit $rc" "$(cat "$T/cli.out" "$T/cli.err")"; fi
sign_in "$T/jar.2" cli_user2 'Cli-Stdin-2026'
expect "cli_user2 signs in with the password given on stdin" 303

# refusals: non-zero exit, a message that says why, nothing created
refused() {
  local name=$1 want=$2 rc=0
  shift 2
  cli "$@" </dev/null || rc=$?
  if [[ $rc != 0 ]] && grep -qiE "$want" "$T/cli.err"; then ok "$name → exit $rc, says so"
  else fail "$name → non-zero exit and /$want/ on stderr" "exit $rc" "stdout: $(cat "$T/cli.out")" "stderr: $(cat "$T/cli.err")"; fi
}
count=$(sql "SELECT COUNT(*) FROM users")
refused "duplicate login cli_user1" 'exists' user add --login cli_user1 --role sales_rep --name 又一个
check "cli_user1 keeps its name" test "$(sql "SELECT display_name FROM users WHERE login = 'cli_user1'")" == 测试
sign_in "$T/jar.1" cli_user1 "$pw"
expect "cli_user1's password unchanged by the refused add" 303
refused "duplicate of a demo login (admin)" 'exists' user add --login admin --role sales_rep
refused "unknown role" 'no role' user add --login cli_user3 --role emperor
refused "malformed login" 'bad login' user add --login 'Bad Login' --role sales_rep
refused "too-short password on stdin" '8-128|password' user add --login cli_user4 --role sales_rep --password-stdin
refused "missing --role" 'usage' user add --login cli_user5
check "refusals created nobody" test "$(sql "SELECT COUNT(*) FROM users")" == "$count"
# a typo in --team, --region or --manager must not quietly give a person no
# team, no region (so no people scope) or no manager
refused "unknown --team" 'team' user add --login cli_user6 --role sales_rep --team 不存在的组
refused "unknown --region" 'region' user add --login cli_user7 --role sales_rep --region NOWHERE
refused "unknown --manager" 'manager' user add --login cli_user8 --role sales_rep --manager no_such_boss
printf 'short\n' | cli user add --login cli_user4 --role sales_rep --password-stdin || true
check "a 5-character stdin password is refused" test -z "$(user_id cli_user4)"

# 100 Chinese characters are a valid password (8-128 characters) on the web;
# the command line must take them too
long=$(printf '密%.0s' $(seq 100))
rc=0
printf '%s\n' "$long" | cli user add --login cli_user11 --role sales_rep --password-stdin || rc=$?
if [[ $rc == 0 ]]; then
  ok "--password-stdin takes a 100-character Chinese password"
  sign_in "$T/jar.11" cli_user11 "$long"
  expect "cli_user11 signs in with the 100-character password" 303
else fail "--password-stdin takes a 100-character Chinese password" "exit $rc: $(cat "$T/cli.err")"; fi

# team, region and manager by name
rc=0
cli user add --login cli_user12 --role sales_rep --name 华东新人 --team 华东一组 --region EAST \
  --manager lead_east || rc=$?
got=$(sql "SELECT CONCAT_WS(' ', t.name, g.code, m.login) FROM users u JOIN team t ON t.id = u.team_id
  JOIN region g ON g.id = u.region_id JOIN users m ON m.id = u.manager_id WHERE u.login = 'cli_user12'")
if [[ $rc == 0 && $got == '华东一组 EAST lead_east' ]]; then ok "--team, --region and --manager are applied"
else fail "--team, --region and --manager are applied" "exit $rc, got '$got'" "$(cat "$T/cli.err")"; fi
n=$(sql "SELECT COUNT(*) FROM user_tree WHERE ancestor_id = $(user_id lead_east) AND descendant_id = $(user_id cli_user12)")
check "the org tree has lead_east above cli_user12" test "$n" == 1
