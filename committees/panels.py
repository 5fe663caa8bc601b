"""Home-page panels. Mechanism apps register theirs in AppConfig.ready(), so the ground floor
shows their work without importing them (imports run one way)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Panel:
    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 50


# A provider takes (request, township, roles) and returns a Panel or None.
_providers: list[Callable] = []


def register(provider: Callable) -> Callable:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def panels_for(request, township, roles) -> list[Panel]:
    found = [
        panel
        for provider in _providers
        if (panel := provider(request, township, roles))
    ]
    return sorted(found, key=lambda panel: panel.order)


# County-level panels for county reviewers: provider(request, counties) -> Panel or None.
_county_providers: list[Callable] = []


def register_county(provider: Callable) -> Callable:
    if provider not in _county_providers:
        _county_providers.append(provider)
    return provider


def county_panels_for(request, counties) -> list[Panel]:
    found = [
        panel
        for provider in _county_providers
        if (panel := provider(request, counties))
    ]
    return sorted(found, key=lambda panel: panel.order)


# Navigation links a mechanism adds: (label, url name taking the township slug, roles).
_nav: list[tuple] = []


def register_nav(label, url_name: str, roles, order: int = 50) -> None:
    entry = (order, label, url_name, frozenset(roles))
    if entry not in _nav:
        _nav.append(entry)


def nav_for(roles) -> list[tuple]:
    return [
        (label, url_name)
        for order, label, url_name, allowed in sorted(_nav, key=lambda e: e[0])
        if allowed & roles
    ]
