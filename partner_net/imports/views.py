"""Import pages (organizers only): upload, map the columns, preview, confirm; samples."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from partner_net.access import organizer_required
from partner_net.domain import table_import as reader
from partner_net.extensions import db, limiter
from partner_net.forms import EmptyForm
from partner_net.groups.views import invitation_days, mail_invitation
from partner_net.imports import forms, service
from partner_net.models import ImportBatch
from partner_net.ratelimits import by_member

bp = Blueprint("imports", __name__)
SAMPLES = Path(__file__).with_name("samples")
UPLOAD_ENDPOINT = "imports.upload"
AFTER = {"members": "groups.invitations", "referrals": "referrals.group_list",
         "attendance": "meetings.reports"}


def import_limit() -> str:
    return current_app.config.get("IMPORT_RATE_LIMIT", "30 per hour")


def too_many(_limit=None):
    flash("That is a lot of imports in an hour. Wait a while and try again.", "error")
    return redirect(url_for("imports.upload", slug=g.group.slug)), 429


@bp.url_value_preprocessor
def allow_bigger_uploads(endpoint, _values):
    """Runs before the CSRF check reads the form: the upload may be larger than the
    site's usual limit (a 5,000-row spreadsheet), and no larger."""
    if endpoint == UPLOAD_ENDPOINT:
        request.max_content_length = reader.MAX_BYTES + 64 * 1024


@bp.route("/g/<slug>/import", methods=["GET", "POST"])
@organizer_required
@limiter.limit(import_limit, methods=["POST"], key_func=by_member, on_breach=too_many)
def upload():
    form = forms.UploadForm()
    if form.validate_on_submit():
        try:
            data = form.file.data.read(reader.MAX_BYTES + 1)
        finally:
            form.file.data.close()
        kind = reader.kinds().get(form.kind.data)
        if kind is None:
            abort(400)
        try:
            table = reader.read_table(data, kind.max_rows)
        except reader.FileProblem as problem:
            form.file.errors = [str(problem)]
        else:
            batch = service.new_batch(g.group, current_user, kind.key,
                                      form.file.data.filename or "", reader.decode(data), table)
            db.session.commit()
            return redirect(url_for("imports.map_columns", slug=g.group.slug,
                                    batch_id=batch.id))
    return render_upload(form, 400 if form.is_submitted() else 200)


def render_upload(form: forms.UploadForm, status: int):
    return render_template("imports/upload.html", group=g.group, form=form,
                           kinds=reader.kinds(), max_mb=reader.MAX_BYTES // 1024 // 1024,
                           date_orders=reader.DATE_ORDERS), status


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error):
    from partner_net.access import load_group_for_member

    slug = (request.view_args or {}).get("slug")
    if not current_user.is_authenticated or not slug:
        return render_template("errors/400.html", error=error), 413
    g.group, g.membership = load_group_for_member(slug)
    if not g.membership.is_organizer:
        abort(403)
    form = forms.UploadForm(formdata=None)
    form.file.errors = [f"That file is larger than {reader.MAX_BYTES // 1024 // 1024} MB, the "
                        "most we read. Split it into smaller files."]
    return render_upload(form, 413)


def load_batch(batch_id: int) -> ImportBatch:
    batch = db.session.get(ImportBatch, batch_id)
    if batch is None or batch.group_id != g.group.id:
        abort(404)
    return batch


def imported_already(batch: ImportBatch):
    flash(f"That file was imported already ({batch.imported_count:,} rows).", "info")
    return redirect(url_for(AFTER[batch.kind], slug=g.group.slug))


@bp.route("/g/<slug>/import/<int:batch_id>/columns", methods=["GET", "POST"])
@organizer_required
def map_columns(batch_id: int):
    batch = load_batch(batch_id)
    if batch.status != "uploaded":
        return imported_already(batch)
    kind = reader.kinds()[batch.kind]
    table = service.table_of(batch)
    form = forms.mapping_form(kind, table.header, service.mapping_of(batch), batch.date_order)
    problems: list[str] = []
    if form.validate_on_submit():
        mapping = forms.chosen_mapping(form, kind)
        problems = reader.mapping_problems(kind, mapping, len(table.header))
        order = form.date_order.data if form.date_order.data in reader.DATE_ORDERS else "ymd"
        if not problems:
            db.session.execute(sa.update(ImportBatch).where(
                ImportBatch.id == batch.id, ImportBatch.status == "uploaded")
                .values(mapping=mapping, date_order=order))
            db.session.commit()
            return redirect(url_for("imports.preview", slug=g.group.slug, batch_id=batch.id))
    return render_template("imports/columns.html", group=g.group, batch=batch, kind=kind,
                           table=table, form=form, problems=problems,
                           has_dates=any(f.key == "date" for f in kind.fields),
                           sample=table.rows[:3]), 400 if problems else 200


@bp.get("/g/<slug>/import/<int:batch_id>/preview")
@organizer_required
def preview(batch_id: int):
    batch = load_batch(batch_id)
    if batch.status != "uploaded":
        return imported_already(batch)
    kind = reader.kinds()[batch.kind]
    problems = reader.mapping_problems(kind, service.mapping_of(batch), 10**6)
    if problems:
        return redirect(url_for("imports.map_columns", slug=g.group.slug, batch_id=batch.id))
    checked = service.check(batch, g.group)
    return render_template("imports/preview.html", group=g.group, batch=batch, kind=kind,
                           checked=checked, form=EmptyForm(),
                           errors_shown=service.ERRORS_SHOWN)


@bp.post("/g/<slug>/import/<int:batch_id>/confirm")
@organizer_required
@limiter.limit(import_limit, key_func=by_member, on_breach=too_many)
def confirm(batch_id: int):
    if not EmptyForm().validate_on_submit():
        abort(400)
    batch = load_batch(batch_id)
    try:
        count = service.confirm(batch, g.group, current_user, mail_invitation,
                                invitation_days())
    except service.AlreadyImported:
        db.session.rollback()
        db.session.refresh(batch)
        flash("That file was imported already; nothing was added twice.", "info")
        return redirect(url_for(AFTER[batch.kind], slug=g.group.slug), 303)
    except ValueError:
        db.session.rollback()
        flash("Some rows have errors; nothing was imported. Correct the file and upload it "
              "again.", "error")
        return redirect(url_for("imports.preview", slug=g.group.slug, batch_id=batch.id))
    db.session.commit()
    words = {"members": "invitations sent", "referrals": "referrals imported",
             "attendance": "attendance marks imported"}[batch.kind]
    flash(f"{count:,} {words}.", "success")
    return redirect(url_for(AFTER[batch.kind], slug=g.group.slug))


@bp.get("/g/<slug>/import/samples/<kind>.csv")
@organizer_required
def sample(kind: str):
    if kind not in reader.kinds():
        abort(404)
    return Response((SAMPLES / f"{kind}.csv").read_bytes(), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="partner-net-{kind}-sample.csv"'})
