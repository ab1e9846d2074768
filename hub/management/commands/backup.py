from django.core.management.base import BaseCommand, CommandError

from hub.backups import BackupError, backup


class Command(BaseCommand):
    help = ("Back up the whole database to a new file while the site runs: SQLite's online backup, or "
            "pg_dump's custom format on PostgreSQL. Restore it with `manage.py restore PATH`.")

    def add_arguments(self, parser):
        parser.add_argument("path", help="The file to write; it must not exist yet.")

    def handle(self, path, **options):
        try:
            backup(path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Backed up to {path}")
