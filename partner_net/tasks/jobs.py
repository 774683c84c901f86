"""The periodic jobs, and the guard that runs each once per time slot.

Every worker process runs a Huey scheduler, so with several workers each job is enqueued
several times per slot. :func:`PeriodicJob.run_once` first inserts ``job_runs(job, slot)``;
the primary key lets exactly one of them through, whatever the database.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from huey import crontab

from partner_net import clock
from partner_net.extensions import db
from partner_net.models import JobRun

log = logging.getLogger(__name__)

SLOT_FORMATS = {"minute": "%Y-%m-%dT%H:%MZ", "hour": "%Y-%m-%dT%HZ", "day": "%Y-%m-%d"}


def claim_slot(job: str, slot: str) -> bool:
    """Record that ``job`` runs for ``slot``; False when another worker already did."""
    try:
        with db.engine.begin() as connection:
            connection.execute(sa.insert(JobRun).values(
                job=job, slot=slot, started_at=clock.now()))
    except sa.exc.IntegrityError:
        return False
    return True


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    schedule: Callable[[datetime], bool]  # a huey crontab
    period: str  # "minute", "hour" or "day": the slot a run is counted in
    function: Callable[[datetime], object]
    #: False for jobs that are safe to run twice (the outbox sweep): no job_runs row.
    guarded: bool = True

    def slot(self, now: datetime) -> str:
        return now.strftime(SLOT_FORMATS[self.period])

    def run_once(self) -> bool:
        """Run the job for the current slot unless it already ran; True when it ran."""
        now = clock.now()
        if self.guarded and not claim_slot(self.name, self.slot(now)):
            log.info("job %s already ran for %s", self.name, self.slot(now))
            return False
        self.function(now)
        db.session.commit()
        return True


def _sweep(now: datetime) -> None:
    from partner_net.outbox import delivery

    delivery.sweep(now)


def _nudges(now: datetime) -> None:
    from partner_net.emails import nudges

    nudges.send_due(now)


def _digests(now: datetime) -> None:
    from partner_net.emails import digest

    digest.send_due(now)


def _cleanup(now: datetime) -> None:
    from partner_net.outbox import delivery

    delivery.clean_up(now)


PERIODIC = [
    PeriodicJob("outbox_sweep", crontab(minute="*"), "minute", _sweep, guarded=False),
    PeriodicJob("referral_nudges", crontab(minute="5"), "hour", _nudges),
    PeriodicJob("weekly_digest", crontab(minute="10"), "hour", _digests),
    PeriodicJob("outbox_cleanup", crontab(minute="30", hour="3"), "day", _cleanup),
]


def job(name: str) -> PeriodicJob:
    return next(j for j in PERIODIC if j.name == name)
