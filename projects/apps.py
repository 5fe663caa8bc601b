from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects")

    def ready(self):
        from disclosure import owners
        from projects import figures, panels

        # APT-3's pattern: the tender's items in the column change only through projects.
        owners.register_owner("projects.tender", label=_("the project's tender page"))
        panels.register_all()
        figures.register()
