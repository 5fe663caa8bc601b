"""APT-3 has one door: the notice of a case is changed only through the case.

Issue 11: through the column's own pages a clerk could withdraw the notice, shorten its
window or record an "affects" finding on an objection, and the case went on to the
formalities regardless; the formalities could be dated inside the notice period.
"""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from cadres.appointments import errors, services
from cadres.appointments.models import Formalities, Stage
from disclosure import errors as column_errors
from disclosure import services as column_services
from disclosure.models import Feedback, Item
from tests.cadres.appointments import factories as af
from tests.cadres.appointments.test_services import _at, snapshot

pytestmark = pytest.mark.django_db

OWNED = (
    "This item is kept by the appointment case page: change or withdraw it there, not "
    "in the column."
)


@pytest.fixture
def noticed(world):
    """A case whose notice was published Mon 23 Nov 2026: last day Mon 30 Nov."""
    with time_machine.travel(_at(2026, 11, 23, 10), tick=False):
        case = af.case_at(world, Stage.NOTICE)
        notice = services.notice_publish(actor=world.a.clerk, case=case)
    assert notice.last_day == datetime.date(2026, 11, 30)
    assert notice.item.owner == "cadres.appointment"
    return case, notice


def _object(notice, text="候选人家属经营道路工程承包公司"):
    with time_machine.travel(_at(2026, 11, 25, 9), tick=False):
        return column_services.feedback_submit(
            item=notice.item, kind=Feedback.Kind.OBJECTION, text=text
        )


def test_apt3_the_column_refuses_to_withdraw_a_case_notice(world, noticed, english):
    """APT-3: the column's withdrawal of a case's notice is refused, naming the screen to
    use; the notice stays published and nothing is written."""
    _case, notice = noticed
    with time_machine.travel(_at(2026, 11, 24, 9), tick=False):
        before = snapshot()
        with pytest.raises(column_errors.ItemOwned) as caught:
            column_services.item_withdraw(
                actor=world.a.clerk, item=notice.item, reason="发布有误"
            )
        assert str(caught.value) == OWNED
        assert caught.value.rule == "APT-3"
        assert snapshot() == before
    notice.item.refresh_from_db()
    assert notice.item.state == Item.State.PUBLISHED


def test_apt3_the_column_refuses_to_shorten_or_edit_a_case_notice(
    world, noticed, english
):
    """APT-3: neither the window nor the text of a case's notice changes in the column."""
    _case, notice = noticed
    with time_machine.travel(_at(2026, 11, 24, 9), tick=False):
        before = snapshot()
        for change in (
            {"window_until": datetime.date(2026, 11, 25)},
            {"title": "改过的标题"},
        ):
            with pytest.raises(column_errors.ItemOwned) as caught:
                column_services.item_update(
                    actor=world.a.clerk, item=notice.item, **change
                )
            assert str(caught.value) == OWNED
        assert snapshot() == before
    notice.item.refresh_from_db()
    assert notice.item.window_until == datetime.date(2026, 11, 30)


def test_apt3_the_column_pages_refuse_the_case_notice_too(world, noticed, login):
    """APT-3: the same refusal through the column's own pages (withdraw, edit)."""
    _case, notice = noticed
    client = login(world.a.clerk)
    slug = world.own.slug
    with time_machine.travel(_at(2026, 11, 24, 9), tick=False):
        client.post(
            reverse("disclosure:item_withdraw", args=[slug, notice.item.pk]),
            {"reason": "发布有误"},
        )
        page = client.post(
            reverse("disclosure:item_edit", args=[slug, notice.item.pk]),
            {
                "category": "public_notice",
                "title": notice.item.title,
                "body": notice.item.body,
                "window_from": "2026-11-23",
                "window_until": "2026-11-25",
            },
        )
    assert page.status_code == 200  # the form again, with the refusal
    notice.item.refresh_from_db()
    assert notice.item.state == Item.State.PUBLISHED
    assert notice.item.window_until == datetime.date(2026, 11, 30)


def test_apt3_an_affecting_finding_recorded_in_the_column_stops_the_case(
    world, noticed, english
):
    """APT-3: an "affects" finding stops the case wherever it is recorded: in the column
    it stops the case in the same transaction and the notice is withdrawn."""
    case, notice = noticed
    objection = _object(notice)
    with time_machine.travel(_at(2026, 11, 26, 9), tick=False):
        column_services.objection_finding_record(
            actor=world.a.clerk,
            feedback=objection,
            affects=True,
            note="反映属实：亲属经营项目承包企业。",
        )
    case.refresh_from_db()
    assert case.stage == Stage.STOPPED
    assert case.stopped_reason == "反映属实：亲属经营项目承包企业。"
    last = case.transitions.last()
    assert (last.from_stage, last.to_stage, last.by) == (
        Stage.NOTICE,
        Stage.STOPPED,
        world.a.clerk,
    )
    notice.item.refresh_from_db()
    assert notice.item.state == Item.State.WITHDRAWN
    with time_machine.travel(_at(2026, 12, 2, 9), tick=False):
        with pytest.raises(errors.CaseClosed):
            services.formalities_start(actor=world.a.clerk, case=case)


def test_apt3_a_finding_once_recorded_is_not_changed(world, noticed, english):
    """APT-3: a finding is not reversed silently: once recorded it stands (either way),
    in the column and through the case; nothing is written on the refusal."""
    case, notice = noticed
    objection = _object(notice)
    with time_machine.travel(_at(2026, 11, 26, 9), tick=False):
        column_services.objection_finding_record(
            actor=world.a.clerk, feedback=objection, affects=False, note="不影响"
        )
        before = snapshot()
        with pytest.raises(column_errors.FindingAlreadyRecorded) as caught:
            column_services.objection_finding_record(
                actor=world.a.clerk, feedback=objection, affects=True, note="改判"
            )
        assert str(caught.value) == (
            "A finding is already recorded on this objection (does not affect the "
            "matter); a finding once recorded is not changed."
        )
        assert caught.value.rule == "APT-3"
        with pytest.raises(column_errors.FindingAlreadyRecorded):
            services.objection_finding_record(
                actor=world.a.clerk,
                case=case,
                feedback=objection,
                affects=False,
                note="再记一次",
            )
        assert snapshot() == before
    objection.refresh_from_db()
    assert (objection.finding, objection.finding_note) == ("does_not_affect", "不影响")


def test_apt3_formalities_cannot_be_dated_inside_the_notice_period(
    world, noticed, english
):
    """APT-3: a done date or an in-post date on or before the notice's last day is
    refused; the day after is the first allowed."""
    case, _notice = noticed
    with time_machine.travel(_at(2026, 12, 2, 9), tick=False):
        services.formalities_start(actor=world.a.clerk, case=case)
        last_day = datetime.date(2026, 11, 30)
        after = datetime.date(2026, 12, 1)
        for done_on, effective_from in ((last_day, after), (after, last_day)):
            before = snapshot()
            with pytest.raises(errors.FormalitiesInsideNotice) as caught:
                services.formalities_complete(
                    actor=world.a.clerk,
                    case=case,
                    done_on=done_on,
                    letter_number="南委干〔2026〕30号",
                    effective_from=effective_from,
                )
            assert str(caught.value) == (
                "The formalities cannot be dated on or before 2026-11-30, the last day "
                "of the public notice."
            )
            assert caught.value.rule == "APT-3"
            assert snapshot() == before
        services.formalities_complete(
            actor=world.a.clerk,
            case=case,
            done_on=after,
            letter_number="南委干〔2026〕30号",
            effective_from=after,
        )
    assert Formalities.objects.get(case=case).done_on == after
