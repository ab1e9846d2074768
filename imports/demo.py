"""A finished staff import for the demo, so the imports page shows one: the demo's small
spreadsheet (directory/data/demo/groups-spreadsheet.csv) imported as staff would import it,
new groups waiting for review, one row refused and reported by its row number."""

from django.contrib.auth import get_user_model

from directory.demo import DEMO

from . import services
from .models import ImportRun

FILE = DEMO / "groups-spreadsheet.csv"
COLUMNS = {"Group name": "name", "Summary": "summary", "Description": "description", "Who it is for": "who_for",
           "Subjects": "subjects", "Email": "email", "Phone": "phone",
           "Venue": "venue", "Address": "address", "Town": "town", "Postcode": "postcode", "Day": "day",
           "How often": "frequency", "Starts": "start_time", "Ends": "end_time", "Languages": "languages"}


def add_demo_import() -> int:
    if ImportRun.objects.filter(label=FILE.name).exists():
        return 0
    run = ImportRun.objects.create(
        started_by=get_user_model().objects.filter(email="staff@example.org").first(),
        kind=ImportRun.Kind.SPREADSHEET, label=FILE.name, upload=FILE.read_bytes(), columns=COLUMNS,
        skip_invalid=True, dry_run=False, state=ImportRun.State.RUNNING)
    services.execute(run)
    return 1
