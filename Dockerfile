# Self Help Hub in containers, for hosts that use them (compose.yaml runs PostgreSQL, the web
# app, the job runner and nginx). Debian bookworm throughout, as on a server (deploy/).
# Base images could not be pulled where this was written, so it has not been built there:
# hub/tests/test_containers.py checks what can be checked without building (README,
# "Running it for real").

# --- The app: the web pages (gunicorn) and the job runner, as user selfhelphub.
FROM python:3.11-slim-bookworm AS app

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint's libraries (Pango, HarfBuzz) and the fonts the PDFs are set in: DejaVu Sans
# for Latin, Greek and Cyrillic; Noto for Arabic script, Bengali, Gurmukhi and Chinese.
# postgresql-client: pg_dump and pg_restore for manage.py backup and restore (PostgreSQL 15,
# as in compose.yaml). No gettext: the compiled catalogues are in the repository.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
      fonts-dejavu-core fonts-noto-core fonts-noto-cjk \
      postgresql-client-15 \
 && rm -rf /var/lib/apt/lists/*

RUN groupadd --system selfhelphub \
 && useradd --system --gid selfhelphub --home-dir /srv/selfhelphub --shell /usr/sbin/nologin selfhelphub

WORKDIR /srv/selfhelphub
# Exactly the pinned versions, checked against their hashes (one lock for the app and its
# tests: the test tools come too, and are never run here).
COPY requirements.txt ./
RUN python -m venv .venv && .venv/bin/pip install --require-hashes -r requirements.txt

# The code, owned by root: the app cannot change it. Its static files are collected now
# (WhiteNoise serves them); the settings need a key and an address to start, not these.
COPY . .
RUN DEBUG=false SECRET_KEY=only-for-collectstatic SITE_URL=https://build.invalid \
    DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    .venv/bin/python manage.py collectstatic --no-input -v0 \
 && rm -f /tmp/build.sqlite3*

USER selfhelphub
ENV PATH=/srv/selfhelphub/.venv/bin:$PATH
# The web service's command in deploy/selfhelphub-web.service: gunicorn on 127.0.0.1:8000,
# reached by the proxy, which shares this container's network (compose.yaml). The job
# runner is the same image with the jobs unit's command.
CMD ["/srv/selfhelphub/.venv/bin/gunicorn", "hub.wsgi:application", "--bind", "127.0.0.1:8000", "--workers", "3", "--no-control-socket"]

# --- The proxy: Debian's nginx with the site in deploy/nginx/, as on a server.
FROM debian:bookworm-slim AS proxy
RUN apt-get update \
 && apt-get install -y --no-install-recommends nginx \
 && rm -rf /var/lib/apt/lists/* \
 && rm -f /etc/nginx/sites-enabled/default \
 && mkdir -p /var/log/nginx/selfhelphub /var/www/letsencrypt
COPY deploy/nginx/selfhelphub.conf /etc/nginx/sites-enabled/selfhelphub
# The master process starts as root to listen on ports 80 and 443; workers run as www-data.
CMD ["nginx", "-g", "daemon off;"]
