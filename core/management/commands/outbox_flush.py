"""Send the tasks waiting in the outbox now (beat does it every minute where a worker runs).

`bin/serve` runs it in the background after the demo data: the demo's minutes PDFs are
rendered while the server already answers (each minutes page says "being prepared" until
its PDF is stored).
"""

import time

from django.core.management.base import BaseCommand

from core import outbox
from core.models import PendingTask


class Command(BaseCommand):
    help = "Send the tasks waiting in the outbox (core.outbox), with progress."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="print only the end")

    def handle(self, *args, quiet=False, **options):
        started = time.monotonic()

        def progress(done, total, task_name):
            if not quiet and (done == total or done % 10 == 0):
                self.stdout.write(f"outbox: {done}/{total} tasks sent ({task_name})")

        sent = outbox.flush(limit=10_000, progress=progress)
        # A task kept back (a busy database, say) is tried again while some get through.
        for _round in range(3):
            if not PendingTask.objects.exists():
                break
            more = outbox.flush(limit=10_000)
            sent += more
            if not more:
                break
        left = PendingTask.objects.count()
        if left:
            self.stdout.write(f"outbox: {left} tasks kept for the next flush")
        self.stdout.write(
            f"outbox: {sent} tasks sent in {time.monotonic() - started:.1f} s"
        )
