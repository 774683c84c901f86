"""The suite's shared compilations (tests/speedups.py) change no URL and no page."""

from __future__ import annotations

from flask import Flask
from jinja2 import DictLoader, Environment
from werkzeug.routing import PathConverter, Rule
from werkzeug.routing.converters import NumberConverter

from tests.speedups import SharedBytecodeCache


def sample_values(rule: Rule) -> dict[str, object]:
    """A value each of the rule's converters accepts (ones that need quoting)."""
    return {name: 7 if isinstance(c, NumberConverter) else
            "x/y z" if isinstance(c, PathConverter) else "a b ü"
            for name, c in rule._converters.items()}


def test_every_rule_builds_what_werkzeug_compiles(app: Flask) -> None:
    compile_builder = Rule._compile_builder
    assert compile_builder.memoized, "conftest.py installs the memo"
    rules = list(app.url_map.iter_rules())
    assert len(rules) > 100
    for rule in rules:
        values = {**sample_values(rule), "page": 2, "x": "<&>"}
        for append_unknown in (True, False):
            fresh = compile_builder.original(rule, append_unknown).__get__(rule, None)
            shared = compile_builder(rule, append_unknown).__get__(rule, None)
            args = values if append_unknown else sample_values(rule)
            assert shared(**args) == fresh(**args), rule.rule


def test_a_second_app_shares_the_first_apps_builders(app: Flask) -> None:
    from partner_net import create_app
    from tests.conftest import base_config

    other = create_app(base_config(app.config["SQLALCHEMY_DATABASE_URI"]))
    first = {r.endpoint: r._build_unknown.__func__ for r in app.url_map.iter_rules()}
    second = {r.endpoint: r._build_unknown.__func__ for r in other.url_map.iter_rules()}
    assert first == second  # the same function objects: compiled once


def test_templates_are_compiled_once_and_again_when_their_source_changes() -> None:
    cache = SharedBytecodeCache()
    sources = {"page.html": "Hello {{ name }}"}
    first = Environment(loader=DictLoader(sources), bytecode_cache=cache)
    assert first.get_template("page.html").render(name="Ann") == "Hello Ann"
    assert len(cache.compiled) == 1
    stored = next(iter(cache.compiled.values()))

    second = Environment(loader=DictLoader(sources), bytecode_cache=cache)
    assert second.get_template("page.html").render(name="Bo") == "Hello Bo"
    assert next(iter(cache.compiled.values())) is stored  # read back, not compiled again

    sources["page.html"] = "Bye {{ name }}"
    third = Environment(loader=DictLoader(sources), bytecode_cache=cache)
    assert third.get_template("page.html").render(name="Cy") == "Bye Cy"


def test_the_apps_use_the_shared_template_cache(app: Flask) -> None:
    assert isinstance(app.jinja_env.bytecode_cache, SharedBytecodeCache)


def test_the_fixtures_apps_share_one_engine_and_it_listens_once(app: Flask) -> None:
    from partner_net import create_app
    from partner_net.extensions import db
    from tests.conftest import base_config

    url = app.config["SQLALCHEMY_DATABASE_URI"]
    engine = db.engine
    again = create_app(base_config(url, TESTS_SHARE_ENGINE=True))
    alone = create_app(base_config(url))
    with again.app_context():
        assert db.engine is engine
    with alone.app_context():
        assert db.engine is not engine
        db.engine.dispose()
    if engine.dialect.name == "sqlite":
        names = [f.__name__ for f in engine.pool.dispatch.connect]
        assert names.count("set_pragmas") == 1
