"""A group's own well-being reflections: for its coordinators only (see permissions.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lib.forms import form_data

from . import services, wellbeing
from .forms import PublishForm, ReflectionForm
from .permissions import group_for_coordinator


@login_required
def reflections(request, slug):
    group = group_for_coordinator(request, slug)
    return render(request, "voice/reflections.html", {"group": group, "reflections": group.reflections.all(),
                                                      "total_items": len(wellbeing.ALL_ITEMS)})


@login_required
def edit_reflection(request, slug, pk=None):
    group = group_for_coordinator(request, slug)
    reflection = get_object_or_404(group.reflections, pk=pk) if pk else None
    form = ReflectionForm(form_data(request), instance=reflection)
    if request.method == "POST" and form.is_valid():
        saved = services.save_reflection(group, request.user, form)
        messages.success(request, _("Saved. Only the group’s coordinators can see it."))
        return redirect("voice:reflection", group.slug, saved.pk)
    return render(request, "voice/reflection_form.html", {"group": group, "form": form, "reflection": reflection})


@login_required
def reflection(request, slug, pk):
    group = group_for_coordinator(request, slug)
    reflection = get_object_or_404(group.reflections, pk=pk)
    def rows(items):
        return [(item, reflection.answer_label(item.key)) for item in items]

    sections = [(heading.title, [(_("For members themselves"), rows(heading.individual)),
                                 (_("For the group and the wider community"), rows(heading.community))],
                 getattr(reflection, f"words_{heading.key}")) for heading in wellbeing.CHECKLIST]
    sections.append((_("The Five Ways to Wellbeing"), [(None, rows(wellbeing.FIVE_WAYS))],
                     reflection.words_five_ways))
    return render(request, "voice/reflection.html", {"group": group, "reflection": reflection, "sections": sections})


@login_required
def publish(request, slug, pk):
    group = group_for_coordinator(request, slug)
    reflection = get_object_or_404(group.reflections, pk=pk)
    form = PublishForm(form_data(request),
                       initial={"summary": reflection.summary or services.draft_summary(reflection)})
    if request.method == "POST" and form.is_valid():
        services.publish(reflection, form.cleaned_data["summary"])
        messages.success(request, _("Published. The summary is on the group’s page now."))
        return redirect("voice:reflection", group.slug, reflection.pk)
    return render(request, "voice/publish.html", {"group": group, "reflection": reflection, "form": form})


@login_required
@require_POST
def unpublish(request, slug, pk):
    group = group_for_coordinator(request, slug)
    reflection = get_object_or_404(group.reflections, pk=pk)
    services.unpublish(reflection)
    messages.success(request, _("The summary is off the group’s page."))
    return redirect("voice:reflection", group.slug, reflection.pk)


@login_required
@require_POST
def delete_reflection(request, slug, pk):
    group = group_for_coordinator(request, slug)
    get_object_or_404(group.reflections, pk=pk).delete()
    messages.success(request, _("The reflection is deleted."))
    return redirect("voice:reflections", group.slug)


@login_required
def compare(request, slug):
    group = group_for_coordinator(request, slug)
    chosen = sorted(group.reflections.all()[:6], key=lambda r: (r.held_on, r.pk))
    return render(request, "voice/compare.html", {
        "group": group, "reflections": chosen, "table": services.comparison(chosen),
    })
