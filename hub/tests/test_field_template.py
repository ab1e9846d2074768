"""One form field's template (templates/includes/field.html): whatever the widget, every id
Django's aria-describedby names is on the page, so a hint or an error is never lost."""

import re

import pytest
from django import forms
from django.template.loader import render_to_string


class Example(forms.Form):
    agree = forms.BooleanField(label="I agree", help_text="What agreeing means.")
    name = forms.CharField(label="Name", help_text="As the group is known.")
    kinds = forms.MultipleChoiceField(label="Kinds", help_text="Any of them.", widget=forms.CheckboxSelectMultiple,
                                      choices=[("a", "A"), ("b", "B")])


@pytest.mark.parametrize("bound", [False, True])
@pytest.mark.parametrize("name", ["agree", "name", "kinds"])
def test_every_described_by_id_is_on_the_page(name, bound):
    form = Example({} if bound else None)
    if bound:
        assert not form.is_valid()
    html = render_to_string("includes/field.html", {"field": form[name]})
    described = re.findall(r'aria-describedby="([^"]+)"', html)
    assert described, html
    for ids in described:
        for element_id in ids.split():
            assert f'id="{element_id}"' in html, (element_id, html)
    assert "What agreeing means." in html or name != "agree"
    if bound:
        assert "This field is required." in html


def test_a_checkboxs_error_comes_before_it_and_its_hint_after_its_label():
    form = Example({})
    form.is_valid()
    html = render_to_string("includes/field.html", {"field": form["agree"]})
    assert html.index('id="id_agree_error"') < html.index('type="checkbox"') < html.index(">I agree</label>") \
        < html.index('id="id_agree_helptext"')
