"""Build the demo county (idempotent), with progress per township and builder.

The build's Celery tasks (the minutes PDFs above all: a WeasyPrint render each) are held
in the outbox while the data is written, so the data commits at once; then they are sent
here with progress, or — with --defer-tasks — left for `manage.py outbox_flush`, which
`bin/serve` runs in the background while the server already answers.
"""

import time

from django.core.management.base import BaseCommand

from committees import demo
from core import outbox


class Command(BaseCommand):
    help = "Create the demo county, its three pilot townships and one account per role (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--defer-tasks",
            action="store_true",
            help="leave the build's tasks (minutes PDFs) in the outbox for outbox_flush",
        )

    def handle(self, *args, defer_tasks=False, **options):
        with outbox.held():
            accounts = demo.build(stdout=self.stdout)
        if defer_tasks:
            self.stdout.write(
                "tasks (minutes PDFs) left in the outbox for manage.py outbox_flush"
            )
        else:
            started = time.monotonic()

            def progress(done, total, task_name):
                if done == total or done % 10 == 0:
                    self.stdout.write(f"tasks: {done}/{total} ({task_name})")

            sent = outbox.flush(limit=10_000, progress=progress)
            self.stdout.write(
                f"tasks: {sent} sent in {time.monotonic() - started:.1f} s"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(accounts)} demo accounts, password {demo.DEMO_PASSWORD}:"
            )
        )
        by_prefix: dict[str, list[str]] = {}
        for username in sorted(accounts):
            prefix = username.split("-", 1)[0] if username.count("-") else ""
            township = next(
                (name for slug, name, *_ in demo.TOWNSHIPS if slug == prefix), None
            )
            by_prefix.setdefault(township or "county", []).append(username)
        for group, usernames in by_prefix.items():
            self.stdout.write(f"  {group:<8} " + "  ".join(usernames))
