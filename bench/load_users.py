"""The simulated members of ``bench/load.py``: a locustfile (``locust -f bench/load_users.py``).

Each user is one member (a few members have two sessions, a phone and a laptop), signs
in once through the real form from an address of its own (sent as X-Forwarded-For, as a
proxy does), then browses, gives referrals through the give form (CSRF token and the
form's one-time token, as the browser sends them) and moves the referrals it received
through the referral page's form (with the ``version`` it shows), with think time in
between. A member's second session, when it next works a referral, sends the form of the
referral its other session last opened, as if that page had been left open on it: the
move is applied when nothing changed meanwhile and answered 409 when the other session
moved it first. Every change the server confirmed (its redirect) is written to the record file
that ``bench/load.py`` checks against the database afterwards; every answer other than
the expected one is a failure in locust's figures and a line in the record.

Configured by ``LOAD_CONFIG``, a JSON file written by ``bench/load.py``. Not part of the
test run.
"""

from __future__ import annotations

import html
import itertools
import json
import os
import random
import re
import time

from locust import HttpUser, between, task

CONFIG = json.loads(open(os.environ["LOAD_CONFIG"]).read())  # noqa: SIM115
RECORD = open(CONFIG["record"], "a", buffering=1)  # noqa: SIM115 (one line per write)
NUMBER = itertools.count()
OPEN = ["given", "contacted", "meeting", "proposal"]
INPUT = re.compile(r"<input\b[^>]*>")
ATTRIBUTE = re.compile(r'([a-z_-]+)="([^"]*)"')
REFERRAL_LINK = re.compile(r'href="/referrals/(\d+)"')
#: Per member with two sessions: the last referral form one session opened, which the
#: other then sends as if it had had the same page open (a phone left on it).
OPEN_PAGES: dict[str, tuple[int, str, dict[str, str], list[str]]] = {}


def record(**entry: object) -> None:
    RECORD.write(json.dumps({"at": time.time(), **entry}) + "\n")


def hidden_fields(page: str, action: str) -> dict[str, str]:
    """The hidden inputs of the form posting to ``action`` (csrf_token, token, version)."""
    start = page.find(f'action="{action}"')
    if start < 0:
        return {}
    end = page.find("</form>", start)
    found = {}
    for tag in INPUT.findall(page, start, end):
        attributes = dict(ATTRIBUTE.findall(tag))
        if attributes.get("type") == "hidden" and "name" in attributes:
            found[attributes["name"]] = html.unescape(attributes.get("value", ""))
    return found


def csrf_token(page: str) -> str | None:
    """The session's CSRF token, from any form on the page."""
    for tag in INPUT.findall(page):
        attributes = dict(ATTRIBUTE.findall(tag))
        if attributes.get("name") == "csrf_token":
            return html.unescape(attributes.get("value", ""))
    return None


def options(page: str, name: str) -> list[str]:
    """The option values of the ``<select name=name>``, in order, without the empty one."""
    match = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S)
    if not match:
        return []
    return [v for v in re.findall(r'<option[^>]*value="([^"]*)"', match[1]) if v not in ("", "0")]


class Member(HttpUser):
    wait_time = between(*CONFIG["think"])

    def __init__(self, environment) -> None:
        self.number = next(NUMBER)
        hosts = CONFIG["hosts"]
        self.host = hosts[self.number % len(hosts)]  # the users split across the instances
        super().__init__(environment)
        accounts = CONFIG["accounts"]
        self.email = accounts[self.number % len(accounts)]
        self.slug = CONFIG["slug"]
        self.others = CONFIG["member_ids"]
        self.address = f"10.{self.number // 250}.{self.number % 250}.{1 + self.number % 200}"
        self.client.headers["X-Forwarded-For"] = self.address
        self.gives = 0

    # --- helpers -------------------------------------------------------------------------

    def get(self, url: str, name: str) -> str | None:
        with self.client.get(url, name=name, catch_response=True,
                             allow_redirects=False) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
                record(kind="error", name=name, url=url, status=response.status_code,
                       user=self.number)
                return None
            return response.text

    def on_start(self) -> None:
        page = self.get("/auth/signin", "sign-in form")
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page or "")
        with self.client.post("/auth/signin", name="sign in (POST)", catch_response=True,
                              allow_redirects=False, data={
                                  "csrf_token": token[1] if token else "",
                                  "email": self.email, "password": CONFIG["password"]},
                              ) as response:
            if response.status_code != 302:
                response.failure(f"{response.status_code}")
                record(kind="error", name="sign in (POST)", status=response.status_code,
                       user=self.number)

    # --- browsing ------------------------------------------------------------------------

    @task(4)
    def dashboard(self) -> None:
        self.get(f"/g/{self.slug}/", "dashboard")

    @task(2)
    def received(self) -> None:
        page = self.get("/referrals", "referrals received")
        ids = REFERRAL_LINK.findall(page or "")
        if ids:
            self.get(f"/referrals/{random.choice(ids)}", "a referral")

    @task(1)
    def given_list(self) -> None:
        self.get("/referrals?box=given", "referrals given")

    @task(2)
    def directory(self) -> None:
        self.get(f"/g/{self.slug}/members", "directory")

    @task(1)
    def member_page(self) -> None:
        self.get(f"/g/{self.slug}/members/{random.choice(self.others)}", "member page")

    @task(1)
    def suggestions(self) -> None:
        self.get(f"/g/{self.slug}/network/suggestions", "suggestions")

    @task(1)
    def network(self) -> None:
        self.get(f"/g/{self.slug}/network", "network")
        # What the page's script then asks for on a wide screen.
        self.get(f"/g/{self.slug}/network/picture", "network picture")

    @task(1)
    def reciprocity(self) -> None:
        self.get(f"/g/{self.slug}/network/me", "my reciprocity")

    @task(1)
    def notifications(self) -> None:
        self.get("/notifications", "notifications")

    # --- giving --------------------------------------------------------------------------

    @task(2)
    def give(self) -> None:
        page = self.get(f"/referrals/new?group={self.slug}", "give form")
        if page is None:
            return
        fields = hidden_fields(page, "/referrals/new")
        receivers = options(page, "receiver")
        if not receivers or "token" not in fields:
            record(kind="error", name="give form", detail="no form", user=self.number)
            return
        self.gives += 1
        name = f"Load Prospect {self.number}-{self.gives}"
        form = {
            **fields, "receiver": random.choice(receivers), "prospect_name": name,
            "prospect_email": f"prospect{self.number}.{self.gives}@load.example",
            "prospect_phone": "+44 20 7946 0018", "need": "Their office needs a new roof",
            "prospect_company": "Load Ltd", "temperature": str(random.randint(1, 5)),
            "expects_call": "y", "submit": "Give the referral",
        }
        with self.client.post("/referrals/new", data=form, name="give (POST)",
                              catch_response=True, allow_redirects=False) as response:
            where = response.headers.get("Location", "")
            found = re.search(r"/referrals/(\d+)$", where)
            if response.status_code == 302 and found:
                record(kind="give", referral=int(found[1]), token=fields["token"],
                       email=self.email, receiver=int(form["receiver"]), name=name,
                       user=self.number)
            else:
                response.failure(f"{response.status_code}")
                record(kind="error", name="give (POST)", status=response.status_code,
                       token=fields["token"], user=self.number)
                return
        self.get(where.removeprefix(self.host), "a referral (after a change)")

    # --- working a referral --------------------------------------------------------------

    @task(3)
    def move(self) -> None:
        other = OPEN_PAGES.get(self.email)
        if other is not None and other[0] != self.number:  # the other session's page
            del OPEN_PAGES[self.email]
            _, referral, fields, moves = other
            # This session's own CSRF token (bound to the session, not to the time);
            # the version and the choices are those the other session saw back then.
            token = csrf_token(self.get(f"/referrals/{referral}", "a referral") or "")
            if token is None:
                return
            fields = {**fields, "csrf_token": token}
        else:
            status = random.choice(OPEN)
            page = self.get(f"/referrals?box=received&period=all&status={status}",
                            "referrals to work")
            ids = REFERRAL_LINK.findall(page or "")
            if not ids:
                return
            referral = random.choice(ids)
            page = self.get(f"/referrals/{referral}", "a referral")
            fields = hidden_fields(page or "", f"/referrals/{referral}/move")
            moves = [m for m in options(page or "", "to") if m != "passed_on"]
            if not moves or "version" not in fields:
                return  # moved meanwhile from another session, or never ours to move
            accounts = len(CONFIG["accounts"])
            if self.number >= accounts or self.number + accounts < CONFIG["users"]:
                OPEN_PAGES[self.email] = (self.number, referral, fields, moves)
        action = f"/referrals/{referral}/move"
        roll = random.random()  # mostly the next step; won, lost, not a fit are always offered
        to = moves[0] if roll < 0.6 else "won" if roll < 0.85 else "lost" if roll < 0.95 \
            else "not_a_fit"
        form = {**fields, "to": to, "note": "", "shared": "y", "value": "", "pass_to": "0",
                "submit": "Update"}
        if to == "won":
            form["value"] = f"{random.randint(200, 20_000)}.{random.randint(0, 99):02d}"
        if to in ("lost", "not_a_fit"):
            form["note"] = "They chose someone closer to home"
        with self.client.post(action, data=form, name="move (POST)", catch_response=True,
                              allow_redirects=False) as response:
            if response.status_code == 302 and response.headers.get(
                    "Location", "").endswith(f"/referrals/{referral}"):
                record(kind="move", referral=int(referral), to=to, version=int(fields["version"]),
                       value=form["value"], email=self.email, user=self.number)
            elif response.status_code == 409:  # the other session moved it since the page
                response.success()
                record(kind="conflict", referral=int(referral), to=to,
                       version=int(fields["version"]), email=self.email, user=self.number)
                return
            else:
                response.failure(f"{response.status_code}")
                record(kind="error", name="move (POST)", status=response.status_code,
                       referral=int(referral), to=to, user=self.number)
                return
        self.get(f"/referrals/{referral}", "a referral (after a change)")
