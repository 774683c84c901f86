"""Importing contacts from a vCard or CSV file: upload, preview, confirm.

Nothing is saved until the member confirms. The preview carries the parsed contacts in a
signed hidden field (nothing kept on the server between the two steps), with a one-time
token inside, so confirming twice imports once. The confirmed contacts are added in one
transaction; duplicates (same email or phone as a contact already there, or as an earlier
row of the file) are unticked in the preview and skipped if they appear meanwhile.
"""

from __future__ import annotations

from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import ngettext
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.exceptions import RequestEntityTooLarge

from partner_net.access import group_member_required
from partner_net.domain import sphere as rules
from partner_net.extensions import limiter
from partner_net.sphere import imports, service
from partner_net.sphere.forms import ConfirmImportForm, ImportForm, new_token
from partner_net.sphere.views import bp, member_key, today

#: A preview may be confirmed within this many seconds.
PREVIEW_SECONDS = 3600


def import_limit() -> str:
    return current_app.config.get("SPHERE_IMPORT_RATE_LIMIT", "20 per hour")


def serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="sphere-import")


def too_many_imports(_limit=None):
    flash("That is a lot of imports in an hour. Wait a while and try again.", "error")
    return render_template("sphere/import.html", group=g.group, form=ImportForm(),
                           preview=None), 429


@bp.route("/g/<slug>/sphere/import", methods=["GET", "POST"])
@group_member_required
@limiter.limit(import_limit, methods=["POST"], key_func=member_key,
               on_breach=too_many_imports)
def import_contacts():
    form = ImportForm()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            candidates = imports.read_contacts(upload.filename or "",
                                               upload.read(imports.MAX_BYTES + 1))
        except imports.ImportProblem as problem:
            form.file.errors.append(str(problem))
        else:
            return render_preview(candidates)
    status = 400 if form.is_submitted() else 200
    return render_template("sphere/import.html", group=g.group, form=form,
                           preview=None, max_kb=imports.MAX_BYTES // 1024), status


def render_preview(candidates: list[imports.Candidate], form: ConfirmImportForm | None = None):
    rows = mark_duplicates(candidates)
    if form is None:
        form = ConfirmImportForm(formdata=None)
        form.payload.data = serializer().dumps(
            {"token": new_token(), "rows": [c.as_dict() for c in candidates]})
        form.pick.data = [i for i, row in enumerate(rows) if not row["duplicate"]]
    return render_template("sphere/import.html", group=g.group, form=ImportForm(formdata=None),
                           preview=rows, confirm_form=form, rules=rules.rules(),
                           max_kb=imports.MAX_BYTES // 1024)


def mark_duplicates(candidates: list[imports.Candidate]) -> list[dict]:
    """Each candidate with ``duplicate``: already in the sphere, or earlier in the file."""
    keys = [rules.keys_of(c.email, c.phone) for c in candidates]
    emails, phones = service.duplicates_of(current_user, keys)
    rows = []
    for index, (candidate, key) in enumerate(zip(candidates, keys, strict=True)):
        duplicate = rules.is_duplicate(key, emails, phones)
        reason = "already in your sphere" if duplicate else ""
        if not duplicate and rules.is_duplicate(key, *_seen(keys[:index])):
            duplicate, reason = True, "twice in this file"
        rows.append({"index": index, "candidate": candidate, "duplicate": duplicate,
                     "reason": reason, "reachable": bool(candidate.email or candidate.phone)})
    return rows


def _seen(keys: list[rules.Keys]) -> tuple[set[str], set[str]]:
    return {k.email for k in keys if k.email}, {k.phone for k in keys if k.phone}


@bp.post("/g/<slug>/sphere/import/confirm")
@group_member_required
@limiter.limit(import_limit, methods=["POST"], key_func=member_key,
               on_breach=too_many_imports)
def confirm_import():
    form = ConfirmImportForm()
    try:
        data = serializer().loads(form.payload.data or "", max_age=PREVIEW_SECONDS)
        candidates = [imports.Candidate(**row) for row in data["rows"]]
        token = str(data["token"])
    except (BadSignature, KeyError, TypeError, ValueError):
        flash("That preview has expired. Choose the file again.", "error")
        return redirect(url_for("sphere.import_contacts", slug=g.group.slug))
    if not form.validate_on_submit() or form.rung.data not in rules.rules().rung_keys:
        return render_preview(candidates, form), 400
    picked = sorted({i for i in form.pick.data or [] if 0 <= i < len(candidates)})
    if not picked:
        form.pick.errors.append("Tick at least one contact to import.")
        return render_preview(candidates, form), 400
    day = today()
    added: list[str] = []

    def create() -> None:
        rows = mark_duplicates(candidates)
        for index in picked:
            if rows[index]["duplicate"] and rows[index]["reason"] == "already in your sphere":
                continue
            c = candidates[index]
            service.add_contact(current_user, service.ContactFields(
                name=c.name, email=c.email, phone=c.phone, company=c.company,
                rung=form.rung.data, how_known="Imported from my contacts"), day)
            added.append(c.name)

    try:
        service.submit_once(current_user, token, "import", create)
    except service.Repeated:
        flash("Those contacts were already imported.", "info")
    else:
        skipped = len(picked) - len(added)
        flash(ngettext("%(num)d contact added to your sphere",
                       "%(num)d contacts added to your sphere", len(added))
              + (f"; {skipped} skipped, already there." if skipped else "."), "success")
    return redirect(url_for("sphere.index", slug=g.group.slug))


def _members_group(slug: str):
    membership = next((m for m in current_user.active_memberships if m.group.slug == slug),
                      None)
    return membership.group if membership else None


@bp.errorhandler(RequestEntityTooLarge)
def too_large(_error):
    """A file over the site's upload limit: the import page with a clear message."""
    form = ImportForm(formdata=None)
    form.file.errors = [f"That file is too large; the most we read is "
                        f"{imports.MAX_BYTES // 1024} KB. Export fewer contacts at a time."]
    group = getattr(g, "group", None)
    if group is None and current_user.is_authenticated and request.view_args:
        # Raised before the view ran (the CSRF check reads the form first).
        group = _members_group((request.view_args or {}).get("slug", ""))
    if group is None:
        return render_template("errors/400.html", error=_error), 413
    return render_template("sphere/import.html", group=group, form=form, preview=None,
                           max_kb=imports.MAX_BYTES // 1024), 413
