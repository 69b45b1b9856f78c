#!/usr/bin/env bash
# tools/stop.sh — `make stop`: stop what `make run` started
set -euo pipefail
cd "$(dirname "$0")/.."
exec tools/env.sh down ./var
