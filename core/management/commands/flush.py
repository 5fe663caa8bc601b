"""`flush` as the tables' owner: it truncates the append-only tables too, which the app
role may not (core.rowsecurity; test databases between transactional tests)."""

from django.core.management.commands import flush

from core import rowsecurity


class Command(flush.Command):
    def handle(self, **options):
        with rowsecurity.as_owner(options["database"], maintenance=True):
            return super().handle(**options)
