#!/usr/bin/env bash
# The MariaDB server at 127.0.0.1:3306 is shut down for <= 15 s under a steady load of incident creations (60 s by
# default): callers get 503 problem+json, nothing is half-written, health goes DOWN and back UP, no restart needed.
# CAUTION: this stops the whole local MariaDB server (every database on it). The server is started again in every case
# (also on failure or Ctrl-C) by the trap below.
#   scripts/fault-db-restart.sh [seconds]
set -uo pipefail
restart_mariadb() {
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd >/dev/null 2>&1 || true
}
trap restart_mariadb EXIT INT TERM
"$(dirname "$0")/fault-run.sh" db-restart "${1:-60}"
