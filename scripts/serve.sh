#!/usr/bin/env bash
# Serves Podium for `make run`: the web server and a Celery worker (with beat) side by side; Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
HOST=${PODIUM_HOST:-127.0.0.1}
PORT=${PODIUM_PORT:-8000}

pids=()
stop() {
  trap - INT TERM EXIT
  echo; echo "Stopping Podium..."
  kill "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
}
trap stop INT TERM EXIT

"$VENV/bin/celery" -A config worker --beat --loglevel=INFO --concurrency=1 \
  --schedule="${PODIUM_VAR_DIR:-var}/celerybeat-schedule" &
pids+=($!)
# gunicorn, not runserver: it also accepts the absolute-form request lines that the kaggle CLI sends through
# HTTP_PROXY. WhiteNoise serves the static files straight from their folders in local settings.
"$VENV/bin/gunicorn" config.wsgi:application --bind "$HOST:$PORT" --workers 2 --threads 4 --timeout 120 \
  --access-logfile - &
pids+=($!)

echo "Podium is starting on http://$HOST:$PORT (web) with a Celery worker. Press Ctrl-C to stop both."
wait -n "${pids[@]}"
