#!/usr/bin/env bash
# PUB-4 benchmark: the cached public category page against a bare Django view, same server,
# same settings, same run. Loopback only; bounded duration.
#   bash bench/disclosure/run.sh            (DURATION=10s WORKERS=2 CONNECTIONS=16 PORT=8765)
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${DURATION:-10s}
WORKERS=${WORKERS:-2}
CONNECTIONS=${CONNECTIONS:-16}
PORT=${PORT:-8765}
DB=${BENCH_DB:-disclosure_bench}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }

export DJANGO_SETTINGS_MODULE=bench.disclosure.settings
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/${DB}"
export REDIS_URL="${BENCH_REDIS_URL:-redis://127.0.0.1:6379/0}"
export DB_CONN_MAX_AGE=600
export DEBUG=false

psql -h 127.0.0.1 -U postgres -d postgres -Atqc "select 1 from pg_database where datname='${DB}'" | grep -q 1 \
  || psql -h 127.0.0.1 -U postgres -d postgres -qc "create database ${DB}"
uv run python manage.py migrate -v0
CATEGORY=$(uv run python -c "import django; django.setup(); from bench.disclosure.seed import run; print(run())")

uv run gunicorn config.wsgi:application --bind "127.0.0.1:${PORT}" --workers "${WORKERS}" \
  --access-logfile /dev/null --error-logfile /tmp/disclosure-bench-gunicorn.log &
GUNICORN=$!
trap 'kill "${GUNICORN}" 2>/dev/null; wait "${GUNICORN}" 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:${PORT}/bench/bare/" >/dev/null && break; sleep 0.2; done

BASE="http://127.0.0.1:${PORT}"
# The page must be the real, cached public page.
curl -fs -o /dev/null "${BASE}${CATEGORY}"
curl -fs -D - -o /dev/null "${BASE}${CATEGORY}" | grep -qi "x-disclosure-cache: hit" || { echo "category page is not cached" >&2; exit 1; }

measure() {  # prints requests per second
  wrk -t1 -c"${CONNECTIONS}" -d"${DURATION}" "$1" | awk '/Requests\/sec/ {print $2}'
}
wrk -t1 -c4 -d2s "${BASE}/bench/bare/" >/dev/null       # warm both up
wrk -t1 -c4 -d2s "${BASE}${CATEGORY}" >/dev/null
# Alternate the two, ROUNDS times, so a burst of load from elsewhere falls on both.
ROUNDS=${ROUNDS:-2}
BARE_ALL=(); PAGE_ALL=()
for _ in $(seq 1 "${ROUNDS}"); do
  BARE_ALL+=("$(measure "${BASE}/bench/bare/")")
  PAGE_ALL+=("$(measure "${BASE}${CATEGORY}")")
done
mean() { python3 -c "import sys; v=[float(x) for x in sys.argv[1:]]; print(f'{sum(v)/len(v):.1f}')" "$@"; }
BARE=$(mean "${BARE_ALL[@]}")
PAGE=$(mean "${PAGE_ALL[@]}")
echo "rounds (requests/s): bare ${BARE_ALL[*]}; cached page ${PAGE_ALL[*]}"
BYTES=$(curl -fs "${BASE}${CATEGORY}" | wc -c)
echo "server: gunicorn ${WORKERS} sync workers, 127.0.0.1; wrk 1 thread, ${CONNECTIONS} connections, ${DURATION} each, ${ROUNDS} alternating rounds"
echo "bare Django view:              ${BARE} requests/s"
echo "cached category page (${BYTES} B): ${PAGE} requests/s"
python3 -c "print(f'ratio cached/bare:             {float(${PAGE})/float(${BARE}):.2f}')"
