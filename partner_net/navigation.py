"""The site's sections, for the header, the phone's tab bar and its "More" menu.

Every destination is one tap away (a tab) or two (More, then the item) on a phone; the
section of the page being viewed is always marked, and when it lives under "More" the
More tab carries its name, so the member always sees where they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from flask import request, url_for

from partner_net.models import Group, Member

#: How many sections sit in the phone's tab bar (Give sits in the middle of them).
TABS = ("home", "referrals", "network")


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    label: str
    url: str
    current: bool


def section_of(endpoint: str | None, blueprint: str | None) -> str | None:
    """The section an endpoint belongs to ("home", "referrals", … or None)."""
    endpoint = endpoint or ""
    if endpoint == "main.dashboard":
        return "home"
    if endpoint in ("referrals.group_list", "emails.group_outbox") or (
            blueprint == "groups" and endpoint not in (
                "groups.create", "groups.accept_invitation", "groups.signout_for_invitation")):
        return "group"
    if endpoint == "referrals.give":
        return "give"
    if blueprint == "referrals" or endpoint == "sphere.thank_giver":
        return "referrals"
    if endpoint.startswith("members.directory") or endpoint == "members.show" \
            or blueprint == "matching":
        return "directory"
    if blueprint in ("network", "onetoones"):
        return "network"
    if blueprint == "sphere":
        return "sphere"
    if blueprint == "meetings":
        return "meeting"
    if blueprint == "members" or endpoint == "emails.preferences":
        return "profile"
    return None


def sections(member: Member, group: Group | None) -> list[Section]:
    """The sections ``member`` may open, in the order of DESIGN.md's "Pages"."""
    here = section_of(request.endpoint, request.blueprint)
    organizer = False
    if group is not None:
        membership = member.membership_in(group)
        organizer = membership is not None and membership.active and membership.is_organizer
    rows = _rows(request.script_root, group.slug if group is not None else None, organizer)
    return [Section(key, label, url, key == here) for key, label, url in rows]


@lru_cache(maxsize=4096)
def _rows(script_root: str, slug: str | None, organizer: bool
          ) -> tuple[tuple[str, str, str], ...]:
    """The sections' (key, label, URL): the same for every page of a group, so built once
    per group and role in each process (the URLs depend only on these and the mount
    point, ``script_root``)."""
    rows: list[tuple[str, str, str]] = []
    if slug is not None:
        rows += [
            ("home", "Home", url_for("main.dashboard", slug=slug)),
            ("referrals", "Referrals", url_for("referrals.index")),
            ("directory", "Directory", url_for("members.directory", slug=slug)),
            ("network", "Network", url_for("network.me", slug=slug)),
            ("sphere", "My sphere", url_for("sphere.index", slug=slug)),
            ("meeting", "Meeting", url_for("meetings.index", slug=slug)),
        ]
        if organizer:
            rows.append(("group", "Group", url_for("groups.members", slug=slug)))
    else:
        rows.append(("home", "Home", url_for("main.home")))
    rows.append(("profile", "My profile", url_for("members.edit_profile")))
    return tuple(rows)


def tabs(all_sections: list[Section]) -> tuple[list[Section], list[Section]]:
    """(the tab bar's sections, the rest for the "More" menu)."""
    shown = [s for s in all_sections if s.key in TABS]
    return shown, [s for s in all_sections if s.key not in TABS]
