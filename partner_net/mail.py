"""Outgoing email, through the outbox.

:func:`send_email` is called inside the request's (or job's) transaction, before its
commit. It renders the message and writes it as an ``outbox_messages`` row in that same
transaction; nothing leaves the building until the commit, and a rolled-back change sends
nothing. After the commit a worker delivers it (``partner_net.outbox.delivery``).
"""

from __future__ import annotations

import re
import uuid

import sqlalchemy as sa
from flask import render_template, url_for
from jinja2 import TemplateNotFound
from markupsafe import Markup, escape
from sqlalchemy.dialects import postgresql, sqlite

from partner_net import clock
from partner_net.emails import kinds
from partner_net.extensions import db
from partner_net.models import Group, Member, OutboxMessage
from partner_net.outbox.hooks import after_commit_deliver


def send_email(to: str, subject: str, template: str, *, dedupe_key: str | None = None,
               **context: object) -> int | None:
    """Render ``templates/email/<template>.txt`` (and ``.html`` if there is one) for ``to``
    and put it in the outbox, to be sent after the current transaction commits.

    ``dedupe_key`` makes the message unique (a nudge per referral, a digest per week): a
    second call with the same key writes nothing. Returns the outbox row's id, or None
    when nothing was written (a duplicate, or a kind of email the member switched off).
    """
    member = recipient_member(to, context.get("member"))
    kind = kinds.kind_of(template)
    if kind is not None and member is not None and not kinds.wants(member, kind.name):
        return None
    unsubscribe = kinds.unsubscribe_url(member.id, kind.name) if kind and member else ""
    context.update(
        kind=kind, unsubscribe_link=unsubscribe,
        preferences_link=url_for("emails.preferences", _external=True) if member else "",
    )
    text = render_template(f"email/{template}.txt", **context)
    text += render_template("email/_footer.txt", **context)
    now = clock.now()
    values = {
        "dedupe_key": dedupe_key or f"{template}:{uuid.uuid4().hex}",
        "kind": template,
        "recipient": to,
        "member_id": member.id if member else None,
        "group_id": group_id_of(context),
        "subject": single_line(subject)[:300],
        "text_body": text,
        "html_body": render_html(template, text, context),
        "unsubscribe_url": unsubscribe,
        "created_at": now,
        "next_attempt_at": now,
    }
    message_id = insert_once(values)
    if message_id is not None:
        after_commit_deliver(db.session(), message_id)
    return message_id


def recipient_member(to: str, given: object) -> Member | None:
    if isinstance(given, Member) and given.email == to.lower():
        return given
    return db.session.scalar(sa.select(Member).filter_by(email=to.lower()))


def group_id_of(context: dict[str, object]) -> int | None:
    """The group the email is about (organizers see its delivery), if it names one."""
    group = context.get("group")
    if group is None and context.get("referral") is not None:
        group = getattr(context["referral"], "group", None)
    return group.id if isinstance(group, Group) else None


def single_line(text: str) -> str:
    """No line breaks in a header (they would start a new one)."""
    return " ".join(text.split())


def insert_once(values: dict[str, object]) -> int | None:
    """INSERT ... ON CONFLICT (dedupe_key) DO NOTHING, in the session's transaction."""
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (insert(OutboxMessage).values(**values)
                 .on_conflict_do_nothing(index_elements=["dedupe_key"])
                 .returning(OutboxMessage.id))
    return db.session.execute(statement).scalar()


URL = re.compile(r"https?://[^\s<>\"']+")


def text_to_html(text: str) -> Markup:
    """Plain text as HTML paragraphs, with its links clickable."""
    html = []
    for block in (b.strip() for b in re.split(r"\n\s*\n", text) if b.strip()):
        escaped = str(escape(block))
        linked = URL.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', escaped)
        html.append("<p>" + linked.replace("\n", "<br>\n") + "</p>")
    return Markup("\n".join(html))


def render_html(template: str, text: str, context: dict[str, object]) -> str:
    """``email/<template>.html`` when it exists, else the text part in the HTML layout."""
    try:
        return render_template(f"email/{template}.html", **context)
    except TemplateNotFound:
        return render_template("email/_layout.html", body=text_to_html(text), **context)
