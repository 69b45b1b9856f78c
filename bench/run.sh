#!/usr/bin/env bash
# bench/run.sh — `make bench`: wrk against a bare libfcgi responder (/__bare)
# and salesgate's pages, all behind the same nginx, release build: /healthz,
# /login, /people, the public form POST, the lead list at 100,000 and
# 1,000,000 leads, a deal page, the audit log at 10,000,000 rows; worker RSS
# before and after, and its growth over a long mixed run.
# BENCH_DURATION (default 10s) sets the length of each run; BENCH_LEADS,
# BENCH_AUDIT_ROWS, BENCH_GROWTH_REQUESTS and BENCH_GROWTH_SECONDS the sizes
# (0 skips a part).
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

# No scheduler passes in the middle of a measurement (they scan the tables).
SALESGATE_SCHEDULER_INTERVAL=0 tools/env.sh up "$DIR" "$PORT" build/salesgate >/dev/null
# The public form's per-address budget is for people; wrk is one address
# (0 = no budget: the last minute's sends are not counted at all; with a
# budget they are counted only up to it).
echo "Form.PerMinutePerAddress = 0" >>"$DIR/etc/salesgate.hdf"
kill -HUP "$(cat "$DIR/run/salesgate.pid")"
sleep 1
sql() { mariadb --no-defaults -uroot --socket="$DIR/run/mysql.sock" -N salesgate -e "$1"; }

# worker_mem FIELD: kB of FIELD (Rss, Pss, Private_Dirty…) summed over the
# master's children (their smaps_rollup)
worker_mem() {
  local master pid sum=0 kb
  master=$(cat "$DIR/run/salesgate.pid")
  for pid in $(pgrep -P "$master"); do
    kb=$(awk -v f="$1:" '$1 == f { print $2 }' "/proc/$pid/smaps_rollup" 2>/dev/null || echo 0)
    sum=$((sum + ${kb:-0}))
  done
  echo "$sum"
}
worker_rss() { worker_mem Rss; }
nworkers() { pgrep -c -P "$(cat "$DIR/run/salesgate.pid")"; }

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
# (a third argument: a wrk script, e.g. the form POST's; the row is then
# labelled with the script's name)
measure() {
  local target=$1 out=$DIR/log/wrk.txt hdr=() script=() rps p50 p99 ratio label=$1
  [[ -n ${2:-} ]] && hdr=(-H "Cookie: $2")
  [[ -n ${3:-} ]] && script=(-s "$3") label="$1 (POST)"
  wrk -t2 -c32 -d"${BENCH_DURATION:-10s}" --timeout 20s --latency "${hdr[@]}" "${script[@]}" "$URL$target" >"$out"
  rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
  p50=$(awk '$1 == "50%" { print $2 }' "$out")
  p99=$(awk '$1 == "99%" { print $2 }' "$out")
  bare=${bare:-$rps}
  ratio=$(awk -v a="$rps" -v b="$bare" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
  printf '%-22s | %10s | %9s | %9s | %s\n' "$label" "$rps" "$p50" "$p99" "$ratio"
  [[ -n ${3:-} ]] || grep -E 'Non-2xx|Socket errors' "$out" | sed "s|^ *|  $target: |" || true
}

# A signed-in page: session check, capability, scoped list query, template.
cookie=$(sign_in finance1)

rss_before=$(worker_rss)
printf '%-22s | %10s | %9s | %9s | %s\n' target req/s p50 p99 "ratio to bare"
for target in /__bare /healthz /login; do measure "$target"; done
measure /people "$cookie"
# The public lead form POST: validation, duplicate check, insert, routing
# and audit in one transaction, committed durably (the private MariaDB keeps
# innodb_flush_log_at_trx_commit = 1).  Every 303 is an acknowledged lead:
# afterwards the database must hold at least that many (wrk may cut a few
# in flight at the end: those are in the database without an answer).
form_ts=$(curl -s "$URL/f/website" | sed -n 's/.*name="ts" value="\([^"]*\)".*/\1/p' | head -n 1)
[[ -n $form_ts ]] || { echo "bench: no form time on /f/website" >&2; exit 1; }
sleep 3.2   # a form sent within Form.MinSeconds (3) of being shown is refused
before=$(sql "SELECT COUNT(*) FROM lead WHERE source = 'form'")
FORM_TS=$form_ts ORIGIN=$URL measure /f/website "" bench/form-post.lua
acked=$(awk '/requests in/ { print $1 }' "$DIR/log/wrk.txt")
refused=$(awk '/Non-2xx/ { print $5 }' "$DIR/log/wrk.txt")   # wrk counts status >= 400
stored=$(( $(sql "SELECT COUNT(*) FROM lead WHERE source = 'form'") - before ))
echo "(form POST: $acked answered, ${refused:-0} refused, $stored new leads in the database)"
# The audit rows of those POSTs go on the chain after the answers
# (sql/0026): all of them must be sealed a moment later.
for _ in $(seq 50); do [[ $(sql "SELECT COUNT(*) FROM audit_pending") == 0 ]] && break; sleep 0.2; done
echo "(audit: $(sql "SELECT COUNT(*) FROM audit_pending") rows still waiting for their seal after the run)"
# What the disk allows: durable commits one after another.  (Until sql/0026
# every audited write held the audit chain's head until its commit was on
# disk, so the form POST could not commit faster than this.)
sql "CREATE TABLE bench_fsync (id INT AUTO_INCREMENT PRIMARY KEY) ENGINE=InnoDB"
t0=$(date +%s%N)
for _ in $(seq 100); do echo "INSERT INTO bench_fsync () VALUES ();"; done \
  | mariadb --no-defaults -uroot --socket="$DIR/run/mysql.sock" salesgate
t1=$(date +%s%N)
sql "DROP TABLE bench_fsync"
echo "(disk: $(( 100 * 1000000000 / (t1 - t0) )) durable commits/s one after another on this machine)"
if (( ${refused:-0} > 0 || stored < acked )); then
  echo "bench: the form POST lost or refused leads — see $DIR/log" >&2
  exit 1
fi

# The lead list at scale: 100,000 then BENCH_LEADS synthetic leads (default
# 1,000,000), signed in as a rep whose region scope matches two thirds of
# them and half of those belong to a colleague (so their phones are masked).
rep=$(sign_in rep_east1)
n=${BENCH_LEADS:-1000000}
have=0
for size in 100000 "$n"; do
  (( size > have && n > 0 )) || continue
  t0=$(date +%s)
  sql "SET @n = $((size - have)); SOURCE $ROOT/bench/gen-leads.sql; ANALYZE TABLE lead" >/dev/null
  echo "(generated $((size - have)) leads in $(( $(date +%s) - t0 )) s: $size in all)"
  have=$size
  targets=("/leads")
  (( size == n )) && targets+=("/leads?tier=high" "/leads?after=$((size / 2))")
  for target in "${targets[@]}"; do measure "$target" "$rep"; done
done
(( n > 0 )) && echo "(/leads*: 50 rows a page, masked where not rep_east1's own, signed in as rep_east1)"


if (( n > 0 )); then
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
    # the heat maps' summaries (cgi/heat.c): the scheduler's heat_refresh job
    # keeps them; here it has not run since the data came, so build them once
    t0=$(date +%s%N)
    build/salesgate heat -c "$DIR/etc/salesgate.hdf" >"$DIR/log/heat.txt"
    echo "(heat summaries built in $(( ($(date +%s%N) - t0) / 1000000 )) ms: $(cat "$DIR/log/heat.txt"); a job pass then recomputes the current week and the changed ones)"
    # the dashboards' per-day summaries (cgi/dashsum.c): gen-deals.sql names
    # every creation day dirty; the scheduler's dash_summary job (every
    # minute) would summarise them — here the scheduler is off, so one pass
    # of every job, as the scheduler would run them
    t0=$(date +%s%N)
    build/salesgate tick --force -c "$DIR/etc/salesgate.hdf" >"$DIR/log/tick.txt" 2>&1
    echo "(one scheduler pass over every job, the day summaries included: $(( ($(date +%s%N) - t0) / 1000000 )) ms; $(sql "SELECT COUNT(*) FROM dash_dirty") days left unsummarised)"
    # the grading run over every customer (the weekly customer_grading job)
    t0=$(date +%s%N)
    build/salesgate grade -c "$DIR/etc/salesgate.hdf" >"$DIR/log/grade.txt"
    echo "(grading run: $(( ($(date +%s%N) - t0) / 1000000 )) ms for $(sql "SELECT COUNT(*) FROM customer") customers over $nd deals and ${BENCH_ACTIVITIES:-5000000} activities: $(cat "$DIR/log/grade.txt"))"
    # one page at a time (wrk's 32 connections would only queue behind 4
    # workers): 5 sequential requests each, min / median / max
    dir=$(sign_in director)
    # the rep who owns the most generated deals (and sent their proposals)
    heavy=$(sql "SELECT u.login FROM deal d JOIN users u ON u.id = d.owner_id GROUP BY u.login ORDER BY COUNT(*) DESC LIMIT 1")
    heavy_c=$(sign_in "$heavy")
    printf '%-30s | %-9s | %s\n' "sequential (5)" "signed in" "min / median / max ms"
    for row in "director /dashboard" "director /dashboard?period=30" "director /dashboard?pipeline=2" \
               "rep_east1 /dashboard" "rep_east1 /dashboard?period=30" "rep_east1 /dashboard/me" \
               "heavy /dashboard/me" \
               "director /reviews" "rep_east1 /reviews"; do
      who=${row%% *}
      target=${row#* }
      case $who in director) c=$dir ;; heavy) c=$heavy_c who=$heavy ;; *) c=$rep ;; esac
      times=$(for _ in 1 2 3 4 5; do
        curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H "Cookie: $c" "$URL$target"
      done | awk '$1 != 200 { bad++ } { printf "%d\n", $2 * 1000 } END { if (bad) print "non-200: " bad > "/dev/stderr" }' | sort -n | tr '\n' ' ')
      printf '%-30s | %-9s | %s\n' "$target" "$who" "$(awk '{ print $1 " / " $3 " / " $5 }' <<<"$times")"
    done
    echo "(/dashboard: funnel, process health (?pipeline=2: the second pipeline's) and the three heat maps over $nd deals;"
    echo " director sees every deal, rep_east1 the East region; /dashboard/me: the rep's own funnel, SLA and hints —"
    echo " $heavy owns the most deals: $(sql "SELECT COUNT(*) FROM deal d JOIN users u ON u.id = d.owner_id WHERE u.login = '$heavy'") of them, $(sql "SELECT COUNT(*) FROM proposal_wait p JOIN users u ON u.id = p.user_id WHERE u.login = '$heavy'") proposals)"
  fi
fi

# A deal page: the stage, its exit rules evaluated, timeline, checklist,
# files and tasks, read by the deal's owner.
deal=$(sql "SELECT d.id, u.login FROM deal d JOIN users u ON u.id = d.owner_id
           WHERE u.status = 'active' ORDER BY d.id LIMIT 1")
if [[ -n $deal ]]; then
  owner=$(sign_in "${deal#*$'\t'}")
  measure "/deals/${deal%%$'\t'*}" "$owner"
fi
# The audit log at scale (issue 5): BENCH_AUDIT_ROWS synthetic rows, read by
# auditor1.  Default 10,000,000, the size issue 5 names; generating them takes
# about three and a half minutes here (every row goes into nine indexes):
# BENCH_AUDIT_ROWS=2000000 for a quicker run.  The bench rows take the
# ids after the last row without going on the chain (bench/gen-audit.sql).
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
n=$(nworkers)
echo "worker RSS: ${rss_before} kB before, ${rss_after} kB after, over $n workers" \
     "($((rss_after / n)) kB each; of which private $(( $(worker_mem Private_Dirty) / n )) kB," \
     "proportional share $(( $(worker_mem Pss) / n )) kB — the rest is shared library pages)"
echo "(/people: signed in as finance1, 17 rows, scope query and template)"

# Growth: the same workers over a long mixed run (login page, lead list,
# today, the lead list by tier, a deal page — reads only: the audit rows
# generated above must stay the last ones), RSS compared with the figure
# above.  BENCH_GROWTH_REQUESTS (default 1,000,000, the count issue 10 names)
# requests, or BENCH_GROWTH_SECONDS (default 3600) if that comes first; 0
# skips it.  RSS is sampled every 30 s; the workers must be the same
# processes at the end (a restarted worker would hide growth).
reqs=${BENCH_GROWTH_REQUESTS:-1000000}
secs=${BENCH_GROWTH_SECONDS:-3600}
if (( reqs > 0 && secs > 0 )); then
  # the deal page of one of rep_east1's own deals (the signed-in rep; the
  # first deal of all above may be outside their scope: a 404 each time)
  mine=$(sql "SELECT d.id FROM deal d JOIN users u ON u.id = d.owner_id
              WHERE u.login = 'rep_east1' ORDER BY d.id LIMIT 1")
  dealpath=/healthz
  [[ -n $mine ]] && dealpath=/deals/$mine
  # mix_lua QUOTA: the mix as a wrk script that stops at QUOTA requests
  mix_lua() {
  cat <<LUA
local paths = { "/login", "/leads", "/today", "/leads?tier=high", "$dealpath" }
local i, done, quota, id = 0, 0, 0, 0
local threads, nthreads = {}, 2
setup = function(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
  thread:set("quota", math.floor(($1 + nthreads - #threads) / nthreads))
end
init = function()
  quota = tonumber(wrk.thread:get("quota"))
  id = tonumber(wrk.thread:get("id"))
end
request = function()
  i = i + 1
  return wrk.format("GET", paths[i % #paths + 1])
end
-- wrk runs for its -d whatever its threads do: a thread at its quota
-- leaves a mark and stops, and the script below interrupts wrk (SIGINT:
-- it prints its figures over the time really taken) when both have.
response = function(status)
  done = done + 1
  if done == quota then
    local f = io.open("$DIR/run/growth-done." .. id, "w")
    if f then f:close() end
    wrk.thread:stop()
  end
end
LUA
  }
  # Warm-up first (10 s of the same mix): the first requests of each page
  # fill each worker's template and statement caches, which is not growth.
  mix_lua 1000000000000 >"$DIR/etc/warm.lua"
  wrk -t2 -c32 -d10s --timeout 20s -H "Cookie: $rep" -s "$DIR/etc/warm.lua" "$URL/" >"$DIR/log/warm.txt"
  rss_after=$(worker_rss)
  echo "(growth run baseline after a 10 s warm-up of the mix: $rss_after kB, $(( rss_after / $(nworkers) )) kB a worker)"
  mix_lua "$reqs" >"$DIR/etc/mix.lua"
  pids_before=$(pgrep -P "$(cat "$DIR/run/salesgate.pid")" | sort | tr '\n' ' ')
  wrk -t2 -c32 -d"${secs}s" --timeout 20s -H "Cookie: $rep" -s "$DIR/etc/mix.lua" "$URL/" >"$DIR/log/growth.txt" &
  wrk_pid=$!
  samples=()
  tick=0
  while kill -0 "$wrk_pid" 2>/dev/null; do
    sleep 1
    tick=$((tick + 1))
    if [[ -e $DIR/run/growth-done.1 && -e $DIR/run/growth-done.2 ]]; then
      kill -INT "$wrk_pid" 2>/dev/null || true
      break
    fi
    (( tick % 30 )) || samples+=("$(( $(worker_rss) / $(nworkers) ))")
  done
  wait "$wrk_pid" || true
  total=$(awk '/requests in/ { print $1 }' "$DIR/log/growth.txt")
  took=$(awk '/requests in/ { sub(/,$/, "", $4); print $4 }' "$DIR/log/growth.txt")
  rps=$(awk '/^Requests\/sec:/ { print $2 }' "$DIR/log/growth.txt")
  bad=$(awk '/Non-2xx/ { print $5 }' "$DIR/log/growth.txt")
  rss_end=$(worker_rss)
  pids_after=$(pgrep -P "$(cat "$DIR/run/salesgate.pid")" | sort | tr '\n' ' ')
  echo "growth run: ${total:-0} requests of $reqs in $took (${rps:-0} req/s, ${bad:-0} non-2xx/3xx)" \
       "$( (( ${total:-0} >= reqs )) || echo "— stopped by BENCH_GROWTH_SECONDS=$secs before the count")"
  echo "worker RSS growth: ${rss_after} kB → ${rss_end} kB over those requests" \
       "($(awk -v a="$rss_after" -v b="$rss_end" 'BEGIN { printf "%+.1f%%", (b - a) * 100 / a }'))," \
       "$(( $(nworkers) )) workers, $(( rss_end / $(nworkers) )) kB each"
  echo "(kB per worker every 30 s: ${samples[*]:-none})"
  (( ${bad:-0} == 0 )) || echo "bench: the growth run had ${bad} answers other than 2xx/3xx — see $DIR/log/growth.txt" >&2
  [[ $pids_before == "$pids_after" ]] || echo "bench: workers were restarted during the growth run ($pids_before → $pids_after): the growth figure is not meaningful" >&2
fi
