"""A live server and signed-in browsers for tests that send real parallel requests.

The server runs the app in threads (``threaded=True``) against the test database, so
requests released together by a barrier really overlap in the database.
"""

from __future__ import annotations

import http.cookiejar
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from werkzeug.serving import make_server

from partner_net import create_app
from partner_net.extensions import db
from tests import factories
from tests.conftest import base_config


@contextmanager
def live_server(database_url: str, **config: object) -> Iterator[str]:
    """The app on ``database_url`` running in threads; its base URL."""
    live_app = create_app(base_config(database_url, SERVER_NAME=None, **config))
    in_flight = InFlight(live_app.wsgi_app)
    live_app.wsgi_app = in_flight
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        # A request may still run after the test (the give form's debounced "who fits"
        # fetch): let it return its database connection before the engine is disposed.
        in_flight.wait_idle(timeout=60)
        with live_app.app_context():
            db.session.remove()
            db.engine.dispose()


class InFlight:
    """WSGI middleware counting the requests inside the app.

    Flask pops the app context - and Flask-SQLAlchemy returns the request's connection -
    before the app returns its (unstreamed) response, so a request counts until then.
    Not until the response's ``close()``: werkzeug's server drains the client socket
    before calling it, and Chromium's open connections made that wait until the browser
    context closed, after this fixture's teardown (60 s per test); it also never calls
    it when that drain fails (a client that resets the connection, as Chromium does when a
    page moves on): the response's open static file was then closed by the garbage
    collector, whose ResourceWarning failed whichever test was running. So the response
    goes out through :func:`closed_when_sent`.
    """

    def __init__(self, app) -> None:
        self.app = app
        self.count = 0
        self.idle = threading.Condition()

    def __call__(self, environ, start_response):
        with self.idle:
            self.count += 1
        try:
            return closed_when_sent(self.app(environ, start_response))
        finally:
            self._done()

    def _done(self) -> None:
        with self.idle:
            self.count -= 1
            self.idle.notify_all()

    def wait_idle(self, timeout: float) -> None:
        with self.idle:
            self.idle.wait_for(lambda: self.count == 0, timeout=timeout)


def closed_when_sent(body: Iterable[bytes]) -> Iterator[bytes]:
    """``body``, closed as soon as its last piece is sent, or when the server closes or
    drops this generator (a dropped generator runs its ``finally``: no file is left to the
    garbage collector), whichever comes first."""
    try:
        yield from body
    finally:
        close = getattr(body, "close", None)
        if close is not None:
            close()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One signed-in session (its own cookie jar); posts without following redirects."""

    def __init__(self, base: str, member) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect())
        status, _ = self.post("/auth/signin", {"email": member.email,
                                               "password": factories.PASSWORD})
        assert status == 302

    def post(self, path: str, data: dict) -> tuple[int, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode()
        try:
            with self.opener.open(self.base + path, body, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


def at_once(calls: list[Callable[[], tuple[int, str]]]) -> list[tuple[int, str]]:
    """Run the calls in threads released together by a barrier; their answers in order."""
    barrier = threading.Barrier(len(calls))
    results: list[tuple[int, str]] = [(0, "")] * len(calls)

    def run(index: int, call) -> None:
        barrier.wait()
        results[index] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def statuses_at_once(calls: list[Callable[[], tuple[int, str]]]) -> list[int]:
    """:func:`at_once`, keeping only the status codes."""
    return [status for status, _ in at_once(calls)]
