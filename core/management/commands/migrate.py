"""`migrate` as the tables' owner, never as the application's role (docs/DATABASE.md).

Where the app logs in as its own role (production), set DATABASE_OWNER_URL: this command
then connects with the owner's credentials for the run. Where the login user is the owner
and the app role is reached by SET ROLE (tests, a single-user setup), the run RESETs the
role. Either way the post_migrate handler (core.rowsecurity.install) then puts the
append-only triggers, the app role's grants and the township policies in place.
"""

from contextlib import contextmanager

import dj_database_url
from django.conf import settings
from django.core.management.commands import migrate
from django.db import connections

from core import rowsecurity


@contextmanager
def owner_credentials(alias: str):
    url = getattr(settings, "DATABASE_OWNER_URL", "")
    connection = connections[alias]
    if not url or connection.vendor != "postgresql":
        yield
        return
    owner = dj_database_url.parse(url)
    keys = ("USER", "PASSWORD", "HOST", "PORT")
    saved = {key: connection.settings_dict.get(key) for key in keys}
    connection.close()
    connection.settings_dict.update({key: owner.get(key) for key in keys})
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.update(saved)


class Command(migrate.Command):
    def handle(self, *args, **options):
        alias = options["database"]
        with owner_credentials(alias), rowsecurity.as_owner(alias, maintenance=True):
            return super().handle(*args, **options)
