"""Tell the queue about outbox rows once, and only once, their transaction commits."""

from __future__ import annotations

import logging

from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

KEY = "outbox_ids"


def after_commit_deliver(session: Session, message_id: int) -> None:
    """Enqueue the delivery of ``message_id`` when ``session`` commits (never on rollback)."""
    session.info.setdefault(KEY, []).append(message_id)


@event.listens_for(Session, "after_commit")
def _enqueue_committed(session: Session) -> None:
    ids = session.info.pop(KEY, [])
    if not ids or not has_app_context():
        return
    from partner_net.tasks import queue

    for message_id in ids:
        try:
            queue(current_app).enqueue_delivery(message_id)
        except Exception:  # the broker is down: the minute sweep will enqueue it
            log.exception("could not enqueue outbox message %s; the sweep will", message_id)


@event.listens_for(Session, "after_rollback")
def _forget_rolled_back(session: Session) -> None:
    session.info.pop(KEY, None)
