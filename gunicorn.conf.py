"""gunicorn settings for the web container (Dockerfile, docker-compose.yml), read from the
environment. https://docs.gunicorn.org/en/stable/settings.html"""

import os

from imp_screening.privacy import gunicorn_logger_class

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
# A worker silent for this long is killed and replaced, so a hung request cannot hold a worker for
# ever. Longer than the database's statement timeout (DATABASE_STATEMENT_TIMEOUT, 20 s), so the
# database cancels a slow query first and the request ends with an error page, not a dropped
# connection; well under the minute after which clients and proxies give up.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5

# One line per request on stdout, with private-link tokens replaced (imp_screening/privacy.py).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
logger_class = gunicorn_logger_class()
