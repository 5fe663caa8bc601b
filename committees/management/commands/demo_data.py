from django.core.management.base import BaseCommand

from committees import demo


class Command(BaseCommand):
    help = "Create the demo county, its three pilot townships and one account per role (idempotent)."

    def handle(self, *args, **options):
        accounts = demo.build(stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(accounts)} demo accounts, password {demo.DEMO_PASSWORD}: "
                + ", ".join(sorted(accounts))
            )
        )
