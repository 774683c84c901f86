"""No input a browser or a script can send produces a 500 (DESIGN.md, "Input").

Two walks over the demo data, each as a visitor, a member and an organizer:

1. every rule of the URL map, with every converter filled with real values, huge ids
   (2^31, 2^63, ...), NUL bytes and anything else, and hostile query parameters;
2. every form the site serves (read from the pages themselves), first with each field in
   turn set to a few values that once broke things (NUL, CR/LF, sNaN, 2^63, a far date,
   the field left out), then with fields mixed by Hypothesis.

CSRF is off here (tests/test_csrf.py covers it) so that every POST reaches its view.
Bounded: a fixed number of examples per route and form, derandomized so every run sends
the same requests; ``FUZZ_EXAMPLES`` raises the number for a longer local hunt.
"""

from __future__ import annotations

import os
import re
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.routing import IntegerConverter

from partner_net.demo.loader import load_demo
from partner_net.extensions import db
from partner_net.groups import service as group_service
from partner_net.models import (
    Contact,
    Group,
    IdealClientProfile,
    Meeting,
    Member,
    Membership,
    OneToOne,
    Referral,
    ReferralListEntry,
    Role,
    StrategicPartner,
    Visitor,
)
from partner_net.sphere import sharing
from tests import fuzzing, referral_factories

pytestmark = pytest.mark.usefixtures("fresh_g")

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "3"))
FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
    report_multiple_bugs=False, print_blob=False,
    suppress_health_check=list(HealthCheck),
)


class Found500(AssertionError):
    pass


@dataclass
class Failure:
    role: str
    method: str
    url: str
    data: object
    error: str

    def key(self) -> tuple[str, str]:
        return (urlsplit(self.url).path.split("/")[1] if "/" in self.url else self.url,
                self.error.splitlines()[-1] if self.error else "")


@dataclass
class Fuzzer:
    app: Flask
    client: FlaskClient
    people: dict[str, int | None]
    requests: int = 0
    failures: list[Failure] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    seconds: Counter = field(default_factory=Counter)

    def sign_in_as(self, role: str) -> None:
        """Put a fresh session in the cookie (a sign-out or a password change in the
        previous example must not leave the rest of the walk signed out)."""
        self.client.delete_cookie("pn_remember")
        member_id = self.people[role]
        with self.client.session_transaction() as session:
            session.clear()
            if member_id is not None:
                version = db.session.scalar(
                    sa.select(Member.session_version).where(Member.id == member_id))
                session["_user_id"] = f"{member_id}:{version}"
                session["_fresh"] = True

    def send(self, role: str, method: str, url: str, data: object = None) -> int:
        """One request; a 500 (or an exception the app let escape) raises Found500."""
        self.requests += 1
        started = time.perf_counter()
        try:
            if method == "GET":
                response = self.client.get(url, query_string=data)
            else:
                response = self.client.open(url, method=method, data=data)
            status = response.status_code
            response.close()  # a static file's handle too
        except Exception as exc:  # noqa: BLE001 - the app's bug, reported below
            db.session.rollback()
            raise Found500(f"{role} {method} {url!r} {data!r}\n{where(exc)}") from None
        self.statuses[status // 100] += 1
        self.seconds[f"{method} {rule_of(self.app, url, method)}"] += time.perf_counter() - started
        if status >= 500:
            raise Found500(f"{role} {method} {url!r} {data!r}\n{response.status}")
        return status

    def run(self, test, *args) -> None:
        """Run a Hypothesis test; keep its (shrunk) failure and go on with the next."""
        try:
            test(*args)
        except Found500 as error:
            text = str(error)
            head, _, rest = text.partition("\n")
            self.failures.append(Failure(*_split_head(head), error=rest.strip()))

    def report(self) -> str:
        """The failures grouped by where and how the app failed, one example each."""
        groups: dict[str, list[Failure]] = {}
        for failure in self.failures:
            groups.setdefault(failure.error, []).append(failure)
        lines = [f"{len(self.failures)} inputs gave a 500 ({self.requests} requests), "
                 f"{len(groups)} distinct errors:"]
        for error, failures in groups.items():
            first = failures[0]
            lines.append(f"- {len(failures)}x {error}\n    e.g. {first.role} {first.method} "
                         f"{first.url} {first.data}")
        return "\n".join(lines)


def rule_of(app: Flask, url: str, method: str) -> str:
    try:
        return app.url_map.bind("partner.test").match(urlsplit(url).path, method=method)[0]
    except Exception:  # noqa: BLE001 - a 404 or 405
        return "-"


def where(exc: BaseException) -> str:
    """The exception and the last line of the app's own code it passed through."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "partner_net" in f.filename]
    place = f"{frames[-1].filename.split('partner_net/')[-1]}:{frames[-1].lineno} " \
        if frames else ""
    message = (str(exc).splitlines() or [""])[0][:160]
    return f"{place}{type(exc).__name__}: {message}"


def _split_head(head: str) -> tuple[str, str, str, str]:
    role, method, rest = head.split(" ", 2)
    url, _, data = rest.partition(" ")
    return role, method, url, data


@pytest.fixture
def demo(app: Flask) -> dict[str, object]:
    """The demo groups, one invitation and a shared referral list; who plays whom."""
    harbour = load_demo()
    organizer = db.session.scalar(
        sa.select(Member).join(Membership).where(
            Membership.group_id == harbour.id, Membership.role == Role.ORGANIZER)
        .order_by(Member.id))
    member = db.session.scalar(
        sa.select(Member).join(Referral, Referral.receiver_id == Member.id)
        .join(Membership, Membership.member_id == Member.id)
        .where(Membership.group_id == harbour.id, Membership.role == Role.MEMBER,
               Membership.active)
        .group_by(Member.id).order_by(sa.func.count().desc(), Member.id))
    # A fresh referral each way, so that the giver's and the receiver's forms are there.
    receiver = db.session.get(Member, organizer.id)
    referral_factories.give(harbour, db.session.get(Member, member.id), receiver)
    referral_factories.give(harbour, receiver, db.session.get(Member, member.id))
    outcome = group_service.invite(harbour, organizer, ["new.person@example.com"], 14)
    link = sharing.new_link(member)
    db.session.commit()
    return {
        "organizer": organizer.id, "member": member.id, "group": harbour,
        "tokens": [outcome.sent[0][1], link,
                   *db.session.scalars(sa.select(Meeting.registration_token)
                                       .order_by(Meeting.scheduled_on.desc()).limit(2))],
    }


def real_values(demo: dict[str, object]) -> dict[str, list]:
    """Real values for each URL argument name, so that the pages behind them are reached."""
    group: Group = demo["group"]
    me, org = demo["member"], demo["organizer"]
    ids = {
        "member_id": sa.select(Membership.member_id).where(Membership.group_id == group.id),
        "profile_id": sa.select(IdealClientProfile.id).where(
            IdealClientProfile.member_id.in_([me, org])),
        "meeting_id": sa.select(Meeting.id).where(Meeting.group_id == group.id)
        .order_by(Meeting.scheduled_on.desc()),
        "visitor_id": sa.select(Visitor.id),
        "invitation_id": sa.text("SELECT id FROM invitations"),
        "entry_id": sa.select(ReferralListEntry.id).where(
            ReferralListEntry.owner_id.in_([me, org])),
        "one_to_one_id": sa.select(OneToOne.id),
        "partner_id": sa.select(StrategicPartner.partner_id),
    }
    values: dict[str, list] = {
        name: list(dict.fromkeys(db.session.scalars(query)))[:6] for name, query in ids.items()
    }
    # A referral of each status the member gave or received (each page has its own forms),
    # and contacts of both players.
    values["referral_id"] = list(db.session.scalars(
        sa.select(sa.func.min(Referral.id)).where(sa.or_(
            Referral.giver_id == me, Referral.receiver_id == me))
        .group_by(Referral.status, Referral.receiver_id == me)))
    values["contact_id"] = [
        *db.session.scalars(sa.select(Contact.id).where(Contact.owner_id == me).limit(3)),
        *db.session.scalars(sa.select(Contact.id).where(Contact.owner_id == org).limit(3))]
    values["slug"] = list(db.session.scalars(sa.select(Group.slug)))
    values["day"] = sorted({m.scheduled_on.isoformat() for m in db.session.scalars(
        sa.select(Meeting).where(Meeting.group_id == group.id))})[-3:]
    values["token"] = list(demo["tokens"])
    values["action"] = list(group_service_actions())
    values["filename"] = ["css/app.css"]
    return values


def group_service_actions() -> list[str]:
    return sorted(getattr(group_service, "ACTIONS", {}))


ROLES = ("anonymous", "member", "organizer")


def rules_of(app: Flask):
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        methods = sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})
        yield rule, methods


def test_every_url_answers_without_a_500(app, client, demo):
    values = real_values(demo)
    fuzzer = Fuzzer(app, client, {"anonymous": None, "member": demo["member"],
                                  "organizer": demo["organizer"]})
    for rule, methods in rules_of(app):
        parts = {}
        for name, converter in rule._converters.items():
            real = [str(v) for v in values.get(name, [])]
            if isinstance(converter, IntegerConverter):
                parts[name] = fuzzing.id_strategy([int(v) for v in real])
            else:
                parts[name] = fuzzing.text_part(real)
        query = st.dictionaries(st.sampled_from(fuzzing.QUERY_NAMES), fuzzing.hostile,
                                max_size=3)
        for role in ROLES:
            for method in methods:
                # The huge ids and NUL bytes in every part, once each, for sure (as the
                # organizer, who gets furthest into every view)...
                for name, converter in rule._converters.items():
                    if role != "organizer":
                        break
                    hostile = (["2147483648", "9223372036854775808"]
                               if isinstance(converter, IntegerConverter)
                               else ["abc\x00def", "x" * 300])
                    for value in hostile:
                        filled = {n: (value if n == name else (values.get(n) or ["1"])[0])
                                  for n in rule._converters}
                        filled = {n: str(v) for n, v in filled.items()}
                        fuzzer.sign_in_as(role)
                        fuzzer.run(fuzzer.send, role, method,
                                   fuzzing.url_for_rule(rule.rule, filled))

                # ... then mixed by Hypothesis, with query parameters.
                fuzzer.run(url_walk(fuzzer, rule.rule, role, method, parts, query))
    print(f"\nURL walk: {fuzzer.requests} requests, statuses {dict(fuzzer.statuses)}")
    assert not fuzzer.failures, fuzzer.report()


def url_walk(fuzzer: Fuzzer, rule: str, role: str, method: str, parts: dict, query):
    @FUZZ_SETTINGS
    @given(st.fixed_dictionaries(parts), query)
    def walk(filled: dict[str, str], params: dict[str, str]) -> None:
        fuzzer.sign_in_as(role)
        fuzzer.send(role, method, fuzzing.url_for_rule(rule, filled), params)

    return walk


#: Forms that remove or end things go last, so the others still find what they act on.
DESTRUCTIVE = ("delete", "remove", "revoke", "withdraw", "signout", "deactivate", "cancel",
               "unsubscribe", "demote")


def pages_to_read(app: Flask, values: dict[str, list]) -> list[str]:
    """Every GET page, filled with each of the real values."""
    pages = []
    for rule, methods in rules_of(app):
        if "GET" not in methods or rule.endpoint == "static":
            continue
        names = list(rule._converters)
        for index in range(max((len(values.get(n) or []) for n in names), default=1)):
            filled = {}
            for name in names:
                real = values.get(name) or []
                if not real:
                    break
                filled[name] = str(real[min(index, len(real) - 1)])
            else:
                pages.append(fuzzing.url_for_rule(rule.rule, filled))
    return list(dict.fromkeys(pages))


def discover_forms(fuzzer: Fuzzer, role: str, pages: list[str],
                   seen: set[tuple]) -> list[fuzzing.Form]:
    """The forms of every page this role can open, one per (endpoint, fields) and not
    already ``seen`` by another role (the same form takes the same path through its view;
    the other roles' access to it is the URL walk's business)."""
    adapter = fuzzer.app.url_map.bind("partner.test")
    found: dict[tuple, fuzzing.Form] = {}
    for page in pages:
        fuzzer.sign_in_as(role)
        response = fuzzer.client.get(page)
        if response.status_code != 200 or "html" not in response.content_type:
            continue
        for form in fuzzing.forms_of(response.get_data(as_text=True), page):
            try:
                endpoint, _ = adapter.match(urlsplit(form.action).path,
                                            method=form.method.upper())
            except Exception:  # noqa: BLE001 - a form to another site, or a 404/405
                continue
            key = (endpoint, form.method, tuple(form.field_names()))
            if key not in seen:
                found.setdefault(key, form)
    seen.update(found)
    return sorted(found.values(), key=lambda f: any(w in f.action for w in DESTRUCTIVE))


def test_every_form_answers_without_a_500(app, client, demo):
    values = real_values(demo)
    people = {"anonymous": None, "member": demo["member"], "organizer": demo["organizer"]}
    fuzzer = Fuzzer(app, client, people)
    pages = pages_to_read(app, values)
    seen: set[tuple] = set()  # the organizer first: they reach the most forms
    forms = {role: discover_forms(fuzzer, role, pages, seen) for role in reversed(ROLES)}
    if os.environ.get("FUZZ_LIST"):
        for role in ROLES:
            print(role, *(f"{f.method} {f.action} {f.field_names()}" for f in forms[role]),
                  sep="\n  ")
    fuzzer.requests = 0
    for role in ROLES:
        for form in forms[role]:
            restore(people)
            method = form.method.upper()
            valid = form.valid_data()
            # Each field in turn: the values that broke things once, and left out.
            for name in form.field_names():
                if re.search(r"-[1-9]\d*-", name):
                    continue  # agenda-3-title: as agenda-0-title
                for value in fuzzing.SWEEP:
                    data = {k: v for k, v in valid.items() if k != name}
                    if value is not None:
                        data[name] = value
                    fuzzer.sign_in_as(role)
                    fuzzer.run(fuzzer.send, role, method, form.action, data)
            fuzzer.run(form_walk(fuzzer, role, form, valid))
    counts = {role: len(forms[role]) for role in ROLES}
    print(f"\nForm walk: {counts} forms, {fuzzer.requests} requests, "
          f"statuses {dict(fuzzer.statuses)}")
    if os.environ.get("FUZZ_LIST"):
        print(f"{sum(fuzzer.seconds.values()):.1f} s in requests")
        print(*(f"{s:6.2f} {k}" for k, s in fuzzer.seconds.most_common(15)), sep="\n")
    assert not fuzzer.failures, fuzzer.report()


def form_walk(fuzzer: Fuzzer, role: str, form: fuzzing.Form, valid: dict[str, str]):
    """Hypothesis mixes: each field keeps its valid value, is left out, or gets anything."""
    fields = {
        name: st.one_of(st.just(valid.get(name, "")), st.none(), fuzzing.hostile)
        for name in form.field_names()
    }

    @FUZZ_SETTINGS
    @given(st.fixed_dictionaries(fields))
    def walk(drawn: dict[str, str | None]) -> None:
        fuzzer.sign_in_as(role)
        data = {k: v for k, v in drawn.items() if v is not None}
        fuzzer.send(role, form.method.upper(), form.action, data)

    return walk


def restore(people: dict[str, int | None]) -> None:
    """Undo what the previous form did to the players themselves (deactivated, demoted)."""
    ids = [i for i in people.values() if i is not None]
    db.session.rollback()
    db.session.execute(sa.update(Member).where(Member.id.in_(ids)).values(active=True))
    db.session.execute(sa.update(Membership).where(Membership.member_id.in_(ids))
                       .values(active=True))
    db.session.execute(sa.update(Membership).where(Membership.member_id == people["organizer"])
                       .values(role=Role.ORGANIZER))
    db.session.commit()
