from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


class Select(forms.Select):
    """Django's Select, rendered in Python rather than one template per option.

    The search form has about a hundred options; rendering each through the template
    engine was most of the search page's time. The markup is the same as Django's.
    """

    def render(self, name, value, attrs=None, renderer=None):
        context = self.get_context(name, value, attrs)["widget"]
        parts = [format_html("<select name=\"{}\"{}>", name, flatatt(context["attrs"]))]
        for group_name, options, _index in context["optgroups"]:
            rows = format_html_join(
                "", "<option value=\"{}\"{}>{}</option>",
                ((option["value"] if option["value"] is not None else "",
                  mark_safe(" selected") if option["selected"] else "", option["label"])
                 for option in options),
            )
            if group_name:
                parts.append(format_html("<optgroup label=\"{}\">{}</optgroup>", group_name, rows))
            else:
                parts.append(rows)
        parts.append(mark_safe("</select>"))
        return mark_safe("".join(parts))  # noqa: S308 - every part is escaped by format_html
