#!/usr/bin/env bash
# Serves Podium for `make run`: the web server, a Celery worker and Celery beat (the scoring watchdog), each its
# own process. If any one of them dies, the others are stopped and `make run` exits non-zero saying which one, so
# a dead worker or watchdog never goes unnoticed. Ctrl-C stops all three.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
HOST=${PODIUM_HOST:-127.0.0.1}
PORT=${PODIUM_PORT:-8000}
VAR=${PODIUM_VAR_DIR:-var}

declare -A names=()
stopping=""
stop() {
  stopping=1
  trap - INT TERM
  kill "${!names[@]}" 2>/dev/null || true
  wait "${!names[@]}" 2>/dev/null || true
}
trap 'echo; echo "Stopping Podium..."; stop; exit 0' INT TERM

start() {  # start NAME COMMAND...
  local name=$1; shift
  "$@" &
  names[$!]=$name
}

# One worker process on this machine, so it may use every core for one scoring (numpy's BLAS, Kiwi); a worker
# fleet runs one process per core with one thread each (the setting's default).
start worker env PODIUM_SCORING_THREADS="${PODIUM_SCORING_THREADS:-$(nproc)}" \
  "$VENV/bin/celery" -A config worker --loglevel=INFO --concurrency=1
start beat "$VENV/bin/celery" -A config beat --loglevel=INFO --schedule="$VAR/celerybeat-schedule"
# gunicorn, not runserver: it also accepts the absolute-form request lines that the kaggle CLI sends through
# HTTP_PROXY. WhiteNoise serves the static files straight from their folders in local settings.
start web "$VENV/bin/gunicorn" -c config/gunicorn_conf.py config.wsgi:application --bind "$HOST:$PORT" \
  --access-logfile -

echo "Podium is starting on http://$HOST:$PORT (web) with a Celery worker and beat. Press Ctrl-C to stop."
status=0
wait -n -p exited "${!names[@]}" || status=$?
[ -n "$stopping" ] && exit 0
echo "Podium: the ${names[$exited]} process (pid $exited) exited with status $status; stopping the others." >&2
unset "names[$exited]"
stop
exit 1
