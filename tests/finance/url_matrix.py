"""SEC-1 matrix of the finance pages: the township's secretary, clerk and finance group and
the county reviewer read; a committee member or a cadre with no finance role sees nothing
(404), like any other township's people; the clerk alone opens the drafting forms.

The statements' pages (quarterly reports, audits, final accounts: FIN-2, FIN-7, FIN-8)
keep their entries in tests/finance/reports/url_entries.py, merged in here."""

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.finance.reports.url_entries import ENTRIES as STATEMENT_ENTRIES
from tests.matrix import Case, expect

READERS = expect(404, secretary=200, clerk=200, finance_group=200, reviewer=200)
CLERK = expect(404, clerk=200)


def _cached(world, name, build):
    if not hasattr(world, name):
        setattr(world, name, build(world))
    return getattr(world, name)


def _town(world):
    from tests.meetings.factories import town_of

    return _cached(world, "_fin_town", town_of)


def _budget(world):
    def build(w):
        from finance import services
        from tests.finance import factories as ff

        town = _town(w)
        budget = ff.approve_budget(town, ff.draft_budget(town))
        budget.approved_file = SimpleUploadedFile("budget.pdf", b"%PDF-1.4 budget")
        budget.save()
        services.group_member_add(
            actor=None,
            township=w.own,
            person=town.members[0],
            unit="committee",
            start=budget.congress_approved_on,
        )
        return budget

    return _cached(world, "_fin_budget", build)


def _change(world):
    def build(w):
        from finance import services
        from tests.finance import factories as ff

        budget = _budget(w)
        return services.change_propose(
            actor=None,
            budget=budget,
            title="调剂",
            deltas=[
                (ff.line(budget, "2010101"), "-100.00"),
                (ff.line(budget, "2080201"), "100.00"),
            ],
        )

    return _cached(world, "_fin_change", build)


def _large(world):
    def build(w):
        from finance import services
        from tests.finance import factories as ff

        budget = _budget(w)
        return services.large_expenditure_propose(
            actor=None,
            line=ff.line(budget, "2130101"),
            purpose="道路硬化",
            amount="80000.00",
        )

    return _cached(world, "_fin_large", build)


def _slug(world):
    return {"slug": world.own.slug}


def _budget_kwargs(world):
    return {"slug": world.own.slug, "pk": _budget(world).pk}


ENTRIES = {
    "finance:home": Case(READERS, _slug),
    "finance:settings": Case(READERS, _slug),
    "finance:group": Case(READERS, _slug),
    "finance:budget": Case(READERS, _budget_kwargs),
    "finance:budget_file": Case(READERS, _budget_kwargs),
    "finance:change_new": Case(CLERK, _budget_kwargs),
    "finance:change": Case(
        READERS, lambda w: {"slug": w.own.slug, "pk": _change(w).pk}
    ),
    "finance:ledger": Case(READERS, _budget_kwargs),
    "finance:large_new": Case(CLERK, _budget_kwargs),
    "finance:large_list": Case(READERS, _slug),
    "finance:large": Case(READERS, lambda w: {"slug": w.own.slug, "pk": _large(w).pk}),
    **STATEMENT_ENTRIES,
}
