#!/usr/bin/env bash
# The MariaDB server at 127.0.0.1:3306 is shut down for <= 15 s under a steady load of incident creations (60 s by
# default): callers get 503 problem+json, nothing is half-written, health goes DOWN and back UP, no restart needed.
# CAUTION: this stops the whole local MariaDB server (every database on it). The server is started again in every case
# (also on failure or Ctrl-C) by the trap below.
#   scripts/fault-db-restart.sh [seconds]
set -uo pipefail
restart_mariadb() {
  # Reachable: nothing to do. A server process that is still shutting down: let it go first (start-stop-daemon would
  # otherwise see it and do nothing). Then start it and wait until it answers.
  for _ in $(seq 1 60); do
    mysqladmin -uroot -h127.0.0.1 ping >/dev/null 2>&1 && return 0
    pgrep -x mariadbd >/dev/null || break
    sleep 1
  done
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd >/dev/null 2>&1 || true
  for _ in $(seq 1 60); do
    mysqladmin -uroot -h127.0.0.1 ping >/dev/null 2>&1 && return 0
    sleep 1
  done
  echo "MariaDB did not come back: start it with start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd" >&2
}
trap restart_mariadb EXIT INT TERM
"$(dirname "$0")/fault-run.sh" db-restart "${1:-60}"
