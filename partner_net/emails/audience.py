"""Helpers for emails the worker writes on its own: the reader's zone and daytime."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask import current_app

from partner_net import clock
from partner_net.extensions import db
from partner_net.models import OutboxMessage


@dataclass(frozen=True)
class Reader:
    """What the ``|day`` / ``|when`` filters need to date an email in the member's zone."""

    timezone: str
    locale: str | None = None


def is_daytime(now: datetime, timezone: str) -> bool:
    """Between ``NUDGE_HOURS`` in the member's own zone (nobody is nudged at 3 am)."""
    start, end = current_app.config["NUDGE_HOURS"]
    return start <= now.astimezone(clock.zone(timezone)).hour < end


def already_written(keys: list[str]) -> set[str]:
    """Which of these dedupe keys already have an outbox row (one query)."""
    if not keys:
        return set()
    return set(db.session.scalars(
        sa.select(OutboxMessage.dedupe_key).where(OutboxMessage.dedupe_key.in_(keys))))
