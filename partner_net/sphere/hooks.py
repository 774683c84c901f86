"""What other pages show of the sphere, as template globals: each is called from one
small include, so the pages' own views need no change.

- the dashboard's "due a touch" card (``templates/sphere/_due_card.html``);
- a member's shared referral list on their page (``templates/sphere/_member_list.html``);
- the "thank the giver" prompt on a won referral (``templates/sphere/_thanks_prompt.html``).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_login import current_user

from partner_net.domain import sphere as rules
from partner_net.models import Group, Member, Referral
from partner_net.sphere import service, sharing
from partner_net.sphere.forms import ThanksForm
from partner_net.sphere.views import bp

#: Rows the dashboard card lists.
CARD_ROWS = 5


@dataclass(frozen=True)
class DueCard:
    rows: list[service.DueTouch]
    due: int
    overdue: int


@bp.app_template_global()
def sphere_due_card(group: Group) -> DueCard:
    """Who in the current member's sphere is due a touch, for the dashboard: one query on
    the contacts (with the partners due a one-to-one)."""
    today = service.today_in(group)
    rows, counts = service.due_touches_counted(current_user, today, limit=CARD_ROWS)
    return DueCard(rows, counts["due"], counts["overdue"])


@bp.app_template_global()
def sphere_shared_list(member: Member, group: Group) -> list[sharing.SharedEntry] | None:
    """``member``'s referral list as the current member may see it on ``member``'s page in
    ``group``, or None when it is not shared with them."""
    if not current_user.is_authenticated or not sharing.shared_with(member, group,
                                                                    current_user):
        return None
    return sharing.shared_entries(member)


@dataclass(frozen=True)
class ThanksPrompt:
    ideas: tuple[str, ...]
    form: ThanksForm
    logged_on: object


@bp.app_template_global()
def sphere_thanks_prompt(referral: Referral) -> ThanksPrompt | None:
    """For the receiver of a won referral: ideas to thank the giver, and a form to log it
    as a touch on the giver in their sphere. None for anyone else."""
    if not current_user.is_authenticated or not sharing.thanks_due(referral, current_user):
        return None
    return ThanksPrompt(rules.rules().thanks_ideas, ThanksForm(formdata=None),
                        sharing.thanks_logged(referral, current_user))
