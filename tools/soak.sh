#!/usr/bin/env bash
# tools/soak.sh — `make soak`: SOAK_SECONDS (default 600) of load with faults
# (tools/soak.py through tests/integration/t1010-soak.sh) against a throwaway
# environment running the release build.  Prints ok / not ok lines and the
# figures (requests/s, p50, p99, statuses, fault windows).
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DIR=${SOAK_DIR:-$(mktemp -d /tmp/salesgate-soak.XXXXXX)}
mkdir -p "$DIR/log" "$DIR/tmp"
chmod 755 "$DIR"
PORT=$(tools/env.sh free-port)
trap 'tools/env.sh down "$DIR" >/dev/null 2>&1 || true; echo "# logs in $DIR/log"' EXIT
tools/env.sh up "$DIR" "$PORT" build/salesgate >"$DIR/log/up.out" 2>&1 || { cat "$DIR/log/up.out"; exit 1; }
export SG_URL=http://127.0.0.1:$PORT SG_DIR=$DIR SG_CONF=$DIR/etc/salesgate.hdf
export SG_BIN=$ROOT/build/salesgate SG_RELEASE_BIN=$ROOT/build/salesgate
export SG_MYSQL="mariadb --no-defaults --socket=$DIR/run/mysql.sock -uroot"
export SOAK_SECONDS=${SOAK_SECONDS:-600}
bash tests/integration/t1010-soak.sh | tee "$DIR/log/soak.out"
! grep -q '^not ok' "$DIR/log/soak.out"
