"""The Dockerfile and compose.yaml agree with the tested deployment in deploy/.

Base images cannot be pulled on the machines this project is built on, so the image is never
built here and the compose file never run. What can be checked without Docker is checked:
the web and job runner run the systemd units' commands (which hub/tests/test_deploy.py runs
behind nginx over HTTPS), as the non-root user the units use, with WeasyPrint's libraries and
the fonts the PDFs need, from the hashed lock; the proxy is the same nginx site; the settings
files name only variables the app or the database image reads.
"""

import json
import re
import shlex

import pytest
import yaml

from .test_deploy import INSTALLED, ROOT, env_file, unit

pytestmark = pytest.mark.deploy


def instructions(stage: str) -> list[tuple[str, str]]:
    """The Dockerfile's instructions in one stage (`FROM … AS stage`), as (INSTRUCTION, rest)."""
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text())
    found, current = [], None
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        word, _, rest = line.partition(" ")
        if word.upper() == "FROM":
            current = rest.split()[-1] if " AS " in rest.upper() else None
        if current == stage:
            found.append((word.upper(), rest.strip()))
    assert found, f"no stage {stage!r} in the Dockerfile"
    return found


def values(stage: str, instruction: str) -> list[str]:
    return [rest for word, rest in instructions(stage) if word == instruction]


def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def unit_argv(name: str) -> list[str]:
    (exec_start,) = unit(name)["Service.ExecStart"]
    return shlex.split(exec_start)


def test_both_images_are_debian_bookworm():
    assert values("app", "FROM") == ["python:3.11-slim-bookworm AS app"]
    assert values("proxy", "FROM") == ["debian:bookworm-slim AS proxy"]


def test_the_app_runs_as_the_units_user_not_root():
    (user,) = unit("selfhelphub-web.service")["Service.User"]
    assert values("app", "USER") == [user]
    words = [word for word, _rest in instructions("app")]
    assert words.index("USER") < words.index("CMD")
    for name in ("web", "jobs"):
        assert compose()["services"][name]["user"] == user
        assert compose()["services"][name]["read_only"] is True


def test_the_image_has_weasyprints_libraries_and_the_fonts_the_tests_install():
    installs = " ".join(rest for rest in values("app", "RUN") if "apt-get install" in rest).split()
    # The fonts scripts/test.sh installs for the PDF tests (and the README lists for a server).
    fonts = set(re.findall(r"need_apt\+=\((fonts-[a-z-]+)\)", (ROOT / "scripts" / "test.sh").read_text()))
    assert fonts == {"fonts-dejavu-core", "fonts-noto-core", "fonts-noto-cjk"}
    assert fonts <= set(installs)
    assert {"libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0"} <= set(installs)
    assert "gettext" not in installs  # the compiled catalogues are committed


def test_the_image_installs_the_hashed_lock_and_collects_static_files():
    runs = values("app", "RUN")
    assert any(".venv/bin/pip install --require-hashes -r requirements.txt" in run for run in runs)
    assert any("manage.py collectstatic --no-input" in run for run in runs)
    assert values("app", "WORKDIR") == [INSTALLED]


def test_the_web_container_runs_the_web_units_command():
    web = unit_argv("selfhelphub-web.service")
    (cmd,) = values("app", "CMD")
    assert json.loads(cmd) == web
    assert compose()["services"]["web"]["command"] == web


def test_the_job_runner_container_runs_the_jobs_units_command_and_may_finish_an_import():
    jobs = compose()["services"]["jobs"]
    assert jobs["command"] == unit_argv("selfhelphub-jobs.service")
    assert jobs["stop_signal"] == "SIGTERM"
    (timeout,) = unit("selfhelphub-jobs.service")["Service.TimeoutStopSec"]
    assert jobs["stop_grace_period"] == timeout.removesuffix("in")  # 15min there, 15m here


def test_the_proxy_is_the_tested_nginx_site_in_front_of_the_web_container():
    assert ["deploy/nginx/selfhelphub.conf", "/etc/nginx/sites-enabled/selfhelphub"] in [
        rest.split() for rest in values("proxy", "COPY")]
    services = compose()["services"]
    # It shares the web container's network: gunicorn on 127.0.0.1:8000, and TRUSTED_PROXIES 127.0.0.1.
    assert services["proxy"]["network_mode"] == "service:web"
    assert env_file(ROOT / "deploy" / "compose.env.example")["TRUSTED_PROXIES"] == "127.0.0.1"
    assert set(services) == {"db", "web", "jobs", "proxy"}


def test_the_database_client_can_back_up_the_database_server():
    """manage.py backup needs a pg_dump of the server's version or later."""
    server = re.fullmatch(r"postgres:(\d+)-bookworm", compose()["services"]["db"]["image"]).group(1)
    installs = " ".join(values("app", "RUN"))
    assert f"postgresql-client-{server}" in installs


def test_the_container_settings_name_only_known_variables():
    known = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.MULTILINE))
    names = set(env_file(ROOT / "deploy" / "compose.env.example"))
    assert {name for name in names if not name.startswith("POSTGRES_")} <= known
    assert "deploy/compose.env" in (ROOT / ".gitignore").read_text().split()


def test_nothing_local_or_secret_goes_into_the_image():
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".git", ".venv", ".local", ".env", "deploy/compose.env", "db.sqlite3*", "staticfiles"} <= set(ignored)
    for stage in ("app", "proxy"):
        for rest in values(stage, "COPY"):
            *sources, _target = rest.split()
            assert all(source == "." or (ROOT / source).exists() for source in sources), rest


def test_the_settings_file_every_container_reads_has_a_committed_example():
    files = {service["env_file"] for service in compose()["services"].values() if "env_file" in service}
    assert files == {"deploy/compose.env"}
    assert (ROOT / "deploy" / "compose.env.example").exists()
