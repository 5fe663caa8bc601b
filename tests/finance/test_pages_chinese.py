"""Every finance page, rendered in Chinese over the demo's year of money, shows no English
(a msgid left untranslated) and no 500; the secretary's home shows the money panel."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from committees import access
from finance import demo
from finance.models import Budget, BudgetChange, LargeExpenditure

pytestmark = pytest.mark.django_db
# Latin words allowed on a Chinese page: rule IDs, file kinds, version marks.
ALLOWED = {"FIN", "PRJ", "PDF", "Art"}
WORD = re.compile(r"\b[A-Za-z][a-z]{2,}(?:\s+[A-Za-z][a-z]+)*\b")


def _english(html: str) -> list[str]:
    body = html.split("<main", 1)[-1].split(">", 1)[-1]
    # Script, style and the options of a select (the test world's people are "acadre"…).
    body = re.sub(r"<(script|style|option)[^>]*>.*?</\1>", " ", body, flags=re.S)
    text = strip_tags(body)
    return [w for w in WORD.findall(text) if w not in ALLOWED]


def test_finance_pages_are_all_chinese(world, login):
    users = {access.Role(role): getattr(world.a, role) for role in vars(world.a)}
    with time_machine.travel(
        timezone.make_aware(datetime.datetime(2026, 12, 1, 10, 0)), tick=True
    ):
        demo.build(world.own, users)
        budget = Budget.objects.get(township=world.own)
        slug = world.own.slug
        change = BudgetChange.objects.filter(budget=budget).first()
        large = LargeExpenditure.objects.get(township=world.own)
        pages = [
            ("finance:home", {"slug": slug}),
            ("finance:settings", {"slug": slug}),
            ("finance:group", {"slug": slug}),
            ("finance:budget", {"slug": slug, "pk": budget.pk}),
            ("finance:ledger", {"slug": slug, "pk": budget.pk}),
            ("finance:change_new", {"slug": slug, "pk": budget.pk}),
            ("finance:change", {"slug": slug, "pk": change.pk}),
            ("finance:large_new", {"slug": slug, "pk": budget.pk}),
            ("finance:large_list", {"slug": slug}),
            ("finance:large", {"slug": slug, "pk": large.pk}),
        ]
        for user in (world.a.clerk, world.a.secretary, world.a.finance_group):
            client = login(user)
            client.cookies["django_language"] = "zh-hans"
            for name, kwargs in pages:
                response = client.get(
                    reverse(name, kwargs=kwargs), HTTP_ACCEPT_LANGUAGE="zh-hans"
                )
                if response.status_code == 404:
                    continue  # the drafting forms are the clerk's
                assert response.status_code == 200, name
                assert _english(response.content.decode()) == [], (user, name)
        client = login(world.a.secretary)
        client.cookies["django_language"] = "zh-hans"
        home = client.get(reverse("home"))
        assert "乡镇财政" in home.content.decode()
