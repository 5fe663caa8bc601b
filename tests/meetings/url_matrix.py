"""SEC-1: every meetings URL × persona. Objects are built through the services once per world."""

from meetings import services
from meetings.models import AgendaItem, Ballot
from meetings.views import calendar_token
from tests.matrix import Case, expect, public, township_readers, township_staff
from tests.meetings import factories as f


def _open(world):
    if not hasattr(world, "_meeting"):
        town = f.town_of(world)
        meeting = f.schedule(town)
        item = f.add_item(town, meeting, AgendaItem.Kind.MAJOR)
        world._meeting, world._item = meeting, item
    return world._meeting, world._item


def _closed(world):
    if not hasattr(world, "_closed"):
        meeting, _item, version = f.decided_and_locked(f.town_of(world))
        services.minutes_pdf_store(version_id=version.pk)
        world._closed = meeting
    return world._closed


def _material(world):
    if not hasattr(world, "_material"):
        from django.core.files.uploadedfile import SimpleUploadedFile

        world._material = services.material_add(
            actor=world.a.clerk,
            meeting=_open(world)[0],
            title="议题材料",
            file=SimpleUploadedFile("agenda.pdf", b"%PDF-1.4 test"),
        )
    return world._material


def _ballot(world):
    if not hasattr(world, "_ballot"):
        town = f.town_of(world)
        meeting, (item,) = f.open_meeting(town)
        f.vote(town, item, town.members[1:2], Ballot.Choice.NO)
        world._ballot = item.ballots.get()
    return world._ballot


def ballot_kw(world):
    ballot = _ballot(world)
    return {
        "slug": world.own.slug,
        "pk": ballot.item.meeting_id,
        "item_pk": ballot.item_id,
        "ballot_pk": ballot.pk,
    }


def meeting_kw(world):
    return {"slug": world.own.slug, "pk": _open(world)[0].pk}


def item_kw(world):
    meeting, item = _open(world)
    return {"slug": world.own.slug, "pk": meeting.pk, "item_pk": item.pk}


def slug_kw(world):
    return {"slug": world.own.slug}


def staff_post(kwargs):
    return Case(township_staff(302), kwargs=kwargs, method="post")


def minutes_kw(world):
    return {"slug": world.own.slug, "pk": _closed(world).pk, "number": 1}


def secretary_post(kwargs):
    return Case(expect(404, secretary=302), kwargs=kwargs, method="post")


ENTRIES = {
    "meetings:list": Case(township_readers(), kwargs=slug_kw),
    "meetings:schedule": Case(township_staff(), kwargs=slug_kw),
    "meetings:detail": Case(township_readers(), kwargs=meeting_kw),
    # An empty proposal comes back as the page with its errors (what was typed stays).
    "meetings:item_propose": Case(
        expect(404, secretary=200), kwargs=meeting_kw, method="post"
    ),
    "meetings:agenda_fix": staff_post(meeting_kw),
    "meetings:notice_send": staff_post(meeting_kw),
    "meetings:agenda_reopen": staff_post(meeting_kw),
    "meetings:reschedule": staff_post(meeting_kw),
    "meetings:material_add": staff_post(meeting_kw),
    "meetings:material": Case(
        township_readers(),
        kwargs=lambda w: {
            "slug": w.own.slug,
            "pk": _open(w)[0].pk,
            "material_pk": _material(w).pk,
        },
    ),
    "meetings:receipt": Case(
        expect(404, secretary=302, clerk=302, member=302, cadre=302, finance_group=302),
        kwargs=meeting_kw,
        method="post",
    ),
    "meetings:preparation_add": staff_post(item_kw),
    "meetings:live": Case(township_readers(), kwargs=meeting_kw),
    "meetings:open": staff_post(meeting_kw),
    "meetings:close": staff_post(meeting_kw),
    "meetings:attendance": staff_post(meeting_kw),
    "meetings:ballot": Case(
        expect(404, secretary=302, clerk=302, member=302), kwargs=item_kw, method="post"
    ),
    "meetings:ballot_correct": staff_post(ballot_kw),
    "meetings:item_close": staff_post(item_kw),
    "meetings:item_postpone": staff_post(item_kw),
    "meetings:minutes": Case(
        township_readers(),
        kwargs=lambda w: {"slug": w.own.slug, "pk": _closed(w).pk},
    ),
    "meetings:minutes_draft": staff_post(
        lambda w: {"slug": w.own.slug, "pk": _closed(w).pk}
    ),
    "meetings:minutes_sign": secretary_post(minutes_kw),
    "meetings:minutes_lock": secretary_post(minutes_kw),
    "meetings:minutes_correct": staff_post(minutes_kw),
    "meetings:minutes_pdf": Case(
        township_readers(),
        kwargs=lambda w: {"slug": w.own.slug, "pk": _closed(w).pk, "number": 1},
    ),
    "meetings:minutes_pdf_status": Case(
        township_readers(),
        kwargs=lambda w: {"slug": w.own.slug, "pk": _closed(w).pk, "number": 1},
    ),
    "meetings:decisions": Case(township_readers(), kwargs=slug_kw),
    "meetings:emergencies": Case(township_readers(), kwargs=slug_kw),
    "meetings:calendar": Case(
        public(200),
        kwargs=lambda w: {"token": calendar_token(w.a.member)},
    ),
}
