"""Run the real app under gunicorn with several workers, and sign in against it over HTTP.

Shared by the rate-limit test and ``bench/ratelimit_workers.py`` (no pytest needed). The
listening socket is bound here to a free port (port 0) and handed to gunicorn as
``fd://N``, so no fixed port is ever used and there is no race for the port.
"""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def running_gunicorn(env: dict[str, str], workers: int = 2,
                     app: str = "partner_net:create_app()", port: int = 0,
                     log: Path | None = None, options: tuple[str, ...] = ()) -> Iterator[int]:
    """Start ``gunicorn -w workers`` on a free port of 127.0.0.1 (or on ``port``) and yield
    the port; its output goes to ``log`` when given; ``options``: more of gunicorn's."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen(64)
    sock.set_inheritable(True)
    port = sock.getsockname()[1]
    output = open(log, "ab") if log else None  # noqa: SIM115 (closed below)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", str(workers), "--bind", f"fd://{sock.fileno()}",
         "--log-level", "warning", *options, app],
        cwd=ROOT, env={**os.environ, **env}, pass_fds=(sock.fileno(),),
        stdout=output, stderr=output,
    )
    try:
        wait_until_serving(port, process)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)
        sock.close()
        if output:
            output.close()


def wait_until_serving(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    """Poll until both workers could answer (each worker imports the app on its own)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            status, _, _ = request(port, "GET", "/auth/signin")
            if status == 200:
                time.sleep(0.5)  # let the second worker finish importing too
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer in time")


def request(port: int, method: str, path: str, body: dict[str, str] | None = None,
            cookie: str = "", headers: dict[str, str] | None = None,
            ) -> tuple[int, dict[str, str], str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {**(headers or {}), **({"Cookie": cookie} if cookie else {})}
    data = None
    if body is not None:
        data = urlencode(body)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, path, body=data, headers=headers)
        response = connection.getresponse()
        text = response.read().decode()
        set_cookies = response.headers.get_all("Set-Cookie") or []
        return response.status, {"Set-Cookie": "\n".join(set_cookies)}, text
    finally:
        connection.close()


def wrong_password_attempts(port: int, email: str, attempts: int) -> Counter[int]:
    """POST ``attempts`` wrong passwords (with a real CSRF token); count the statuses.

    200 means the attempt reached the password check (the form again, refused); 429 means
    the rate limit stopped it.
    """
    status, headers, page = request(port, "GET", "/auth/signin")
    assert status == 200, status
    cookie = SimpleCookie(headers["Set-Cookie"])
    session = f"session={cookie['session'].value}"
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert token, "no CSRF token in the sign-in form"
    statuses: Counter[int] = Counter()
    for _ in range(attempts):
        status, _, _ = request(port, "POST", "/auth/signin", {
            "csrf_token": token.group(1), "email": email, "password": "not the password"},
            cookie=session)
        statuses[status] += 1
    return statuses
