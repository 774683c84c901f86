"""Members swap their featured-speaker turns themselves: one asks, the other accepts or
declines, the asker may cancel. No Flask here beyond the database session and gettext.

Every change of a request is a compare-and-set on its ``status`` and ``version``. An
accepted request is re-checked against the rota as it stands (an absence may have pushed
someone back, an organizer may have swapped) under the group's rota lock
(:func:`partner_net.meetings.rota.lock`), then swapped exactly as an organizer's swap is:
both dates pinned. A request the rota no longer supports is expired, never applied.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from partner_net import clock, formatting
from partner_net.domain.rota import SwapProblem, swap_problem
from partner_net.extensions import db
from partner_net.meetings import rota, schedule
from partner_net.models import Group, Member, Notification, SpeakerSwap, SwapStatus

NOTIFICATION_KIND = "speaker_swap"
DECIDED_KIND = "speaker_swap_decided"


@dataclass(frozen=True)
class RotaState:
    """The rota as it stands: the horizon's dates and who speaks on each."""

    today: date
    plan: dict[date, int | None]
    cancelled: frozenset[date]
    started: frozenset[date]

    def problem(self, swap: SpeakerSwap) -> SwapProblem | None:
        return self.check(swap.requester_id, swap.requester_on, swap.other_id, swap.other_on)

    def check(self, requester_id: int, requester_on: date, other_id: int,
              other_on: date) -> SwapProblem | None:
        return swap_problem(self.plan, requester_id=requester_id, requester_on=requester_on,
                            other_id=other_id, other_on=other_on, today=self.today,
                            cancelled=self.cancelled, started=self.started)

    def turns_of(self, member_id: int) -> list[date]:
        """The dates ``member_id`` is planned on that can still change speaker."""
        return [d for d, m in self.plan.items()
                if m == member_id and d not in self.started and d not in self.cancelled]


def rota_state(group: Group) -> RotaState:
    now = clock.now()
    slots = schedule.upcoming(group)
    dates = [s.scheduled_on for s in slots]
    cancelled = frozenset(s.scheduled_on for s in slots if s.cancelled)
    started = frozenset(s.scheduled_on for s in slots
                        if s.starts_at <= now or (s.meeting and s.meeting.started_at))
    return RotaState(clock.local_today(group.timezone), rota.planned(group, dates),
                     cancelled, started)


def problem_text(problem: SwapProblem) -> str:
    return {
        SwapProblem.SAME_PERSON: _("You cannot swap with yourself."),
        SwapProblem.SAME_DATE: _("Choose a turn on another date than yours."),
        SwapProblem.PAST: _("That date has passed."),
        SwapProblem.NOT_PLANNED_DATE: _("That date is not on the rota any more."),
        SwapProblem.CANCELLED: _("That meeting is cancelled."),
        SwapProblem.STARTED: _("That meeting has started; it keeps its speaker."),
        SwapProblem.REQUESTER_MOVED: _("The rota has moved: the one who asked no longer "
                                       "speaks on that date."),
        SwapProblem.OTHER_MOVED: _("The rota has moved: that turn is no longer theirs."),
    }[problem]


class Refused(ValueError):
    """A request the rules refuse; the message says why."""


class NotFound(LookupError):
    """Not a request this member may see."""


class Forbidden(PermissionError):
    """A request this member may see but not change (e.g. accepting one's own)."""


class Changed(Exception):
    """The request was accepted, declined, cancelled or expired meanwhile."""

    def __init__(self, swap: SpeakerSwap) -> None:
        super().__init__(swap.status)
        self.swap = swap


@dataclass(frozen=True)
class Outcome:
    swap: SpeakerSwap
    #: Why the rota no longer supports it (the request is now expired), or None: done.
    problem: SwapProblem | None = None


def day_text(group: Group, day: date) -> str:
    return formatting.day(day, group, "MMMEd")


def ask(group: Group, requester: Member, requester_on: date, other: Member,
        other_on: date) -> SpeakerSwap:
    """``requester`` asks ``other`` to swap turns. The caller commits.

    Checked against the rota now; one waiting request per pair of dates (a unique
    partial index makes a double-click or a race of the two members record once)."""
    if requester.id == other.id:
        raise Refused(problem_text(SwapProblem.SAME_PERSON))
    state = rota_state(group)
    problem = state.check(requester.id, requester_on, other.id, other_on)
    if problem is SwapProblem.REQUESTER_MOVED:
        raise Refused(_("You are not planned to speak on %(day)s.",
                        day=day_text(group, requester_on)))
    if problem is SwapProblem.OTHER_MOVED:
        raise Refused(_("%(name)s is not planned to speak on %(day)s any more.",
                        name=other.name, day=day_text(group, other_on)))
    if problem is not None:
        raise Refused(problem_text(problem))
    key = SpeakerSwap.key_of(requester_on, other_on)
    waiting = db.session.scalar(sa.select(SpeakerSwap).filter_by(
        group_id=group.id, pair_key=key, status=SwapStatus.PENDING))
    if waiting is not None:
        if state.problem(waiting) is None:
            raise Refused(_("A swap of these two dates is already waiting for an answer."))
        _set_status(waiting, SwapStatus.EXPIRED)  # stale: the rota moved since
    swap = SpeakerSwap(group_id=group.id, requester_id=requester.id, requester_on=requester_on,
                       other_id=other.id, other_on=other_on, pair_key=key,
                       status=SwapStatus.PENDING, version=1, created_at=clock.now())
    try:
        with db.session.begin_nested():
            db.session.add(swap)
            db.session.flush()
    except sa.exc.IntegrityError:
        raise Refused(_("A swap of these two dates is already waiting for an answer.")) \
            from None
    db.session.add(Notification(
        member_id=other.id, speaker_swap_id=swap.id, kind=NOTIFICATION_KIND,
        text=_("%(name)s asks to swap featured-speaker turns in %(group)s: you would speak "
               "on %(theirs)s instead of %(yours)s.", name=requester.name, group=group.name,
               theirs=day_text(group, requester_on), yours=day_text(group, other_on))[:300]))
    return swap


def load(group: Group, member: Member, swap_id: int, is_organizer: bool) -> SpeakerSwap:
    """A request of ``group`` that ``member`` may see (its two members, the organizers)."""
    swap = db.session.scalar(sa.select(SpeakerSwap).filter_by(id=swap_id, group_id=group.id))
    if swap is None or not (is_organizer or member.id in (swap.requester_id, swap.other_id)):
        raise NotFound(swap_id)
    return swap


def _set_status(swap: SpeakerSwap, status: str, seen_version: int | None = None) -> bool:
    """Compare-and-set: ``swap`` (pending, at ``seen_version``) becomes ``status``."""
    condition = [SpeakerSwap.id == swap.id, SpeakerSwap.status == SwapStatus.PENDING]
    if seen_version is not None:
        condition.append(SpeakerSwap.version == seen_version)
    done = db.session.execute(
        sa.update(SpeakerSwap).where(*condition)
        .values(status=status, version=SpeakerSwap.version + 1, decided_at=clock.now())
        .execution_options(synchronize_session=False))
    db.session.refresh(swap)
    return done.rowcount == 1


def accept(group: Group, member: Member, swap: SpeakerSwap, seen_version: int) -> Outcome:
    """The other member's tap. The caller commits (also when the outcome is expired)."""
    if member.id != swap.other_id:
        raise Forbidden(swap.id)
    if not _set_status(swap, SwapStatus.ACCEPTED, seen_version):
        raise Changed(swap)
    rota.lock(group)  # after the request's own lock: the same order everywhere
    problem = rota_state(group).problem(swap)
    if problem is None:
        try:
            rota.swap_dates(group, swap.requester_on, swap.other_on, by=member, request=swap)
        except schedule.MeetingError:
            problem = SwapProblem.STARTED
    if problem is not None:
        db.session.execute(sa.update(SpeakerSwap).where(SpeakerSwap.id == swap.id)
                           .values(status=SwapStatus.EXPIRED))
        db.session.refresh(swap)
        _mark_read(swap, member)
        return Outcome(swap, problem)
    _mark_read(swap, member)
    _tell_requester(group, swap, _(
        "%(name)s accepted your swap: you now speak on %(yours)s, %(name)s on %(theirs)s.",
        name=member.name, yours=day_text(group, swap.other_on),
        theirs=day_text(group, swap.requester_on)))
    return Outcome(swap)


def decline(group: Group, member: Member, swap: SpeakerSwap, seen_version: int) -> SpeakerSwap:
    if member.id != swap.other_id:
        raise Forbidden(swap.id)
    if not _set_status(swap, SwapStatus.DECLINED, seen_version):
        raise Changed(swap)
    _mark_read(swap, member)
    _tell_requester(group, swap, _(
        "%(name)s declined your swap: you still speak on %(yours)s.",
        name=member.name, yours=day_text(group, swap.requester_on)))
    return swap


def cancel(member: Member, swap: SpeakerSwap, seen_version: int) -> SpeakerSwap:
    if member.id != swap.requester_id:
        raise Forbidden(swap.id)
    if not _set_status(swap, SwapStatus.CANCELLED, seen_version):
        raise Changed(swap)
    db.session.execute(
        sa.update(Notification)
        .where(Notification.speaker_swap_id == swap.id, Notification.read_at.is_(None))
        .values(read_at=clock.now()))
    return swap


def _tell_requester(group: Group, swap: SpeakerSwap, text: str) -> None:
    db.session.add(Notification(member_id=swap.requester_id, kind=DECIDED_KIND,
                                text=text[:300]))


def _mark_read(swap: SpeakerSwap, member: Member) -> None:
    db.session.execute(
        sa.update(Notification)
        .where(Notification.speaker_swap_id == swap.id, Notification.member_id == member.id,
               Notification.read_at.is_(None))
        .values(read_at=clock.now()))


def shown_status(swap: SpeakerSwap, state: RotaState) -> str:
    """The status to show: a waiting request the rota no longer supports is expired."""
    if swap.status == SwapStatus.PENDING and state.problem(swap) is not None:
        return SwapStatus.EXPIRED
    return swap.status


@dataclass(frozen=True)
class Requests:
    incoming: list[SpeakerSwap]  # waiting for this member's answer
    outgoing: list[SpeakerSwap]  # this member's own, waiting
    group_pending: list[SpeakerSwap]  # every waiting one (organizers only)


def waiting(group: Group, member: Member, is_organizer: bool, today: date) -> Requests:
    """The pending requests for the rota page (those for a past date left out)."""
    rows = list(db.session.scalars(
        sa.select(SpeakerSwap)
        .where(SpeakerSwap.group_id == group.id, SpeakerSwap.status == SwapStatus.PENDING,
               SpeakerSwap.requester_on >= today, SpeakerSwap.other_on >= today)
        .options(joinedload(SpeakerSwap.requester), joinedload(SpeakerSwap.other))
        .order_by(SpeakerSwap.created_at, SpeakerSwap.id)))
    return Requests(
        incoming=[s for s in rows if s.other_id == member.id],
        outgoing=[s for s in rows if s.requester_id == member.id],
        group_pending=rows if is_organizer else [],
    )


def count_for(group: Group, member: Member, today: date) -> int:
    """How many requests wait for ``member``'s answer in ``group`` (for the meetings page)."""
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(SpeakerSwap)
        .where(SpeakerSwap.group_id == group.id, SpeakerSwap.other_id == member.id,
               SpeakerSwap.status == SwapStatus.PENDING,
               SpeakerSwap.requester_on >= today, SpeakerSwap.other_on >= today)) or 0
