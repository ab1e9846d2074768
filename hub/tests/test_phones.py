import pytest

from hub.phones import normalise_uk_phone


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
