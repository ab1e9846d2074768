"""Cells a spreadsheet would run as formulas, made text: strictly for staff files, and
only in free text for data files that must stay exact."""

import datetime

import pytest

from lib.spreadsheets import safe_cell, safe_free_text


class TestStaffFiles:
    @pytest.mark.parametrize("text", ["=1+1", "+1", "-1FR", "@SUM(A1)", "\t=1", "\r=1", "+44 115 496 0123"])
    def test_every_cell_a_spreadsheet_could_run_is_made_text(self, text):
        assert safe_cell(text) == "'" + text

    def test_numbers_dates_and_plain_words_are_left_alone(self):
        assert safe_cell(-1.5) == -1.5
        assert safe_cell(datetime.date(2026, 1, 2)) == "2026-01-02"
        assert safe_cell("Stroke Club") == "Stroke Club"


class TestDataFiles:
    @pytest.mark.parametrize("text", ['=HYPERLINK("http://evil.example","Click")', "@SUM(A1)", "+A1", "-A1",
                                      "- tea", "+", "-"])
    def test_free_text_that_would_run_is_made_text(self, text):
        assert safe_free_text(text) == "'" + text

    @pytest.mark.parametrize("value", ["-1FR", "+44 115 496 0123", "-1.15", "Stroke Club", "", None, -1.15,
                                       "\tTab at the start"])
    def test_data_is_left_exact(self, value):
        assert safe_free_text(value) == value
