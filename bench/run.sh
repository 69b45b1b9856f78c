#!/usr/bin/env bash
# bench/run.sh — `make bench`: wrk against a bare libfcgi responder (/__bare),
# /healthz and /login, all behind the same nginx, release build.
# BENCH_DURATION (default 10s) sets the length of each run.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
for f in build/salesgate build/hello-fcgi; do
  [[ -x $f ]] || { echo "bench: $f missing (make bench builds it)" >&2; exit 1; }
done

DIR=$(mktemp -d /tmp/salesgate-bench.XXXXXX)
chmod 755 "$DIR"
mkdir -p "$DIR/etc" "$DIR/run" "$DIR/log"
PORT=$(tools/env.sh free-port)
URL=http://127.0.0.1:$PORT

finish() {
  local pid
  if pid=$(cat "$DIR/run/hello.pid" 2>/dev/null); then
    kill -TERM -- "-$pid" 2>/dev/null || true   # its setsid group: the 4 workers too
  fi
  tools/env.sh down "$DIR" || true
  rm -rf "$DIR"
}
trap finish EXIT
trap 'exit 130' INT TERM

# the bare responder, in its own process group so the trap stops all of it
setsid build/hello-fcgi "$DIR/run/hello.sock" </dev/null >>"$DIR/log/hello.log" 2>&1 &
echo $! >"$DIR/run/hello.pid"
for _ in $(seq 50); do [[ -S $DIR/run/hello.sock ]] && break; sleep 0.1; done
chmod 0666 "$DIR/run/hello.sock"
cat >"$DIR/etc/extra-bench.conf" <<CONF
location = /__bare {
    fastcgi_pass unix:$DIR/run/hello.sock;
    include $ROOT/nginx/fastcgi_params;
}
CONF

tools/env.sh up "$DIR" "$PORT" build/salesgate >/dev/null

# worker_rss: kB of resident memory over the master's children
worker_rss() {
  local master pid sum=0 kb
  master=$(cat "$DIR/run/salesgate.pid")
  for pid in $(pgrep -P "$master"); do
    kb=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)
    sum=$((sum + ${kb:-0}))
  done
  echo "$sum"
}

# sign_in LOGIN: prints the session cookie (name=value) of a demo user
sign_in() {
  local c
  c=$(curl -s -o /dev/null -D - -H "Origin: $URL" --data-urlencode "login=$1" \
    --data-urlencode "password=${SALESGATE_DEMO_PASSWORD:-sg-demo-2026}" "$URL/login" \
    | awk -F'[ ;]' 'tolower($1) == "set-cookie:" { print $2 }')
  [[ -n $c ]] || { echo "bench: could not sign in as $1" >&2; exit 1; }
  echo "$c"
}

# measure TARGET [COOKIE]: one wrk run, one table row (the first run, the
# bare responder, sets the ratio's denominator)
bare=''
measure() {
  local target=$1 out=$DIR/log/wrk.txt hdr=() rps p50 p99 ratio
  [[ -n ${2:-} ]] && hdr=(-H "Cookie: $2")
  wrk -t2 -c32 -d"${BENCH_DURATION:-10s}" --timeout 20s --latency "${hdr[@]}" "$URL$target" >"$out"
  rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
  p50=$(awk '$1 == "50%" { print $2 }' "$out")
  p99=$(awk '$1 == "99%" { print $2 }' "$out")
  bare=${bare:-$rps}
  ratio=$(awk -v a="$rps" -v b="$bare" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
  printf '%-22s | %10s | %9s | %9s | %s\n' "$target" "$rps" "$p50" "$p99" "$ratio"
  grep -E 'Non-2xx|Socket errors' "$out" | sed "s|^ *|  $target: |" || true
}

# A signed-in page: session check, capability, scoped list query, template.
cookie=$(sign_in finance1)

rss_before=$(worker_rss)
printf '%-22s | %10s | %9s | %9s | %s\n' target req/s p50 p99 "ratio to bare"
for target in /__bare /healthz /login; do measure "$target"; done
measure /people "$cookie"
# The lead list at scale: BENCH_LEADS synthetic leads (default 1,000,000),
# signed in as a rep whose region scope matches two thirds of them.
n=${BENCH_LEADS:-1000000}
if (( n > 0 )); then
  t0=$(date +%s)
  mariadb --no-defaults -uroot --socket="$DIR/run/mysql.sock" salesgate \
    -e "SET @n = $n; SOURCE $ROOT/bench/gen-leads.sql; ANALYZE TABLE lead" >/dev/null
  echo "(generated $n leads in $(( $(date +%s) - t0 )) s)"
  rep=$(sign_in rep_east1)
  for target in "/leads" "/leads?tier=high" "/leads?after=500000"; do measure "$target" "$rep"; done
  echo "(/leads*: 50 rows a page, signed in as rep_east1, over $n generated leads)"
  # The dashboards at scale (issue 9): BENCH_DEALS deals (default 200,000)
  # made from those leads and BENCH_ACTIVITIES activities on them (default
  # 5,000,000), bench/gen-deals.sql; /dashboard draws the funnel and the
  # first-response heat map.  A director sees every deal, a rep their region.
  nd=${BENCH_DEALS:-200000}
  if (( nd > 0 )); then
    t0=$(date +%s)
    mariadb --no-defaults -uroot --socket="$DIR/run/mysql.sock" salesgate \
      -e "SET @n = $nd, @m = ${BENCH_ACTIVITIES:-5000000}; SOURCE $ROOT/bench/gen-deals.sql;
          ANALYZE TABLE lead, customer, deal, deal_event, activity" >/dev/null
    echo "(generated $nd deals and ${BENCH_ACTIVITIES:-5000000} activities in $(( $(date +%s) - t0 )) s)"
    # one page at a time (wrk's 32 connections would only queue behind 4
    # workers): 5 sequential requests each, min / median / max
    dir=$(sign_in director)
    printf '%-22s | %-9s | %s\n' "sequential (5)" "signed in" "min / median / max ms"
    for row in "director /dashboard" "director /dashboard?period=30" "director /dashboard?pipeline=2" \
               "rep_east1 /dashboard" "rep_east1 /dashboard?period=30"; do
      who=${row%% *}
      target=${row#* }
      [[ $who == director ]] && c=$dir || c=$rep
      times=$(for _ in 1 2 3 4 5; do
        curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H "Cookie: $c" "$URL$target"
      done | awk '$1 != 200 { bad++ } { printf "%d\n", $2 * 1000 } END { if (bad) print "non-200: " bad > "/dev/stderr" }' | sort -n | tr '\n' ' ')
      printf '%-22s | %-9s | %s\n' "$target" "$who" "$(awk '{ print $1 " / " $3 " / " $5 }' <<<"$times")"
    done
    echo "(/dashboard: funnel + heat map over $nd deals; director sees every deal, rep_east1 the East region)"
  fi
fi
# The audit log at scale (issue 5): BENCH_AUDIT_ROWS synthetic rows, read by
# auditor1.  Default 10,000,000, the size issue 5 names; generating them takes
# about three and a half minutes here (every row goes into nine indexes):
# BENCH_AUDIT_ROWS=2000000 for a quicker run.  The bench rows take the
# ids after audit_head without extending the chain (bench/gen-audit.sql), so
# auditor1 signs in first: nothing may write the audit log after them.
n=${BENCH_AUDIT_ROWS:-10000000}
if (( n > 0 )); then
  aud=$(sign_in auditor1)
  t0=$(date +%s)
  mariadb --no-defaults -uroot --socket="$DIR/run/mysql.sock" salesgate \
    -e "SET @n = $n; SOURCE $ROOT/bench/gen-audit.sql; ANALYZE TABLE audit_log" >/dev/null
  echo "(generated $n audit rows in $(( $(date +%s) - t0 )) s)"
  mid=$(mariadb --no-defaults -uroot --socket="$DIR/run/mysql.sock" -N salesgate \
    -e "SELECT (MIN(id) + MAX(id)) DIV 2 FROM audit_log")
  for target in "/audit" "/audit?action=login." "/audit?after=$mid"; do measure "$target" "$aud"; done
  echo "(/audit*: 50 rows a page, signed in as auditor1, over $n generated audit rows)"
fi
rss_after=$(worker_rss)
n=$(pgrep -c -P "$(cat "$DIR/run/salesgate.pid")")
echo "worker RSS: ${rss_before} kB before, ${rss_after} kB after, over $n workers" \
     "($((rss_after / n)) kB each)"
echo "(/people: signed in as finance1, 17 rows, scope query and template)"
