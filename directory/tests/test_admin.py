"""Staff keep subjects and languages in the admin without breaking what hangs on them: the
two-level subject tree, and the codes that history and Open Referral ids are keyed on."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from directory.models import Category, Language

pytestmark = pytest.mark.django_db


def _category_form(category, **overrides):
    return {"name": category.name, "slug": category.slug, "keywords": category.keywords,
            "parent": category.parent_id or "", "position": category.position, **overrides}


class TestTheSubjectTree:
    def test_a_subject_cannot_be_part_of_itself(self):
        top = Category.objects.get(slug="health-conditions")
        top.parent = top
        with pytest.raises(ValidationError) as refused:
            top.clean()
        assert refused.value.error_dict["parent"][0].code == "own_parent"

    def test_a_subject_with_subjects_under_it_stays_top_level(self):
        top = Category.objects.get(slug="health-conditions")
        assert top.children.exists()
        top.parent = Category.objects.exclude(pk=top.pk).filter(parent=None).first()
        with pytest.raises(ValidationError) as refused:
            top.clean()
        assert refused.value.error_dict["parent"][0].code == "has_children"

    def test_a_subject_without_children_may_move_under_a_top_level_one(self):
        diabetes = Category.objects.get(slug="diabetes")
        diabetes.parent = Category.objects.filter(parent=None).exclude(pk=diabetes.parent_id).first()
        diabetes.clean()

    def test_the_admin_offers_only_other_top_level_subjects_as_parents(self, client, sam):
        client.force_login(sam)
        top = Category.objects.get(slug="health-conditions")
        url = reverse("admin:directory_category_change", args=[top.pk])
        offered = set(client.get(url).context["adminform"].form.fields["parent"].queryset)
        assert offered == set(Category.objects.filter(parent=None).exclude(pk=top.pk))
        add_page = client.get(reverse("admin:directory_category_add"))
        assert set(add_page.context["adminform"].form.fields["parent"].queryset) == set(
            Category.objects.filter(parent=None))

    def test_the_admin_refuses_to_make_a_subject_its_own_parent(self, client, sam):
        client.force_login(sam)
        top = Category.objects.get(slug="health-conditions")
        response = client.post(reverse("admin:directory_category_change", args=[top.pk]),
                               _category_form(top, parent=top.pk))
        assert response.status_code == 200 and response.context["adminform"].form.errors["parent"]
        top.refresh_from_db()
        assert top.parent is None


class TestLanguages:
    def test_a_languages_code_stays_as_it_was_added_since_history_and_open_referral_ids_carry_it(
            self, client, sam):
        client.force_login(sam)
        language = Language.objects.create(code="ti", name="Tigrinya")
        url = reverse("admin:directory_language_change", args=[language.pk])
        assert "code" not in client.get(url).context["adminform"].form.fields
        assert client.post(url, {"code": "tir", "name": "Tigrinya (Eritrea)"}).status_code == 302
        language.refresh_from_db()
        assert (language.code, language.name) == ("ti", "Tigrinya (Eritrea)")

    def test_a_new_language_is_given_its_code(self, client, sam):
        client.force_login(sam)
        assert "code" in client.get(reverse("admin:directory_language_add")).context["adminform"].form.fields
