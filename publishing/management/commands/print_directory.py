from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from directory.models import Group
from publishing.printed import printed_directory


class Command(BaseCommand):
    help = (
        "Write the whole directory (every listed group, as search lists them) as one PDF to PATH: "
        "a contents page, the groups by subject, an index of group names with page numbers, and the "
        "date it was produced. Links and QR codes use the SITE_URL setting."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Where to write the PDF, for example directory.pdf")

    def handle(self, *args, path, **options):
        target = Path(path)
        if target.is_dir():
            raise CommandError(f"{target} is a folder: give the name of the PDF file to write.")
        if not target.parent.exists():
            raise CommandError(f"There is no folder {target.parent} to write the PDF in.")
        _filename, _mimetype, body = printed_directory()
        target.write_bytes(body)
        groups = Group.objects.listed().count()
        self.stdout.write(f"Wrote the directory of {groups} groups to {target} ({len(body) // 1024} KB).")
