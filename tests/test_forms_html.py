"""The quicker form HTML (partner_net.forms) writes exactly what WTForms writes."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup
from wtforms.fields.choices import Choice
from wtforms.widgets import Select

from partner_net.forms import QuickSelect, html_params, wtforms_html_params

keys = st.sampled_from(["id", "name", "class_", "for_", "value", "data_show_for",
                        "aria_describedby", "required", "type", "maxlength", "x<y"])
values = st.one_of(st.booleans(), st.integers(), st.none(), st.text(max_size=20),
                   st.text(max_size=20).map(Markup))


@given(st.dictionaries(keys, values, max_size=6))
def test_html_params_writes_what_wtforms_writes(attributes):
    assert html_params(**attributes) == wtforms_html_params(**attributes)


choices = st.builds(
    Choice,
    value=st.one_of(st.integers(), st.text(max_size=12), st.booleans(), st.none()),
    label=st.one_of(st.none(), st.text(max_size=12)),
    selected=st.booleans(),
    render_kw=st.one_of(st.none(), st.just({}), st.just({"disabled": True})),
)


@given(choices)
def test_quick_options_are_wtforms_options(choice):
    assert QuickSelect.render_option(choice) == Select.render_option(choice)


def test_forms_use_the_quick_writer(app):
    import wtforms.widgets
    import wtforms.widgets.core

    assert wtforms.widgets.core.html_params is html_params
    assert wtforms.widgets.html_params is html_params
    for widget in (wtforms.widgets.TextInput(), wtforms.widgets.HiddenInput(),
                   wtforms.widgets.SubmitInput(), wtforms.widgets.DateInput(),
                   wtforms.widgets.Button()):
        assert widget.html_params is html_params, widget
