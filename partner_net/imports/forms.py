"""The import forms: the upload, and the column mapping."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SubmitField
from wtforms.fields import SelectChoice

from partner_net.domain import table_import as reader
from partner_net.forms import SelectField, safe_id


class UploadForm(FlaskForm):
    kind = SelectField("What does the file hold?", choices=[])
    file = FileField("CSV file", validators=[FileRequired("Choose the CSV file to import.")],
                     render_kw={"accept": ".csv,text/csv,text/plain"})
    submit = SubmitField("Upload and check")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = [SelectChoice(k.key, k.label) for k in reader.kinds().values()]


class MappingForm(FlaskForm):
    date_order = SelectField("Dates in the file look like", choices=[
        SelectChoice(k, v) for k, v in reader.DATE_ORDERS.items()], validate_choice=False)
    submit = SubmitField("Preview the import")


def mapping_form(kind: reader.Kind, header: tuple[str, ...], mapping: dict[str, int | None],
                 date_order: str, formdata=None) -> MappingForm:
    """A mapping form with one select per field of ``kind`` (choices: the file's columns)."""

    class Form(MappingForm):
        pass

    choices = [SelectChoice(0, "— not in the file —")] + [
        SelectChoice(i + 1, h) for i, h in enumerate(header)]
    for f in kind.fields:
        setattr(Form, f"col_{f.key}", SelectField(f.label + (" *" if f.required else ""),
                                                   choices=choices, coerce=safe_id,
                                                   validate_choice=False))
    form = Form(formdata=formdata) if formdata is not None else Form()
    if not form.is_submitted():
        for f in kind.fields:
            index = mapping.get(f.key)
            getattr(form, f"col_{f.key}").data = (index + 1) if index is not None else 0
        form.date_order.data = date_order
    return form


def chosen_mapping(form: MappingForm, kind: reader.Kind) -> dict[str, int | None]:
    out: dict[str, int | None] = {}
    for f in kind.fields:
        value = getattr(form, f"col_{f.key}").data or 0
        out[f.key] = value - 1 if value > 0 else None
    return out
