"""PIL-1: the pilot's pure rules, by tables; and the modules of oversight import one way."""

import ast
import datetime
import pathlib

import pytest

from oversight import rules
from oversight.models import PhaseDocument, PilotPhase

AUG_1 = datetime.date(2026, 8, 1)


@pytest.mark.parametrize(
    ("kind", "following"),
    [
        ("preparation", "building"),
        ("building", "trial_run"),
        ("trial_run", "summary"),
        ("summary", None),
    ],
)
def test_pil1_phases_follow_in_order(kind, following):
    assert rules.next_phase(kind) == following


@pytest.mark.parametrize(
    ("kind", "started", "earliest"),
    [
        # PIL-1: the trial run lasts half a month (15 days): from 1 August, 16 August.
        ("trial_run", AUG_1, datetime.date(2026, 8, 16)),
        ("trial_run", datetime.date(2026, 12, 20), datetime.date(2027, 1, 4)),
        ("preparation", AUG_1, AUG_1),
        ("building", AUG_1, AUG_1),
    ],
)
def test_pil1_earliest_move_on(kind, started, earliest):
    assert rules.earliest_move_on(kind, started) == earliest


@pytest.mark.parametrize(
    ("kind", "held", "missing"),
    [
        ("preparation", [], ["investigation", "plan"]),
        ("preparation", ["plan", "other"], ["investigation"]),
        ("preparation", ["investigation", "plan"], []),
        ("building", ["rules"], ["symposium"]),
        ("trial_run", [], ["trial_log"]),
        ("summary", [], []),
    ],
)
def test_pil1_missing_documents(kind, held, missing):
    assert rules.missing_documents(kind, held) == missing


def test_pil1_rules_name_the_stored_kinds():
    """The pure rules use the values the models store: every phase, in the models' order,
    and only document kinds the models know."""
    assert list(rules.PHASE_ORDER) == list(PilotPhase.Kind.values)
    documents = set(PhaseDocument.Kind.values)
    for kinds in rules.ALLOWED_DOCUMENTS.values():
        assert set(kinds) <= documents
    assert {k for ks in rules.REQUIRED_DOCUMENTS.values() for k in ks} | {
        rules.OTHER_DOCUMENT
    } == documents


def _imports_of(path: pathlib.Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "oversight":
                found |= {f"oversight.{a.name}" for a in node.names}
            elif node.module.startswith("oversight."):
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("oversight.")}
    return found


def test_oversight_modules_import_one_way():
    """Issue 11: no module of oversight imports another that imports it back, even
    inside a function (rules ← selectors ← services ← views)."""
    graph = {}
    for path in pathlib.Path("oversight").rglob("*.py"):
        if "migrations" in path.parts:
            continue
        name = ".".join(path.with_suffix("").parts).removesuffix(".__init__")
        graph[name] = _imports_of(path)

    def reaches(start, goal, seen=()):
        return any(
            n == goal or (n not in seen and reaches(n, goal, (*seen, n)))
            for n in graph.get(start, ())
        )

    circles = [m for m in graph if reaches(m, m)]
    assert circles == []
    assert graph["oversight.rules"] == set()


@pytest.mark.parametrize(
    ("first", "end", "months"),
    [
        (datetime.date(2026, 1, 1), datetime.date(2026, 8, 31), list(range(1, 9))),
        (datetime.date(2026, 4, 1), datetime.date(2026, 8, 31), [4, 5, 6, 7, 8]),
        (datetime.date(2026, 9, 1), datetime.date(2026, 8, 31), []),
        (datetime.date(2027, 4, 1), datetime.date(2026, 12, 31), []),  # a later year
        (datetime.date(2026, 1, 1), datetime.date(2025, 12, 31), []),  # January
    ],
)
def test_pil3_counted_months(first, end, months):
    from core import figures

    assert figures.counted_months(first, datetime.date(2026, 1, 1), end) == months


@pytest.mark.parametrize(
    ("first", "unknown"),
    [
        (datetime.date(2026, 1, 1), False),
        (datetime.date(2026, 12, 1), False),  # the year is partly known
        (datetime.date(2027, 1, 1), True),  # nothing of 2026 is known
    ],
)
def test_pil3_a_year_before_the_records_is_unrecorded(first, unknown):
    from core import figures

    assert figures.unrecorded(first, datetime.date(2026, 1, 1)) is unknown


@pytest.mark.parametrize(
    ("value", "count", "rate"),
    [(None, "none", "none"), (0, "ok", "bad"), (1, "warn", "bad"), (3, "bad", "bad")]
    + [(69, "bad", "bad"), (70, "bad", "warn"), (89, "bad", "warn"), (90, "bad", "ok")],
)
def test_pil3_colour_thresholds(value, count, rate):
    from core import figures

    assert figures.count_colour(1, 3)(value) == count
    assert figures.rate_colour(90, 70)(value) == rate
