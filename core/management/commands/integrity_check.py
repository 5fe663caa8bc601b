"""AUD-2 from the command line: check every seal now (exit status 1 on a breach).

uv run python manage.py integrity_check
uv run python manage.py integrity_check --seal-existing   # once, for records locked
                                                          # before seals existed
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core import integrity
from core.models import Seal


class Command(BaseCommand):
    help = "Check the seals of locked records (AUD-2) and record the check."

    def add_arguments(self, parser):
        parser.add_argument(
            "--seal-existing",
            action="store_true",
            help="First seal locked records that have no seal (records locked before "
            "AUD-2 was installed); each is written to the security log.",
        )

    def handle(self, *args, seal_existing=False, **options):
        if seal_existing:
            with transaction.atomic():
                for label, kind in integrity.kinds().items():
                    sealed = Seal.objects.filter(model=label).values_list(
                        "object_id", flat=True
                    )
                    for record in kind.locked().exclude(pk__in=list(sealed)):
                        integrity.seal(record)
                        integrity.security_log.warning(
                            "integrity: sealed existing %s#%s", label, record.pk
                        )
                        self.stdout.write(f"sealed {label}#{record.pk}")
        check = integrity.check_and_record()
        self.stdout.write(
            f"{check.seals} seals checked, {len(check.breaches)} breaches"
        )
        for breach in check.breaches:
            self.stdout.write(f"  {breach}")
        if check.breaches:
            raise CommandError("integrity breaches found (AUD-2)")
