"""The secretary's home panel (open tenders and their clocks, breaches), the nav button and
the demo builder, registered from `ProjectsConfig.ready()`."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees import access, panels


def projects_panel(request, township, roles):
    if not roles & (access.TOWNSHIP_STAFF | {access.Role.COUNTY_REVIEWER}):
        return None
    from projects import selectors
    from projects.models import Breach, Project, Tender

    open_tenders = [
        (tender, selectors.tender_clocks(tender))
        for tender in Tender.objects.filter(
            township=township,
            status__in=(Tender.Status.OPEN, Tender.Status.PAUSED),
        ).select_related("project", "township")
    ]
    active = (
        Project.objects.filter(township=township)
        .exclude(stage=Project.Stage.FINISHED)
        .count()
    )
    breaches = Breach.objects.filter(
        township=township, at__year=timezone.localdate().year
    ).count()
    return panels.Panel(
        title=_("Investment projects"),
        template="projects/partials/home_panel.html",
        context={"open_tenders": open_tenders, "active": active, "breaches": breaches},
        order=30,
    )


def register_all() -> None:
    from committees import demo
    from projects.demo import build

    panels.register(projects_panel)
    panels.register_nav(_("Projects"), "projects:list", access.READERS, order=30)
    demo.register(build)
