# One image for web, worker and beat (docker-compose.yml picks the command).
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core libgl1 libglib2.0-0 ffmpeg \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt requirements-mediapipe.txt ./
RUN pip install --no-cache-dir -r requirements.txt \
    && pip install --no-cache-dir --no-deps -r requirements-mediapipe.txt
COPY . .
# .dockerignore keeps .env, var/, .git, .venv and test artifacts out of this layer.
RUN useradd --create-home --uid 1000 app && mkdir -p /app/var/media && chown -R app /app/var
USER app
RUN DJANGO_SETTINGS_MODULE=studiohealth.settings.local python manage.py collectstatic --noinput -v 0
EXPOSE 8000
# Timeouts and worker class for uploads: gunicorn.conf.py. Migrations: the one-shot `migrate` service.
CMD ["gunicorn", "-c", "gunicorn.conf.py", "studiohealth.wsgi:application"]
