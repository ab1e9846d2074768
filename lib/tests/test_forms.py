from django.test import RequestFactory

from lib.forms import form_data


def test_a_first_visit_gives_no_data_so_the_form_is_unbound():
    assert form_data(RequestFactory().get("/", {"q": "x"})) is None


def test_a_form_sent_empty_is_still_data_so_it_is_checked():
    data = form_data(RequestFactory().post("/", {}))
    assert data is not None and len(data) == 0
