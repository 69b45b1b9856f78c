#!/usr/bin/env bash
# tools/security.sh — `make security`: sqlmap at --level=5 --risk=3 against a
# throwaway environment (its own MariaDB, never a real database):
#   1. t1000's targets (lead list filters, a staff form, the public form, the
#      JSON intake) at level 5 / risk 3 with every technique;
#   2. as a sales rep (rep_east1) and as an admin (admin): sqlmap crawls the
#      site from / (--crawl) and tests every query parameter of every link
#      and every form it finds (--forms), so new pages are covered.
# Links that end the session or lock people out are not followed.  Prints
# ok / not ok lines; exits non-zero on any injectable parameter.  Takes long
# (an hour or more on 2 cores); SQLMAP_LEVEL/SQLMAP_RISK/CRAWL_DEPTH shrink it.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
LEVEL=${SQLMAP_LEVEL:-5} RISK=${SQLMAP_RISK:-3} DEPTH=${CRAWL_DEPTH:-3}
DIR=${SECURITY_DIR:-$(mktemp -d /tmp/salesgate-security.XXXXXX)}
mkdir -p "$DIR/log"
chmod 755 "$DIR"
PORT=$(tools/env.sh free-port)
finish() { tools/env.sh down "$DIR" >/dev/null 2>&1 || true; echo "# logs in $DIR/log, sqlmap output in $DIR/sqlmap"; }
trap finish EXIT
tools/env.sh up "$DIR" "$PORT" build/salesgate >"$DIR/log/up.out" 2>&1 || { cat "$DIR/log/up.out"; exit 1; }
export SG_URL=http://127.0.0.1:$PORT SG_DIR=$DIR SG_CONF=$DIR/etc/salesgate.hdf
export SG_BIN=$ROOT/build/salesgate SG_RELEASE_BIN=$ROOT/build/salesgate
export SG_MYSQL="mariadb --no-defaults --socket=$DIR/run/mysql.sock -uroot"
mkdir -p "$DIR/tmp"
out=$DIR/sqlmap
fails=0

echo "# 1. the bounded targets at level $LEVEL, risk $RISK"
SQLMAP_LEVEL=$LEVEL SQLMAP_RISK=$RISK SQLMAP_TECHNIQUE=BEUSTQ bash tests/integration/t1000-sqlmap.sh \
  | tee "$DIR/log/t1000.out"
grep -q '^not ok' "$DIR/log/t1000.out" && fails=1

. tests/lib.sh
# lift the public form's per-address limit for the crawl too
echo "Form.PerMinutePerAddress = 1000000" >>"$SG_CONF"
kill -HUP "$(<"$DIR/run/salesgate.pid")"; sleep 2
for who in rep_east1 admin; do
  echo "# 2. crawl as $who (depth $DEPTH), every form and query parameter"
  sign_in "$T/jar.$who" "$who"
  c=$(cookie_of "$T/jar.$who")
  [[ -n $c ]] || { fail "signed in as $who"; fails=1; continue; }
  tools/sqlmap-run.sh "crawl as $who" "$out" -u "$SG_URL/" --cookie="sg_session=$c" \
    --crawl="$DEPTH" --forms --csrf-token=_csrf \
    --crawl-exclude='logout|view-as|/freeze|/unfreeze|/password|/revoke|/cancel|/static/|lang=' \
    -H "Origin: $SG_URL" --level="$LEVEL" --risk="$RISK" --time-sec=2 || fails=1
done
req GET /healthz
expect "healthz after the full run" 200
exit $fails
