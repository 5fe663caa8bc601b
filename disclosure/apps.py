from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "disclosure"
    verbose_name = _("Disclosure column")

    def ready(self):
        from committees import access, demo, panels
        from disclosure import demo as disclosure_demo
        from disclosure.panels import feedback_panel

        panels.register(feedback_panel)
        panels.register_nav(
            _("Disclosure column"), "disclosure:manage", access.TOWNSHIP_STAFF, order=60
        )
        demo.register(disclosure_demo.build)
