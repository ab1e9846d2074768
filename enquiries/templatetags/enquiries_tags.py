from django import template
from django.utils.translation import get_language

from ..forms import ListingProblemForm

register = template.Library()


@register.inclusion_tag("enquiries/_report_problem.html", takes_context=True)
def report_problem_form(context, group):
    """The short "something's wrong with this listing" form, for a group's page."""
    return {"group": group, "form": ListingProblemForm(), "request": context.get("request"),
            "csrf_token": context.get("csrf_token"), "language": get_language()}
