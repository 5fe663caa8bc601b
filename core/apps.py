from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Shared infrastructure")

    def ready(self):
        from core import rowsecurity
        from core.widgets import use_shared_file_widget

        use_shared_file_widget()
        # SEC-1/AUD-1: every connection acts as the app role with its township set; after
        # every migrate (once, sent for core) the triggers, grants and policies are put in
        # place for every model of every app (core.rowsecurity, docs/DATABASE.md).
        connection_created.connect(
            rowsecurity.on_connection_created, dispatch_uid="core.rowsecurity"
        )
        post_migrate.connect(
            rowsecurity.on_post_migrate, sender=self, dispatch_uid="core.rowsecurity"
        )
