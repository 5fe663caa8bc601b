from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "oversight"
    verbose_name = _("County oversight")

    def ready(self):
        from committees import access, demo, panels
        from oversight import demo as oversight_demo
        from oversight.panels import county_panel, pilot_panel

        panels.register(pilot_panel)
        panels.register_county(county_panel)  # the reviewer's desk on the home page
        # The pilot page, from the township page: for its staff, members and the reviewer.
        panels.register_nav(_("Pilot"), "oversight:pilot", access.READERS, order=90)
        panels.register_nav(
            _("Compliance of the county"),
            "oversight:township",
            {access.Role.COUNTY_REVIEWER},
            order=91,
        )
        demo.register(oversight_demo.build)
        from oversight import kept

        kept.connect()  # PIL-3: a changed record makes its township's figures stale
