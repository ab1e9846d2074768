import pytest
from django.core.management import call_command

from directory import search
from directory.models import Category, Group, Meeting, Venue
from directory.search import Query

pytestmark = pytest.mark.django_db


def test_the_demo_directory_covers_every_subject_and_loads_only_once():
    call_command("load_demo", verbosity=0)
    groups = Group.objects.count()
    assert groups >= 80
    call_command("load_demo", verbosity=0)
    assert Group.objects.count() == groups
    assert Venue.objects.count() == len({(v.name, v.postcode) for v in Venue.objects.all()})
    for child in Category.objects.filter(parent__isnull=False):
        assert child.groups.exists(), child.slug
    public = Group.objects.reachable()
    assert public.filter(women_only=True).exists()
    assert public.filter(meets_online=True, meets_in_person=False).exists()
    assert public.filter(stage=Group.Stage.PAUSED).exists()
    assert Group.objects.filter(stage=Group.Stage.CLOSED).exists()
    assert len({m.pattern for m in Meeting.objects.all()}) == len(Meeting.Pattern.values)
    towns = set(Venue.objects.values_list("town", flat=True))
    assert len(towns) >= 5


def test_every_demo_record_passes_its_own_validation():
    call_command("load_demo", verbosity=0)
    for model in (Group, Venue, Meeting):
        for record in model.objects.all():
            record.full_clean()


def test_the_demo_directory_answers_the_searches_people_make():
    call_command("load_demo", verbosity=0)
    for words in ["twins", "tinnitus", "stroke aphasia", "bereavement", "carers", "diabetes"]:
        assert search.search(Query(words=words)).total > 0, words


def test_generated_groups_are_listed_indexed_and_searchable():
    call_command("generate_groups", "120", "--seed", "3", verbosity=0)
    assert Group.objects.count() == 120
    assert Meeting.objects.count() == 120
    assert search.search(Query()).total == Group.objects.listed().count()
    some = Group.objects.listed().first()
    first_word = some.name.split()[1].lower()
    assert search.search(Query(words=first_word)).total > 0


def test_the_demo_has_a_staff_member_and_a_coordinator_to_try_things_with():
    from django.contrib.auth import get_user_model

    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)
    staff = get_user_model().objects.get(email="staff@example.org")
    coordinator = get_user_model().objects.get(email="coordinator@example.org")
    assert staff.is_staff and staff.check_password("selfhelp-demo")
    assert coordinator.coordinating.count() == 3
    assert get_user_model().objects.get(email="practitioner@example.org").is_practitioner
