# Payesh production image: Python 3.11 slim, psycopg2 built against libpq in a build stage,
# static files collected for whitenoise, gunicorn as a non-root user on port 8000.
FROM python:3.11-slim-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends build-essential libpq-dev \
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt /tmp/requirements.txt
RUN python -m venv /opt/venv && /opt/venv/bin/pip install --no-cache-dir -r /tmp/requirements.txt

FROM python:3.11-slim-bookworm
# libpango: WeasyPrint renders the meeting minutes as PDF through it.
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 libpango-1.0-0 libpangoft2-1.0-0 \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 1000 --home /app payesh
ENV PATH=/opt/venv/bin:$PATH PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=config.settings WEB_CONCURRENCY=3 GUNICORN_THREADS=4
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY --chown=payesh:payesh . /app
# collectstatic needs settings to load; the build-time key is thrown away with the layer.
RUN SECRET_KEY=build-only DATABASE_URL=sqlite:////tmp/build.sqlite3 python manage.py collectstatic --noinput -v0
USER payesh
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status == 200 else 1)"
# Migrations run through the documented command: docker compose run --rm web python manage.py migrate
CMD ["sh", "-c", "exec gunicorn config.wsgi:application --bind 0.0.0.0:8000 --workers ${WEB_CONCURRENCY} --worker-class gthread --threads ${GUNICORN_THREADS} --keep-alive 75 --timeout 60 --access-logfile -"]
