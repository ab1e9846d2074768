"""Helpers that make opportunities, forums, choices and reflections for tests."""

import datetime
import itertools

from django.utils import timezone

from directory.models import Category
from voice import wellbeing
from voice.models import Forum, Level, Opportunity, Preferences, Reflection

_numbers = itertools.count(1)


def make_opportunity(topics=("diabetes",), **kwargs):
    number = next(_numbers)
    kwargs.setdefault("title", f"Tell us about the clinic {number}")
    kwargs.setdefault("kind", Opportunity.Kind.CONSULTATION)
    kwargs.setdefault("level", Level.FORMAL)
    kwargs.setdefault("description", "We want to hear what would make the clinic better.")
    kwargs.setdefault("time_asked", "One meeting of about an hour")
    kwargs.setdefault("closes_on", timezone.localdate() + datetime.timedelta(weeks=10))
    opportunity = Opportunity.objects.create(**kwargs)
    opportunity.topics.set(Category.objects.filter(slug__in=topics))
    return opportunity


def make_forum(topics=("depression-anxiety",), **kwargs):
    number = next(_numbers)
    kwargs.setdefault("name", f"Mental Health Forum {number}")
    kwargs.setdefault("description", "Groups and services meet every two months.")
    forum = Forum.objects.create(**kwargs)
    forum.topics.set(Category.objects.filter(slug__in=topics))
    return forum


def make_preferences(group, levels=(Level.FORMAL,), topics=("diabetes",), any_topic=False, miles=None):
    preferences = Preferences.objects.create(
        group=group, any_topic=any_topic, miles=miles, **{f"hears_{level}": level in levels for level in Level.values})
    preferences.topics.set(Category.objects.filter(slug__in=topics))
    return preferences


def all_answers(answer=wellbeing.Answer.SOME, **overrides):
    answers = {item.key: answer for item in wellbeing.ALL_ITEMS}
    answers.update(overrides)
    return answers


def make_reflection(group, **kwargs):
    kwargs.setdefault("answers", all_answers())
    kwargs.setdefault("held_on", timezone.localdate())
    kwargs.setdefault("own_words", "We laugh a lot, and nobody judges.")
    return Reflection.objects.create(group=group, **kwargs)
