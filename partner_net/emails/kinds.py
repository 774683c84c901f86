"""The kinds of email a member may switch off (``kinds.toml``), opt-outs and
unsubscribe tokens."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

import sqlalchemy as sa
from flask import current_app, url_for
from itsdangerous import BadSignature, URLSafeSerializer

from partner_net.extensions import db
from partner_net.models import EmailOptOut, Member

TOKEN_SALT = "partner-net-unsubscribe"


@dataclass(frozen=True)
class EmailKind:
    name: str
    label: str
    description: str
    templates: tuple[str, ...]


@cache
def all_kinds() -> dict[str, EmailKind]:
    data = tomllib.loads(resources.files(__package__).joinpath("kinds.toml").read_text())
    return {name: EmailKind(name, v["label"], v["description"], tuple(v["templates"]))
            for name, v in data.items()}


def kind_of(template: str) -> EmailKind | None:
    """The opt-out kind an email template belongs to (None: always sent)."""
    return next((k for k in all_kinds().values() if template in k.templates), None)


def opted_out(member_id: int) -> set[str]:
    return set(db.session.scalars(
        sa.select(EmailOptOut.kind).where(EmailOptOut.member_id == member_id)))


def wants(member: Member, kind: str) -> bool:
    return kind not in opted_out(member.id)


def set_opt_outs(member: Member, kinds: set[str]) -> None:
    """Make ``kinds`` the member's opt-outs (unknown names are ignored). The caller commits."""
    kinds &= set(all_kinds())
    current = opted_out(member.id)
    for kind in current - kinds:
        db.session.execute(sa.delete(EmailOptOut).filter_by(member_id=member.id, kind=kind))
    for kind in kinds - current:
        db.session.add(EmailOptOut(member_id=member.id, kind=kind))


def opt_out(member_id: int, kind: str) -> bool:
    """Add one opt-out (idempotent: a double click or a second link is fine)."""
    if kind in opted_out(member_id):
        return False
    db.session.add(EmailOptOut(member_id=member_id, kind=kind))
    return True


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=TOKEN_SALT)


def unsubscribe_token(member_id: int, kind: str) -> str:
    return _serializer().dumps([member_id, kind])


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """(member id, kind) from a token this site signed, else None."""
    try:
        member_id, kind = _serializer().loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(member_id, int) or kind not in all_kinds():
        return None
    return member_id, kind


def unsubscribe_url(member_id: int, kind: str) -> str:
    return url_for("emails.unsubscribe", token=unsubscribe_token(member_id, kind),
                   _external=True)
