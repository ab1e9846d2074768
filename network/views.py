"""A coordinator's network page, writing to another group, and a conversation between two."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts import limits
from directory.models import Group
from lib.forms import form_data

from . import services
from .forms import FindGroupsForm, MessageForm
from .models import Conversation
from .permissions import conversation_for, group_for_coordinators, why_not_write


@login_required
def find(request, slug):
    """Other groups open to messages from groups, by subject and distance (from where the
    coordinator's group meets, or a place), and the group's conversations."""
    group = group_for_coordinators(request, slug)
    form = FindGroupsForm(request.GET if request.GET else None)
    if form.is_bound:
        form.is_valid()  # parts with errors are reported and left out
    point = form.point or services.place_of(group)
    found = services.find(group, form.subjects, point, form.distance_value)
    conversations = (Conversation.objects.involving(group).select_related("from_group", "to_group"))
    return render(request, "network/find.html", {
        "group": group, "form": form, "groups": found[:services.SHOWN], "more": len(found) > services.SHOWN,
        "from_place": bool(form.point), "near_group": point is not None and not form.point,
        "conversations": [(c, c.other_group(group)) for c in conversations],
    })


@login_required
def write(request, slug, to_slug):
    """A first message to another group (or the next, in the conversation the two already have)."""
    group = group_for_coordinators(request, slug)
    to_group = get_object_or_404(Group.objects.listed().open_to_groups().exclude(pk=group.pk), slug=to_slug)
    existing = Conversation.objects.between(group, to_group).first()
    if existing:
        return redirect("network:conversation", group.slug, existing.pk)
    return _write_page(request, group, to_group, "network/write.html", {"to_group": to_group})


@login_required
def conversation(request, slug, pk):
    group, found = conversation_for(request, slug, pk)
    other = found.other_group(group)
    return _write_page(request, group, other, "network/conversation.html", {
        "conversation": found, "other": other,
        "messages_list": found.messages.select_related("group", "author"),
        "other_addresses": services.addresses(found).get(other.pk, []),
        # The group first written to, before it has replied: replying shows its address.
        "reply_shows_address": not found.shows_addresses and group.pk == found.to_group_id,
    })


def _write_page(request, group, to_group, template, context):
    form = MessageForm(form_data(request))
    refusal = why_not_write(group, to_group, new="conversation" not in context)
    status = 200
    if request.method == "POST":
        if refusal:
            messages.error(request, refusal)
            status = 400
        elif form.is_valid():
            try:
                with transaction.atomic():
                    found = services.write(group, to_group, request.user, form.cleaned_data["body"])
            except (services.NotAllowed, limits.LimitReached) as error:
                messages.error(request, str(error))
                status = 429 if isinstance(error, limits.LimitReached) else 400
            else:
                messages.success(request, _("Sent. The coordinators of %(group)s have been emailed a link to it.")
                                 % {"group": to_group.name})
                return redirect("network:conversation", group.slug, found.pk)
        else:
            status = 400
    return render(request, template, {"group": group, "form": form, "refusal": refusal, **context}, status=status)
