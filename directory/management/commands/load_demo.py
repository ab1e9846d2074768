from django.core.management.base import BaseCommand

from directory.demo import load_demo


class Command(BaseCommand):
    help = (
        "Load the fictional demo directory (groups, venues and meetings). Groups already "
        "there are left as they are, so it is safe to run more than once."
    )

    def handle(self, *args, **options):
        counts = load_demo()
        self.stdout.write(f"Demo directory ready: {counts['groups']} new groups, {counts['venues']} venues.")
