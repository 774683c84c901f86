"""My reciprocity, the group's network, whom to refer first."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from partner_net import clock
from partner_net.access import group_member_required, load_group_member, organizer_required
from partner_net.extensions import db
from partner_net.forms import EmptyForm
from partner_net.network import service
from partner_net.network.aggregates import (
    PERIODS,
    normalise_period,
    stamp_of,
    suggestion_people,
)
from partner_net.network.forms import StrategicPartnerForm
from partner_net.network.svg import EGO_PARTNERS, KINDS, MAX_EDGES, PAIR_KINDS, pair_kind

bp = Blueprint("network", __name__)


def _period() -> str:
    return normalise_period(request.args.get("period"))


def _network(period: str):
    """The group's network for ``period``, at the version read with the group."""
    return service.group_network(g.group, period, clock.now(), stamp_of(g.group))


def _focus(network) -> int | None:
    """The member the picture is centred on (``?focus=``), when they are in it."""
    focus = request.args.get("focus", type=int)
    return focus if focus in network.people else None


@bp.get("/g/<slug>/network")
@group_member_required
def group():
    period = _period()
    network = _network(period)
    focus = _focus(network)
    organizer = g.membership.is_organizer
    # The node-link picture (wide screens only) and the organizers' matrix (~450 kB at 80
    # members) are not in the page: its script asks for them (network.picture,
    # network.matrix) on a wide screen, and for the matrix on a phone when asked, so a
    # phone neither builds nor downloads what it does not show. Without the script,
    # ?picture=1 and ?matrix=1 put them in the page.
    picture = (service.focus_picture(network, focus, PERIODS[period].lower())
               if request.args.get("picture") else None)
    return render_template(
        "network/group.html", group=g.group, network=network, figures=network.figures,
        period=period, periods=PERIODS, kinds=KINDS, max_edges=MAX_EDGES, focus=focus,
        picture=picture, organizer=organizer,
        # Only organizers see it: clustering the group costs ~0.2 s of CPU per worker
        # after every change at 110 members, which members' views must not pay.
        show_matrix=organizer and bool(request.args.get("matrix")),
    )


def fragment(html: str) -> Response:
    """A piece of a page for its script to put in place; the header tells it from a page
    that answered instead (the sign-in page, once signed out)."""
    return Response(html, mimetype="text/html", headers={"X-Fragment": "1"})


@bp.get("/g/<slug>/network/picture")
@group_member_required
def picture():
    """The group's node-link picture alone (an SVG element, for the network page's script
    to put in place), for the same period and focus as the page."""
    period = _period()
    network = _network(period)
    return fragment(service.focus_picture(network, _focus(network),
                                          PERIODS[period].lower()))


@bp.get("/g/<slug>/network/matrix")
@organizer_required
def matrix():
    """The organizers' give/receive matrix alone, for the network page's script."""
    network = _network(_period())
    return fragment(render_template("network/_matrix.html", network=network))


@bp.get("/g/<slug>/network/me")
@group_member_required
def me():
    period = _period()
    network = _network(period)
    own = service.own_view(network, current_user, PERIODS[period].lower())
    return render_template(
        "network/me.html", group=g.group, network=network, mine=own.mine,
        period=period, periods=PERIODS, names=service.partner_names, partners=own.partners,
        ego=own.ego,
        pair_kinds=PAIR_KINDS, pair_kind=pair_kind, ego_limit=EGO_PARTNERS,
    )


@bp.route("/g/<slug>/network/suggestions", methods=["GET", "POST"])
@group_member_required
def suggestions():
    now = clock.now()
    people = suggestion_people(g.group.id)
    marks = service.strategic_partners(current_user)
    form = StrategicPartnerForm(me=current_user.id, members=people.members,
                                marked=[m.partner_id for m in marks])
    if form.validate_on_submit():
        partner = load_group_member(g.group, form.partner.data)
        try:
            service.mark_strategic(current_user, partner, g.group)
        except service.NetworkError as error:
            form.partner.errors.append(str(error))
        else:
            db.session.commit()
            flash(f"{partner.name} is now one of your strategic partners.", "success")
            return redirect(url_for("network.suggestions", slug=g.group.slug))
    suggested = service.suggestions_for(current_user._get_current_object(), g.group, now,
                                        limit=5, people=people,
                                        record=False, marks=marks, stamp=stamp_of(g.group))
    html = render_template(
        "network/suggestions.html", group=g.group, suggestions=suggested.rows,
        marks=marks, form=form, action_form=EmptyForm(),
    )
    if service.record_slate(suggested):  # after rendering: see record_slate
        db.session.commit()  # this week's slate, for the exposure budget
    return html


@bp.post("/g/<slug>/network/strategic/<int:partner_id>/remove")
@group_member_required
def unmark(partner_id: int):
    if not EmptyForm().validate_on_submit():
        abort(400)
    mark = service.unmark_strategic(current_user, partner_id)
    if mark is None:
        abort(404)
    name = mark.partner.name
    db.session.commit()
    flash(f"{name} is no longer marked as a strategic partner.", "success")
    return redirect(url_for("network.suggestions", slug=g.group.slug))
