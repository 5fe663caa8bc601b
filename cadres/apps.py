from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CadresConfig(AppConfig):
    name = "cadres"
    verbose_name = _("Learning and appointments")

    def ready(self):
        from cadres import demo, panels
        from cadres.appointments import panels as appointment_panels
        from cadres.appointments import sealing
        from committees import demo as committee_demo

        panels.register()
        appointment_panels.register()
        sealing.register()
        committee_demo.register(demo.build)
