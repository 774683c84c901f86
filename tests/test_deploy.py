"""The README's production walk-through, run: build the wheel, install it into a fresh
venv outside the checkout, migrate a fresh database, start gunicorn and a worker, and use
the site (landing page, sign-up, a signed-in page, an email through the worker).

It takes about a minute, so it runs once per CI run: in the SQLite run. Its build and
install start in the background when it is collected (tests/deploy.py).
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
import time
import urllib.parse
from pathlib import Path

import pytest

from tests.deploy import SERVICES, outside_env, readme_block, split_block, start_install
from tests.smtp_server import free_port
from tests.workers import REDIS_URL, redis_available, wait_for

pytestmark = pytest.mark.deploy


def service_script(lines: list[str], venv: Path, port: int, run_dir: Path) -> str:
    """The README's lines after the install, as written but with the test's venv and port:
    services start in the background, and the health check waits for gunicorn."""
    out = ["set -euo pipefail", f". {venv}/bin/activate  # as the first line left it"]
    for line in lines:
        line = line.replace("/srv/partner-net", str(venv)).replace("127.0.0.1:8000",
                                                                     f"127.0.0.1:{port}")
        if line.startswith("export "):
            continue  # the test's environment provides these (checked in the test)
        if line.startswith(SERVICES):
            name = "gunicorn" if line.startswith("gunicorn") else "worker"
            out.append(f"{line} > {run_dir}/{name}.log 2>&1 & echo $! > {run_dir}/{name}.pid")
        elif line.startswith("curl "):
            out.append(f"for _ in $(seq 150); do {line} && exit 0; sleep 0.2; done; exit 1")
        else:
            out.append(line)
    return "\n".join(out) + "\n"


class Client:
    """A tiny HTTP client with a cookie jar that ignores the Secure flag (plain HTTP here)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict[str, str] | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        connection.close()
        return response, text

    def csrf(self, path: str) -> str:
        _, page = self.request("GET", path)
        return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def stop(run_dir: Path, name: str) -> int | None:
    pid_file = run_dir / f"{name}.pid"
    if not pid_file.exists():
        return None
    pid = int(pid_file.read_text())
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return None
    for _ in range(450):  # gunicorn's graceful timeout is 30 s
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return 0
        time.sleep(0.1)
    os.kill(pid, signal.SIGKILL)
    return -9


MATCHER_CHECK = """
import importlib.util
from partner_net.domain import semantic
from partner_net.domain.matcher import Candidate, build_index, rank
assert importlib.util.find_spec("torch") is None
encoder = semantic.load()
group = [Candidate(1, "Rhys", category="Roofer"), Candidate(2, "Gwen", category="Printer")]
print(encoder.key, encoder.dimensions, rank("tiles blew off in the gale", build_index(group),
                                            encoder=encoder)[0].name)
"""


def test_the_readme_production_walk_through(tmp_path, smtp_server):
    if os.environ.get("DATABASE_URL"):
        pytest.skip("runs once per CI run, in the SQLite run")
    lines = readme_block()
    _, services = split_block(lines)
    exported = {word.split("=", 1)[0] for line in lines if line.startswith("export ")
                for word in line.split("#", 1)[0].split()[1:]}
    install = start_install()  # usually started at collection (conftest.py)
    run_dir = install.folder / "run"
    run_dir.mkdir()
    port = free_port()
    redis = redis_available()
    env = {
        # The README's variables, with test values: a fresh database, Redis database 4 (or
        # a SQLite queue without Redis), the test's SMTP server, this host and port.
        "DATABASE_URL": f"sqlite:///{run_dir / 'site.sqlite'}",
        "QUEUE_URL": REDIS_URL if redis else f"sqlite:///{run_dir / 'queue.sqlite'}",
        "QUEUE_NAME": f"pn_deploy_{port}",
        # Its own rate-limit counters, deleted below: runs within the hour (this test's
        # or another checkout's, on the shared Redis) must not use up each other's
        # "3 reset emails an hour" for the same address.
        "RATELIMIT_KEY_PREFIX": f"pn_deploy_{port}",
        "RATELIMIT_STORAGE_URI": REDIS_URL if redis else "memory://",
        "SECRET_KEY": "deploy-test-secret",
        "SERVER_NAME": f"127.0.0.1:{port}",
        "PREFERRED_URL_SCHEME": "https",
        "SESSION_COOKIE_SECURE": "true",  # (the test's client sends cookies over HTTP anyway)
        "PROXY_FIX_X_FOR": "1", "PROXY_FIX_X_PROTO": "1",
        "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(smtp_server.port),
        "MAIL_USE_TLS": "false", "MAIL_USERNAME": "", "MAIL_PASSWORD": "",
    }
    assert exported == set(env) - {"QUEUE_NAME", "RATELIMIT_KEY_PREFIX"}, \
        "the README's variables changed"
    try:
        code, log = install.wait()
        assert code == 0, log[-5000:]
        assert "Successfully built partner_net-0.1.0.tar.gz and partner_net-0.1.0-py3" in log
        # The matcher's default model came with the install: loaded from the installed
        # packages alone (the test's network is not used), without torch.
        matcher = subprocess.run(
            [str(install.venv / "bin" / "python"), "-c", MATCHER_CHECK], cwd=run_dir,
            timeout=120, env=outside_env(), capture_output=True, text=True)
        assert matcher.returncode == 0, matcher.stdout[-3000:] + matcher.stderr[-3000:]
        assert matcher.stdout.split() == ["onnx", "384", "Rhys"], matcher.stdout
        done = subprocess.run(["bash", "-c", service_script(services, install.venv, port,
                                                            run_dir)],
                              cwd=run_dir, timeout=300, env={**outside_env(), **env},
                              capture_output=True, text=True)
        logs = "\n".join((run_dir / f"{n}.log").read_text() for n in ("gunicorn", "worker")
                         if (run_dir / f"{n}.log").exists())
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:] + logs
        assert "Running upgrade" in done.stderr  # the migrations came with the wheel

        site = Client(port)
        landing, page = site.request("GET", "/")
        assert landing.status == 200 and "Create an account" in page
        assert site.request("GET", "/static/css/app.css")[0].status == 200
        token = site.csrf("/auth/signup")
        signed_up, _ = site.request("POST", "/auth/signup", {
            "csrf_token": token, "name": "Dana Deploy", "email": "dana@example.com",
            "password": "a long enough secret", "confirm": "a long enough secret"})
        assert signed_up.status == 302
        settings, page = site.request("GET", "/account/emails")
        assert settings.status == 200 and "dana@example.com" in page  # signed in

        site.request("POST", "/auth/signout", {"csrf_token": site.csrf("/account/emails")})
        forgot = site.request("POST", "/auth/forgot", {
            "csrf_token": site.csrf("/auth/forgot"), "email": "dana@example.com"})[0]
        assert forgot.status == 302
        [message] = wait_for(lambda: smtp_server.to("dana@example.com"), timeout=30)
        link = smtp_server.link_path(message, "/auth/reset/")  # sent by the worker
        assert site.request("GET", link)[0].status == 200
    finally:
        stopped = [stop(run_dir, name) for name in ("gunicorn", "worker")]
        if redis:
            import redis as redis_client

            connection = redis_client.Redis.from_url(REDIS_URL)
            for key in connection.scan_iter(f"*pn_deploy_{port}*"):
                connection.delete(key)
        install.clean_up()
    assert stopped == [0, 0]
