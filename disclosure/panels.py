"""Home-page panel: feedback waiting for the township's answer (PUB-3)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from committees import access
from committees.panels import Panel
from disclosure import selectors


def feedback_panel(request, township, roles):
    if not roles & access.TOWNSHIP_STAFF:
        return None
    waiting = selectors.unanswered_feedback(township)
    count = waiting.count()
    if not count:
        return None
    unresolved = waiting.filter(kind="objection").count()
    return Panel(
        title=_("Disclosure column: feedback to answer"),
        template="disclosure/partials/panel.html",
        context={"count": count, "objections": unresolved},
        order=40,
    )
