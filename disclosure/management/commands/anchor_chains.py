"""AUD-2 on demand: anchor every township's seal chain now (or yesterday's, as the nightly
task does) and say whether any kept anchor is contradicted by the chain.

uv run python manage.py anchor_chains            # the chains as they are now
uv run python manage.py anchor_chains --nightly  # as the beat task: end of yesterday
"""

from django.core.management.base import BaseCommand, CommandError

from committees.models import Township
from core import anchors
from disclosure import cache as page_cache


class Command(BaseCommand):
    help = "Anchor each township's seal chain (AUD-2) and check the kept anchors."

    def add_arguments(self, parser):
        parser.add_argument("--nightly", action="store_true")

    def handle(self, *args, nightly=False, **options):
        townships = list(Township.objects.order_by("pk").values_list("pk", "slug"))
        if nightly:
            made = anchors.nightly([pk for pk, _ in townships])
        else:
            made = [anchors.current(pk) for pk, _ in townships]
        for anchor in made:
            self.stdout.write(f"township {anchor.township_id}: {anchor.printed}")
        for _, slug in townships:
            page_cache.bump(slug)
        broken = anchors.contradictions()
        if broken:
            for anchor in broken:
                self.stderr.write(
                    f"contradicted: township {anchor.township_id} {anchor.printed}"
                )
            raise CommandError(f"{len(broken)} anchors contradicted by the chain")
