"""The deployment in deploy/ works as committed.

The systemd units' own commands are started (systemd itself need not be running: the test
reads ExecStart, WorkingDirectory and Environment from the unit files and runs them with the
checkout in place of /srv/selfhelphub), with the settings of deploy/env.example (a test
database, key, address and mail server put in), behind the committed nginx site (test ports,
a self-signed certificate and a log folder put in). A visitor then goes through nginx over
HTTPS: plain HTTP is redirected, a search finds groups, a sign-in works with secure cookies
(so X-Forwarded-Proto reached the app), the contact form's limit counts the visitor's real
address whatever X-Forwarded-For they send, the access log keeps no query string and no
token, and the job runner sends the outbox and stops cleanly on SIGTERM. `check --deploy`
is clean with the same settings.

Marked `deploy`: it runs once, in the SQLite pass of scripts/test.sh (its database is a
SQLite file of its own whatever DATABASE_URL says). Needs Debian's nginx and openssl.
"""

import hashlib
import os
import re
import shlex
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from requests.adapters import HTTPAdapter

from outbox.tests.test_smtp import MailServer, free_port

pytestmark = pytest.mark.deploy

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
# Where the units expect the checkout (README, "Running it for real").
INSTALLED = "/srv/selfhelphub"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
# The PATH systemd gives a service.
SYSTEMD_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
DEMO_PASSWORD = "selfhelp-demo"  # directory/demo.py's fictional accounts


# --- Reading the committed files


def unit(name: str) -> dict[str, list[str]]:
    """A systemd unit file's settings: each key (section.key) with its values, in order."""
    settings: dict[str, list[str]] = {}
    section = ""
    text = (DEPLOY / name).read_text().replace("\\\n", " ")
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            section = line.strip("[]")
            continue
        key, _, value = line.partition("=")
        settings.setdefault(f"{section}.{key.strip()}", []).append(value.strip())
    return settings


def unit_command(name: str) -> tuple[list[str], Path, dict[str, str]]:
    """The unit's ExecStart as an argument list, its working directory and its Environment=,
    with the checkout in place of the install folder."""
    service = unit(name)
    (exec_start,) = service["Service.ExecStart"]
    (directory,) = service["Service.WorkingDirectory"]
    assert directory == INSTALLED
    command = [part.replace(INSTALLED, str(ROOT), 1) if part.startswith(INSTALLED + "/") else part
               for part in shlex.split(exec_start)]
    environment = dict(entry.split("=", 1) for entry in service.get("Service.Environment", []))
    return command, ROOT, environment


def env_file(path: Path) -> dict[str, str]:
    """A systemd EnvironmentFile: NAME=value lines; comments and blank lines ignored."""
    values = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name] = value
    return values


def nginx_site() -> str:
    return (DEPLOY / "nginx" / "selfhelphub.conf").read_text()


def replace(text: str, old: str, new: str) -> str:
    """`text` with `old` replaced, failing if the committed file no longer has it (so the
    test cannot quietly stop testing what it says)."""
    assert old in text, f"the committed file no longer has {old!r}"
    return text.replace(old, new)


# --- The files, as files


def test_the_units_are_valid_for_systemd(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.fail("systemd-analyze (Debian's systemd package) is needed to check the units")
    for name in ("selfhelphub-web.service", "selfhelphub-jobs.service"):
        # The executables must exist for systemd-analyze: the checkout's, as in the test below.
        (tmp_path / name).write_text((DEPLOY / name).read_text().replace(INSTALLED + "/.venv", str(ROOT / ".venv")))
    result = subprocess.run([analyze, "verify", *sorted(str(path) for path in tmp_path.iterdir())],
                            capture_output=True, text=True, timeout=60)
    # An unknown or misspelt setting is only a warning to systemd: none is allowed here.
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr


@pytest.mark.parametrize("name", ["selfhelphub-web.service", "selfhelphub-jobs.service"])
def test_each_unit_runs_as_its_own_user_in_a_read_only_system(name):
    service = unit(name)
    assert service["Service.User"] == ["selfhelphub"]
    assert service["Service.EnvironmentFile"] == ["/etc/selfhelphub/env"]
    for key, value in [("ProtectSystem", "strict"), ("PrivateTmp", "yes"), ("NoNewPrivileges", "yes"),
                       ("ProtectHome", "yes"), ("ReadWritePaths", "/var/lib/selfhelphub"),
                       ("StateDirectory", "selfhelphub"), ("CapabilityBoundingSet", "")]:
        assert service[f"Service.{key}"] == [value], key


def test_the_job_runner_is_stopped_with_sigterm_and_given_time_to_finish_an_import():
    service = unit("selfhelphub-jobs.service")
    assert service["Service.KillSignal"] == ["SIGTERM"]
    (timeout,) = service["Service.TimeoutStopSec"]
    minutes = int(timeout.removesuffix("min")) if timeout.endswith("min") else int(timeout) / 60
    assert minutes >= 10


def test_the_proxy_takes_an_import_as_large_as_the_app_allows():
    from django.conf import settings

    (size,) = re.findall(r"^\s*client_max_body_size (\d+)m;", nginx_site(), re.MULTILINE)
    assert settings.IMPORT_MAX_UPLOAD_MB < int(size) <= settings.IMPORT_MAX_UPLOAD_MB + 2


def test_the_access_log_format_has_no_query_string():
    (log_format,) = re.findall(r"^log_format selfhelphub (.*);$", nginx_site(), re.MULTILINE)
    for variable in ("$request_uri", "$request ", "$args", "$query_string", "$http_referer", "$uri"):
        assert variable not in log_format + " "
    assert "$selfhelphub_logged_path" in log_format


def test_the_server_env_file_sets_only_known_variables():
    known = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.MULTILINE))
    values = env_file(DEPLOY / "env.example")
    assert set(values) <= known, set(values) - known
    assert values["DEBUG"] == "false"
    assert values["TRUSTED_PROXIES"] == "127.0.0.1"  # the nginx site on the same machine


# --- The deployment, running


class FromAddress(HTTPAdapter):
    """Requests sent from one loopback address (127.0.0.2, …), so that the visitor is not the
    proxy's own address (127.0.0.1, which the site trusts)."""

    def __init__(self, source: str, **kwargs):
        self.source = source
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.source, 0)
        super().init_poolmanager(*args, **kwargs)


class Site:
    def __init__(self, folder: Path):
        self.folder = folder
        self.https_port, self.http_port, self.app_port = free_port(), free_port(), free_port()
        self.base = f"https://127.0.0.1:{self.https_port}"
        self.certificate = folder / "certificate.pem"
        self.logs = folder / "logs"
        self.secret = "deploy-test-" + "k" * 60
        self.mail = MailServer(free_port())
        self.processes: list[subprocess.Popen] = []

    # The settings the units would read from /etc/selfhelphub/env, and the unit's Environment=.
    def environment(self, unit_environment: dict[str, str]) -> dict[str, str]:
        values = env_file(DEPLOY / "env.example")
        (self.folder / "secret_key").write_text(self.secret)
        values.update(
            SECRET_KEY_FILE=str(self.folder / "secret_key"),
            DATABASE_URL=f"sqlite:///{self.folder / 'db.sqlite3'}",
            ALLOWED_HOSTS="127.0.0.1",
            SITE_URL=self.base,
            # Browsers send the port in Origin and Referer; nginx passes $host, without it. On
            # port 443, as on a real site, the two agree with nothing set here.
            CSRF_TRUSTED_ORIGINS=self.base,
            EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(self.mail.port), EMAIL_USE_TLS="false",
            EMAIL_HOST_USER="", EMAIL_TIMEOUT="5",
        )
        values.pop("EMAIL_HOST_PASSWORD_FILE")
        # systemd starts a service with a near-empty environment (its own PATH): so does the test.
        return {"PATH": SYSTEMD_PATH, "LANG": "C.UTF-8", **values, **unit_environment}

    def manage(self, *args, timeout=300):
        return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=self.env,
                              capture_output=True, text=True, timeout=timeout)

    def start(self):
        self.logs.mkdir()
        self.mail.start()
        self.web_command, cwd, unit_environment = unit_command("selfhelphub-web.service")
        self.env = self.environment(unit_environment)
        # Static files are collected while the database is made (2 cores: about half the time).
        collect = subprocess.Popen([sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT,
                                   env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for args in (["migrate", "--no-input", "-v0"], ["load_demo"]):
            result = self.manage(*args)
            assert result.returncode == 0, result.stdout + result.stderr
        output, _ = collect.communicate(timeout=300)
        assert collect.returncode == 0, output

        # The unit's command, on a free port instead of 8000.
        assert "--bind 127.0.0.1:8000" in " ".join(self.web_command)
        self.web_command = [part.replace("127.0.0.1:8000", f"127.0.0.1:{self.app_port}") for part in self.web_command]
        self.web = self.spawn(self.web_command, cwd, "web")
        self.start_nginx()
        self.wait_until_up()

    def spawn(self, command, cwd, name) -> subprocess.Popen:
        log = (self.logs / f"{name}.log").open("w")
        process = subprocess.Popen(command, cwd=cwd, env=self.env, stdout=log, stderr=subprocess.STDOUT, text=True)
        self.processes.append(process)
        return process

    def start_nginx(self):
        (self.folder / "tls").mkdir()
        key = self.folder / "tls" / "key.pem"
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
             "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(self.certificate)],
            check=True, capture_output=True, timeout=60,
        )
        site = nginx_site()
        site = replace(site, "listen 80;", f"listen 127.0.0.1:{self.http_port};")
        site = replace(site, "listen 443 ssl http2;", f"listen 127.0.0.1:{self.https_port} ssl http2;")
        site = re.sub(r"^\s*listen \[::\]:.*$", "", site, flags=re.MULTILINE)  # this machine may have no IPv6
        site = replace(site, "/etc/letsencrypt/live/hub.example.org/fullchain.pem", str(self.certificate))
        site = replace(site, "/etc/letsencrypt/live/hub.example.org/privkey.pem", str(key))
        site = replace(site, "/var/log/nginx/selfhelphub/", f"{self.logs}/")
        site = replace(site, "server 127.0.0.1:8000;", f"server 127.0.0.1:{self.app_port};")
        (self.folder / "selfhelphub.conf").write_text(site)
        # What Debian's /etc/nginx/nginx.conf gives the site, with every path in the test's folder.
        user = "user root root;" if os.geteuid() == 0 else ""  # workers as root, to write the test's folders
        temp = " ".join(f"{kind}_temp_path {self.folder / kind};"
                        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        (self.folder / "nginx.conf").write_text(f"""
            {user}
            daemon off;
            worker_processes 1;
            pid {self.folder / 'nginx.pid'};
            error_log {self.logs / 'nginx.log'};
            events {{ worker_connections 64; }}
            http {{
                include /etc/nginx/mime.types;
                default_type application/octet-stream;
                {temp}
                include {self.folder / 'selfhelphub.conf'};
            }}
        """)
        check = subprocess.run([NGINX, "-t", "-p", str(self.folder), "-c", str(self.folder / "nginx.conf")],
                               capture_output=True, text=True, timeout=30)
        assert check.returncode == 0, check.stderr
        self.nginx = self.spawn([NGINX, "-p", str(self.folder), "-c", str(self.folder / "nginx.conf")],
                                self.folder, "nginx-process")

    def wait_until_up(self):
        deadline, last = time.monotonic() + 60, None
        while True:
            for process in self.processes:
                assert process.poll() is None, f"{process.args[0]} stopped:\n" + self.log_text()
            try:
                if self.visitor("127.0.0.2").get(f"{self.base}/healthz", timeout=5).status_code in (200, 503):
                    return
            except requests.ConnectionError as error:
                last = error
            assert time.monotonic() < deadline, f"the site did not come up ({last}):\n" + self.log_text()
            time.sleep(0.3)

    def log_text(self) -> str:
        return "\n".join(f"--- {path.name}\n{path.read_text()[-3000:]}" for path in sorted(self.logs.glob("*.log")))

    def visitor(self, address: str) -> requests.Session:
        session = requests.Session()
        session.mount("https://", FromAddress(address))
        session.mount("http://", FromAddress(address))
        session.verify = str(self.certificate)
        session.trust_env = False  # REQUESTS_CA_BUNDLE or a proxy in the environment would win over the above
        return session

    def stop(self):
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        self.mail.stop()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    for tool in ("openssl", NGINX):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is needed (Debian's nginx and openssl packages; scripts/test.sh installs them)")
    running = Site(tmp_path_factory.mktemp("deploy"))
    try:
        running.start()
        yield running
    finally:
        running.stop()


def csrf_token(html: str) -> str:
    (token,) = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))
    return token


def test_plain_http_is_sent_to_https(site):
    response = site.visitor("127.0.0.2").get(f"http://127.0.0.1:{site.http_port}/search/?q=carers",
                                              allow_redirects=False, timeout=10)
    assert response.status_code == 301
    assert response.headers["Location"] == "https://127.0.0.1/search/?q=carers"


def test_a_search_through_the_proxy_finds_groups(site):
    response = site.visitor("127.0.0.2").get(f"{site.base}/search/", params={"q": "carers"}, timeout=30)
    assert response.status_code == 200
    assert len(set(re.findall(r'href="/groups/([a-z0-9-]+)/"', response.text))) >= 2
    # The app knows the visitor came over HTTPS (X-Forwarded-Proto), so it tells browsers to stay there.
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    # WhiteNoise serves the collected, hashed static files through the proxy.
    (stylesheet,) = re.findall(r'href="(/static/css/[^"]+\.css)"', response.text)[:1]
    css = site.visitor("127.0.0.2").get(site.base + stylesheet, timeout=10)
    assert css.status_code == 200 and "max-age=315360000" in css.headers["Cache-Control"]


def test_signing_in_works_over_https_with_secure_cookies(site):
    browser = site.visitor("127.0.0.3")
    form = browser.get(f"{site.base}/account/sign-in/", timeout=10)
    response = browser.post(
        form.url, headers={"Origin": site.base, "Referer": form.url}, timeout=30,
        data={"csrfmiddlewaretoken": csrf_token(form.text), "username": "coordinator@example.org",
              "password": DEMO_PASSWORD},
    )
    assert response.status_code == 200, response.text[:2000]
    assert response.history and {step.status_code for step in response.history} == {302}
    assert "/account/sign-in/" not in response.url
    assert "Sign out" in response.text
    cookies = {cookie.name: cookie for cookie in browser.cookies}
    # The cookies are sent over HTTPS only, so this session worked only because the app saw HTTPS.
    assert cookies["sessionid"].secure and cookies["csrftoken"].secure


def send_contact_form(browser, base: str, forwarded_for: str) -> requests.Response:
    form = browser.get(f"{base}/contact/", timeout=10)
    return browser.post(
        form.url, timeout=30,
        headers={"Origin": base, "Referer": form.url, "X-Forwarded-For": forwarded_for, "X-Real-IP": forwarded_for},
        data={"csrfmiddlewaretoken": csrf_token(form.text), "topic": "where_to_start", "reply_by": "none",
              "message": "I look after my dad and would like to meet other carers.", "consent": "on",
              "website": "", "name": "", "reply_to": "", "good_times": "", "introduction_reference": ""},
    )


def hit_keys(site) -> list[str]:
    with sqlite3.connect(site.folder / "db.sqlite3") as database:
        return [key for (key,) in database.execute(
            "SELECT key FROM accounts_ratelimithit WHERE \"limit\" = 'enquiry'")]


def limit_key(site, visitor: str) -> str:
    return hashlib.sha256(f"{site.secret}:enquiry:{visitor}".encode()).hexdigest()  # accounts.limits.Limit.key


def test_the_limits_count_the_visitor_nginx_saw_not_the_address_they_wrote(site):
    """X-Forwarded-For written by the visitor (a fresh address each time, or the proxy's own) is
    ignored: the limit on messages to the team counts 127.0.0.4, where the requests came from."""
    visitor = site.visitor("127.0.0.4")
    allowed = int(site.env.get("ENQUIRIES_PER_HOUR_PER_SENDER", "3"))
    pretended = [f"203.0.113.{n}" for n in range(allowed)] + ["127.0.0.1"]
    answers = [send_contact_form(visitor, site.base, address) for address in pretended]
    assert [answer.status_code for answer in answers[:allowed]] == [200] * allowed
    assert all(answer.url.endswith("/contact/sent/") for answer in answers[:allowed])
    assert answers[-1].status_code == 400
    assert "You have sent several messages in the last hour" in answers[-1].text
    keys = hit_keys(site)
    assert keys.count(limit_key(site, "127.0.0.4")) == allowed
    for address in [*pretended, "127.0.0.1"]:
        assert limit_key(site, address) not in keys
    # Someone else, from another address, is not held back.
    assert send_contact_form(site.visitor("127.0.0.5"), site.base, "127.0.0.4").url.endswith("/contact/sent/")


def test_the_access_log_keeps_neither_query_strings_nor_tokens(site):
    token = "Ab1:1vXyZ2:" + "s" * 30
    visitor = site.visitor("127.0.0.6")
    visitor.get(f"{site.base}/search/", params={"q": "bereavement", "where": "LS6 1AA"}, timeout=30)
    visitor.get(f"{site.base}/account/sign-in/link/{token}/", timeout=30)
    log = (site.logs / "access.log").read_text()
    assert '"GET /search/"' in log
    assert '"GET /account/sign-in/link/[token]/"' in log
    for secret in ("bereavement", "LS6", token, "1vXyZ2"):
        assert secret not in log


def test_the_job_runner_sends_the_outbox_and_stops_cleanly_on_sigterm(site):
    assert send_contact_form(site.visitor("127.0.0.7"), site.base, "").url.endswith("/contact/sent/")
    command, cwd, _environment = unit_command("selfhelphub-jobs.service")
    assert command[-3:] == ["manage.py", "run_jobs", "--forever"]
    runner = site.spawn(command, cwd, "jobs")
    deadline = time.monotonic() + 120
    while not any("staff@example.org" in recipients for recipients, _message in site.mail.inbox.messages):
        assert runner.poll() is None, site.log_text()
        assert time.monotonic() < deadline, "no email reached the mail server:\n" + site.log_text()
        time.sleep(0.3)
    runner.send_signal(signal.SIGTERM)
    assert runner.wait(timeout=120) == 0
    output = (site.logs / "jobs.log").read_text()
    assert "outbox.jobs.send_queued: " in output
    assert output.rstrip().endswith("Stopped.")


def test_the_deployment_checks_are_clean_with_the_server_settings(site):
    result = site.manage("check", "--deploy", "--fail-level", "WARNING", timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
