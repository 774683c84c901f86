"""Configuration defaults.

Layering, lowest first: these defaults, then ``instance/config.py``, then
environment variables (see :func:`load_environment`). The secret key is never a
constant here: when none is configured, one is generated into the instance folder.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


class Defaults:
    SQLALCHEMY_DATABASE_URI = None  # set from the instance path in create_app
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    WTF_CSRF_TIME_LIMIT = None  # a form left open through a meeting still posts
    # The site's words are English whatever the group's locale (which writes amounts and
    # dates): WTForms' own messages too. With this on, a German group read "Keine gültige,
    # ganze Zahl." among English, and each request read WTForms' catalogue from disk again.
    WTF_I18N_ENABLED = False
    REMEMBER_COOKIE_DURATION = 60 * 60 * 24 * 30
    REMEMBER_COOKIE_HTTPONLY = True
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_KEY_PREFIX = "partner-net"
    # Redis unreachable: count in each process meanwhile rather than answer 500.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    # Per client address unless said otherwise; each with a message that keeps the form.
    SIGNIN_RATE_LIMIT = "10 per minute;50 per hour"
    SIGNUP_RATE_LIMIT = "5 per minute;20 per hour"
    RESET_RATE_LIMIT = "5 per minute;20 per hour"
    RESET_EMAIL_RATE_LIMIT = "3 per hour"  # per email address typed, whoever asks
    INVITATION_RATE_LIMIT = "10 per hour;30 per day"  # per organizer (each up to 50 emails)
    # Per member: a meeting's worth of referrals in a few minutes, not a script's thousands.
    GIVE_RATE_LIMIT = "20 per 10 minutes;100 per day"
    # Per member: asking others to swap featured-speaker turns (each notifies someone).
    SWAP_REQUEST_RATE_LIMIT = "10 per hour;30 per day"
    INVITATION_DAYS = 7
    PASSWORD_RESET_HOURS = 2
    MAIL_SERVER = None  # no server: messages are written to the log
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_USERNAME = None
    MAIL_PASSWORD = None
    MAIL_DEFAULT_SENDER = "Partner Net <no-reply@partner-net.local>"
    MAIL_TIMEOUT = 30  # seconds; the worker waits this long for the mail server
    #: Write whole emails (with their links) to the log when there is no MAIL_SERVER.
    #: None: only in development (``flask --debug``, ``bin/serve``); never in production.
    MAIL_LOG_BODIES = None
    #: The background queue (partner_net/tasks): sqlite:///<file>, redis://..., immediate.
    #: None: SQLite in the instance folder (instance/queue.sqlite).
    QUEUE_URL = None
    QUEUE_NAME = "partner_net"
    #: Links in emails written by the worker when SERVER_NAME is not set.
    EMAIL_BASE_URL = "http://127.0.0.1:5000"
    OUTBOX_MAX_ATTEMPTS = 8  # 1, 2, 4 ... 64 minutes apart: about two hours in all
    OUTBOX_RETRY_SECONDS = 60
    OUTBOX_LEASE_SECONDS = 600  # a row "sending" this long had its worker die: retried
    OUTBOX_KEEP_DAYS = 90  # the record of sent/failed messages organizers see
    DIGEST_WEEKDAY = 0  # Monday, in each member's own time zone
    DIGEST_HOUR = 7  # from 07:00 local
    NUDGE_HOURS = (8, 20)  # nudges go out between 08:00 and 20:00 local
    MAX_CONTENT_LENGTH = 1024 * 1024
    #: werkzeug's password hash method. Keep "scrypt" in production; the test suite sets a
    #: cheap one (``pbkdf2:sha256:1``) because scrypt costs ~0.1-1 s per hash or check.
    PASSWORD_HASH_METHOD = "scrypt"
    SQLITE_BUSY_TIMEOUT_MS = 5000  # how long a write waits for another one to finish
    HSTS_MAX_AGE = 31536000  # Strict-Transport-Security on HTTPS answers; 0 turns it off
    # Behind a proxy: how many proxies set each X-Forwarded-* header (0: not trusted).
    PROXY_FIX_X_FOR = 0
    PROXY_FIX_X_PROTO = 0
    PROXY_FIX_X_HOST = 0
    PROXY_FIX_X_PORT = 0
    PROXY_FIX_X_PREFIX = 0
    #: Visitors' self-registration, per address (a venue's wifi is one address).
    VISITOR_REGISTRATION_LIMIT = "10 per minute;60 per hour"
    #: The matcher's meaning model: "auto" (the model in MATCHER_MODEL_PATH when set: an
    #: ONNX export through ONNX Runtime, or a sentence-transformers model with the
    #: 'transformer' extra; else "onnx"), "onnx" (all-MiniLM-L6-v2 through ONNX Runtime,
    #: installed by default, or the ONNX export in MATCHER_MODEL_PATH), "static" (static
    #: word embeddings), "transformer" or "keywords" (BM25 alone). Each falls back to the
    #: next one installed. See README, "Who fits this need?".
    MATCHER_BACKEND = "auto"
    #: A local folder holding a stronger model of one's own: an ONNX export
    #: (model.onnx + tokenizer.json, e.g. all-mpnet-base-v2 built by bin/matcher-model)
    #: or a sentence-transformers model.
    MATCHER_MODEL_PATH = None
    #: Where a sentence model keeps profile sentences' vectors (a SQLite file shared by
    #: the site's processes); unset: instance/matcher_vectors.sqlite; "off": memory only.
    MATCHER_VECTOR_STORE = None
    #: How often one member may tell the matcher "good fit" / "wrong person".
    MATCH_FEEDBACK_RATE_LIMIT = "30 per hour"


#: Environment variables read over the defaults, with their type.
ENVIRONMENT = {
    "SECRET_KEY": str,
    "DATABASE_URL": str,
    "RATELIMIT_STORAGE_URI": str,
    "RATELIMIT_KEY_PREFIX": str,
    "MAIL_SERVER": str,
    "MAIL_PORT": int,
    "MAIL_USE_TLS": bool,
    "MAIL_USE_SSL": bool,
    "MAIL_USERNAME": str,
    "MAIL_PASSWORD": str,
    "MAIL_DEFAULT_SENDER": str,
    "MAIL_LOG_BODIES": bool,
    "QUEUE_URL": str,
    "QUEUE_NAME": str,
    "EMAIL_BASE_URL": str,
    "SERVER_NAME": str,
    "PREFERRED_URL_SCHEME": str,
    "SESSION_COOKIE_SECURE": bool,
    "HSTS_MAX_AGE": int,
    "PROXY_FIX_X_FOR": int,
    "PROXY_FIX_X_PROTO": int,
    "PROXY_FIX_X_HOST": int,
    "PROXY_FIX_X_PORT": int,
    "PROXY_FIX_X_PREFIX": int,
    "MATCHER_BACKEND": str,
    "MATCHER_MODEL_PATH": str,
    "MATCHER_VECTOR_STORE": str,
}


def _parse(value: str, kind: type) -> object:
    if kind is bool:
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return kind(value)


def load_environment(environ: dict[str, str] | None = None) -> dict[str, object]:
    """Return the settings given in the environment, typed."""
    environ = os.environ if environ is None else environ
    found: dict[str, object] = {}
    for name, kind in ENVIRONMENT.items():
        if environ.get(name):
            found[name] = _parse(environ[name], kind)
    if "DATABASE_URL" in found:
        found["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(str(found.pop("DATABASE_URL")))
    return found


def normalise_database_url(url: str) -> str:
    """Point plain ``postgres://`` URLs at the psycopg 3 driver we ship."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def instance_secret_key(instance_path: str) -> str:
    """Read the instance's secret key, generating it on first use (mode 600)."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text().strip()
