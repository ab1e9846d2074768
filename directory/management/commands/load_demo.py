from django.core.management.base import BaseCommand

from directory.demo import load_demo


class Command(BaseCommand):
    help = (
        "Load the fictional demo directory: its groups, venues and meetings through the Open "
        "Referral importer, then demo accounts, coordinators and activity on the support exchange, "
        "voice, introductions and reflections. What is already there is left as it is, so it is "
        "safe to run more than once."
    )

    def handle(self, *args, **options):
        counts = load_demo()
        self.stdout.write(f"Demo directory ready: {counts['groups']} new groups, {counts['records']} new "
                          "accounts and other records.")
