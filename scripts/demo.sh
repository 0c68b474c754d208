#!/usr/bin/env bash
# The README's demo command (after `make` installed everything): embedded SQLite, a real Celery worker
# beside the web server (filesystem broker under var/, no Redis), so an upload shows the live status
# queued -> analysing n % -> done.
set -euo pipefail
cd "$(dirname "$0")/.."
. "${VENV:-.venv}/bin/activate"
export DJANGO_SETTINGS_MODULE=studiohealth.settings.local
export CELERY_TASK_ALWAYS_EAGER=true
# E-mails (invitations, sign-up confirmation, password reset) are written as files, one per message.
export EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend
export EMAIL_FILE_PATH="${EMAIL_FILE_PATH:-$PWD/var/mail}"
mkdir -p "$EMAIL_FILE_PATH"
unset DATABASE_URL
mkdir -p var
python manage.py migrate --noinput
python manage.py collectstatic --noinput -v 0
# Seeding runs the engine in this process; the web server then hands analyses to the worker.
python manage.py seed_demo ${DEMO_SEED_ARGS:-}
export CELERY_TASK_ALWAYS_EAGER=false CELERY_BROKER_URL=filesystem://
# One worker process for every queue (solo pool: MediaPipe runs one clip at a time), with beat inside
# for the reconciler. It stops with the demo.
celery -A studiohealth worker -B --pool solo -Q video,reports,notifications,default,maintenance \
  --schedule "${VAR_DIR:-var}/celerybeat-schedule" --without-gossip --without-mingle -l warning &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT INT TERM
host="${DEMO_HOST:-127.0.0.1}"; port="${DEMO_PORT:-8000}"
echo
echo "==> studiohealth demo at http://$host:$port/  (logins printed above; API docs at http://$host:$port/api/docs/)"
echo "==> e-mails the demo sends (invitations, confirmations, password resets) are files in $EMAIL_FILE_PATH"
gunicorn studiohealth.wsgi:application --bind "$host:$port" --workers 2 --threads 4 \
  --env DJANGO_SETTINGS_MODULE=studiohealth.settings.local --access-logfile -
