"""The roster's navigation button on the township home (committees.panels)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cadres.roles import STAFF_READERS


def register() -> None:
    from committees import panels

    panels.register_nav(_("Cadre roster"), "cadres:roster", STAFF_READERS, order=27)
