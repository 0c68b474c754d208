#!/usr/bin/env bash
# The README's test command (after `make` installed everything): real PostgreSQL, Redis, Celery worker.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/services.sh
. "${VENV:-.venv}/bin/activate"
export DJANGO_SETTINGS_MODULE=studiohealth.settings.test
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/0}"
export PYTHONHASHSEED=0

echo "==> ruff"
ruff check .
echo "==> migrations are up to date"
python manage.py makemigrations --check --dry-run
echo "==> deploy checks with production-like settings"
DJANGO_SETTINGS_MODULE=studiohealth.settings.production SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
  ALLOWED_HOSTS=studio.example.com python manage.py check --deploy --fail-level WARNING
echo "==> pytest (PostgreSQL $(psql "$DATABASE_URL" -Atc 'show server_version'), Redis $(redis-cli info server | grep redis_version | tr -d '\r'))"
mkdir -p test-artifacts
set +e
pytest -p no:cacheprovider "$@"
status=$?
set -e
[ "$status" -eq 5 ] && { echo "pytest collected no tests" >&2; exit 1; }
exit "$status"
