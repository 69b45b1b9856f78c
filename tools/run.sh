#!/usr/bin/env bash
# tools/run.sh — `make run`: the demo on http://127.0.0.1:${PORT:-8080}/ out of ./var
set -euo pipefail
cd "$(dirname "$0")/.."
tools/deps.sh run
tools/env.sh up ./var "${PORT:-8080}" build/salesgate
# the password seed-demo was given: the one in the (kept) config
pw=$(sed -n 's/^Demo\.Password *= *//p' var/etc/salesgate.hdf)
cat <<EOF2

Demo logins (password: ${pw:-${SALESGATE_DEMO_PASSWORD:-sg-demo-2026}}):
  admin ops director mgr_east mgr_south lead_east
  rep_east1 rep_east2 rep_east_new rep_south1 rep_expired rep_frozen
  presales1 finance1 legal1 csm1 auditor1

Logs are in var/log/.  Stop with: make stop
EOF2
