import pytest

from hub.phones import normalise_helpline_phone, normalise_uk_phone


@pytest.mark.parametrize(("typed", "kept"), [
    ("0115 496 0247", "0115 496 0247"),
    ("01154960247", "0115 496 0247"),
    ("+44 (0)115 496 0247", "0115 496 0247"),
    ("020 7946 0000", "020 7946 0000"),
    ("0161 496 0000", "0161 496 0000"),
    ("01632 960000", "01632 960000"),
    ("0300 123 4567", "0300 123 4567"),
    ("07700 900123", "07700 900123"),
    ("0044 7700-900-123", "07700 900123"),
])
def test_a_number_is_written_the_way_uk_numbers_are_printed(typed, kept):
    """So a number typed with the usual spaces is kept as it was: saving a listing whose
    number did not change must not record a change."""
    assert normalise_uk_phone(typed) == kept


@pytest.mark.parametrize("typed", ["12345", "0115 496 02", "+33 1 23 45 67 89", "phone me"])
def test_anything_else_is_refused_plainly(typed):
    with pytest.raises(ValueError, match="Enter a UK phone number"):
        normalise_uk_phone(typed)


@pytest.mark.parametrize(("typed", "kept"), [
    ("116 123", "116 123"),
    ("116123", "116 123"),
    ("08088081677", "0808 808 1677"),
    ("0800 9177 650", "0800 917 7650"),
    ("03444 775 774", "0344 477 5774"),
])
def test_a_helpline_number_may_be_a_free_116_number_or_a_uk_number(typed, kept):
    assert normalise_helpline_phone(typed) == kept


@pytest.mark.parametrize("typed", ["116 12", "999", "111", "+33 1 23 45 67 89", "call us"])
def test_a_helpline_number_that_is_neither_is_refused_plainly(typed):
    with pytest.raises(ValueError, match="starting 116"):
        normalise_helpline_phone(typed)
