"""Pieces of the fuzz test (tests/test_fuzz.py): hostile values, URLs, and forms read
from the pages themselves.

Nothing here knows a particular page: the URLs come from the app's URL map and the forms
from the HTML the app serves, so a new route or a new field is fuzzed without a change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote, urlsplit

from hypothesis import strategies as st

#: Values every typed input gets at least once (the sweep), then mixed by Hypothesis.
HOSTILE_TEXT: tuple[str, ...] = (
    "\x00",
    "abc\x00def",
    "line one\r\nBcc: someone@example.com",
    "tab\there",
    "\x1b[31mred\x1b[0m",
    "bell\x07 and delete\x7f",
    "\u2028line\u2029separators\x85",
    "\ufeffbom",
    "<script>alert(1)</script>",
    "' OR 1=1; --",
    "../../etc/passwd",
    "x" * 5000,
    " ",
    "",
    "😀 ünïcødé ﷽",
)
HOSTILE_NUMBERS: tuple[str, ...] = (
    "sNaN",
    "NaN",
    "-Infinity",
    "1e309",
    "1E-400",
    "-1",
    "0",
    "2147483648",
    "9223372036854775808",
    "18446744073709551616",
    "99999999999999",
    "9" * 60,
    "0.000000000000001",
    "1,000.50",
    "0x1F",
)
HOSTILE_DATES: tuple[str, ...] = (
    "2026-02-30", "9999-12-31", "0001-01-01", "0000-00-00", "10000-01-01", "24:61",
    "-1-01-01", "2026-13-01",
)
HOSTILE: tuple[str, ...] = HOSTILE_TEXT + HOSTILE_NUMBERS + HOSTILE_DATES
#: The few that found most bugs, sent once into every field of every form.
SWEEP: tuple[str | None, ...] = ("a\x00b", "one\r\ntwo", "sNaN", "9223372036854775808", None)

HUGE_IDS: tuple[int, ...] = (0, 2**31 - 1, 2**31, 2**63 - 1, 2**63, 2**64, 10**40)

#: Query parameters the views read (request.args, db.paginate), fuzzed on every GET.
QUERY_NAMES: tuple[str, ...] = (
    "page", "per_page", "next", "q", "rung", "category", "period", "status", "box",
    "partner", "giver", "member", "to", "group", "day", "month",
)

# Surrogates cannot be encoded as UTF-8 by any browser; everything else can be sent.
any_text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40)
hostile = st.one_of(st.sampled_from(HOSTILE), any_text,
                    st.integers(min_value=-(2**70), max_value=2**70).map(str))


def id_strategy(real_ids: list[int]) -> st.SearchStrategy[str]:
    """Ids for an ``<int:>`` part of a URL: real ones, huge ones, any."""
    choices = [*real_ids, *HUGE_IDS] if real_ids else list(HUGE_IDS)
    return st.one_of(st.sampled_from(choices),
                     st.integers(min_value=0, max_value=2**70)).map(str)


def text_part(real: list[str]) -> st.SearchStrategy[str]:
    """A string part of a URL: a real value, or anything (NUL and slashes included)."""
    options = [st.sampled_from(HOSTILE_TEXT[:-2] + ("abc\x00def", "%00", "a/b"))]
    if real:
        options.insert(0, st.sampled_from(real))
    return st.one_of(*options, any_text.filter(bool))


def url_for_rule(rule: str, values: dict[str, str]) -> str:
    """Fill a werkzeug rule such as ``/g/<slug>/members/<int:member_id>`` with raw values
    (percent-encoded: ``%00`` stays a NUL, ``/`` becomes ``%2F``)."""

    def fill(match: re.Match[str]) -> str:
        name = match.group(1).split(":")[-1]
        value = values[name]
        return value if value.isdigit() else quote(value, safe="")

    return re.sub(r"<([^>]+)>", fill, rule)


@dataclass
class Control:
    name: str
    kind: str  # input type, "select", "textarea" or "button"
    value: str = ""
    options: list[str] = field(default_factory=list)
    checked: bool = False


@dataclass
class Form:
    method: str
    action: str
    controls: list[Control] = field(default_factory=list)

    def valid_data(self) -> dict[str, str]:
        """What a member filling the form in plausibly sends: the page's own values, and
        something sensible in the empty ones."""
        data: dict[str, str] = {}
        for control in self.controls:
            if control.kind in {"submit", "button", "image", "reset", "file"}:
                continue
            if control.kind in {"checkbox", "radio"}:
                if control.checked or control.name not in data:
                    data[control.name] = control.value or "y"
                continue
            data[control.name] = control.value or plausible(control)
        return data

    def field_names(self) -> list[str]:
        return sorted({c.name for c in self.controls if c.kind not in {"submit", "file"}})


def plausible(control: Control) -> str:
    if control.kind == "select":  # the first real choice, not the "Choose..." placeholder
        return next((o for o in control.options if o and o != "0"), "")
    name = control.name.lower()
    by_type = {
        "email": "fuzz@example.com", "number": "3", "date": "2030-03-20", "time": "07:30",
        "url": "https://example.com", "tel": "+44 20 7946 0000",
        "password": "correct horse battery",
        "datetime-local": "2030-03-20T07:30", "month": "2030-03",
    }
    if control.kind in by_type:
        return by_type[control.kind]
    if "email" in name:
        return "fuzz@example.com"
    if "password" in name or name == "confirm":
        return "correct horse battery"
    if name in {"currency"}:
        return "GBP"
    if "timezone" in name:
        return "Europe/London"
    return "Fuzzed words"


class FormParser(HTMLParser):
    """The forms of a page with their controls, as a browser would submit them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Control | None = None
        self._textarea: Control | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = Form(method=(a.get("method") or "get").lower(), action=a.get("action", ""))
            self.forms.append(self._form)
            return
        form = self._form
        if form is None or "name" not in a or "disabled" in a:
            return
        if tag == "input":
            form.controls.append(Control(a["name"], (a.get("type") or "text").lower(),
                                         a.get("value", ""), checked="checked" in a))
        elif tag == "button" and (a.get("type") or "submit") == "submit":
            form.controls.append(Control(a["name"], "button", a.get("value", "")))
        elif tag == "select":
            self._select = Control(a["name"], "select")
            form.controls.append(self._select)
        elif tag == "textarea":
            self._textarea = Control(a["name"], "textarea")
            form.controls.append(self._textarea)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


class _OptionParser(HTMLParser):
    """Options are read in a second pass (``<option>`` has no ``name``)."""

    def __init__(self, forms: list[Form]) -> None:
        super().__init__(convert_charrefs=True)
        self.selects = iter([c for f in forms for c in f.controls if c.kind == "select"])
        self.current: Control | None = None
        self.in_form = False
        self._text: list[str] = []
        self._option: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.in_form = True
        elif tag == "select" and self.in_form and "name" in a and "disabled" not in a:
            self.current = next(self.selects, None)
        elif tag == "option" and self.current is not None:
            self._option = a
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._option is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "option" and self.current is not None and self._option is not None:
            value = self._option.get("value", "".join(self._text).strip())
            self.current.options.append(value)
            if "selected" in self._option:
                self.current.value = value
            self._option = None
        elif tag == "select":
            self.current = None
        elif tag == "form":
            self.in_form = False


def forms_of(page: str, page_path: str) -> list[Form]:
    parser = FormParser()
    parser.feed(page)
    options = _OptionParser(parser.forms)
    options.feed(page)
    for form in parser.forms:
        if not form.action:
            form.action = page_path
        parts = urlsplit(form.action)
        if parts.netloc and parts.netloc != "partner.test":
            form.action = ""  # another site's form: not ours to fuzz
        else:
            form.action = parts.path + (f"?{parts.query}" if parts.query else "")
        for control in form.controls:
            if control.kind == "select" and not control.value and control.options:
                control.value = plausible(control)
    return [f for f in parser.forms if f.action]
