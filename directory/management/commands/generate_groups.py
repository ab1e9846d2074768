from django.core.management.base import BaseCommand, CommandError

from directory.demo import generate_groups


class Command(BaseCommand):
    help = "Create N synthetic groups across Great Britain for scale and speed work, then rebuild the search index."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, count, seed, **options):
        if count < 1 or count > 2_000_000:
            raise CommandError("Give a number of groups between 1 and 2,000,000.")
        made = generate_groups(
            count, seed=seed,
            progress=lambda done, total: self.stdout.write(f"{done}/{total} groups"),
        )
        self.stdout.write(f"Created {made} groups and rebuilt the search index.")
