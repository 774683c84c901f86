"""The header's badge: how many unread notifications the signed-in member has.

Every signed-in page shows it, so it is counted in the statement that loads the member
(:data:`MEMBER_AND_UNREAD`, :func:`partner_net.auth.sessions.load_member`, which hands
it over with :func:`counted_unread`) rather than in a statement of its own. The count is
kept with the request it belongs to (``g`` outlives a request when an app context was
open before it, as in the tests), and forgotten as soon as this request changes
notifications (a flush of a :class:`Notification`, a bulk update or insert of them, any
bulk delete: rows may go by cascade), so a page that marks its notifications read shows
the badge as it is after that (:func:`header_unread_count` then counts again).
"""

from __future__ import annotations

import itertools

import sqlalchemy as sa
from flask import g, has_request_context, request
from flask_login import current_user
from sqlalchemy.orm import ORMExecuteState, Session

from partner_net.models import Member, Notification
from partner_net.referrals.queries import unread_count, unread_of

#: The member and their unread count, in one statement (built once, not per request).
MEMBER_AND_UNREAD = sa.select(
    Member,
    sa.select(sa.func.count()).where(*unread_of(Member.id)).correlate(Member)
    .scalar_subquery(),
).where(Member.id == sa.bindparam("member_id"))


def counted_unread(count: int) -> None:
    """This request counted the member's unread notifications: the header uses it."""
    g.unread_counted = (request._get_current_object(), count)  # type: ignore[attr-defined]


def forget_counted_unread() -> None:
    if has_request_context():
        g.pop("unread_counted", None)


def header_unread_count() -> int:
    """The badge's number: the count this request made, else a count now."""
    known = g.get("unread_counted")
    if known is not None and known[0] is request._get_current_object():  # type: ignore[attr-defined]
        return known[1]
    return unread_count(current_user)


@sa.event.listens_for(Session, "after_flush")
def _forget_after_flushing_notifications(session: Session, _context: object) -> None:
    if any(isinstance(row, Notification)
           for row in itertools.chain(session.new, session.dirty, session.deleted)):
        forget_counted_unread()


@sa.event.listens_for(Session, "do_orm_execute")
def _forget_after_changing_notifications(state: ORMExecuteState) -> None:
    if state.is_select:
        return
    mapper = state.bind_mapper
    if state.is_delete or (mapper is not None and mapper.class_ is Notification):
        forget_counted_unread()
