"""Pages where coordinators keep their group's listing and staff review listings."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts import limits
from accounts.roles import active_coordinators
from lib.forms import form_data
from lib.refusals import refusal_as_message

from . import claims as claims_module
from . import listing, services
from .manage_forms import (
    GroupDetailsForm,
    InviteForm,
    MeetingChangeForm,
    MeetingForm,
    OtherGroupsForm,
    ResendInvitationForm,
    ReviewForm,
    SendClaimsForm,
    StageForm,
    TranslationForm,
    WithdrawInvitationForm,
)
from .models import Group, GroupChange, GroupTranslation, Meeting, translation_languages
from .permissions import group_for_coordinators, group_to_manage, is_coordinator, is_staff, require_staff


def _manage(group):
    return redirect("directory:manage", group.slug)


@login_required
def my_groups(request):
    groups = Group.objects.coordinated_by(request.user).order_by("name").annotate(
        waiting=Count("introductions", filter=Q(introductions__outcome="new"), distinct=True))
    context = {"groups": groups}
    if is_staff(request.user):
        context["pending_count"] = Group.objects.filter(status=Group.Status.PENDING).count()
        context["kept_count"] = services.kept_by_team().count()
    return render(request, "directory/manage/my_groups.html", context)


@login_required
def list_group(request, step=None):
    """One step of listing a group (directory.listing): checked by its own forms, its answers
    kept; a step whose earlier steps are unanswered sends the person back to the first."""
    step = listing.step_called(step) if step else listing.FIRST
    if step is None:
        raise Http404
    answers = listing.Answers(request.session)
    unfinished = answers.first_unfinished()
    if unfinished and listing.STEPS.index(unfinished) < listing.STEPS.index(step):
        return _listing_step(unfinished)
    if request.method == "POST":
        step_forms = step.forms(request.POST)
        if all([form.is_valid() for form in step_forms]):  # noqa: C419 - every error at once
            answers.keep(step, step_forms, request.POST)
            following = answers.after(step)
            return _listing_step(following) if following else redirect("directory:list-group-check")
    else:
        # Answers kept from before are shown again, and checked again.
        step_forms = step.forms(answers.data(step))
    number = listing.STEPS.index(step) + 1
    return render(request, "directory/manage/list_group.html", {
        "step": step, "number": number, "count": len(listing.STEPS), "forms_list": step_forms,
        "has_errors": any(form.errors for form in step_forms),
        "previous": listing.STEPS[number - 2] if number > 1 else None,
    })


def _listing_step(step):
    if step == listing.FIRST:
        return redirect("directory:list-group")
    return redirect("directory:list-group-step", step.slug)


@login_required
def list_group_check(request):
    """Every answer, with a link back to the step that asked it; sending checks them all
    again and sends the listing for review as it always was."""
    answers = listing.Answers(request.session)
    unfinished = answers.first_unfinished() or answers.first_refused()
    if unfinished:
        return _listing_step(unfinished)
    whole = listing.whole_forms(answers.all_data())
    refused = [(form, name) for form in whole.values() if not form.is_valid() for name in form.errors]
    if refused:
        return _listing_step(listing.step_of(*refused[0]))
    status = 200
    if request.method == "POST":
        try:
            with transaction.atomic():
                limits.LISTINGS.take(request.user.pk)
                group = services.submit_listing(request.user, whole["details"], whole["characteristics"],
                                                whole["meeting"])
        except limits.LimitReached as error:
            messages.error(request, str(error))
            status = 429
        else:
            answers.clear()
            messages.success(request, _("Thank you: your listing has been sent for review."))
            return _manage(group)
    return render(request, "directory/manage/list_group_check.html", {
        "summary": listing.summary(whole), "last": listing.STEPS[-1],
    }, status=status)


@login_required
def manage(request, slug):
    group = group_to_manage(request, slug)
    return render(request, "directory/manage/manage.html", {
        "group": group,
        "meetings": group.meetings.select_related("venue").prefetch_related("changes"),
        "events": group.events.filter(on_date__gte=timezone.localdate()),
        "coordinators": group.coordinators.select_related("user"),
        "last_review": group.history.filter(action__in=[
            GroupChange.Action.CHANGES_REQUESTED, GroupChange.Action.DECLINED]).first(),
        "is_staff": is_staff(request.user),
    })


@login_required
def edit_details(request, slug):
    group = group_to_manage(request, slug)
    form = GroupDetailsForm(form_data(request), instance=group)
    if request.method == "POST" and form.is_valid():
        change = services.save_details(group, request.user, form)
        if change is None:
            messages.info(request, _("Nothing was changed."))
        elif group.status == Group.Status.PUBLISHED:
            messages.success(request, _("Saved. The changes are on the public listing now."))
        else:
            messages.success(request, _("Saved."))
        return _manage(group)
    return render(request, "directory/manage/edit_details.html", {"group": group, "form": form})


@login_required
def translations(request, slug):
    """The group's words in the site's other languages: those it has written, and the rest."""
    group = group_to_manage(request, slug)
    written = {translation.language: translation for translation in group.translations.all()}
    return render(request, "directory/manage/translations.html", {
        "group": group,
        # (code, name in itself marked with its language, the group's words in it or None)
        "languages": [(code, format_html('<span lang="{}">{}</span>', code, name), written.get(code))
                      for code, name in translation_languages()],
        "written": bool(written),
    })


def _translation_language(language: str) -> str:
    """The name (in itself) of a language a group may write in; 404 for any other code."""
    name = dict(translation_languages()).get(language)
    if name is None:
        raise Http404
    return name


@login_required
def edit_translation(request, slug, language):
    group = group_to_manage(request, slug)
    language_name = _translation_language(language)
    translation = group.translations.filter(language=language).first() or GroupTranslation(
        group=group, language=language)
    form = TranslationForm(form_data(request), instance=translation)
    if request.method == "POST" and form.is_valid():
        if services.save_translation(group, request.user, form) is None:
            messages.info(request, _("Nothing was changed."))
        elif group.status == Group.Status.PUBLISHED:
            messages.success(request, _("Saved. The changes are on the public listing now."))
        else:
            messages.success(request, _("Saved."))
        return redirect("directory:translations", group.slug)
    return render(request, "directory/manage/edit_translation.html", {
        "group": group, "form": form, "language": language, "language_name": language_name,
        "language_label": format_html('<span lang="{}">{}</span>', language, language_name),
    }, status=400 if form.errors else 200)


@login_required
def remove_translation(request, slug, language):
    """GET asks "are you sure?"; POST removes the group's words in that language."""
    group = group_to_manage(request, slug)
    language_name = _translation_language(language)
    translation = get_object_or_404(group.translations, language=language)
    back = reverse("directory:translations", args=[group.slug])
    if request.method != "POST":
        return render(request, "directory/manage/confirm_action.html", {
            "group": group, "back": back, "button": _("Yes, remove it"),
            "title": _("Remove the group’s words in %(language)s?") % {"language": language_name},
            "warning": _("People who read the site in this language will see the group’s own words instead."),
        })
    services.remove_translation(group, request.user, translation)
    messages.success(request, _("Removed."))
    return redirect(back)


@login_required
def edit_meeting(request, slug, pk=None):
    group = group_to_manage(request, slug)
    meeting = get_object_or_404(group.meetings, pk=pk) if pk else None
    form = MeetingForm(form_data(request), instance=meeting, prefix="meeting")
    if request.method == "POST" and form.is_valid():
        if services.save_meeting(group, request.user, form, meeting) is None:
            messages.info(request, _("Nothing was changed."))
        else:
            messages.success(request, _("Meeting saved."))
        return _manage(group)
    return render(request, "directory/manage/edit_meeting.html", {"group": group, "form": form, "meeting": meeting})


@login_required
def meeting_dates(request, slug, pk):
    """One date of a meeting cancelled or moved (a holiday, the room not free): the changes
    to come, and a form to add one."""
    group = group_to_manage(request, slug)
    meeting = get_object_or_404(group.meetings.select_related("venue"), pk=pk)
    form = MeetingChangeForm(form_data(request), meeting=meeting)
    if request.method == "POST" and form.is_valid():
        change = services.change_one_date(meeting, request.user, form)
        messages.success(request, _("Saved: %(change)s.") % {"change": change.describe()})
        return redirect("directory:meeting-dates", group.slug, meeting.pk)
    return render(request, "directory/manage/meeting_dates.html", {
        "group": group, "meeting": meeting, "form": form, "changes": meeting.coming_changes(),
        "regular": meeting.pattern != Meeting.Pattern.IRREGULAR,
    }, status=400 if form.errors else 200)


@login_required
def undo_meeting_date(request, slug, pk, change_pk):
    """GET asks "are you sure?"; POST puts the date back as usual."""
    group = group_to_manage(request, slug)
    meeting = get_object_or_404(group.meetings, pk=pk)
    change = get_object_or_404(meeting.changes, pk=change_pk)
    back = reverse("directory:meeting-dates", args=[group.slug, meeting.pk])
    if request.method != "POST":
        return render(request, "directory/manage/confirm_action.html", {
            "group": group, "title": _("Put this date back as usual?"), "detail": change.describe(),
            "button": _("Yes, put it back"), "back": back,
            "warning": _("The listing, leaflets and calendar will show the meeting at its usual time and place."),
        })
    services.undo_one_date(change, request.user)
    messages.success(request, _("The date is back as usual."))
    return redirect(back)


@login_required
def remove_meeting(request, slug, pk):
    """GET asks "are you sure?"; POST removes the meeting."""
    group = group_to_manage(request, slug)
    meeting = get_object_or_404(group.meetings, pk=pk)
    if request.method != "POST":
        return render(request, "directory/manage/confirm_action.html", {
            "group": group, "title": _("Remove this meeting?"), "detail": meeting.describe(),
            "button": _("Yes, remove the meeting"),
            "warning": _("People will no longer see this meeting on the listing."),
        })
    with transaction.atomic():
        description = meeting.describe()
        meeting.delete()
        services.record(group, request.user, GroupChange.Action.MEETING_REMOVED, note=description)
    messages.success(request, _("Meeting removed."))
    return _manage(group)


@login_required
@require_POST
def confirm(request, slug):
    group = group_to_manage(request, slug)
    services.confirm(group, request.user)
    messages.success(request, _("Thank you: the listing shows it was confirmed today."))
    return _manage(group)


def confirm_from_email(request, token):
    """The one-click link in a reminder email. No sign-in needed: the link itself is
    signed, expires, and works once. GET asks; POST confirms (mail scanners only GET)."""
    group = services.group_for_confirm_token(token)
    if group is None:
        return render(request, "directory/manage/confirm_link.html", {"valid": False}, status=400)
    if request.method == "POST":
        services.confirm(group, request.user)
        return render(request, "directory/manage/confirm_link.html", {"valid": True, "done": True, "group": group})
    return render(request, "directory/manage/confirm_link.html", {"valid": True, "group": group})


@login_required
def change_stage(request, slug):
    group = group_to_manage(request, slug)
    form = StageForm(form_data(request), instance=group)
    if request.method == "POST" and form.is_valid():
        services.change_stage(group, request.user, form)
        messages.success(request, _("Saved."))
        return _manage(group)
    return render(request, "directory/manage/stage.html", {"group": group, "form": form})


@login_required
def other_groups(request, slug):
    """Open the group to messages from other groups; say it is looking for a new coordinator or
    for volunteers. Recorded, and undone by staff, like every other change to the listing."""
    group = group_to_manage(request, slug)
    form = OtherGroupsForm(form_data(request), instance=group)
    if request.method == "POST" and form.is_valid():
        if services.save_details(group, request.user, form) is None:
            messages.info(request, _("Nothing was changed."))
        else:
            messages.success(request, _("Saved."))
        return _manage(group)
    return render(request, "directory/manage/other_groups.html", {"group": group, "form": form})


@login_required
@require_POST
def resubmit(request, slug):
    group = group_to_manage(request, slug)
    with refusal_as_message(request, services.NotAllowed):
        services.resubmit(group, request.user)
        messages.success(request, _("Sent for review again."))
    return _manage(group)


@login_required
def history(request, slug):
    group = group_to_manage(request, slug)
    return render(request, "directory/manage/history.html", {
        "group": group, "changes": group.history.select_related("user")[:200], "is_staff": is_staff(request.user),
    })


@login_required
@require_POST
def undo_change(request, slug, pk):
    require_staff(request)
    group = group_to_manage(request, slug)
    change = get_object_or_404(group.history, pk=pk)
    with refusal_as_message(request, services.NotAllowed):
        services.roll_back(change, request.user)
        messages.success(request, _("The change was undone."))
    return redirect("directory:history", group.slug)


def _coordinators(group):
    return redirect("directory:coordinators", group.slug)


@login_required
def coordinators(request, slug):
    """Who keeps the group's listing, the invitations still waiting, and the ways to change
    both: for its coordinators, and for staff (who may invite, but never themselves)."""
    return _coordinators_page(request, group_to_manage(request, slug), InviteForm())


def _coordinators_page(request, group, invite_form, status=200):
    return render(request, "directory/manage/coordinators.html", {
        "group": group,
        "coordinators": group.coordinators.select_related("user").order_by("added_at", "pk"),
        "invitations": services.pending_invitations(group),
        "invite_form": invite_form,
        "is_coordinator": is_coordinator(request.user, group),
        "invitation_days": settings.INVITATION_DAYS,
    }, status=status)


@login_required
@require_POST
def invite(request, slug):
    group = group_to_manage(request, slug)
    form = InviteForm(request.POST)
    if not form.is_valid():
        # Shown again with the error on the field and what was typed, like every other form.
        return _coordinators_page(request, group, form, status=400)
    with refusal_as_message(request, services.NotAllowed):
        services.invite(group, request.user, form.cleaned_data["email"])
        messages.success(request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]})
    return _coordinators(group)


@login_required
@require_POST
def withdraw_invitation(request, slug):
    """Take back an invitation not yet accepted; its emailed link then no longer works."""
    group = group_to_manage(request, slug)
    form = WithdrawInvitationForm(request.POST, group=group)
    if not form.is_valid():
        messages.error(request, form.errors["invitation"][0])
        return _coordinators(group)
    invitation = form.cleaned_data["invitation"]
    with refusal_as_message(request, services.NotAllowed):
        services.withdraw_invitation(group, request.user, invitation)
        messages.success(request, _("The invitation to %(email)s was withdrawn: its link no longer works.") % {
            "email": invitation.email})
    return _coordinators(group)


@login_required
@require_POST
def resend_invitation(request, slug):
    """Email an invitation not yet accepted again, with a fresh link."""
    group = group_to_manage(request, slug)
    form = ResendInvitationForm(request.POST, group=group)
    if not form.is_valid():
        messages.error(request, form.errors["invitation"][0])
        return _coordinators(group)
    invitation = form.cleaned_data["invitation"]
    with refusal_as_message(request, services.NotAllowed):
        services.resend_invitation(group, request.user, invitation)
        messages.success(request, _("The invitation was sent again to %(email)s, with a new link.") % {
            "email": invitation.email})
    return _coordinators(group)


@login_required
def step_down(request, slug):
    """GET asks "are you sure?"; POST removes the person from the group's coordinators."""
    group = group_to_manage(request, slug)
    if request.method != "POST":
        others = active_coordinators(group).exclude(user=request.user).exists()
        warning = None
        if not others and not services.may_step_down(group, request.user):
            # The last one: refused until the group is closed or says it wants a new coordinator.
            warning = _("You are the group’s only coordinator. Before you step down, invite someone to take over, "
                        "or say the group is looking for a new coordinator (under “Other groups and help "
                        "wanted”), or, if the group has ended, mark it as closed.")
        elif not others:
            warning = _(
                "Nobody else from the group is on the directory, so it will be kept by the self-help team: it "
                "stays listed, but can’t be asked to contact people here until someone takes it on.")
        return render(request, "directory/manage/confirm_action.html", {
            "group": group, "title": _("Step down as a coordinator?"),
            "detail": _("You will no longer be able to change the listing for %(group)s.") % {"group": group.name},
            "warning": warning,
            "button": _("Yes, step down"), "back": reverse("directory:coordinators", args=[group.slug]),
        })
    try:
        services.step_down(group, request.user)
    except services.NotAllowed as error:
        messages.error(request, str(error))
        return _coordinators(group)
    messages.success(request, _("You are no longer a coordinator of %(group)s.") % {"group": group.name})
    return redirect("directory:my-groups")


@login_required
def remove_coordinator(request, slug, pk):
    """GET asks "are you sure?", naming the person; POST takes them off the group. Only a
    coordinator does this (staff keep the listing, not who speaks for it)."""
    group = group_for_coordinators(request, slug)
    # Not oneself (that is stepping down) and not someone of another group.
    coordinator = get_object_or_404(group.coordinators.exclude(user=request.user).select_related("user"), pk=pk)
    person = coordinator.user
    if request.method != "POST":
        return render(request, "directory/manage/remove_coordinator.html", {
            "group": group, "person": person,
            "others": [c.user for c in active_coordinators(group).exclude(pk=coordinator.pk)
                       .select_related("user").order_by("added_at", "pk")],
        })
    with refusal_as_message(request, services.NotAllowed):
        services.remove_coordinator(group, request.user, coordinator)
        messages.success(request, _("%(person)s no longer helps coordinate %(group)s, and has been told by email.") % {
            "person": person, "group": group.name})
    return _coordinators(group)


def accept_invitation(request, token):
    """The link in an invitation email. GET asks; POST accepts, for the account with the
    address the invitation was sent to (mail scanners only GET)."""
    template = "directory/manage/invitation.html"
    invitation = services.find_invitation(token)
    if invitation is None:
        return render(request, template, {"invitation": None}, status=400)
    if not request.user.is_authenticated:
        # Someone new signs up from here: the link that confirms their address and has them
        # choose a password brings them back.
        return render(request, template, {"invitation": invitation, "next": request.path})
    if not invitation.is_for(request.user):
        return render(request, template, {"invitation": invitation, "wrong_account": True}, status=403)
    try:
        services.check_may_coordinate(request.user)
    except services.NotAllowed as refusal:
        return render(request, template, {"invitation": invitation, "refusal": refusal}, status=403)
    if request.method == "POST":
        try:
            services.accept_invitation(invitation, request.user)
        except services.NotAllowed:  # accepted a moment ago, in another tab
            return render(request, template, {"invitation": None}, status=400)
        if invitation.claim:
            # Taking on a listing the team kept starts with checking it: the confirm step.
            messages.success(request, _(
                "You now keep the listing for %(group)s. Check it below: change anything that is out of date, "
                "then confirm that everything is right.") % {"group": invitation.group.name})
            return redirect(reverse("directory:manage", args=[invitation.group.slug]) + "#confirm-heading")
        messages.success(request, _("You are now a coordinator of %(group)s.") % {"group": invitation.group.name})
        return _manage(invitation.group)
    return render(request, template, {"invitation": invitation})


@login_required
def review_queue(request):
    require_staff(request)
    answers = ["shares_experience", "mutual_support", "run_by_members", "free_to_come_and_go"]
    no = Q()
    unsure = Q()
    for name in answers:
        no |= Q(**{name: False})
        unsure |= Q(**{f"{name}__isnull": True})
    waiting = (Group.objects.filter(status=Group.Status.PENDING).order_by("created_at")
               .annotate(any_no=Count("pk", filter=no), any_unsure=Count("pk", filter=unsure)))
    with_group = (Group.objects.filter(status=Group.Status.DRAFT)
                  .filter(history__action=GroupChange.Action.CHANGES_REQUESTED).distinct().order_by("updated_at"))
    return render(request, "directory/manage/review_queue.html", {"waiting": waiting, "with_group": with_group})


@login_required
def review_group(request, slug):
    require_staff(request)
    group = get_object_or_404(Group, slug=slug)
    form = ReviewForm(form_data(request))
    if request.method == "POST" and form.is_valid():
        with refusal_as_message(request, services.NotAllowed):
            services.review(group, request.user, form.cleaned_data["decision"], form.cleaned_data["message"])
            messages.success(request, _("Decision saved and the group has been emailed."))
            return redirect("directory:review-queue")
    return render(request, "directory/manage/review_group.html", {
        "group": group, "form": form, "meetings": group.meetings.select_related("venue"),
        "public_url": reverse("directory:group", args=[group.slug]),
        "earlier": group.history.filter(action=GroupChange.Action.CHANGES_REQUESTED).first(),
    })


@login_required
def freshness_report(request):
    """Staff: listings by how recently their groups confirmed them, and what was last done."""
    from .freshness import State, state_of

    require_staff(request)
    groups = list(Group.objects.reachable().order_by("last_confirmed_on", "name"))
    last_actions = {}
    for change in GroupChange.objects.filter(group__in=groups).order_by("group_id", "-at").distinct():
        last_actions.setdefault(change.group_id, change)
    rows = {key: [] for key in State.LABELS}
    for group in groups:
        rows[state_of(group)].append((group, last_actions.get(group.pk)))
    sections = [(key, State.LABELS[key], rows[key]) for key in [
        State.NEEDS_CHECKING, State.HIDDEN, State.OUT_OF_DATE, State.REMINDED, State.FRESH]]
    return render(request, "directory/manage/freshness.html", {"sections": sections, "total": len(groups)})


@login_required
def kept_by_team(request):
    """Staff: reachable groups nobody from the group keeps on the hub, to look after until
    someone takes them on (staff are emailed as each group comes here)."""
    require_staff(request)
    return render(request, "directory/manage/kept.html", {
        "groups": services.kept_by_team().order_by("name").annotate(claim_waiting=claims_module.claim_waiting()),
    })


@login_required
def claims(request):
    """Staff: send claims to groups the team keeps (one POST for many), and follow them up:
    sent, reminded, claimed, or refused by the mail server."""
    require_staff(request)
    groups = claims_module.claimable().order_by("name")
    # A directory imported whole may keep thousands: the page offers a batch at a time, by
    # name; those sent drop out of the list, so the next batch comes up.
    shown = list(groups.values_list("pk", flat=True)[:claims_module.SHOWN])
    data = form_data(request)
    if data is not None and "all_shown" in data:
        # "Send to all shown" chooses every group on the page, without needing JavaScript.
        data = data.copy()
        data.setlist("groups", [str(pk) for pk in shown])
    form = SendClaimsForm(data, groups=groups)
    valid = request.method == "POST" and form.is_valid()
    form.fields["groups"].queryset = groups.filter(pk__in=shown)
    if valid:
        chosen = list(form.cleaned_data["groups"].order_by("name"))
        sent, refused = claims_module.send_claims(chosen, request.user)
        if sent:
            messages.success(request, ngettext(
                "Claim sent to %(count)d group.", "Claims sent to %(count)d groups.", len(sent)) % {"count": len(sent)})
        for group, reason in refused:
            messages.error(request, _("Not sent to %(group)s: %(reason)s") % {"group": group.name, "reason": reason})
        return redirect("directory:claims")
    return render(request, "directory/manage/claims.html", {
        "form": form, "claims": claims_module.claims()[:500], "claimable": groups.count(), "shown": len(shown),
        "reminder_days": [
            after.days for after in claims_module.REMINDER_AFTER],
    }, status=400 if form.errors else 200)
