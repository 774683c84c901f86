"""The directory's list of people written directly (the same HTML as the loop that was in
``templates/members/directory.html``): a Jinja loop over 80 members with three or four
filters, a link built per row and a dozen attribute lookups each cost more than the rest
of the page. Tested against that loop (tests/test_directory_html.py)."""

from __future__ import annotations

from collections.abc import Iterable

from flask import url_for
from markupsafe import Markup, escape

from partner_net.members.directory import Hit
from partner_net.templating import highlight


def member_url_prefix(slug: str) -> str:
    """``/g/<slug>/members/``: a member's page is this and their id (built once a page)."""
    url = url_for("members.show", slug=slug, member_id=0)
    assert url.endswith("/0"), url
    return url[:-1]


def people_rows(hits: Iterable[Hit], terms: list[str], prefix: str) -> Markup:
    """Each hit's ``<li>`` with the whitespace the template's loop wrote."""
    out: list[str] = []
    add = out.append
    for hit in hits:
        m = hit.member
        add('\n      \n      <li class="card person">\n        <span class="avatar" '
            f'aria-hidden="true">{escape(m.initials)}</span>\n        <div class="person__body">'
            f'\n          <a class="person__name" href="{escape(prefix)}{m.id}">'
            f'{highlight(m.name, terms)}</a>\n          ')
        if m.category or m.business:
            add(f'\n            <p class="person__meta">{highlight(m.category, terms)}'
                f'{" · " if m.category and m.business else ""}'
                f'{highlight(m.business, terms)}</p>\n          ')
        add("\n          ")
        if hit.snippet:
            add(f'\n            <p class="person__snippet"><span class="snippet-label">'
                f'{escape(hit.snippet_label)}:</span> {highlight(hit.snippet, terms)}</p>'
                "\n          ")
        add("\n          ")
        if terms and hit.matched_in:
            add(f'\n            <p class="person__matched">Found in '
                f'{escape(", ".join(hit.matched_in).lower())}</p>\n          ')
        add("\n        </div>\n      </li>\n    ")
    return Markup("".join(out))
