"""SEC-1 permission matrix of the appointment pages (APT-1, APT-3)."""

from tests.matrix import Case, expect

# Personnel cases: the township office, the committee members and the county reviewer.
CASE_READERS = expect(404, secretary=200, clerk=200, member=200, reviewer=200)


def _case(world):
    from tests.cadres.appointments import factories

    return {"slug": world.own.slug, "pk": factories.open_case(world).pk}


def _inspected_case(world):
    """A case whose inspection report came with a file."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cadres.appointments.models import Stage
    from tests.cadres.appointments import factories

    case = factories.case_at(world, Stage.INSPECTION)
    factories.inspect(
        world, case, report_file=SimpleUploadedFile("考察报告.pdf", b"%PDF-1.4 report")
    )
    return {"slug": world.own.slug, "pk": case.pk}


def _done_case(world):
    from cadres.appointments.models import Stage
    from tests.cadres.appointments import factories

    case = factories.case_at(world, Stage.DONE)
    return {"slug": world.own.slug, "pk": case.pk}


def _selection(world):
    import datetime
    from decimal import Decimal

    from cadres.appointments import services

    selection = services.selection_post(
        actor=None,
        township=world.own,
        post="党政办公室主任",
        description="报名条件",
        written_weight=Decimal("0.4"),
        apply_until=datetime.date(2100, 1, 1),
    )
    return {"slug": world.own.slug, "pk": selection.pk}


def _vote(world):
    from cadres.appointments import services

    vote = services.outstanding_vote_open(
        actor=None, township=world.own, year=2026, seats=3
    )
    return {"slug": world.own.slug, "pk": vote.pk}


# APT-5: every role of the township reads (cadres vote); the county reviewer too.
READERS = expect(
    404,
    secretary=200,
    clerk=200,
    member=200,
    cadre=200,
    finance_group=200,
    reviewer=200,
)

ENTRIES = {
    "appointments:cases": Case(
        expect=CASE_READERS, kwargs=lambda world: {"slug": world.own.slug}
    ),
    "appointments:case": Case(expect=CASE_READERS, kwargs=_case),
    "appointments:letter_pdf": Case(expect=CASE_READERS, kwargs=_done_case),
    # Uploads are served only through a checked view, to the case's readers (SEC-1).
    "appointments:inspection_report": Case(expect=CASE_READERS, kwargs=_inspected_case),
    "appointments:selections": Case(
        expect=CASE_READERS, kwargs=lambda world: {"slug": world.own.slug}
    ),
    "appointments:selection": Case(expect=CASE_READERS, kwargs=_selection),
    "appointments:outstanding": Case(
        expect=READERS, kwargs=lambda world: {"slug": world.own.slug}
    ),
    "appointments:outstanding_vote": Case(expect=READERS, kwargs=_vote),
}
