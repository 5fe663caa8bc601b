"""SEC-1 permission matrix of the appointment pages (APT-1, APT-3)."""

from tests.matrix import Case, expect

# Personnel cases: the township office, the committee members and the county reviewer.
CASE_READERS = expect(404, secretary=200, clerk=200, member=200, reviewer=200)


def _case(world):
    from tests.appointments import factories

    return {"slug": world.own.slug, "pk": factories.open_case(world).pk}


def _done_case(world):
    from cadres.appointments.models import Stage
    from tests.appointments import factories

    case = factories.case_at(world, Stage.DONE)
    return {"slug": world.own.slug, "pk": case.pk}


ENTRIES = {
    "appointments:cases": Case(
        expect=CASE_READERS, kwargs=lambda world: {"slug": world.own.slug}
    ),
    "appointments:case": Case(expect=CASE_READERS, kwargs=_case),
    "appointments:letter_pdf": Case(expect=CASE_READERS, kwargs=_done_case),
    # APT-3: county data, entered by the reviewers of that county only.
    "appointments:holidays": Case(
        expect=expect(404, reviewer=200), kwargs=lambda world: {"pk": world.county.pk}
    ),
}
