"""Delivering outbox rows: claim, send, record. Safe with any number of workers.

A row is claimed by a compare-and-set (``pending -> sending``, committed before the mail
server is contacted, so no database transaction stays open while SMTP is slow); only the
worker whose UPDATE changed the row sends it. Failures go back to ``pending`` with an
exponential back-off until ``OUTBOX_MAX_ATTEMPTS``, then ``failed``. A row left in
``sending`` by a worker that died is released by :func:`sweep` after ``OUTBOX_LEASE_SECONDS``.
"""

from __future__ import annotations

import logging
import smtplib
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from partner_net import clock
from partner_net.extensions import db
from partner_net.models import JobRun, OutboxMessage, OutboxStatus
from partner_net.outbox import transport

log = logging.getLogger(__name__)

T = OutboxMessage.__table__


def deliver(message_id: int) -> str:
    """Send one outbox row if it is due and nobody else has it; returns what happened
    (``sent``, ``retry``, ``failed`` or ``skipped``)."""
    now = clock.now()
    if not claim(message_id, now):
        return "skipped"
    with db.engine.connect() as connection:
        row = connection.execute(sa.select(T).where(T.c.id == message_id)).one()
    config = current_app.config
    try:
        transport.send(transport.build(row, config), config)
    except (OSError, smtplib.SMTPException) as error:
        return record_failure(row, error, clock.now())
    finish(message_id, OutboxStatus.SENT, sent_at=clock.now())
    log.info("email %s sent (%s)", message_id, row.kind)
    return "sent"


def claim(message_id: int, now: datetime) -> bool:
    """pending -> sending, only if still pending and due: the compare-and-set."""
    with db.engine.begin() as connection:
        result = connection.execute(
            T.update()
            .where(T.c.id == message_id, T.c.status == OutboxStatus.PENDING,
                   T.c.next_attempt_at <= now)
            .values(status=OutboxStatus.SENDING, claimed_at=now, attempts=T.c.attempts + 1)
        )
    return result.rowcount == 1


def finish(message_id: int, status: str, **values: object) -> None:
    """sending -> sent / failed; the bodies are dropped (they may hold a reset link)."""
    with db.engine.begin() as connection:
        connection.execute(
            T.update().where(T.c.id == message_id, T.c.status == OutboxStatus.SENDING)
            .values(status=status, text_body="", html_body="", **values))


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4, 8 ... minutes after the 1st, 2nd, 3rd, 4th ... failure, at most 6 hours."""
    base = current_app.config["OUTBOX_RETRY_SECONDS"]
    return timedelta(seconds=min(base * 2 ** (attempts - 1), 6 * 3600))


def record_failure(row: sa.Row, error: Exception, now: datetime) -> str:
    reason = f"{type(error).__name__}: {error}"[:300]
    if row.attempts >= current_app.config["OUTBOX_MAX_ATTEMPTS"]:
        finish(row.id, OutboxStatus.FAILED, last_error=reason)
        log.error("email %s failed for good after %s attempts: %s", row.id, row.attempts, reason)
        return "failed"
    delay = retry_delay(row.attempts)
    with db.engine.begin() as connection:
        connection.execute(
            T.update().where(T.c.id == row.id, T.c.status == OutboxStatus.SENDING)
            .values(status=OutboxStatus.PENDING, next_attempt_at=now + delay,
                    last_error=reason))
    log.warning("email %s not sent (attempt %s), retrying in %ss: %s",
                row.id, row.attempts, int(delay.total_seconds()), reason)
    from partner_net.tasks import queue

    queue().enqueue_delivery(row.id, delay_seconds=delay.total_seconds())
    return "retry"


#: Rows committed this recently are left to their own after-commit enqueue.
SWEEP_GRACE = timedelta(seconds=30)
SWEEP_BATCH = 500


def sweep(now: datetime) -> list[int]:
    """Release rows whose worker died mid-send, and enqueue every row that is due but may
    have no queue entry (the broker lost it, or the enqueue after commit failed). Running
    it twice is harmless: the claim lets one delivery through. Returns the enqueued ids."""
    lease = timedelta(seconds=current_app.config["OUTBOX_LEASE_SECONDS"])
    with db.engine.begin() as connection:
        connection.execute(
            T.update().where(T.c.status == OutboxStatus.SENDING, T.c.claimed_at < now - lease)
            .values(status=OutboxStatus.PENDING, next_attempt_at=T.c.claimed_at))
        due = list(connection.scalars(
            sa.select(T.c.id)
            .where(T.c.status == OutboxStatus.PENDING,
                   T.c.next_attempt_at <= now - SWEEP_GRACE)
            .order_by(T.c.next_attempt_at).limit(SWEEP_BATCH)))
    from partner_net.tasks import queue

    for message_id in due:
        queue().enqueue_delivery(message_id)
    return due


def clean_up(now: datetime) -> None:
    """Forget sent and failed messages after ``OUTBOX_KEEP_DAYS``, and old job runs."""
    keep = timedelta(days=current_app.config["OUTBOX_KEEP_DAYS"])
    with db.engine.begin() as connection:
        connection.execute(T.delete().where(
            T.c.status.in_([OutboxStatus.SENT, OutboxStatus.FAILED]), T.c.created_at < now - keep))
        connection.execute(sa.delete(JobRun).where(JobRun.started_at < now - timedelta(days=14)))
