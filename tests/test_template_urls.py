"""Templates' ``url_for`` keeps the links it built per process
(:func:`partner_net.templating.cached_static_url_for`): each is still exactly what Flask
builds for the same endpoint and values, under whatever host and mount point the request
came in on."""

from __future__ import annotations

import pytest
from flask import url_for as flask_url_for
from werkzeug.routing import BuildError

LINKS = [
    ("members.show", {"slug": "chapter-1", "member_id": 5}),
    ("members.show", {"slug": "chapter-2", "member_id": 5}),
    ("referrals.give", {"to": 7, "group": "chapter-1"}),
    ("referrals.give", {"group": "chapter-1", "to": 7}),  # another order, another query
    ("referrals.give", {"to": True, "group": "chapter-1"}),  # True is not 1 in a link
    ("referrals.give", {"to": 1, "group": "chapter-1"}),
    ("referrals.give", {"to": "a b&c", "group": "chapter-1"}),
    ("referrals.show", {"referral_id": 12}),
    ("main.dashboard", {"slug": "chapter-1"}),
    ("referrals.notifications", {}),
    ("static", {"filename": "css/app.css"}),
    ("referrals.give", {"to": [1, 2], "group": "chapter-1"}),  # not hashable
    ("referrals.show", {"referral_id": 12, "_anchor": "events"}),
    ("referrals.show", {"referral_id": 12, "_external": True}),
]


def test_each_link_is_what_flask_builds_whatever_host_and_mount_point(app):
    template_url_for = app.jinja_env.globals["url_for"]
    bases = ["http://localhost/", "http://localhost/mounted/", "https://other.example/"]
    for base in bases * 2:  # built, then kept: each base after the others
        with app.test_request_context("/", base_url=base):
            for endpoint, values in LINKS:
                assert template_url_for(endpoint, **values) == \
                    flask_url_for(endpoint, **values), (base, endpoint, values)


def test_a_link_that_cannot_be_built_still_fails(app):
    template_url_for = app.jinja_env.globals["url_for"]
    with app.test_request_context("/"):
        for _ in range(2):
            with pytest.raises(BuildError):
                template_url_for("members.show", slug="chapter-1")
