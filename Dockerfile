# Production image: web (gunicorn), Celery worker and beat all run from it (see docker-compose.yml).
# Debian bookworm, like the CI machines, where .ci/production_check.py runs what this image does.
FROM python:3.11-slim-bookworm

# WeasyPrint's PDF reports need Pango (with HarfBuzz's subsetter for small PDFs) and the DejaVu fonts
# the reports name; without Pango every PDF report failed.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=imp_screening.settings.production
WORKDIR /app
COPY pyproject.toml README.md ./
COPY imp_screening imp_screening
COPY streams streams
COPY applications applications
RUN pip install --no-cache-dir .
COPY . .

# Static files as production serves them: hashed names and the manifest that
# CompressedManifestStaticFilesStorage reads. Collected under the production settings (under the
# local settings no manifest was written and every page of the image was a 500). The values below
# exist for this command only: collectstatic reads no secret, no database and no broker.
RUN DJANGO_SECRET_KEY=collectstatic-at-build-only DJANGO_ALLOWED_HOSTS=localhost \
    REDIS_URL=redis://localhost:6379/0 python manage.py collectstatic --noinput

# Run as an unprivileged user; the code and the static files stay owned by root, read-only to it.
RUN useradd --system --uid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin app
USER app

EXPOSE 8000
# GET /healthz on the local gunicorn, sent as the TLS proxy would (HTTPS redirects are on).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["python", "-m", "imp_screening.healthcheck"]
# gunicorn.conf.py: bind, workers, and the timeout after which a stuck worker is replaced.
CMD ["gunicorn", "-c", "gunicorn.conf.py", "imp_screening.wsgi:application"]
