"""Structured logs: one JSON line per request with its request id, and every log line of
that request carrying the same id.

Nothing secret is written: a route's ``token`` argument (password-reset, invitation and
unsubscribe links) is masked, query strings (search words, a prospect's need typed into
"who fits") are left out, and an unmatched path is cut to its first segment.
"""

from __future__ import annotations

import logging
import re
import time
import uuid

import sqlalchemy as sa
from flask import Flask, Response, g, has_request_context, request
from flask.logging import default_handler
from pythonjsonlogger.json import JsonFormatter

log = logging.getLogger("partner_net.request")

REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
#: URL arguments whose value is a secret: never logged.
SECRET_ARGS = ("token",)
#: Hit every few seconds by load balancers: logged at DEBUG only.
QUIET_ENDPOINTS = {"ops.health", "static"}


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record made while a request is handled."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = g.get("request_id") if has_request_context() else None
        return True


def configure_logging(app: Flask) -> None:
    """In production: JSON lines on stderr at INFO. Development and tests keep Python's
    plain format (pytest and the Flask debugger set up their own handlers)."""
    if app.debug or app.testing:
        return
    root = logging.getLogger()
    if any(isinstance(h.formatter, JsonFormatter) for h in root.handlers):
        return
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter(
        "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
        rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
    ))
    handler.addFilter(RequestIdFilter())
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    # Flask's own handler on app.logger would print every line a second time, unstructured.
    app.logger.removeHandler(default_handler)


def safe_path() -> str:
    """The request's path with secret arguments masked; unmatched paths cut short."""
    if request.url_rule is None:
        first = request.path.strip("/").split("/", 1)[0][:40]
        return f"/{first}/…" if "/" in request.path.strip("/") else f"/{first}"
    path = request.path
    for name, value in (request.view_args or {}).items():
        if any(secret in name for secret in SECRET_ARGS) and value:
            path = path.replace(str(value), f"<{name}>")
    return path


def member_id_without_a_query() -> int | None:
    """The signed-in member's id if the request loaded them, read from the identity map:
    after a database error the instance is expired, and touching it would query again."""
    state = sa.inspect(g.get("_login_user"), raiseerr=False)
    return state.identity[0] if state is not None and state.identity else None


def init_app(app: Flask) -> None:
    configure_logging(app)

    @app.before_request
    def start_request() -> None:
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming if REQUEST_ID.match(incoming) else uuid.uuid4().hex
        g.request_started = time.perf_counter()

    @app.after_request
    def log_request(response: Response) -> Response:
        request_id = g.get("request_id")
        if request_id:
            response.headers["X-Request-ID"] = request_id
        started = g.get("request_started")
        member = member_id_without_a_query()
        level = logging.DEBUG if request.endpoint in QUIET_ENDPOINTS else logging.INFO
        path = safe_path()
        log.log(level, "%s %s %s", request.method, path, response.status_code, extra={
            "request_id": request_id,
            "method": request.method,
            "path": path,
            "endpoint": request.endpoint,
            "status": response.status_code,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1) if started else None,
            "member_id": member,
            "remote_addr": request.remote_addr,
        })
        return response
