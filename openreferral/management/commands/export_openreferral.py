from django.core.management.base import BaseCommand

from openreferral.exporter import export


class Command(BaseCommand):
    help = (
        "Write the published directory as an HSDS 3 datapackage: PATH/datapackage.json with a CSV "
        "file per table, and PATH/openreferral.json with the same tables as one JSON document. "
        "Give a PATH ending in .json to write only the JSON document."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--no-csv", action="store_true", help="Only the JSON document")
        parser.add_argument("--no-json", action="store_true", help="Only the CSV tables")

    def handle(self, *args, path, no_csv, no_json, **options):
        counts = export(path, csv_out=not no_csv, json_out=not no_json)
        self.stdout.write(self.style.SUCCESS(
            f"Wrote {counts['services.csv']} services, {counts['locations.csv']} locations and "
            f"{counts['schedules.csv']} schedules to {path}."))
