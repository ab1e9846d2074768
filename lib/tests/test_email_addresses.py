"""An email address is taken by one field, kept in one form and compared one way."""

import pytest
from django import forms

from lib.email_addresses import MAX_LENGTH, EmailAddressField, normalise, same

LONGEST = "a" * 64 + "@" + ".".join(["b" * 63] * 2) + "." + "c" * 57 + ".com"
TOO_LONG = "a" * 64 + "@" + ".".join(["b" * 63] * 3) + ".com"


class AddressForm(forms.Form):
    email = EmailAddressField()


def errors(value):
    form = AddressForm({"email": value})
    return [] if form.is_valid() else form.errors["email"]


def test_an_address_is_given_back_trimmed_and_in_lower_case():
    form = AddressForm({"email": "  Bob@NHS.net "})
    assert form.is_valid() and form.cleaned_data["email"] == "bob@nhs.net"


def test_the_longest_address_a_mail_server_takes_is_accepted_and_one_longer_is_refused():
    assert len(LONGEST) == MAX_LENGTH == 254 and len(TOO_LONG) == 260
    assert errors(LONGEST) == []
    assert errors(TOO_LONG) == ["Ensure this value has at most 254 characters (it has 260)."]
    assert 'maxlength="254"' in str(AddressForm()["email"])


@pytest.mark.parametrize("address", [
    "bob@nh\u017f.net",        # long s, which IDNA and casefold() turn into "s"
    "bob@nhs.n\u0435t",        # Cyrillic "е"
    "\u212aate@example.org",   # Kelvin sign, which lower() turns into "k"
    "b\u00f6b@example.org",
    "bob@b\u00fccher.example",
])
def test_an_address_with_characters_outside_ascii_is_refused_with_one_plain_message(address):
    assert len(errors(address)) == 1
    assert "plain letters" in errors(address)[0]


def test_a_domain_in_its_ascii_form_is_accepted():
    assert errors("bob@xn--bcher-kva.example") == []


@pytest.mark.parametrize("address", ["bob@nhs.net\nBcc: x@example.org", "bob@nhs\u202e.net"])
def test_an_address_with_a_line_break_or_direction_control_is_refused(address):
    assert len(errors(address)) == 1


def test_two_addresses_are_the_same_only_if_their_normal_forms_are_equal():
    assert same("Bob@NHS.net", " bob@nhs.net")
    assert not same("bob@nh\u017f.net", "bob@nhs.net")
    assert normalise("bob@nh\u017f.net") != normalise("bob@nhs.net")
