"""The health bands form: each measure's edges and points, the lights, stay-in-touch days.

Every field is text, parsed by the domain module (one place knows what a band is), so a
bad value comes back next to its field with everything typed kept.
"""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, NumberRange

from partner_net.domain import health as rules
from partner_net.forms import IntegerField, SingleLine, strip


class BandsForm(FlaskForm):
    version = HiddenField()
    green = IntegerField("Green from (points)", validators=[
        InputRequired("Enter the points for green."), NumberRange(0, 6000)])
    amber = IntegerField("Amber from (points)", validators=[
        InputRequired("Enter the points for amber."), NumberRange(0, 6000)])
    red = IntegerField("Red from (points)", validators=[
        InputRequired("Enter the points for red."), NumberRange(0, 6000)])
    amber_days = IntegerField("A partner turns amber after (days)", validators=[
        InputRequired("Enter a number of days."), NumberRange(7, 729)])
    red_days = IntegerField("…and red after (days)", validators=[
        InputRequired("Enter a number of days."), NumberRange(8, 730)])
    snooze_days = IntegerField("Snooze hides a partner for (days)", validators=[
        InputRequired("Enter a number of days."), NumberRange(1, 180)])
    submit = SubmitField("Save the bands")


def _text_field(label: str) -> StringField:
    return StringField(label, validators=[InputRequired("Fill this in."), SingleLine(),
                                          Length(max=200)], filters=[strip])


for _key in rules.MEASURES:
    setattr(BandsForm, f"{_key}_edges", _text_field("Band edges"))
    setattr(BandsForm, f"{_key}_points", _text_field("Points per band"))


def fill(form: BandsForm, bands: rules.Bands, version: int) -> None:
    form.version.data = str(version)
    form.green.data, form.amber.data, form.red.data = bands.green, bands.amber, bands.red
    form.amber_days.data = bands.stay_in_touch.amber_days
    form.red_days.data = bands.stay_in_touch.red_days
    form.snooze_days.data = bands.stay_in_touch.snooze_days
    for key, measure in bands.measures.items():
        getattr(form, f"{key}_edges").data = ", ".join(
            rules.format_fraction(e) for e in measure.edges)
        getattr(form, f"{key}_points").data = ", ".join(str(p) for p in measure.points)


def _split(text: str) -> list[str]:
    return [part for part in (p.strip() for p in (text or "").replace(";", ",").split(","))
            if part]


def read(form: BandsForm) -> rules.Bands | None:
    """The bands the form describes, or None with the problems put next to the fields."""
    overrides: dict[str, Any] = {"measures": {}, "lights": {
        "green": form.green.data, "amber": form.amber.data, "red": form.red.data},
        "stay_in_touch": {"amber_days": form.amber_days.data,
                          "red_days": form.red_days.data,
                          "snooze_days": form.snooze_days.data}}
    ok = True
    for key in rules.MEASURES:
        edges, points = getattr(form, f"{key}_edges"), getattr(form, f"{key}_points")
        change = {"edges": _split(edges.data), "points": _split(points.data)}
        try:
            rules.with_overrides({"measures": {key: change}})
        except rules.BandsProblem as problem:
            target = points if "points" in str(problem) else edges
            target.errors = [*target.errors, str(problem)]
            ok = False
            continue
        overrides["measures"][key] = change
    if not ok:
        return None
    try:
        return rules.with_overrides(overrides)
    except rules.BandsProblem as problem:
        message = str(problem)
        target = form.amber_days if "days" in message or "Snooze" in message else form.green
        target.errors = [*target.errors, message]
        return None
