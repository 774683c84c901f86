"""My sphere: the contacts list and quick add, one contact's page, touches, the ladder.

Every page is the current member's own: another member's contact ids answer 404. The
group in the URL gives the time zone ("today") and the header; the sphere is the same in
every group the member belongs to.
"""

from __future__ import annotations

from datetime import timedelta

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from wtforms import SelectChoice

from partner_net import formatting
from partner_net.access import group_member_required
from partner_net.domain import sphere as rules
from partner_net.extensions import db, limiter
from partner_net.forms import EmptyForm, safe_id, search_words
from partner_net.models import Contact
from partner_net.sphere import service, sharing
from partner_net.sphere.forms import (
    ChecklistForm,
    ContactEntryForm,
    ContactForm,
    LadderForm,
    LinkReferralForm,
    QuickAddForm,
    SnoozeForm,
    TouchForm,
)

bp = Blueprint("sphere", __name__)


def member_key() -> str:
    """Rate limits count per member, not per address: a meeting room shares one."""
    return f"member:{current_user.id}" if current_user.is_authenticated else "anon"


def add_limit() -> str:
    return current_app.config.get("SPHERE_ADD_RATE_LIMIT", "30 per minute;300 per hour")


def too_many(_limit=None):
    """The page the member was on, their input kept, and a clear message (429)."""
    flash("That is a lot of changes in a short time. Wait a minute and try again; "
          "what you typed is still here.", "error")
    endpoint = request.endpoint or ""
    if endpoint == "sphere.index":
        return make_response(render_index(QuickAddForm()), 429)
    contact_id = (request.view_args or {}).get("contact_id")
    if endpoint == "sphere.touch" and contact_id:
        contact = own_contact(contact_id)
        return make_response(render_contact(contact, touch_form=TouchForm(
            today=today())), 429)
    return make_response(render_template("sphere/slow_down.html", group=g.group), 429)


limit_adds = limiter.limit(add_limit, methods=["POST"], key_func=member_key,
                           on_breach=too_many)


def today():
    return service.today_in(g.group)


def own_contact(contact_id: int) -> Contact:
    contact = service.load_own(current_user, contact_id)
    if contact is None:
        abort(404)
    return contact


def contact_url(contact: Contact, anchor: str = "") -> str:
    return url_for("sphere.contact", slug=g.group.slug, contact_id=contact.id) + anchor


# --- the list and quick add -------------------------------------------------------------


@bp.route("/g/<slug>/sphere", methods=["GET", "POST"])
@group_member_required
@limit_adds
def index():
    form = QuickAddForm()
    if form.validate_on_submit():
        earlier = service.already_submitted(current_user, form.token.data)
        if earlier is not None and earlier.result_id:
            return redirect(url_for("sphere.contact", slug=g.group.slug,
                                    contact_id=earlier.result_id))
        duplicate = service.find_duplicate(current_user, form.email.data, form.phone.data)
        if duplicate is not None and not request.form.get("add_anyway"):
            earlier = service.already_submitted(current_user, form.token.data)
            if earlier is not None and earlier.result_id:  # this very form, a moment ago
                return redirect(url_for("sphere.contact", slug=g.group.slug,
                                        contact_id=earlier.result_id))
            flash(f"{duplicate.name} in your sphere has the same email or phone. Open them, "
                  "or add this one anyway.", "warning")
            return render_index(form, duplicate=duplicate), 409
        fields = form.fields()
        try:
            contact_id = service.submit_once(
                current_user, form.token.data, "contact",
                lambda: service.add_contact(current_user, fields, today()).id)
        except service.Repeated as repeat:
            contact_id = repeat.result_id
        else:
            flash(f"{fields.name} added to your sphere.", "success")
        if contact_id is None:
            return redirect(url_for("sphere.index", slug=g.group.slug))
        return redirect(url_for("sphere.contact", slug=g.group.slug, contact_id=contact_id))
    status = 400 if form.is_submitted() else 200
    return render_index(form), status


def render_index(form: QuickAddForm, duplicate: Contact | None = None) -> str:
    query = search_words(request.args.get("q"), 100)
    rung = search_words(request.args.get("rung"), 40)
    try:
        number = max(int(request.args.get("page", 1)), 1)
    except (TypeError, ValueError):
        number = 1
    page = service.contacts_page(current_user, query, rung, number)
    day = today()
    due, counts = service.due_touches_counted(current_user, day, limit=10)
    return render_template(
        "sphere/index.html", group=g.group, form=form, page=page, query=query, rung=rung,
        rules=rules.rules(), today=day, duplicate=duplicate, due=due, counts=counts,
        status_of=lambda c: rules.due_status(c.due_on, c.amber_from, day))


# --- one contact ------------------------------------------------------------------------


@bp.get("/g/<slug>/sphere/contacts/<int:contact_id>")
@group_member_required
def contact(contact_id: int):
    return render_contact(own_contact(contact_id))


def render_contact(contact: Contact, **forms):
    day = today()
    checklist = forms.get("checklist_form") or ChecklistForm(
        formdata=None, version=contact.version, strength=contact.strength,
        earned=sorted(contact.earned_keys))
    entry = sharing.entry_for_contact(contact)
    link_form = forms.get("link_form") or LinkReferralForm(formdata=None)
    linkable = sharing.linkable_referrals(current_user)
    link_form.referral.choices = [SelectChoice(0, "Choose a referral…")] + [
        SelectChoice(r.id, f"{r.prospect_name} → {r.receiver.name} "
                           f"({formatting.day(r.created_at, r.group)})")
        for r in linkable]
    ladder = rules.rules()
    return render_template(
        "sphere/contact.html", group=g.group, contact=contact, rules=ladder,
        rung=ladder.rung(contact.rung), today=day,
        status=rules.due_status(contact.due_on, contact.amber_from, day),
        cadence=rules.cadence_of(contact.rung, contact.cadence_days),
        top=contact.rung == ladder.rung_keys[-1], bottom=contact.rung == ladder.rung_keys[0],
        touch_form=forms.get("touch_form") or TouchForm(formdata=None, today=day),
        checklist_form=checklist, entry=entry,
        entry_form=forms.get("entry_form") or ContactEntryForm(formdata=None),
        link_form=link_form, linkable=linkable,
        referrals=sharing.referrals_for(contact), touches=service.touches_of(contact),
        action_form=EmptyForm(),
    ), forms.get("status", 200)


@bp.post("/g/<slug>/sphere/contacts/<int:contact_id>/touch")
@group_member_required
@limit_adds
def touch(contact_id: int):
    contact = own_contact(contact_id)
    form = TouchForm(today=today())
    if not form.validate_on_submit():
        return render_contact(contact, touch_form=form, status=400)
    channel_label = next(c.label for c in rules.rules().channels if c.key == form.channel.data)
    try:
        service.submit_once(current_user, form.token.data, "touch", lambda: service.log_touch(
            contact, form.channel.data, form.day, form.note.data or "").id)
    except service.Repeated:
        flash("That touch was already logged.", "info")
    else:
        flash(f"{channel_label} with {contact.name} logged. Next touch due "
              f"{formatting.day(contact.due_on, g.group)}.", "success")
    return redirect(contact_url(contact))


@bp.post("/g/<slug>/sphere/contacts/<int:contact_id>/snooze")
@group_member_required
def snooze(contact_id: int):
    contact = own_contact(contact_id)
    form = SnoozeForm()
    if not form.validate_on_submit() or form.days.data not in rules.rules().snooze_days:
        abort(400)
    until = today() + timedelta(days=form.days.data)
    if contact.snoozed_until == until:
        flash(f"Already snoozed until {formatting.day(until, g.group, 'MMMd')}.", "info")
    elif service.snooze(contact, _version(form.version.data), until):
        db.session.commit()
        flash(f"{contact.name} snoozed until {formatting.day(until, g.group)}.", "success")
    else:
        flash(f"{contact.name} changed meanwhile (in another tab or device); here is how "
              "they stand now. Snooze again if you still want to.", "warning")
    return redirect(contact_url(contact))


@bp.post("/g/<slug>/sphere/contacts/<int:contact_id>/ladder")
@group_member_required
def ladder(contact_id: int):
    contact = own_contact(contact_id)
    form = LadderForm()
    if not form.validate_on_submit():
        abort(400)
    ladder_rules = rules.rules()
    if form.seen.data not in ladder_rules.rung_keys:
        abort(400)
    try:
        target = service.move_rung(contact, form.seen.data, form.direction.data)
    except rules.LadderError as error:
        flash(f"{contact.name} is {error}.", "info")
    except service.LadderConflict as conflict:
        flash(f"{contact.name} was moved meanwhile and is now on "
              f"“{ladder_rules.rung(str(conflict)).label}”. Nothing else was changed.",
              "warning")
    else:
        db.session.commit()
        flash(f"{contact.name} moved {form.direction.data} to "
              f"“{ladder_rules.rung(target).label}”.", "success")
    return redirect(contact_url(contact, "#ladder"))


@bp.post("/g/<slug>/sphere/contacts/<int:contact_id>/checklist")
@group_member_required
def checklist(contact_id: int):
    contact = own_contact(contact_id)
    form = ChecklistForm()
    if not form.validate_on_submit():
        return render_contact(contact, checklist_form=form, status=400)
    if service.set_checklist(contact, _version(form.version.data), form.strength.data,
                             form.earned.data or []):
        db.session.commit()
        flash("Your answers are saved. Only you see them.", "success")
        return redirect(contact_url(contact, "#earned"))
    flash(f"{contact.name} changed meanwhile (in another tab or device). Your answers are "
          "below, not saved yet: check them against the current state and save again.",
          "warning")
    form.version.data = contact.version
    return render_contact(contact, checklist_form=form, status=409)


@bp.route("/g/<slug>/sphere/contacts/<int:contact_id>/edit", methods=["GET", "POST"])
@group_member_required
def edit(contact_id: int):
    contact = own_contact(contact_id)
    form = ContactForm(obj=contact if request.method == "GET" else None)
    status = 200
    if form.validate_on_submit():
        if service.update_details(contact, _version(form.version.data),
                                  form.fields(contact.rung)):
            db.session.commit()
            flash(f"{contact.name} saved.", "success")
            return redirect(contact_url(contact))
        flash(f"{contact.name} was changed meanwhile (in another tab or device). What you "
              "typed is below, not saved yet; the saved details are on the right.", "warning")
        form.version.data = contact.version
        status = 409
    elif form.is_submitted():
        status = 400
    return render_template("sphere/edit.html", group=g.group, contact=contact, form=form,
                           saved=status == 409), status


@bp.post("/g/<slug>/sphere/contacts/<int:contact_id>/delete")
@group_member_required
def delete(contact_id: int):
    contact = own_contact(contact_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    name = contact.name
    service.delete_contact(contact)
    db.session.commit()
    flash(f"{name} removed from your sphere, with their touches.", "info")
    return redirect(url_for("sphere.index", slug=g.group.slug))


@bp.post("/g/<slug>/sphere/contacts/<int:contact_id>/referrals")
@group_member_required
def link_referral(contact_id: int):
    contact = own_contact(contact_id)
    form = LinkReferralForm()
    form.referral.choices = []
    if not form.validate_on_submit():
        return render_contact(contact, link_form=form, status=400)
    referral = next((r for r in sharing.linkable_referrals(current_user, limit=500)
                     if r.id == form.referral.data), None)
    if referral is None or not sharing.link_referral(contact, referral):
        form.referral.errors.append("Choose one of your referrals that is not linked yet.")
        return render_contact(contact, link_form=form, status=400)
    db.session.commit()
    flash(f"Linked: you referred {contact.name} to {referral.receiver.name}.", "success")
    return redirect(contact_url(contact, "#referrals"))


@bp.post("/g/<slug>/sphere/contacts/<int:contact_id>/list")
@group_member_required
def put_on_list(contact_id: int):
    contact = own_contact(contact_id)
    form = ContactEntryForm()
    if not form.validate_on_submit():
        return render_contact(contact, entry_form=form, status=400)
    try:
        sharing.add_entry(current_user, form.what_for.data, form.why.data or "",
                          contact=contact)
    except sharing.ListError as error:
        form.what_for.errors.append(str(error))
        return render_contact(contact, entry_form=form, status=400)
    db.session.commit()
    flash(f"{contact.name} is on your referral list.", "success")
    return redirect(contact_url(contact, "#vouch"))


def _version(value: str | None) -> int:
    """The version the member saw, from a hidden field: 0 (matches nothing) when odd."""
    return safe_id(value)


from partner_net.sphere import import_views, list_views  # noqa: E402,F401  (routes on bp)
