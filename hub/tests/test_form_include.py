"""The one layout of a page's form (templates/includes/form.html)."""

from django import forms
from django.template import Context, Template


class EmailForm(forms.Form):
    email = forms.EmailField(label="Email address")


def render(form, tag='{% include "includes/form.html" with button=_("Email me a link") narrow=True %}'):
    return Template(tag).render(Context({"form": form}))


def test_the_error_summary_comes_before_the_form_and_links_to_the_field():
    html = render(EmailForm(data={}))
    assert html.index('class="error-summary"') < html.index("<form")
    assert 'href="#id_email"' in html and 'aria-invalid="true"' in html


def test_the_button_says_what_it_does_and_a_short_form_is_narrow():
    html = render(EmailForm())
    assert '<button type="submit" class="button">Email me a link</button>' in html
    assert 'class="narrow-form"' in html and 'class="error-summary"' not in html


def test_a_wide_form_has_no_narrow_class():
    html = render(EmailForm(), '{% include "includes/form.html" with button="Save" %}')
    assert "<form method=\"post\" novalidate>" in html
