from django import forms

from hub.widgets import Select


class ExampleForm(forms.Form):
    choice = forms.ChoiceField(
        choices=[("", "Any"), ("Fruit", [("apple", "Apple & pear"), ("kiwi", "Kiwi")]), ("x", "<b>X</b>")],
        required=False,
    )


def test_the_fast_select_renders_the_same_markup_as_django():
    for data in [{}, {"choice": "kiwi"}, {"choice": "x"}]:
        form = ExampleForm(data)
        form.is_valid()
        expected = form["choice"].as_widget(widget=forms.Select(choices=form.fields["choice"].choices))
        actual = form["choice"].as_widget(widget=Select(choices=form.fields["choice"].choices))
        normalise = lambda html: " ".join(html.replace("\n", " ").replace("> <", "><").split())  # noqa: E731
        assert normalise(actual).replace("><", "> <") == normalise(expected).replace("><", "> <")
