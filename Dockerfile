# Production image: gunicorn for the web, the same image for the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production

RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-noto-cjk fonts-hanazono libpango-1.0-0 \
      libpangoft2-1.0-0 libharfbuzz-subset0 gettext curl \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install --upgrade pip && pip install -e .
COPY . .
# Static files and translations are built into the image; the build needs no database.
RUN SECRET_KEY=build-only-key-that-is-long-enough-for-the-check ALLOWED_HOSTS=build \
    DATABASE_URL=postgres://build@localhost/build REDIS_URL=redis://localhost:6379/0 \
    python manage.py collectstatic --noinput \
 && python manage.py compilemessages -v 0 \
 && python manage.py pdf_fonts \
 && useradd --system --uid 1000 tiaojie && mkdir -p /data/private && chown -R tiaojie /data
USER tiaojie
ENV PRIVATE_MEDIA_ROOT=/data/private STATIC_ROOT=/app/var/static
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "-c", "config/gunicorn.conf.py"]
