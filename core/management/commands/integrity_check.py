"""AUD-2 from the command line: check every seal now (exit status 1 on a breach).

uv run python manage.py integrity_check
uv run python manage.py integrity_check --seal-existing   # once, for records locked
                                                          # before seals existed
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

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
        with translation.override(settings.LANGUAGE_CODE):  # in the auditor's words
            self.stdout.write(
                _("%(seals)s seals checked (%(unkeyed)s without a key), %(n)s breaches")
                % {
                    "seals": check.seals,
                    "unkeyed": check.unkeyed,
                    "n": len(check.breaches),
                }
            )
            for breach in check.breaches:
                self.stdout.write("  " + self.describe(breach))
        if check.breaches:
            raise CommandError("integrity breaches found (AUD-2)")

    @staticmethod
    def describe(breach: dict) -> str:
        row = integrity.describe(breach)
        parts = [
            _("township #%(township)s: %(kind)s")
            % {"township": row["township_id"], "kind": row["kind"]}
        ]
        if row["record"]:
            parts.append(str(row["record"]))
        parts.extend(
            _("%(field)s: %(before)s → %(after)s")
            % {"field": name, "before": before, "after": after}
            for name, before, after in row["changes"]
        )
        return " · ".join(parts)
