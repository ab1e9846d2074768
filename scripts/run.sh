#!/usr/bin/env bash
# Start Self Help Hub with its demo data as it would run in production (DEBUG off,
# gunicorn, WhiteNoise), on plain http://127.0.0.1 for trying it out. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}

# Everything this script creates (the secret key, the database and its journal files) is
# readable by its owner only.
umask 077
mkdir -p .local
chmod 700 .local
if [ ! -s .local/secret_key ]; then
  $PY -c "import secrets; print(secrets.token_urlsafe(50))" > .local/secret_key
  chmod 600 .local/secret_key
fi
export DEBUG=false SECRET_KEY_FILE=.local/secret_key ALLOWED_HOSTS="$HOST,localhost,127.0.0.1"
export SECURE_SSL_REDIRECT=false SECURE_HSTS_SECONDS=0 SECURE_COOKIES=false
# Links in emails point at this server, whichever port it is on.
export SITE_URL="http://$HOST:$PORT"
# A demo: emails stay in the outbox, where staff can read them (DEMO shows their bodies at
# /staff/outbox/, so the links in them can be followed); nothing is sent or printed.
export DEMO=true OUTBOX_DELIVERY_BACKEND=django.core.mail.backends.dummy.EmailBackend

$PY manage.py migrate --no-input -v0
$PY manage.py collectstatic --no-input -v0
$PY manage.py load_demo
# The printed directory is a stored copy the scheduled jobs keep (publishing/printed.py): make it now.
$PY manage.py run_jobs --only remake_printed_directory
echo "Self Help Hub is at http://$HOST:$PORT/ (Ctrl+C stops it)"
echo "Demo sign-ins: staff@example.org, coordinator@example.org and practitioner@example.org, password selfhelp-demo"
# The job runner, beside the server: scheduled jobs every few minutes, and imports that staff
# start from the web within seconds. It stops with the server (SIGTERM: it finishes the job
# under way first).
$PY manage.py run_jobs --forever > .local/run_jobs.log 2>&1 &
RUNNER=$!
# The access log leaves out query strings, and the tokens of emailed links (lib/logs.py).
.venv/bin/gunicorn hub.wsgi:application --bind "$HOST:$PORT" --workers 2 --access-logfile - \
  --logger-class lib.logs.RedactingGunicornLogger --access-logformat '%(t)s "%(m)s %(U)s" %(s)s %(b)s %(L)ss' &
SERVER=$!
stop() { kill -TERM "$SERVER" "$RUNNER" 2>/dev/null || true; wait "$SERVER" "$RUNNER" 2>/dev/null || true; }
trap 'stop; exit 0' INT TERM
trap stop EXIT
wait "$SERVER"
