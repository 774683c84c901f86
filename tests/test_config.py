"""Configuration layering: defaults, then instance/config.py, then the environment."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from flask import Flask

from partner_net import create_app
from partner_net.config import (
    ENVIRONMENT,
    Defaults,
    instance_secret_key,
    load_environment,
    normalise_database_url,
)


@pytest.fixture
def instance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scratch instance folder for create_app(), and an environment with no settings."""
    folder = tmp_path / "instance"
    monkeypatch.setattr(Flask, "auto_find_instance_path", lambda self: str(folder))
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    return folder


def test_no_environment_gives_nothing():
    assert load_environment({}) == {}


def test_environment_values_are_typed():
    found = load_environment({
        "MAIL_PORT": "587",
        "MAIL_USE_TLS": "true",
        "MAIL_USE_SSL": "0",
        "SESSION_COOKIE_SECURE": "Yes",
        "MAIL_SERVER": "smtp.example.com",
        "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379",
        "UNRELATED": "ignored",
        "MAIL_USERNAME": "",
    })
    assert found == {
        "MAIL_PORT": 587,
        "MAIL_USE_TLS": True,
        "MAIL_USE_SSL": False,
        "SESSION_COOKIE_SECURE": True,
        "MAIL_SERVER": "smtp.example.com",
        "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379",
    }


def test_database_url_becomes_the_sqlalchemy_uri():
    found = load_environment({"DATABASE_URL": "postgres://u:p@db.internal:5432/pn"})
    assert found == {"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://u:p@db.internal:5432/pn"}


@pytest.mark.parametrize(("url", "expected"), [
    ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
    ("postgresql://u@h:5432/db", "postgresql+psycopg://u@h:5432/db"),
    ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
    ("sqlite:////tmp/x.sqlite", "sqlite:////tmp/x.sqlite"),
])
def test_normalise_database_url(url, expected):
    assert normalise_database_url(url) == expected


def test_production_hashes_passwords_with_scrypt():
    assert Defaults.PASSWORD_HASH_METHOD == "scrypt"


def test_defaults_hold_no_secret_key():
    assert not getattr(Defaults, "SECRET_KEY", None)


def test_instance_config_over_defaults_and_environment_over_both(instance, monkeypatch):
    instance.mkdir()
    (instance / "config.py").write_text(
        'MAIL_PORT = 2525\nINVITATION_DAYS = 3\nSECRET_KEY = "from-instance-config"\n'
        'MAIL_SERVER = "smtp.instance.example"\n'
    )
    monkeypatch.setenv("MAIL_PORT", "587")
    monkeypatch.setenv("DATABASE_URL", "postgresql://127.0.0.1:5432/somewhere")
    app = create_app()
    assert app.config["INVITATION_DAYS"] == 3  # instance over the default (7)
    assert app.config["PASSWORD_RESET_HOURS"] == Defaults.PASSWORD_RESET_HOURS  # default kept
    assert app.config["MAIL_SERVER"] == "smtp.instance.example"
    assert app.config["MAIL_PORT"] == 587  # environment over the instance
    assert app.config["SECRET_KEY"] == "from-instance-config"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == (
        "postgresql+psycopg://127.0.0.1:5432/somewhere")
    assert not (instance / "secret_key").exists()


def test_default_database_is_sqlite_in_the_instance_folder(instance):
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{instance / 'partner_net.sqlite'}"


def test_secret_key_from_the_environment_wins(instance, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    assert create_app().config["SECRET_KEY"] == "from-the-environment"
    assert not (instance / "secret_key").exists()


def test_secret_key_is_generated_private_and_reused(instance, tmp_path):
    first = create_app().config["SECRET_KEY"]
    key_file = instance / "secret_key"
    assert key_file.read_text().strip() == first
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(first) >= 64
    assert create_app().config["SECRET_KEY"] == first  # reused, so sessions survive restarts
    other = instance_secret_key(str(tmp_path / "another-instance"))
    assert other != first  # generated, never a constant


def test_test_config_skips_instance_and_environment(instance, monkeypatch):
    instance.mkdir()
    (instance / "config.py").write_text("INVITATION_DAYS = 3\n")
    monkeypatch.setenv("MAIL_PORT", "587")
    app = create_app({"TESTING": True, "SECRET_KEY": "t"})
    assert app.config["INVITATION_DAYS"] == Defaults.INVITATION_DAYS
    assert app.config["MAIL_PORT"] == Defaults.MAIL_PORT
