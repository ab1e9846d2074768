#!/usr/bin/env bash
# Every test, on SQLite and then on a PostgreSQL started here on 127.0.0.1.
# Installs Debian's Chromium and PostgreSQL when run as root and they are missing;
# otherwise fails and says what is missing. Nothing is skipped silently.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
command -v pdftotext >/dev/null 2>&1 || need_apt+=(poppler-utils)
# The PDFs are set in DejaVu Sans.
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need_apt+=(fonts-dejavu-core)
# and in Noto for the scripts DejaVu lacks (Arabic script, Bengali, Gurmukhi; Chinese).
[ -f /usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf ] || need_apt+=(fonts-noto-core)
[ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || need_apt+=(fonts-noto-cjk)
# msgfmt checks the translation catalogues (locale/).
command -v msgfmt >/dev/null 2>&1 || need_apt+=(gettext)
# The deployment test (hub/tests/test_deploy.py) runs the nginx site in deploy/ with a
# self-signed certificate, and checks the systemd units with systemd-analyze.
[ -x /usr/sbin/nginx ] || need_apt+=(nginx)
command -v openssl >/dev/null 2>&1 || need_apt+=(openssl)
command -v systemd-analyze >/dev/null 2>&1 || need_apt+=(systemd)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "Installing ${need_apt[*]} from Debian's packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null
    apt-get install -y -q "${need_apt[@]}" >/dev/null
  else
    echo "make test needs Debian packages: ${need_apt[*]}. Install them (sudo apt-get install ${need_apt[*]}) and run again." >&2
    exit 1
  fi
fi

echo "== Lint and checks"
.venv/bin/ruff check .
$PY manage.py check
$PY manage.py makemigrations --check --dry-run >/dev/null || {
  echo "Model changes have no migration: run manage.py makemigrations" >&2; exit 1; }

status=0
echo "== Tests on SQLite"
$PY -m pytest "$@" || status=1
echo "== Tests on PostgreSQL (the browser journeys and the deployment ran above: the database does not change them)"
./scripts/postgres.sh run $PY -m pytest -m "not browser and not deploy" "$@" || status=1
exit $status
