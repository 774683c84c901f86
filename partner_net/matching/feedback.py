"""Recording what members tell the matcher about its results."""

from __future__ import annotations

import hashlib
import hmac
import re

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from partner_net.extensions import db
from partner_net.models import Group, Member
from partner_net.models.matching import MatchFeedback


def need_digest(secret: str | bytes, group_id: int, need: str) -> str:
    """A keyed hash of the need as typed (case and spacing folded): the same need gives
    the same digest, and the digest alone cannot be checked against guessed words
    without the site's secret key."""
    key = secret.encode() if isinstance(secret, str) else secret
    folded = re.sub(r"\s+", " ", need).strip().casefold()
    return hmac.new(key, f"{group_id}:{folded}".encode(), hashlib.sha256).hexdigest()


def record(group: Group, asker: Member, member_id: int, *, need: str, digest: str,
           verdict: str, position: int, source: str, backend: str) -> bool:
    """Store one verdict; False when this asker already judged this result for this need.

    The unique constraint decides (not a read first), so two clicks racing record once.
    """
    row = MatchFeedback(group_id=group.id, asker_id=asker.id, member_id=member_id,
                        verdict=verdict, need_digest=digest,
                        need=need if source == "page" else "", position=position,
                        source=source, backend=backend)
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        return False
    return True


def already_judged(group: Group, asker: Member, digest: str) -> dict[int, str]:
    """member id -> verdict this asker gave for this need (to show it on the page)."""
    rows = db.session.execute(
        sa.select(MatchFeedback.member_id, MatchFeedback.verdict)
        .where(MatchFeedback.group_id == group.id, MatchFeedback.asker_id == asker.id,
               MatchFeedback.need_digest == digest))
    return {row.member_id: row.verdict for row in rows}
