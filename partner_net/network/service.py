"""What the network pages need, assembled from the cache, the database and the domain.

No Flask here beyond the database session: the views parse input, call these, render.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from partner_net.domain import reciprocity
from partner_net.domain.reciprocity import MemberBalance, PartnerBalance, PartnerLists
from partner_net.domain.suggestions import (
    Person,
    Suggestion,
    SuggestionInput,
    client_terms,
    pair_counts,
    suggest,
)
from partner_net.extensions import db
from partner_net.models import Group, Member, StrategicPartner
from partner_net.network import aggregates
from partner_net.network.cache import GroupNetwork, cache
from partner_net.onetoones import service as onetoones

#: Suggestions weigh the last 12 months: old favours fade.
SUGGESTION_PERIOD = "12m"
#: One-to-ones older than this are left out (at a 90-day half-life they weigh ~6%).
SUGGESTION_DAYS = 365


class NetworkError(ValueError):
    """A request the rules refuse; the message is shown to the member."""


def group_network(group: Group, period: str, now: datetime) -> GroupNetwork:
    return cache.get(group.id, period, now)


# --- my reciprocity ------------------------------------------------------------------


@dataclass(frozen=True)
class MyReciprocity:
    balance: MemberBalance
    lists: PartnerLists

    @property
    def net(self) -> int:
        return self.balance.net

    @property
    def net_value(self):
        return self.balance.value_given - self.balance.value_received


def my_reciprocity(network: GroupNetwork, member_id: int) -> MyReciprocity:
    return MyReciprocity(
        balance=reciprocity.member_balance(network.graph, member_id),
        lists=reciprocity.partner_lists(network.graph, member_id, top=10),
    )


def partner_names(network: GroupNetwork,
                  rows: list[PartnerBalance]) -> list[tuple[str, PartnerBalance]]:
    return [(network.name(row.partner_id), row) for row in rows]


# --- whom to refer first -------------------------------------------------------------


def strategic_partners(member: Member) -> list[StrategicPartner]:
    return list(db.session.scalars(
        sa.select(StrategicPartner)
        .where(StrategicPartner.member_id == member.id)
        .options(joinedload(StrategicPartner.partner))
        .order_by(StrategicPartner.created_at, StrategicPartner.id)
    ))


def one_to_ones(member: Member, now: datetime) -> dict[int, list[date]]:
    """Dates of the one-to-ones the member recorded in the suggestion period, per
    partner. Only the recorder's: the partner's ranking uses their own records."""
    since = now.date() - timedelta(days=SUGGESTION_DAYS)
    return onetoones.dates_by_partner(member.id, since)


def suggestions_for(member: Member, group: Group, now: datetime,
                    limit: int | None = 5) -> list[Suggestion]:
    """The member's partners in ``group``, best first, each with its sentence."""
    network = group_network(group, SUGGESTION_PERIOD, now)
    # No pronouns are recorded: "them" reads better than repeating the name.
    candidates = [Person(m.id, m.name, "them") for m in network.members if m.id != member.id]
    if not candidates:
        return []
    ids = [member.id, *(p.member_id for p in candidates)]
    terms = {mid: client_terms(*texts) for mid, texts in aggregates.client_texts(ids).items()}
    marked = frozenset(s.partner_id for s in strategic_partners(member))
    data = SuggestionInput(
        me=member.id, candidates=candidates, now=now,
        counts=pair_counts(member.id, network.pairs), strategic=marked,
        client_terms=terms, one_to_ones=one_to_ones(member, now),
    )
    return suggest(data, limit=limit)


# --- strategic partners --------------------------------------------------------------


def mark_strategic(member: Member, partner: Member, group: Group) -> StrategicPartner:
    """Record that ``member`` refers ``partner`` first. The caller checks that the
    partner is an active member of ``group`` and commits."""
    if partner.id == member.id:
        raise NetworkError("You can't be your own strategic partner; choose another member.")
    existing = db.session.scalar(sa.select(StrategicPartner).filter_by(
        member_id=member.id, partner_id=partner.id))
    if existing is not None:
        raise NetworkError(f"{partner.name} is already one of your strategic partners.")
    mark = StrategicPartner(member=member, partner=partner, group=group)
    db.session.add(mark)
    return mark


def unmark_strategic(member: Member, partner_id: int) -> StrategicPartner | None:
    """Remove the mark; returns it (None when there was none)."""
    mark = db.session.scalar(sa.select(StrategicPartner).filter_by(
        member_id=member.id, partner_id=partner_id))
    if mark is not None:
        db.session.delete(mark)
    return mark
