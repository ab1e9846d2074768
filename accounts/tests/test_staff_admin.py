"""Staff use the admin for what the README says they set up there, and for nothing more."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import connection
from django.urls import reverse

from accounts.models import Agency, Team
from accounts.signals import STAFF_GROUP_NAME
from directory.models import Category, Language, NationalOrganisation
from directory.tests.factory import make_user
from voice.models import Reflection

pytestmark = pytest.mark.django_db
STAFF_MODELS = {"Agency", "Team", "User", "Category", "Language", "Coverage", "FeedSource", "EverydayPhrase",
                "NationalOrganisation", "Partner"}


def models_on_the_index(client):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return {model["object_name"] for app in response.context["app_list"] for model in app["models"]}


def test_a_staff_account_sees_agencies_teams_users_subjects_and_languages(client, sam):
    assert not sam.is_superuser
    client.force_login(sam)
    assert models_on_the_index(client) == STAFF_MODELS


def test_staff_add_an_agency_with_its_first_team(client, sam):
    client.force_login(sam)
    response = client.post(reverse("admin:accounts_agency_add"), {
        "name": "County CVS", "kind": Agency.Kind.CVS,
        "teams-TOTAL_FORMS": "1", "teams-INITIAL_FORMS": "0", "teams-MIN_NUM_FORMS": "0",
        "teams-MAX_NUM_FORMS": "1000", "teams-0-name": "Community development",
    })
    assert response.status_code == 302
    team = Team.objects.get()
    assert (team.agency.name, team.agency.kind, team.name) == ("County CVS", Agency.Kind.CVS, "Community development")


def test_staff_add_subjects_and_languages_and_find_them_by_search(client, sam):
    client.force_login(sam)
    response = client.post(reverse("admin:directory_category_add"), {
        "name": "Long covid", "slug": "long-covid", "parent": Category.objects.get(slug="health-conditions").pk,
        "keywords": "post-viral fatigue", "position": "0",
    })
    assert response.status_code == 302
    assert client.post(reverse("admin:directory_language_add"), {"code": "ti", "name": "Tigrinya"}).status_code == 302
    assert "Long covid" in client.get(reverse("admin:directory_category_changelist"), {"q": "fatigue"}).content.decode()
    assert "Tigrinya" in client.get(reverse("admin:directory_language_changelist"), {"q": "tigr"}).content.decode()
    assert Language.objects.filter(code="ti").exists()


def test_a_subjects_short_name_stays_as_it_was_added_since_links_carry_it(client, sam):
    client.force_login(sam)
    diabetes = Category.objects.get(slug="diabetes")
    response = client.post(reverse("admin:directory_category_change", args=[diabetes.pk]), {
        "name": "Diabetes (type 1 and 2)", "slug": "sugar", "keywords": diabetes.keywords,
        "parent": diabetes.parent_id or "", "position": diabetes.position,
    })
    assert response.status_code == 302
    diabetes.refresh_from_db()
    assert (diabetes.name, diabetes.slug) == ("Diabetes (type 1 and 2)", "diabetes")


def test_staff_keep_the_national_organisations_and_may_delete_one(client, sam):
    client.force_login(sam)
    tinnitus = Category.objects.get(slug="tinnitus-hearing").pk
    response = client.post(reverse("admin:directory_nationalorganisation_add"), {
        "name": "Tinnitus Line", "offers": "Support for people with tinnitus.", "phone": "08000180527",
        "hours": "", "website": "https://tinnitus.example.org/", "categories": [tinnitus],
        "active": "on", "position": "0",
    })
    assert response.status_code == 302
    line = NationalOrganisation.objects.get(name="Tinnitus Line")
    assert line.phone == "0800 018 0527"
    assert "Tinnitus Line" in client.get(reverse("admin:directory_nationalorganisation_changelist"),
                                         {"q": "tinnitus"}).content.decode()
    refused = client.post(reverse("admin:directory_nationalorganisation_change", args=[line.pk]), {
        "name": "Tinnitus Line", "offers": "Support.", "phone": "", "hours": "Weekdays",
        "website": "http://tinnitus.example.org/", "categories": [tinnitus],
        "active": "on", "position": "0",
    })
    assert refused.status_code == 200
    assert "starting https://" in refused.content.decode()
    assert "leave its opening hours empty" in refused.content.decode()
    delete = reverse("admin:directory_nationalorganisation_delete", args=[line.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not NationalOrganisation.objects.filter(name="Tinnitus Line").exists()


def test_staff_delete_nothing(client, sam):
    client.force_login(sam)
    agency = Agency.objects.create(name="City NHS Trust")
    assert client.get(reverse("admin:accounts_agency_delete", args=[agency.pk])).status_code == 403
    assert Agency.objects.exists()


def test_staff_put_someone_in_a_team_and_change_nothing_else_about_them(client, sam, pat):
    team = Team.objects.create(agency=Agency.objects.create(name="County CVS"), name="Community development")
    client.force_login(sam)
    url = reverse("admin:accounts_user_change", args=[pat.pk])
    page = client.get(url)
    assert set(page.context["adminform"].form.fields) == {"team"}
    assert "is_superuser" not in page.content.decode() and 'name="password' not in page.content.decode()
    response = client.post(url, {"team": team.pk, "email": "someone.else@example.org", "is_staff": "on",
                                 "is_superuser": "on", "is_active": ""})
    assert response.status_code == 302
    pat.refresh_from_db()
    assert pat.team == team
    assert (pat.email, pat.is_staff, pat.is_superuser, pat.is_active) == ("pat@example.org", False, False, True)


@pytest.mark.parametrize("whose", ["own", "colleague", "superuser"])
def test_staff_cannot_change_their_own_account_other_staff_or_a_superuser(client, sam, whose):
    team = Team.objects.create(agency=Agency.objects.create(name="County CVS"), name="Community development")
    account = {"own": lambda: sam, "colleague": lambda: make_user("kim@example.org", staff=True),
               "superuser": lambda: make_user("root@example.org", is_superuser=True)}[whose]()
    client.force_login(sam)
    url = reverse("admin:accounts_user_change", args=[account.pk])
    assert client.get(url).status_code in (302, 403)
    client.post(url, {"team": team.pk})
    account.refresh_from_db()
    assert account.team is None
    assert not admin.site.get_model_admin(type(account)).has_change_permission(
        SimpleNamespace(user=sam), account)


def test_staff_see_only_accounts_that_are_not_staff_in_the_list(client, sam, pat):
    make_user("kim@example.org", staff=True)
    make_user("root@example.org", is_superuser=True)
    client.force_login(sam)
    listed = client.get(reverse("admin:accounts_user_changelist")).context["cl"].result_list
    assert [account.email for account in listed] == ["pat@example.org"]


def test_a_superuser_sees_and_changes_every_account(client, sam, pat):
    root = make_user("root@example.org", staff=True, is_superuser=True)
    client.force_login(root)
    listed = client.get(reverse("admin:accounts_user_changelist")).context["cl"].result_list
    assert {account.email for account in listed} == {"pat@example.org", "root@example.org", "sam@example.org"}
    assert client.get(reverse("admin:accounts_user_change", args=[sam.pk])).status_code == 200


def test_staff_cannot_add_accounts_in_the_admin(client, sam):
    client.force_login(sam)
    assert client.get(reverse("admin:accounts_user_add")).status_code == 403


def test_a_superuser_decides_who_is_staff(client):
    client.force_login(make_user("root@example.org", staff=True, is_superuser=True))
    colleague = make_user("kim@example.org")
    form = client.get(reverse("admin:accounts_user_change", args=[colleague.pk])).context["adminform"].form
    assert {"is_staff", "is_active", "team"} <= set(form.fields)
    assert "is_superuser" not in form.fields


def test_whether_an_address_is_confirmed_is_shown_but_not_changed_in_the_admin(client):
    # Unticking it would make an established account look never confirmed, and the
    # scheduled job deletes those (accounts.services.delete_unconfirmed_accounts).
    client.force_login(make_user("root@example.org", staff=True, is_superuser=True))
    colleague = make_user("kim@example.org")
    page = client.get(reverse("admin:accounts_user_change", args=[colleague.pk]))
    assert "email_confirmed" not in page.context["adminform"].form.fields
    assert "email_confirmed" in page.context["adminform"].readonly_fields
    client.post(reverse("admin:accounts_user_change", args=[colleague.pk]),
                {"email": "kim@example.org", "name": "", "is_active": "on"})
    colleague.refresh_from_db()
    assert colleague.email_confirmed


def test_a_superuser_cannot_give_an_account_a_look_alike_address(client):
    client.force_login(make_user("root@example.org", staff=True, is_superuser=True))
    colleague = make_user("kim@example.org")
    response = client.post(reverse("admin:accounts_user_change", args=[colleague.pk]),
                           {"email": "kim@nh\u017f.net", "name": "", "is_active": "on"})
    assert "plain letters" in response.content.decode()
    colleague.refresh_from_db()
    assert colleague.email == "kim@example.org"


def test_introductions_and_reflections_stay_out_of_the_admin():
    private = [*apps.get_app_config("introductions").get_models(), Reflection]
    assert [model for model in private if admin.site.is_registered(model)] == []


class TestTheStaffGroup:
    def test_staff_accounts_are_in_it_and_leave_it_when_no_longer_staff(self, sam, alice):
        group = Group.objects.get(name=STAFF_GROUP_NAME)
        assert group in sam.groups.all()
        sam.is_staff = False
        sam.save()
        assert group not in sam.groups.all()
        assert not alice.groups.exists()

    def test_it_may_view_add_and_change_but_not_delete(self):
        codenames = set(Group.objects.get(name=STAFF_GROUP_NAME).permissions.values_list("codename", flat=True))
        assert codenames == {
            "view_agency", "add_agency", "change_agency", "view_team", "add_team", "change_team",
            "view_user", "change_user", "view_category", "add_category", "change_category",
            "view_language", "add_language", "change_language",
            # The area the directory covers: one row, added once (directory's 0004).
            "view_coverage", "add_coverage", "change_coverage",
            "view_feedsource", "add_feedsource", "change_feedsource",  # openreferral's migration 0003
            "view_everydayphrase", "add_everydayphrase", "change_everydayphrase",
            # The national organisations and helplines: a list staff keep whole (directory's 0008).
            "view_nationalorganisation", "add_nationalorganisation", "change_nationalorganisation",
            "delete_nationalorganisation",
            # Partners' websites showing the finder: staff register and remove them (embeds' 0001).
            "view_partner", "add_partner", "change_partner", "delete_partner",
        }

    def test_its_migration_puts_staff_who_were_there_before_it_in_the_group(self):
        migration = importlib.import_module("accounts.migrations.0001_initial")
        earlier = make_user("lee@example.org")
        type(earlier).objects.filter(pk=earlier.pk).update(is_staff=True)  # as if made staff before the group
        Group.objects.filter(name=STAFF_GROUP_NAME).delete()

        migration.create_staff_group(apps, SimpleNamespace(connection=connection))

        group = Group.objects.get(name=STAFF_GROUP_NAME)
        assert list(group.user_set.all()) == [earlier]
        assert group.permissions.count() == 14
