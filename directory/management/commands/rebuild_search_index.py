from django.core.management.base import BaseCommand

from directory import search


class Command(BaseCommand):
    help = "Rebuild the full-text index and the spelling vocabulary from every group."

    def handle(self, *args, **options):
        search.rebuild()
        self.stdout.write("Search index rebuilt.")
