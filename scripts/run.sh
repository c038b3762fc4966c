#!/usr/bin/env bash
# `make run`: install, migrate, load the demo town, then serve the web app with a Celery
# worker and beat. SQLite and a filesystem broker by default; PostgreSQL and Redis when
# DATABASE_URL / REDIS_URL are set.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh

PORT=${PORT:-8000}
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-config.settings.local}
PY=.venv/bin/python

$PY manage.py migrate --noinput -v 0
seed_output=$($PY manage.py seed_demo)
echo "$seed_output" | sed '/Demo logins/,$d'

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null; }
trap cleanup EXIT INT TERM

mkdir -p var/log
.venv/bin/celery -A config worker --loglevel=INFO --concurrency=2 >var/log/worker.log 2>&1 &
pids+=($!)
.venv/bin/celery -A config beat --loglevel=INFO >var/log/beat.log 2>&1 &
pids+=($!)

cat <<INFO

  物业纠纷调解平台 is starting on  http://127.0.0.1:${PORT}/
  Staff desk:                      http://127.0.0.1:${PORT}/desk/
  API documentation:               http://127.0.0.1:${PORT}/api/docs/
  Database: $($PY -c "from django.conf import settings; import django; django.setup(); print(settings.DATABASES['default']['ENGINE'].rsplit('.',1)[-1])")   Broker: $($PY -c "import django; django.setup(); from django.conf import settings; print(settings.CELERY_BROKER_URL.split(':')[0])")
  Worker and beat logs:            var/log/worker.log, var/log/beat.log
INFO
echo "$seed_output" | sed -n '/Demo logins/,$p'
echo
$PY manage.py runserver "0.0.0.0:${PORT}"
