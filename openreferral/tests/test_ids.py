"""Derived identifiers: the same every time, so every export and answer agrees."""

import uuid

from openreferral import ids


def test_a_derived_id_is_the_uuid5_of_its_parts():
    group = uuid.UUID("0b8f3f0e-6f43-4c55-9d3b-3f6c1e2a7d10")
    for parts in [("address", group), ("attribute", group, "stage", "active"), ("language", group, "cy"),
                  ("accessibility", group, "notes"), ("term", "café"), ("online", 12, 2.5)]:
        assert ids.derived(*parts) == str(uuid.uuid5(ids.NAMESPACE, ":".join(str(part) for part in parts)))


def test_published_ids_do_not_change():
    assert ids.CATEGORIES_TAXONOMY_ID == "a4562395-d06e-563a-8238-7b4633c03afe"
    assert ids.detail_term_id("stage") == "9de9a0df-b69a-5aeb-b743-fe312d172321"
