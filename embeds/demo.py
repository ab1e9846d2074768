"""A partner for the demo, so that the staff's page of snippets shows one."""

from .models import Partner

DEMO_PARTNER = {"name": "Riverside Surgery (demo)", "origin": "https://riverside-surgery.example",
                "place": "NG7", "distance": 5}


def add_demo_partner() -> int:
    _partner, made = Partner.objects.get_or_create(origin=DEMO_PARTNER["origin"], defaults=DEMO_PARTNER)
    return int(made)
