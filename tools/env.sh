#!/usr/bin/env bash
# tools/env.sh — a private MariaDB + salesgate + nginx living under one directory.
#
#   tools/env.sh up DIR PORT BUILD   create or reuse DIR, start what is not running
#   tools/env.sh down DIR            stop what `up` started (by DIR/run/*.pid only)
#   tools/env.sh status DIR          say what is running (exit 0 when all three are)
#   tools/env.sh db-start DIR        start only MariaDB (same command line as `up`)
#   tools/env.sh db-stop DIR         stop only MariaDB
#   tools/env.sh free-port           print a free loopback port (20000-60000)
#
# DIR layout: db/ (datadir)  run/ (sockets, pid files)  log/  etc/ (config)  tmp/
#             uploads/ (Paths.Uploads)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

die() { echo "env.sh: $*" >&2; exit 1; }
usage() { sed -n '4,9s/^# \{0,1\}//p' "$0" >&2; exit 2; }

# set_dir DIR [create]: absolute paths of the environment
set_dir() {
  [[ ${2:-} == create ]] && mkdir -p "$1"
  [[ -d $1 ]] || return 1
  D=$(cd "$1" && pwd)
  RUN=$D/run LOG=$D/log ETC=$D/etc
  CONF=$ETC/salesgate.hdf
  DBSOCK=$RUN/mysql.sock
  (( ${#DBSOCK} < 100 )) || die "$D is too deep for a unix socket path"
}

# pid_of NAME PIDFILE: print the pid when PIDFILE names a live process running
# the executable NAME — a stale or reused pid is never reported (or signalled).
pid_of() {
  local pid exe
  [[ -s $2 ]] && pid=$(<"$2") && [[ $pid =~ ^[0-9]+$ ]] || return 1
  exe=$(readlink "/proc/$pid/exe" 2>/dev/null) || return 1
  exe=${exe% (deleted)}
  [[ ${exe##*/} == "$1" ]] && echo "$pid"
}

# wait_gone PID SECONDS: wait for a process (or, with -PGID, a group) to end
wait_gone() {
  local i
  for (( i = 0; i < $2 * 10; i++ )); do
    kill -0 -- "$1" 2>/dev/null || return 0
    sleep 0.1
  done
  return 1
}

sql_root() { mariadb --no-defaults --socket="$DBSOCK" -uroot "$@"; }

db_start() {
  local user=() i
  if pid_of mariadbd "$RUN/mariadb.pid" >/dev/null; then return 0; fi
  [[ $EUID -eq 0 ]] && user=(--user=root)
  if [[ ! -d $D/db/mysql ]]; then
    mariadb-install-db --no-defaults --datadir="$D/db" "${user[@]}" \
      --auth-root-authentication-method=normal >"$LOG/mariadb-install.log" 2>&1 \
      || { tail -n 20 "$LOG/mariadb-install.log" >&2; die "mariadb-install-db failed"; }
  fi
  rm -f "$RUN/mariadb.pid"
  setsid nohup mariadbd --no-defaults --datadir="$D/db" --socket="$DBSOCK" \
    --pid-file="$RUN/mariadb.pid" --skip-networking "${user[@]}" \
    --log-error="$LOG/mariadb.err" --character-set-server=utf8mb4 \
    --collation-server=utf8mb4_unicode_ci --innodb-buffer-pool-size=256M \
    </dev/null >>"$LOG/mariadb.out" 2>&1 &
  for (( i = 0; i < 600; i++ )); do
    mariadb-admin --no-defaults --socket="$DBSOCK" -uroot ping >/dev/null 2>&1 && return 0
    kill -0 $! 2>/dev/null || break
    sleep 0.1
  done
  tail -n 20 "$LOG/mariadb.err" >&2 || true
  die "MariaDB did not start (log: $LOG/mariadb.err)"
}

db_stop() {
  local pid
  pid=$(pid_of mariadbd "$RUN/mariadb.pid") || return 0
  kill -TERM "$pid"
  wait_gone "$pid" 30 && return 0
  echo "env.sh: mariadbd $pid still running after 30 s, killing it" >&2
  kill -KILL "$pid" 2>/dev/null || true
  wait_gone "$pid" 5 || true
}

db_setup() {
  local pw
  if [[ ! -s $ETC/db-password ]]; then
    (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$ETC/db-password")
  fi
  chmod 600 "$ETC/db-password"
  pw=$(<"$ETC/db-password")
  sql_root <<SQL
CREATE DATABASE IF NOT EXISTS salesgate CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS 'salesgate'@'localhost' IDENTIFIED BY '$pw';
ALTER USER 'salesgate'@'localhost' IDENTIFIED BY '$pw';
SQL
  [[ -f $CONF ]] && return 0
  (umask 077; cat >"$CONF" <<HDF
# salesgate configuration written by tools/env.sh (kept across runs: edit freely)
DB.Socket = $DBSOCK
DB.Name = salesgate
DB.User = salesgate
DB.Password = $pw
DB.AdminUser = root
DB.AdminPassword =
Server.Listen = $RUN/salesgate.sock
Server.SocketMode = 0660
Server.SocketGroup = www-data
Server.Workers = 4
Server.PidFile = $RUN/salesgate.pid
Paths.Templates = $ROOT/templates
Paths.Sql = $ROOT/sql
Paths.Uploads = $D/uploads
Demo.Password = ${SALESGATE_DEMO_PASSWORD:-sg-demo-2026}
Scheduler.IntervalSeconds = ${SALESGATE_SCHEDULER_INTERVAL:-60}
${SALESGATE_EXTRA_CONF:-}
HDF
  )
}

app_start() {
  local build=$1 i
  [[ -x $build ]] || die "$build not found: build it first (make)"
  "$build" migrate -c "$CONF" >>"$LOG/salesgate.log" 2>&1 \
    || { tail -n 20 "$LOG/salesgate.log" >&2; die "migrate failed"; }
  [[ -f $ROOT/sql/grants.sql ]] || die "$ROOT/sql/grants.sql is missing"
  sql_root salesgate <"$ROOT/sql/grants.sql"
  "$build" seed-demo -c "$CONF" >>"$LOG/salesgate.log" 2>&1 \
    || { tail -n 20 "$LOG/salesgate.log" >&2; die "seed-demo failed"; }
  rm -f "$RUN/salesgate.sock" "$RUN/salesgate.pid"
  setsid "$build" serve -c "$CONF" </dev/null >>"$LOG/salesgate.log" 2>&1 &
  for (( i = 0; i < 200; i++ )); do
    [[ -S $RUN/salesgate.sock ]] && return 0
    kill -0 $! 2>/dev/null || break
    sleep 0.1
  done
  tail -n 20 "$LOG/salesgate.log" >&2
  die "salesgate did not open $RUN/salesgate.sock (log: $LOG/salesgate.log)"
}

app_stop() {
  local pid pgid
  pid=$(pid_of salesgate "$RUN/salesgate.pid") || return 0
  pgid=$(awk '{ print $5 }' "/proc/$pid/stat")
  kill -TERM "$pid"
  if [[ $pgid == "$pid" ]]; then   # our setsid group: master and workers
    wait_gone "-$pid" 15 && return 0
    echo "env.sh: salesgate still running after 15 s, killing its process group" >&2
    kill -KILL -- "-$pid" 2>/dev/null || true
  else
    wait_gone "$pid" 15 || kill -KILL "$pid" 2>/dev/null || true
  fi
}

nginx_conf() {
  local port=$1 user_line="" nginx_v m temp
  [[ $EUID -eq 0 ]] && user_line="user www-data;"
  nginx_v=$(nginx -V 2>&1)
  temp="client_body_temp_path $D/tmp/client_body;"
  for m in fastcgi proxy scgi uwsgi; do
    [[ $nginx_v == *"--without-http_${m}_module"* ]] || temp+=$'\n'"  ${m}_temp_path $D/tmp/$m;"
  done
  sed -e "s|@LISTEN@|127.0.0.1:$port|g" -e "s|@ROOT@|$ROOT|g" \
      -e "s|@SOCKET@|$RUN/salesgate.sock|g" \
      -e "s|^\([[:space:]]*\)#@EXTRA@.*|\1include $ETC/extra-*.conf;|" \
      "$ROOT/nginx/salesgate.conf" >"$ETC/salesgate-server.conf"
  cat >"$ETC/nginx.conf" <<NGINX
# written by tools/env.sh on every start: edit nginx/salesgate.conf instead
$user_line
worker_processes 2;
pid $RUN/nginx.pid;
error_log $LOG/nginx-error.log;
events { worker_connections 1024; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log $LOG/nginx-access.log;
  $temp
  sendfile on;
  server_tokens off;
  include $ETC/salesgate-server.conf;
}
NGINX
}

nginx_start() {
  local port=$1 i
  nginx_conf "$port"
  nginx -t -q -c "$ETC/nginx.conf" -p "$D/" -e "$LOG/nginx-error.log" \
    || die "nginx rejected $ETC/nginx.conf"
  nginx -c "$ETC/nginx.conf" -p "$D/" -e "$LOG/nginx-error.log" \
    || die "nginx did not start (log: $LOG/nginx-error.log)"
  echo "$port" >"$ETC/port"
  for (( i = 0; i < 200; i++ )); do
    curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$port/healthz" && return 0
    sleep 0.1
  done
  die "nginx does not answer on 127.0.0.1:$port (log: $LOG/nginx-error.log)"
}

nginx_stop() {
  local pid
  pid=$(pid_of nginx "$RUN/nginx.pid") || return 0
  kill -QUIT "$pid"   # graceful; TERM when that takes too long
  wait_gone "$pid" 10 && return 0
  kill -TERM "$pid" 2>/dev/null || true
  wait_gone "$pid" 5 || true
}

# www-data (nginx's workers) must reach the sockets and the static files
check_reach() {
  [[ $EUID -eq 0 ]] && id www-data >/dev/null 2>&1 || return 0
  local p
  for p in "$RUN" "$ROOT/static"; do
    runuser -u www-data -- test -x "$p" \
      || echo "env.sh: warning: www-data cannot reach $p (check the parent directories' modes)" >&2
  done
}

cmd_up() {
  local port=$2 build=$3 started=0 running_port
  [[ $port =~ ^[0-9]+$ ]] || die "bad port: $port"
  [[ $build == /* ]] || build=$PWD/$build
  set_dir "$1" create
  mkdir -p "$D/db" "$RUN" "$LOG" "$ETC" "$D/tmp" "$D/uploads"
  chmod 755 "$D" "$RUN" "$D/tmp"
  chmod 700 "$ETC"
  check_reach
  pid_of mariadbd "$RUN/mariadb.pid" >/dev/null || { db_start; started=1; }
  db_setup
  pid_of salesgate "$RUN/salesgate.pid" >/dev/null || { app_start "$build"; started=1; }
  if pid_of nginx "$RUN/nginx.pid" >/dev/null; then
    running_port=$(cat "$ETC/port" 2>/dev/null || echo "$port")
    [[ $running_port == "$port" ]] \
      || echo "env.sh: nginx already runs on port $running_port (stop it to change the port)" >&2
    port=$running_port
  else
    nginx_start "$port"; started=1
  fi
  (( started )) || echo "salesgate: already running in $D"
  echo "salesgate: http://127.0.0.1:$port/"
}

cmd_down() {
  set_dir "$1" || return 0
  nginx_stop
  app_stop
  db_stop
}

cmd_status() {
  local name file pid rc=0
  set_dir "$1" || { echo "$1: no environment"; return 1; }
  for name in mariadbd:mariadb salesgate:salesgate nginx:nginx; do
    file=$RUN/${name#*:}.pid name=${name%:*}
    if pid=$(pid_of "$name" "$file"); then
      echo "$name: running (pid $pid)"
    else
      echo "$name: stopped"; rc=1
    fi
  done
  [[ -f $ETC/port ]] && echo "url: http://127.0.0.1:$(<"$ETC/port")/"
  return "$rc"
}

cmd_free_port() {
  local i port
  for (( i = 0; i < 100; i++ )); do
    port=$(( 20000 + RANDOM % 40001 ))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return 0; }
  done
  die "no free port found"
}

case ${1:-} in
  up)        [[ $# -eq 4 ]] || usage; cmd_up "${@:2}" ;;
  down)      [[ $# -eq 2 ]] || usage; cmd_down "$2" ;;
  status)    [[ $# -eq 2 ]] || usage; cmd_status "$2" ;;
  db-start)  [[ $# -eq 2 ]] || usage; set_dir "$2" || die "no environment in $2"; db_start ;;
  db-stop)   [[ $# -eq 2 ]] || usage; set_dir "$2" || exit 0; db_stop ;;
  free-port) cmd_free_port ;;
  *)         usage ;;
esac
