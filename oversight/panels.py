"""The pilot's home panel for township staff (PIL-2: they see the county's comment)."""

from django.utils.translation import gettext_lazy as _

from committees import access
from committees.panels import Panel


def pilot_panel(request, township, roles):
    if not roles & access.TOWNSHIP_STAFF:
        return None
    from oversight.models import Pilot

    pilot = Pilot.objects.filter(township=township).first()
    if pilot is None:
        return Panel(_("Pilot"), "oversight/partials/panel.html", {"pilot": None}, 80)
    phase = pilot.phases.filter(ended_on__isnull=True).first()
    summary = pilot.summaries.order_by("-round").first()
    return Panel(
        _("Pilot"),
        "oversight/partials/panel.html",
        {
            "pilot": pilot,
            "phase": phase.get_kind_display() if phase else None,
            "summary": summary,
        },
        80,
    )


def county_panel(request, counties):
    """The county reviewer's desk on the home page: each county's dashboard and the
    summaries awaiting review (committees.panels.register_county)."""
    if not counties:
        return None
    from oversight import selectors

    return Panel(
        _("County oversight"),
        "oversight/partials/county_panel.html",
        {
            "counties": list(counties),
            "awaiting": list(selectors.summaries_awaiting_review(request.user)),
        },
        10,
    )
