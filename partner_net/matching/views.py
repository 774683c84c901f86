"""Who fits this need: a page of its own and a small JSON for the give-referral form."""

from __future__ import annotations

from flask import Blueprint, current_app, g, jsonify, render_template, request, url_for
from flask_login import current_user

from partner_net.access import group_member_required
from partner_net.domain import embeddings
from partner_net.domain.matcher import Candidate, Match, rank, summary
from partner_net.matching import data
from partner_net.matching.forms import MatchForm

bp = Blueprint("matching", __name__)

PAGE_LIMIT = 8
JSON_LIMIT = 5
#: Leave out members scoring under this share of the best: they are noise.
MIN_SHARE = 0.3


def find_matches(need: str, limit: int) -> list[tuple[Match, Candidate]]:
    """The group's members (the current member left out) best first for ``need``."""
    candidates = data.group_candidates(g.group)
    by_id = {c.member_id: c for c in candidates}
    index = data.index_for(candidates)
    encoder = embeddings.load_encoder() if embeddings_on() else None
    ranked = rank(need, index, history=data.group_history(g.group), encoder=encoder,
                  min_share=MIN_SHARE)
    return [(m, by_id[m.member_id]) for m in ranked if m.member_id != current_user.id][:limit]


def embeddings_on() -> bool:
    return embeddings.active(current_app.config.get("MATCHER_EMBEDDINGS", "auto"))


def backend() -> str:
    return embeddings.describe(current_app.config.get("MATCHER_EMBEDDINGS", "auto"))


@bp.get("/g/<slug>/match")
@group_member_required
def match():
    form = MatchForm(request.args)
    matches: list[tuple[Match, Candidate]] = []
    searched = "q" in request.args
    if searched and form.validate():
        matches = find_matches(form.q.data, PAGE_LIMIT)
    return render_template(
        "matching/match.html", group=g.group, form=form, matches=matches,
        searched=searched and not form.errors, backend=backend(), summary=summary,
    ), 400 if form.errors else 200


@bp.get("/g/<slug>/match.json")
@group_member_required
def match_json():
    form = MatchForm(request.args)
    if not form.validate():
        return jsonify(error=form.q.errors[0]), 400
    results = [as_json(m, c) for m, c in find_matches(form.q.data, JSON_LIMIT)]
    return jsonify(query=form.q.data, backend=backend(), results=results)


def as_json(match: Match, candidate: Candidate) -> dict[str, object]:
    return {
        "id": match.member_id,
        "name": match.name,
        "category": candidate.category,
        "business": candidate.business,
        "score": round(match.score, 3),
        "matched": match.matched,
        "why": summary(match),
        "refer_url": url_for("referrals.give", to=match.member_id, group=g.group.slug),
        "profile_url": url_for("members.show", slug=g.group.slug, member_id=match.member_id),
    }
