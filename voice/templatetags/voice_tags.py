from django import template

from voice.services import published_reflection

register = template.Library()


@register.simple_tag
def published_reflection_for(group):
    """The summary a group chose to publish from its well-being reflection, if any."""
    return published_reflection(group)



@register.filter
def is_coordinated_by(group, user):
    """Whether `user` coordinates `group`: the group's voice pages are for them alone."""
    from directory.permissions import is_coordinator

    return is_coordinator(user, group)
