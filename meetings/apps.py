from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Decision-making")

    def ready(self):
        # Tasks are registered in every process (eager mode and the outbox need them).
        from meetings import (
            figures,
            sealing,
            tasks,  # noqa: F401
        )
        from meetings.panels import register_all

        register_all()
        figures.register()  # PIL-3: the county dashboard's DEC figures
        sealing.register()
