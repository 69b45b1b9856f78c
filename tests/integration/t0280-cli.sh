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
printf 'short\n' | cli user add --login cli_user4 --role sales_rep --password-stdin || true
check "a 5-character stdin password is refused" test -z "$(user_id cli_user4)"
