"""Cheaper test apps: what every app of this process would build alike, built once.

The suite builds a fresh app for every test (about 1,700 a run), and each new app used to
spend ~45 ms compiling werkzeug's URL builders, compile every template it rendered again
in its own Jinja environment, and compile every SQL statement again in its own SQLAlchemy
engine: together about half of a typical test's time. A URL builder depends only on its
rule as parsed and a compiled template only on its text, so those are shared by every app
the tests make; the engine (and so its compiled statements) is shared by the apps of the
two per-test fixtures. Tests only: production builds its app once per process, and every
app here is made by ``create_app`` with the same rules and Jinja options (the assumption
the first two memos rest on).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask_sqlalchemy import SQLAlchemy
from jinja2.bccache import Bucket, BytecodeCache
from werkzeug.routing import Rule

_builders: dict[tuple[Any, ...], Callable[..., tuple[str, str]]] = {}


def memoize_url_builders() -> None:
    """Replace werkzeug's ``Rule._compile_builder`` with a memo of it. A builder is
    generated Python (an AST built, walked and compiled: 95% of ``create_app``) that
    depends only on the rule as parsed and takes the rule as its first argument, so one
    function serves the same rule in every app. A no-op if werkzeug no longer has the
    method: an upgrade can cost speed, never correctness."""
    compile_builder = getattr(Rule, "_compile_builder", None)
    if compile_builder is None or getattr(compile_builder, "memoized", False):
        return

    def memoized(self: Rule, append_unknown: bool = True) -> Callable[..., tuple[str, str]]:
        key = (self.rule, self.host, self.subdomain, self.merge_slashes, tuple(self._trace),
               repr(sorted((self.defaults or {}).items())),
               tuple(sorted((name, type(c)) for name, c in self._converters.items())),
               append_unknown)
        builder = _builders.get(key)
        if builder is None:
            builder = _builders[key] = compile_builder(self, append_unknown)
        return builder

    memoized.memoized = True  # type: ignore[attr-defined]
    memoized.original = compile_builder  # type: ignore[attr-defined]
    Rule._compile_builder = memoized  # type: ignore[method-assign]


class SharedBytecodeCache(BytecodeCache):
    """Compiled templates kept in this process's memory for every app (Jinja's own
    bytecode-cache interface; it checks each entry against the template's source)."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if (data := self.compiled.get(bucket.key)) is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


def share_compiled_templates() -> None:
    """Every Flask app made from now on gets the one process-wide bytecode cache."""
    if "bytecode_cache" not in Flask.jinja_options:
        Flask.jinja_options = {**Flask.jinja_options, "bytecode_cache": SharedBytecodeCache()}


_engines: dict[tuple[object, ...], sa.Engine] = {}


def share_fixture_engines() -> None:
    """The ``app`` and ``demo_app`` fixtures' apps (config ``TESTS_SHARE_ENGINE``) share
    one SQLAlchemy engine per database and settings, so the statements SQLAlchemy compiled
    for one test (its compiled cache is the engine's) serve the next: another fifth off a
    typical test. The fixtures dispose of the engine's connections after each test, as
    before; every other app a test makes keeps an engine of its own."""
    make_engine = SQLAlchemy._make_engine
    if getattr(make_engine, "shared", False):
        return

    def shared(self: SQLAlchemy, bind_key: str | None, options: dict[str, Any],
               app: Flask) -> sa.Engine:
        if not app.config.get("TESTS_SHARE_ENGINE"):
            return make_engine(self, bind_key, options, app)
        key = (bind_key, repr(sorted(options.items())), app.config.get("SQLITE_BUSY_TIMEOUT_MS"))
        engine = _engines.get(key)
        if engine is None:
            engine = _engines[key] = make_engine(self, bind_key, options, app)
        return engine

    shared.shared = True  # type: ignore[attr-defined]
    SQLAlchemy._make_engine = shared  # type: ignore[method-assign]
