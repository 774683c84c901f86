"""What the matcher is fed, read from the database for one group.

Candidates are the group's active members (deactivated members and memberships never
appear), as their profiles say. Nothing else: no referral, whose need is private to its
giver and receiver, feeds the matcher. The index is cached per process by the
candidates' content, so an edited profile is picked up on the next request by whichever
worker serves it.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import sqlalchemy as sa
from flask import current_app

from partner_net.domain import semantic
from partner_net.domain.matcher import Candidate, ClientProfile, Index, build_index
from partner_net.extensions import db
from partner_net.models import Group, IdealClientProfile, Member, Membership


def group_candidates(group: Group) -> tuple[Candidate, ...]:
    """The group's active members as the matcher sees them, by id: two statements of
    plain rows (the columns a :class:`Candidate` holds), no ORM objects."""
    in_group = (sa.select(Membership.member_id)
                .join(Member, Member.id == Membership.member_id)
                .where(Membership.group_id == group.id, Membership.active, Member.active))
    profiles: dict[int, list[ClientProfile]] = {}
    for member_id, *fields in db.session.execute(
            sa.select(IdealClientProfile.member_id, *(getattr(IdealClientProfile, name)
                                                      for name in PROFILE_FIELDS))
            .where(IdealClientProfile.member_id.in_(in_group))
            .order_by(IdealClientProfile.member_id, IdealClientProfile.position,
                      IdealClientProfile.id)):
        profiles.setdefault(member_id, []).append(ClientProfile(*fields))
    rows = db.session.execute(
        sa.select(Member.id, Member.name, Member.category, Member.business,
                  Member.talkable_difference, Member.referral_criteria)
        .where(Member.id.in_(in_group))
        .order_by(Member.id))
    return tuple(Candidate(*row, tuple(profiles.get(row[0], ()))) for row in rows)


#: The ideal-client fields the matcher reads, in :class:`ClientProfile`'s order.
PROFILE_FIELDS = ("title", "industry", "segment", "frustration", "triggers", "value",
                  "keywords")


def candidate(member: Member) -> Candidate:
    profiles = tuple(ClientProfile(*(getattr(p, name) for name in PROFILE_FIELDS))
                     for p in member.ideal_clients)
    return Candidate(member.id, member.name, member.category, member.business,
                     member.talkable_difference, member.referral_criteria, profiles)


@lru_cache(maxsize=16)
def index_for(candidates: tuple[Candidate, ...]) -> Index:
    """The group's index, kept for the 16 groups last asked about in this process: with
    its embedded sentences and words an 80-member index holds about 4 MB."""
    return build_index(candidates)


def matcher_encoder() -> semantic.Encoder | None:
    """The meaning model this site's configuration asks for (``MATCHER_BACKEND``,
    ``MATCHER_MODEL_PATH``), loaded once per process; None means keywords alone. The
    suggestions' "serving the same people" uses the same one, through
    :func:`partner_net.domain.similarity.similarity_matrix`. A sentence model (slow to
    embed a whole group) keeps its profile vectors in the site's vector store."""
    config = current_app.config
    encoder = semantic.load(config.get("MATCHER_BACKEND", semantic.AUTO),
                            config.get("MATCHER_MODEL_PATH"))
    if encoder is not None and not encoder.word_level:
        encoder.store = vector_store(config.get("MATCHER_VECTOR_STORE"),
                                     current_app.instance_path)
    return encoder


@lru_cache(maxsize=4)
def vector_store(setting: str | None, instance_path: str) -> semantic.VectorStore | None:
    """``MATCHER_VECTOR_STORE``: a SQLite file's path, ``off``, or unset for
    ``matcher_vectors.sqlite`` in the instance folder."""
    if setting and setting.strip().lower() in ("off", "false", "no", "0"):
        return None
    return semantic.VectorStore(setting or Path(instance_path) / "matcher_vectors.sqlite")
