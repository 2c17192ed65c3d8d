FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY imp_screening imp_screening
COPY streams streams
RUN pip install --no-cache-dir .
COPY . .
RUN DJANGO_SETTINGS_MODULE=imp_screening.settings.local python manage.py collectstatic --noinput
EXPOSE 8000
# gunicorn.conf.py: bind, workers, and the timeout after which a stuck worker is replaced.
CMD ["gunicorn", "-c", "gunicorn.conf.py", "imp_screening.wsgi:application"]
