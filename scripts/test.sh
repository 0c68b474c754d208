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
echo "==> mypy"
mypy
echo "==> migrations are up to date"
python manage.py makemigrations --check --dry-run
echo "==> deploy checks with production-like settings"
DJANGO_SETTINGS_MODULE=studiohealth.settings.production SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
  ALLOWED_HOSTS=studio.example.com python manage.py check --deploy --fail-level WARNING
echo "==> pip-audit: known vulnerabilities in the pinned requirements (PyPI advisory data)"
audit_dependencies() {
  # Real findings fail the run. Only an unreachable advisory service is a warning (offline builds).
  local log status
  log="$(mktemp)"
  set +e
  pip-audit --disable-pip --no-deps --progress-spinner off "$@" >"$log" 2>&1
  status=$?
  set -e
  if [ "$status" -eq 0 ]; then
    grep -E "^No known vulnerabilities found" "$log" || true
    local skipped
    skipped="$(grep -c "could not be audited" "$log" || true)"
    if [ "${skipped:-0}" -gt 0 ]; then
      echo "WARNING: pip-audit could not audit ${skipped} pin(s) (version unknown to the PyPI JSON API):" >&2
      grep "could not be audited" "$log" | awk '{print "  " $1}' | sort -u | tr '\n' ' ' >&2
      echo >&2
    fi
  elif grep -qE "^Found [0-9]+ known vulnerabilit" "$log"; then
    cat "$log"
    echo "pip-audit: vulnerable pinned dependencies (see above); upgrade the pins." >&2
    return 1
  elif grep -qiE "Name or service not known|Temporary failure in name resolution|Max retries exceeded|ConnectionError|ConnectTimeout|ReadTimeout|Network is unreachable" "$log"; then
    tail -n 3 "$log" >&2
    echo "WARNING: pip-audit could not reach the vulnerability service; dependency audit SKIPPED." >&2
  else
    cat "$log"
    echo "pip-audit failed (exit ${status})" >&2
    return 1
  fi
}
audit_dependencies -r requirements.txt -r requirements-dev.txt -r requirements-mediapipe.txt
echo "==> pytest (PostgreSQL $(psql "$DATABASE_URL" -Atc 'show server_version'), Redis $(redis-cli info server | grep redis_version | tr -d '\r'))"
mkdir -p test-artifacts
set +e
pytest -p no:cacheprovider "$@"
status=$?
set -e
[ "$status" -eq 5 ] && { echo "pytest collected no tests" >&2; exit 1; }
exit "$status"
