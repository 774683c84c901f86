"""The demo group's history as the replay reads it: counted referrals, strategic marks,
one-to-ones and the profile similarity the application computes."""

from __future__ import annotations

from datetime import UTC

from bench.evaluate_suggestions import Event, History


def demo_history() -> History | None:
    """The demo group's counted referrals from the configured database, if any."""
    import sqlalchemy as sa

    from partner_net import create_app
    from partner_net.demo.loader import demo_group
    from partner_net.extensions import db
    from partner_net.models import Member, Membership, OneToOne, Referral, StrategicPartner
    from partner_net.network import service
    from partner_net.referrals.pipeline import NOT_COUNTED

    app = create_app()
    with app.app_context():
        try:
            group = demo_group()
        except sa.exc.SQLAlchemyError:
            return None
        if group is None:
            return None
        ids = list(db.session.scalars(
            sa.select(Member.id).join(Membership, Membership.member_id == Member.id)
            .where(Membership.group_id == group.id, Membership.active, Member.active)
            .order_by(Member.id)))
        rows = db.session.execute(
            sa.select(Referral.giver_id, Referral.receiver_id, Referral.created_at)
            .where(Referral.group_id == group.id, Referral.status.not_in(NOT_COUNTED)))
        events = [Event(g, r, at if at.tzinfo else at.replace(tzinfo=UTC))
                  for g, r, at in rows if g in ids and r in ids]
        marked: dict[int, set[int]] = {}
        for member_id, partner_id in db.session.execute(
                sa.select(StrategicPartner.member_id, StrategicPartner.partner_id)):
            marked.setdefault(member_id, set()).add(partner_id)
        meetings: dict[int, list] = {}
        for member_id, partner_id, met_on in db.session.execute(
                sa.select(OneToOne.member_id, OneToOne.partner_id, OneToOne.met_on)
                .where(OneToOne.member_id.in_(ids))):
            meetings.setdefault(member_id, []).append((partner_id, met_on))
        texts = service.client_texts(ids)
        similarity = {}
        for me in ids:
            for other, value in service.profile_similarity(me, texts).items():
                similarity[(me, other)] = value
        return History(f"demo group “{group.name}”", ids,
                       sorted(events, key=lambda e: e.at),
                       {m: frozenset(p) for m, p in marked.items()}, similarity, meetings)
