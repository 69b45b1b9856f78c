#!/usr/bin/env bash
# sql/grants.sql: the application account has a grant line for every table,
# no database-wide grant, and the audit log is append-only for it.
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

app="'salesgate'@'localhost'"
missing=$(sql "SELECT t.table_name FROM information_schema.tables t
  WHERE t.table_schema = 'salesgate' AND t.table_type = 'BASE TABLE'
    AND NOT EXISTS (SELECT 1 FROM information_schema.table_privileges p
      WHERE p.grantee = \"$app\" AND p.table_schema = 'salesgate'
        AND p.table_name = t.table_name)")
if [[ -z $missing ]]; then ok "every table has a grant for the application account"
else fail "every table has a grant for the application account" "missing: ${missing//$'\n'/ }"; fi

wide=$(sql "SELECT privilege_type FROM information_schema.schema_privileges
  WHERE grantee = \"$app\" AND table_schema = 'salesgate'")
if [[ -z $wide ]]; then ok "no database-wide grant for the application account"
else fail "no database-wide grant for the application account" "${wide//$'\n'/ }"; fi

audit=$(sql "SELECT privilege_type FROM information_schema.table_privileges
  WHERE grantee = \"$app\" AND table_schema = 'salesgate' AND table_name = 'audit_log'")
if [[ -n $audit ]] && ! grep -qE 'UPDATE|DELETE' <<<"$audit"; then
  ok "audit_log is append-only for the application account"
else fail "audit_log is append-only for the application account" "privileges: ${audit//$'\n'/ }"; fi

pw=$(cat "$SG_DIR/etc/db-password")
check "application account logs in with its password" \
  mariadb --no-defaults --socket="$SG_DIR/run/mysql.sock" -usalesgate -p"$pw" salesgate -e 'SELECT 1'
