import pytest
from hypothesis import given
from hypothesis import strategies as st

from directory.postcodes import (
    is_northern_ireland,
    looks_like_postcode,
    normalise_outward,
    normalise_postcode,
)


@pytest.mark.parametrize(("typed", "expected"), [
    ("NG1 6AA", "NG1 6AA"),  # A9 9AA
    ("ng16aa", "NG1 6AA"),
    ("  cm1   1sq ", "CM1 1SQ"),
    ("M1 1AE", "M1 1AE"),  # A9 9AA
    ("B33 8TH", "B33 8TH"),  # A99 9AA
    ("CR2 6XH", "CR2 6XH"),  # AA9 9AA
    ("DN55 1PT", "DN55 1PT"),  # AA99 9AA
    ("W1A 0AX", "W1A 0AX"),  # A9A 9AA
    ("EC1A 1BB", "EC1A 1BB"),  # AA9A 9AA
    ("sw1a\t1aa", "SW1A 1AA"),
    ("GIR 0AA", "GIR 0AA"),
])
def test_it_accepts_every_uk_format_with_any_spacing_or_case(typed, expected):
    assert normalise_postcode(typed) == expected


@pytest.mark.parametrize("typed", [
    "", "XX99 9ZZ", "🙂", "NG1", "NG1 6A", "12345", "QA1 1AA", "NG1 6CI", "NG1 6AA extra", "N G 1 6 A A A",
])
def test_it_rejects_what_is_not_a_full_postcode(typed):
    with pytest.raises(ValueError, match="full UK postcode"):
        normalise_postcode(typed)


@pytest.mark.parametrize(("typed", "expected"), [
    ("ng1", "NG1"), ("NG18", "NG18"), ("sw1a", "SW1A"), ("W1A", "W1A"), ("XX9", None), ("NG1 6AA", None),
])
def test_outward_codes(typed, expected):
    assert normalise_outward(typed) == expected


def test_northern_ireland_is_recognised():
    assert is_northern_ireland("BT1")
    assert not is_northern_ireland("B1")


@given(st.text(max_size=30))
def test_normalising_never_fails_with_anything_but_a_plain_message(text):
    try:
        result = normalise_postcode(text)
    except ValueError as error:
        assert "postcode" in str(error)
    else:
        assert normalise_postcode(result) == result
        assert looks_like_postcode(result)
