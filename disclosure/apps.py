from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "disclosure"
    verbose_name = _("Disclosure column")

    def ready(self):
        from django.db.models.signals import post_save

        from committees import access, demo, panels
        from committees.models import Township
        from disclosure import demo as disclosure_demo
        from disclosure import sealing, signals
        from disclosure.panels import feedback_panel

        sealing.register()
        panels.register(feedback_panel)
        panels.register_nav(
            _("Disclosure column"), "disclosure:manage", access.TOWNSHIP_STAFF, order=60
        )
        demo.register(disclosure_demo.build)
        post_save.connect(
            signals.township_saved,
            sender=Township,
            dispatch_uid="disclosure.township_saved",
        )
