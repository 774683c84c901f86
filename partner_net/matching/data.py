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
from sqlalchemy.orm import selectinload

from partner_net.domain import semantic
from partner_net.domain.matcher import Candidate, ClientProfile, Index, build_index
from partner_net.extensions import db
from partner_net.models import Group, Member, Membership


def group_candidates(group: Group) -> tuple[Candidate, ...]:
    members = db.session.scalars(
        sa.select(Member)
        .join(Membership, Membership.member_id == Member.id)
        .where(Membership.group_id == group.id, Membership.active, Member.active)
        .options(selectinload(Member.ideal_clients))
        .order_by(Member.id)
    )
    return tuple(candidate(m) for m in members)


def candidate(member: Member) -> Candidate:
    profiles = tuple(
        ClientProfile(p.title, p.industry, p.segment, p.frustration, p.triggers, p.value,
                      p.keywords)
        for p in member.ideal_clients
    )
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
