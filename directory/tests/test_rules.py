"""A listing's rules, on the models: listing-level rules refuse a record, field-level
rules name the bad values. Forms and the Open Referral import both ask these."""

import pytest
from django.core.exceptions import ValidationError

from directory.models import Group, Meeting, Venue
from directory.tests.factory import make_group

pytestmark = pytest.mark.django_db


def test_a_group_without_a_name_place_or_way_to_be_reached_cannot_be_a_listing():
    errors = Group(name=" ").listing_errors(meetings=[])
    assert set(errors) == {"name", "meetings", "email"}


def test_a_closed_group_needs_no_meetings_and_a_meeting_to_go_to_is_a_way_to_be_reached():
    assert Group(name="Closed", stage=Group.Stage.CLOSED, email="a@example.org").listing_errors([]) == {}
    online = Meeting(attendance="online", online_details="Join on Zoom", pattern="irregular")
    assert Group(name="Online group").listing_errors([online]) == {}


def test_field_rules_name_each_bad_value_and_leave_the_rest():
    group = Group(name="Walkers", email="not-an-email", phone="12345", website="nowhere", summary="x" * 201)
    errors = group.field_errors(categories=[1, 2, 3, 4])
    assert set(errors) == {"email", "phone", "website", "summary", "categories"}
    assert "UK phone number" in errors["phone"][0]


@pytest.mark.parametrize("email", ["hello@club.invalid", "x@Y.Invalid."])
def test_an_email_address_under_invalid_is_a_field_error_for_the_import_and_the_forms_alike(email):
    group = make_group(email=email)
    assert "cannot receive email" in group.field_errors()["email"][0]
    with pytest.raises(ValidationError) as error:
        group.clean()
    assert set(error.value.message_dict) == {"email"}
    assert Group(name="Walkers", email="hello@club.example").field_errors() == {}


def test_empty_fields_are_not_field_errors():
    assert Group(name="Walkers").field_errors() == {}


def test_clean_refuses_a_nameless_group_and_writes_a_phone_number_the_directory_way():
    group = make_group(phone="+44 7700 900123")
    group.clean()
    assert group.phone == "07700 900123"
    group.name = ""
    with pytest.raises(ValidationError) as error:
        group.clean()
    assert "name" in error.value.message_dict


def test_a_venue_with_a_postcode_that_is_not_one_has_a_field_error():
    assert "postcode" in Venue(name="Hall", postcode="NOT A CODE").field_errors()
    assert "postcode" not in Venue(name="Hall", postcode="ng1 5fw").field_errors()


def test_a_meeting_at_no_place_that_is_not_online_has_a_field_error():
    assert "venue" in Meeting(attendance="in_person", pattern="irregular").field_errors()
