"""The rules for people's text: one-line fields, multi-line fields, and text made fit for
one line where it cannot be refused."""

import pytest
from django.core.exceptions import ValidationError

from lib.text import one_line, paragraphs, validate_multi_line, validate_one_line


def _code(check, value):
    with pytest.raises(ValidationError) as refused:
        check(value)
    return refused.value.code


class TestOneLine:
    @pytest.mark.parametrize("value", ["Stroke Club", "Café Aroha – Ōtautahi", "مجموعة الدعم", "נשים\u200f 2",
                                       "", None])
    def test_ordinary_names_in_any_script_are_accepted(self, value):
        validate_one_line(value)

    @pytest.mark.parametrize("value", ["Stroke\nClub", "Stroke\r\nClub", "Stroke\rClub", "Stroke\u2028Club",
                                       "Stroke\x85Club", "Stroke\x0bClub"])
    def test_a_line_break_of_any_kind_is_refused(self, value):
        assert _code(validate_one_line, value) == "line_break"

    @pytest.mark.parametrize("value", ["Stroke\x00Club", "Stroke\tClub", "Stroke\x1bClub", "Stroke\x7fClub"])
    def test_control_characters_are_refused(self, value):
        assert _code(validate_one_line, value) == "control_character"

    @pytest.mark.parametrize("mark", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
                                      "\u2066", "\u2067", "\u2068", "\u2069"])
    def test_direction_overrides_and_isolates_are_refused(self, mark):
        assert _code(validate_one_line, f"Grief group{mark} puorg") == "direction_control"

    def test_the_messages_say_what_to_do(self):
        with pytest.raises(ValidationError) as refused:
            validate_one_line("Grief\u202e group")
        assert "direction of the text" in refused.value.messages[0]


class TestMultiLine:
    def test_line_breaks_and_tabs_are_accepted(self):
        validate_multi_line("We meet for tea.\r\n\r\nEveryone is welcome.\n\t– bring a friend")

    @pytest.mark.parametrize("value", ["Tea\x00", "Tea\x1b[31m", "Tea\x7f"])
    def test_other_control_characters_are_refused(self, value):
        assert _code(validate_multi_line, value) == "control_character"

    def test_direction_overrides_are_refused(self):
        assert _code(validate_multi_line, "We meet\u202e for tea") == "direction_control"

    def test_paragraphs_bound_model_validation_as_well_as_the_form(self):
        rules = paragraphs(10)
        assert rules["max_length"] == 10
        for validator in rules["validators"]:
            validator("a" * 10)
        with pytest.raises(ValidationError):
            for validator in rules["validators"]:
                validator("a" * 11)


def test_text_is_made_fit_for_one_line_where_it_cannot_be_refused():
    assert one_line("  Stroke\r\n Club\x00\u202e\t ") == "Stroke Club"
