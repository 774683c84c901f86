"""What an organizer sees when the invitation limit is reached: the form as typed, a message."""

from __future__ import annotations

from flask import current_app, flash, g, make_response, redirect, render_template, url_for
from flask_limiter import RequestLimit

from partner_net.forms import EmptyForm
from partner_net.groups import service
from partner_net.groups.forms import InviteForm

MESSAGE = ("You have sent a lot of invitations in a short while, so sending is paused for "
           "now. Try again later; the addresses you typed are kept.")


def invitations_limit_reached(_limit: RequestLimit):
    """The invitations page again with the typed addresses, status 429 (no email sent)."""
    flash(MESSAGE, "error")
    page = render_template(
        "groups/invitations.html", group=g.group, form=InviteForm(),
        invitations=service.invitations_of(g.group),
        days=int(current_app.config["INVITATION_DAYS"]), action_form=EmptyForm())
    return make_response(page, 429)


def resend_limit_reached(_limit: RequestLimit):
    flash("You have sent a lot of invitations in a short while, so sending again is paused "
          "for now. Try again later.", "error")
    return redirect(url_for("groups.invitations", slug=g.group.slug))
