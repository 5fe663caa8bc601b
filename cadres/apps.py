from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CadresConfig(AppConfig):
    name = "cadres"
    verbose_name = _("Learning and appointments")

    def ready(self):
        from cadres import figures
        from cadres.appointments import hooks as appointment_hooks
        from cadres.appointments import panels as appointment_panels
        from cadres.appointments import sealing
        from cadres.incentives import demo as incentive_demo
        from cadres.incentives import figures as incentive_figures
        from cadres.incentives import panels as incentive_panels
        from cadres.incentives import sealing as incentive_sealing
        from cadres.learning import demo
        from cadres.learning import panels as learning_panels
        from cadres.roster import panels as roster_panels
        from committees import demo as committee_demo

        learning_panels.register()
        roster_panels.register()
        figures.register()  # PIL-3: the county dashboard's LRN/APT figures
        appointment_panels.register()
        appointment_hooks.register()
        sealing.register()
        committee_demo.register(demo.build)
        incentive_panels.register()
        incentive_figures.register()  # PIL-3: INC-4 on the county dashboard
        committee_demo.register(incentive_demo.build)
        incentive_sealing.register()  # AUD-2: pool splits, closed appraisals
