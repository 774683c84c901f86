"""Who fits this need: a page of its own, a small JSON for the give-referral form, and
the members' "good fit" / "wrong person" on a result."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_limiter import RequestLimit
from flask_login import current_user

from partner_net.access import group_member_required
from partner_net.domain import semantic
from partner_net.domain.matcher import Candidate, Match, rank, summary
from partner_net.extensions import db, limiter
from partner_net.matching import data, feedback
from partner_net.matching.forms import FeedbackForm, MatchForm

bp = Blueprint("matching", __name__)

PAGE_LIMIT = 8
JSON_LIMIT = 5
#: Leave out members this far (in z-score units) below the best: they are noise.
MAX_BELOW_BEST = 3.0
VERDICT_WORDS = {"good": "a good fit", "wrong": "the wrong person"}


def backend_key() -> str:
    found = data.matcher_encoder()
    return getattr(found, "key", semantic.KEYWORDS) if found else semantic.KEYWORDS


def find_matches(need: str, limit: int) -> list[tuple[Match, Candidate]]:
    """The group's members (the current member left out) best first for ``need``."""
    candidates = data.group_candidates(g.group)
    by_id = {c.member_id: c for c in candidates}
    ranked = rank(need, data.index_for(candidates), encoder=data.matcher_encoder(),
                  limit=limit + 1)
    ranked = [m for m in ranked if m.member_id != current_user.id][:limit]
    if ranked:
        floor = ranked[0].score - MAX_BELOW_BEST
        ranked = [m for m in ranked if m.score >= floor]
    return [(m, by_id[m.member_id]) for m in ranked]


def digest(need: str) -> str:
    return feedback.need_digest(current_app.secret_key, g.group.id, need)


@bp.get("/g/<slug>/match")
@group_member_required
def match():
    form = MatchForm(request.args)
    return render_match(form)


def render_match(form: MatchForm, status: int = 200, told: dict[int, str] | None = None):
    matches: list[tuple[Match, Candidate]] = []
    searched = "q" in request.args or "q" in request.form
    if searched and form.validate():
        matches = find_matches(form.q.data, PAGE_LIMIT)
        if told is None:
            told = feedback.already_judged(g.group, current_user, digest(form.q.data))
    return render_template(
        "matching/match.html", group=g.group, form=form, matches=matches,
        searched=searched and not form.errors, summary=summary, told=told or {},
        feedback_form=FeedbackForm(),
    ), 400 if form.errors else status


@bp.get("/g/<slug>/match.json")
@group_member_required
def match_json():
    form = MatchForm(request.args)
    if not form.validate():
        return jsonify(error=form.q.errors[0]), 400
    results = [as_json(m, c, position)
               for position, (m, c) in enumerate(find_matches(form.q.data, JSON_LIMIT), 1)]
    return jsonify(query=form.q.data, results=results,
                   feedback_url=url_for("matching.tell", slug=g.group.slug))


def as_json(match: Match, candidate: Candidate, position: int) -> dict[str, object]:
    return {
        "id": match.member_id,
        "position": position,
        "name": match.name,
        "category": candidate.category,
        "business": candidate.business,
        "score": round(match.score, 3),
        "matched": match.matched,
        "why": summary(match),
        "sentence": match.evidence[0].text if match.evidence else "",
        "refer_url": url_for("referrals.give", to=match.member_id, group=g.group.slug),
        "profile_url": url_for("members.show", slug=g.group.slug, member_id=match.member_id),
    }


def feedback_limit() -> str:
    return current_app.config["MATCH_FEEDBACK_RATE_LIMIT"]


def per_member() -> str:
    return f"match-feedback:{current_user.get_id()}"


def wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def feedback_limit_reached(_limit: RequestLimit):
    message = "You have sent a lot of answers in a short time. Try again in a while."
    if wants_json():
        return make_response(jsonify(error=message), 429)
    flash(message, "error")
    form = MatchForm(q=request.form.get("q", ""))
    return make_response(render_match(form, 429)[0], 429)


@bp.post("/g/<slug>/match/feedback")
@group_member_required
@limiter.limit(feedback_limit, key_func=per_member, on_breach=feedback_limit_reached)
def tell():
    form = FeedbackForm()
    valid = form.validate_on_submit()
    candidates = {c.member_id: c for c in data.group_candidates(g.group)}
    member = candidates.get(form.member.data) if valid else None
    if member is None or member.member_id == current_user.id:
        return feedback_refused(form)
    need = form.q.data
    recorded = feedback.record(
        g.group, current_user, member.member_id, need=need, digest=digest(need),
        verdict=form.verdict.data, position=form.position.data, source=form.source.data,
        backend=backend_key())
    db.session.commit()
    first = member.name.split()[0]
    if recorded:
        message = f"Thank you: noted that {first} is {VERDICT_WORDS[form.verdict.data]} for this."
    else:
        message = f"You already told us about {first} for this need; the first answer stands."
    if wants_json():
        return jsonify(recorded=recorded, message=message)
    flash(message, "success" if recorded else "info")
    return redirect(url_for("matching.match", slug=g.group.slug, q=need) + "#results")


def feedback_refused(form: FeedbackForm):
    message = "That answer could not be recorded: search again and choose from the results."
    if wants_json():
        return jsonify(error=message), 400
    flash(message, "error")
    return render_match(MatchForm(q=form.q.data or ""), 400)
