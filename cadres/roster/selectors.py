"""Reads of the roster."""

from __future__ import annotations

from committees.models import Person, Township


def roster_people(township: Township):
    return (
        Person.objects.filter(
            township=township,
            active=True,
            kind__in=[Person.Kind.CADRE, Person.Kind.VILLAGE_LEADER],
        )
        .select_related("tenure")
        .order_by("kind", "name")
    )
