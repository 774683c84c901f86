"""The blueprint and the loaders shared by the meeting views."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, g

from partner_net.extensions import db
from partner_net.meetings import schedule
from partner_net.models import Meeting

bp = Blueprint("meetings", __name__)


def parse_day(day: str) -> date:
    try:
        return date.fromisoformat(day)
    except ValueError:
        abort(404)


def meeting_on(day: str) -> Meeting:
    """The group's meeting on ``day`` (made from the schedule on first touch), or 404."""
    try:
        return schedule.materialise(g.group, parse_day(day))
    except schedule.MeetingError:
        abort(404)


def load_meeting(meeting_id: int) -> Meeting:
    """A meeting of ``g.group``; 404 for any other group's (ids reveal nothing)."""
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None or meeting.group_id != g.group.id:
        abort(404)
    return meeting


def wants_json() -> bool:
    from flask import request

    return request.headers.get("X-Requested-With") == "fetch"
