from django.core.management.base import BaseCommand, CommandError

from hub.backups import BackupError, restore


class Command(BaseCommand):
    help = ("Replace everything in the database with a backup made by `manage.py backup`. Whatever was "
            "erased since the backup (withdrawn requests, erased references, deleted accounts, "
            "unsubscribed addresses) is erased again, and the retention purges run. Stop the site and "
            "the job runner first.")

    def add_arguments(self, parser):
        parser.add_argument("path", help="The backup file.")
        parser.add_argument("--no-input", action="store_false", dest="interactive",
                            help="Do not ask for confirmation.")

    def handle(self, path, interactive=True, **options):
        if interactive:
            answer = input(f"Everything in the database will be replaced by {path}. Type 'yes' to go on: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled: nothing was changed.")
        try:
            done = restore(path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Restored from {path}. Erasures kept: {done['erasures_kept']}; records erased "
                          f"again: {done['erased_again']}; retention purges run: {len(done['purges'])}.")
