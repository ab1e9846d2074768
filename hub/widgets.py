from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import ngettext


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


class FoldedCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes in groups, each folded under its heading in a <details>, so a long list
    (the subjects under their top-level subjects) is a short list of headings on a phone.
    A heading with a box ticked is open and says how many; no script is needed."""

    def render(self, name, value, attrs=None, renderer=None):
        context = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<div id="{}" class="folded-choices">', context["attrs"].get("id", name))]
        for group_name, options, _index in context["optgroups"]:
            chosen = sum(1 for option in options if option["selected"])
            rows = format_html_join(
                "", '<div><label for="{}"><input type="checkbox" name="{}" value="{}"{}> {}</label></div>',
                ((option["attrs"]["id"], option["name"], option["value"], flatatt(option["attrs"]),
                  option["label"]) for option in options),
            )
            count = format_html(' <span class="chosen">({})</span>', ngettext(
                "%(count)d chosen", "%(count)d chosen", chosen) % {"count": chosen}) if chosen else ""
            parts.append(format_html("<details{}><summary>{}{}</summary>{}</details>",
                                     mark_safe(" open") if chosen else "", group_name, count, rows))
        parts.append(mark_safe("</div>"))
        return mark_safe("".join(parts))  # noqa: S308 - every part is escaped by format_html
