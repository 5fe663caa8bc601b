"""Issue 17: the query plans of the five biggest hot queries are index scans, on a generated
province of modest size with realistic statistics (ANALYZE) — no `enable_seqscan = off`.

The pages are opened as their users open them; every query they run against the page's
main table is EXPLAINed, and the plan must reach that table through the named index, never
a sequential scan of it.
"""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from committees import access
from committees import services as org
from committees.models import County, Township
from tests.committees.factories import UserFactory

pytestmark = pytest.mark.django_db

# page -> (its main table, the indexes its main query may reach it through: the composite
# index of the page's filter and order, or the township's foreign-key index, whichever the
# planner prefers at this size). Every other query of the page on that table must use an
# index too (a foreign key's, a primary key's), never a sequential scan.
HOT = {
    "dashboard": (
        "oversight_keptfigure",
        {"oversight_kept_figure_unique", "oversight_kept_county_idx"},
    ),
    "study grid": (
        "cadres_studyreport",
        {"cadres_stud_townshi_a83140_idx", "cadres_studyreport_township_id_7e8ea418"},
    ),
    "meeting list": (
        "meetings_meeting",
        {"meetings_me_townshi_b080f2_idx", "meetings_meeting_township_id_1e48a823"},
    ),
    "decision register": (
        "meetings_decision",
        {"decision_township_decided", "meetings_decision_township_id_38c2254e"},
    ),
    "column": (
        "disclosure_item",
        {"disclosure__townshi_1f4c0b_idx", "disclosure_item_township_id_17bacae0"},
    ),
}


def _index_names(plan) -> set[str]:
    names = {plan["Index Name"]} if plan.get("Index Name") else set()
    for child in plan.get("Plans", []):
        if child.get("Relation Name") is None:  # a Bitmap Index Scan under its heap
            names |= _index_names(child)
    return names


def _scans(plan, table) -> list[tuple[str, frozenset]]:
    """(node type, indexes) of every scan of `table` in the plan that filters its rows (a
    sequential scan of a small table only joined by key, e.g. a decision's `changes`, is
    the planner's fair choice and not a missing index)."""
    found = []
    if plan.get("Relation Name") == table:
        kind = plan["Node Type"]
        selective = kind != "Seq Scan" or any(
            column in plan.get("Filter", "")
            for column in ("township_id", "county_id", "year")
        )
        if selective:
            found.append((kind, frozenset(_index_names(plan))))
    for child in plan.get("Plans", []):
        found += _scans(child, table)
    return found


def _plans(queries, table) -> list[list[tuple[str, str | None]]]:
    plans = []
    with connection.cursor() as cursor:
        for query in queries:
            sql = query["sql"]
            if f'"{table}"' not in sql or not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
            (row,) = cursor.fetchone()
            plan = (json.loads(row) if isinstance(row, str) else row)[0]["Plan"]
            scans = _scans(plan, table)
            if scans:
                plans.append(scans)
    return plans


def test_issue17_hot_queries_are_index_scans_on_a_generated_province(client):
    """Issue 17 / PIL-3, DEC-1, DEC-6, LRN-3, PUB-1: the dashboard's, the study grid's, the
    meeting list's, the decision register's and the column's queries reach their table
    through an index on a generated province (ANALYZEd), not a sequential scan."""
    year = timezone.localdate().year - 1  # a whole year of records, whatever today is
    call_command(
        "generate_province",
        townships=40,
        counties=2,
        cadres=12,
        seed=17,
        year=year,
        stdout=io.StringIO(),
    )
    from oversight import kept

    county_ids = County.objects.filter(name__startswith="生成17-").values("pk")
    townships = list(Township.objects.filter(county__in=county_ids))
    for past in range(1, 5):  # a province keeps its figures of the years before
        kept.recompute(townships, year - past)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # this transaction's own inserts count
    county = County.objects.filter(name__startswith="生成17-").order_by("pk").first()
    township = Township.objects.filter(county=county).order_by("pk")[5]
    secretary = UserFactory()
    org.role_grant(
        actor=None, user=secretary, township=township, role=access.Role.SECRETARY
    )
    from django.contrib.auth import get_user_model

    reviewer = get_user_model().objects.get(username="county-reviewer-1")
    pages = {
        "dashboard": (
            reviewer,
            reverse("oversight:dashboard", args=[county.pk]) + f"?year={year}",
        ),
        "study grid": (
            secretary,
            reverse("cadres:report_grid", args=[township.slug]) + f"?year={year}",
        ),
        "meeting list": (secretary, reverse("meetings:list", args=[township.slug])),
        "decision register": (
            secretary,
            reverse("meetings:decisions", args=[township.slug]) + f"?year={year}",
        ),
        "column": (None, reverse("disclosure:index", args=[township.slug])),
    }
    from disclosure import cache as column_cache

    column_cache.bump(township.slug)  # the column's page as a first visitor opens it
    failures, seen = [], {}
    for page, (user, url) in pages.items():
        client.logout()
        if user is not None:
            client.force_login(
                user, backend="django.contrib.auth.backends.ModelBackend"
            )
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, (page, response.status_code)
        table, wanted = HOT[page]
        plans = _plans(ctx.captured_queries, table)
        seen[page] = plans
        used = set()
        for scans in plans:
            for kind, names in scans:
                used |= names
                if kind == "Seq Scan" or not names:
                    failures.append(f"{page}: {kind} of {table} ({scans})")
        if not used & wanted:
            failures.append(f"{page}: none of {sorted(wanted)} used ({plans})")
    assert failures == [], "\n".join(failures) + f"\nall plans: {seen}"
