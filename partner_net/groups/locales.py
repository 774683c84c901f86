"""The locales a group may write its money and dates in (``locales.toml``)."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from babel import Locale

DATA = Path(__file__).with_name("locales.toml")


@cache
def _data() -> dict:
    with DATA.open("rb") as file:
        return tomllib.load(file)


def default_locale() -> str:
    return _data()["default"]


@cache
def locale_choices() -> list[tuple[str, str]]:
    """(code, "English (United Kingdom)") for each offered locale, sorted by name."""
    choices = [(code, Locale.parse(code).get_display_name("en")) for code in _data()["codes"]]
    return sorted(choices, key=lambda choice: choice[1])


def is_offered(code: str | None) -> bool:
    return code in _data()["codes"]
