"""Services of the column: publishing (PUB-2), feedback and objections (PUB-3, APT-3)."""

import datetime

import pytest
import time_machine
from django.utils import timezone, translation

from core.errors import NotPermitted
from disclosure import cache as page_cache
from disclosure import errors, selectors, services
from disclosure.models import Category, Feedback, Item
from tests.disclosure.factories import make_item

pytestmark = pytest.mark.django_db


def _en(error) -> str:
    """The message in English, whatever language an earlier test left active."""
    with translation.override("en"):
        return str(error)


def test_item_publish_is_the_one_interface_for_other_apps_pub2(world):
    item = services.item_publish(
        actor=None,
        township=world.own,
        category=Category.PUBLIC_NOTICE,
        title="任前公示",
        body="拟任人选公示。",
        source_label="任前公示",
        source_ref="cadres.appointment:42",
        window_from=timezone.localdate(),
        window_until=timezone.localdate() + datetime.timedelta(days=7),
    )
    assert item.state == Item.State.PUBLISHED
    assert item.published_at is not None
    assert selectors.item_by_source("任前公示", "cadres.appointment:42") == item
    assert selectors.item_by_source("任前公示", "cadres.appointment:43") is None
    reasons = list(
        item.history.order_by("history_date").values_list(
            "history_change_reason", flat=True
        )
    )
    assert reasons == ["draft written", "published"]


def test_the_same_source_is_published_once_pub2(world):
    kwargs = dict(
        actor=None,
        township=world.own,
        category=Category.PUBLIC_NOTICE,
        title="招标公告",
        body="",
        source_label="招标公告",
        source_ref="projects.tender:7",
    )
    services.item_publish(**kwargs)
    with pytest.raises(errors.SourceAlreadyPublished) as raised:
        services.item_publish(**kwargs)
    assert _en(raised.value) == "This record has already been published in the column."
    assert raised.value.rule == "PUB-2"
    assert Item.objects.filter(source_ref="projects.tender:7").count() == 1


def test_only_township_staff_write(world):
    with pytest.raises(NotPermitted):
        services.item_create_draft(
            actor=world.b.clerk,
            township=world.own,
            category=Category.PROCEDURES,
            title="x",
        )
    with pytest.raises(NotPermitted):
        services.item_create_draft(
            actor=world.a.member,
            township=world.own,
            category=Category.PROCEDURES,
            title="x",
        )
    assert not Item.objects.exists()
    item = services.item_create_draft(
        actor=world.a.clerk,
        township=world.own,
        category=Category.PROCEDURES,
        title="办事流程",
    )
    assert item.created_by == world.a.clerk
    assert item.history.get().history_user == world.a.clerk


def test_draft_publish_withdraw_keeps_history_pub2(world):
    item = make_item(world.own, state="draft")
    with pytest.raises(errors.NotPublished):
        services.item_withdraw(actor=world.a.clerk, item=item)
    item = services.item_publish_draft(actor=world.a.clerk, item=item)
    with pytest.raises(errors.NotDraft) as raised:
        services.item_publish_draft(actor=world.a.clerk, item=item)
    assert _en(raised.value) == "Only a draft can be published or changed this way."
    item = services.item_withdraw(actor=world.a.secretary, item=item, reason="有误")
    assert item.state == Item.State.WITHDRAWN
    assert Item.objects.filter(pk=item.pk).exists()  # not deleted
    assert [h.state for h in item.history.order_by("history_date")] == [
        "draft",
        "published",
        "withdrawn",
    ]
    with pytest.raises(errors.WithdrawnItemLocked):
        services.item_update(actor=world.a.clerk, item=item, title="新标题")
    item.refresh_from_db()
    assert item.title != "新标题"


def test_update_of_a_published_item_stays_published(world):
    item = make_item(world.own)
    services.item_update(actor=world.a.clerk, item=item, title="更正后的标题")
    item.refresh_from_db()
    assert item.title == "更正后的标题"
    assert item.state == Item.State.PUBLISHED
    assert item.history.first().history_change_reason == "correction"  # PUB-2


def test_changes_clear_the_township_cache_after_commit_pub4(
    world, django_capture_on_commit_callbacks
):
    before = page_cache.version(world.own.slug)
    other_before = page_cache.version(world.other.slug)
    with django_capture_on_commit_callbacks(execute=True):
        item = make_item(world.own, state="draft")
    assert (
        page_cache.version(world.own.slug) == before
    )  # a draft changes nothing public
    for action in (
        lambda: services.item_publish_draft(actor=None, item=item),
        lambda: services.item_update(actor=None, item=item, title="改"),
        lambda: services.item_withdraw(actor=None, item=item),
    ):
        with django_capture_on_commit_callbacks(execute=True):
            action()
        after = page_cache.version(world.own.slug)
        assert after != before
        before = after
    assert page_cache.version(world.other.slug) == other_before


@pytest.mark.parametrize(
    "window,kind,accepted",
    [
        ("open", "objection", True),
        ("last_day", "objection", True),
        ("first_day", "objection", True),
        ("none", "objection", True),
        ("past", "objection", False),
        ("future", "objection", False),
        ("open", "feedback", True),
    ],
)
def test_objections_only_inside_the_window_pub3(world, window, kind, accepted):
    item = make_item(world.own, window=window)
    if accepted:
        entry = services.feedback_submit(item=item, kind=kind, text="有异议")
        assert entry.township == world.own
        assert list(selectors.objections_for(item)) == (
            [entry] if kind == "objection" else []
        )
    else:
        with pytest.raises(errors.ObjectionOutsideWindow) as raised:
            services.feedback_submit(item=item, kind=kind, text="有异议")
        assert _en(raised.value) == (
            "Objections are accepted only during the notice period."
        )
        assert raised.value.rule == "PUB-3"
        assert not Feedback.objects.exists()


def test_objection_boundary_last_minute_and_next_day_pub3(world):
    item = make_item(world.own, window="open")
    end = item.window_until
    tz = timezone.get_current_timezone()
    last_minute = datetime.datetime.combine(end, datetime.time(23, 59), tzinfo=tz)
    with time_machine.travel(last_minute, tick=False):
        services.feedback_submit(item=item, kind="objection", text="最后一分钟")
    with time_machine.travel(last_minute + datetime.timedelta(minutes=1), tick=False):
        with pytest.raises(errors.ObjectionOutsideWindow):
            services.feedback_submit(item=item, kind="objection", text="次日")
    assert selectors.objections_for(item).count() == 1


@pytest.mark.parametrize("state", ["draft", "withdrawn"])
def test_no_feedback_on_items_not_public_pub3(world, state):
    item = make_item(world.own, state=state)
    with pytest.raises(errors.ItemNotPublic):
        services.feedback_submit(item=item, kind="feedback", text="x")
    assert not Feedback.objects.exists()


def test_answer_and_finding_apt3(world):
    item = make_item(world.own, window="open", category=Category.PUBLIC_NOTICE)
    objection = services.feedback_submit(
        item=item, kind="objection", text="亲属经营承包公司", contact="13900000000"
    )
    note = services.feedback_submit(item=item, kind="feedback", text="建议")
    assert list(selectors.unresolved_objections(item)) == [objection]
    with pytest.raises(errors.AnswerRequired):
        services.feedback_answer(
            actor=world.a.clerk, feedback=objection, answer=" ", public=True
        )
    with pytest.raises(NotPermitted):
        services.feedback_answer(
            actor=world.b.clerk, feedback=objection, answer="a", public=True
        )
    services.feedback_answer(
        actor=world.a.clerk, feedback=objection, answer="经核查，不属实。", public=True
    )
    with pytest.raises(errors.FindingOnlyForObjections):
        services.objection_finding_record(
            actor=world.a.clerk, feedback=note, affects=False
        )
    entry = services.objection_finding_record(
        actor=world.a.secretary, feedback=objection, affects=False, note="经核查不属实"
    )
    assert entry.finding == Feedback.Finding.DOES_NOT_AFFECT
    assert entry.finding_by == world.a.secretary
    assert not selectors.unresolved_objections(item).exists()
    assert [a.answer for a in selectors.public_answers(item)] == ["经核查，不属实。"]
    assert entry.history.first().history_change_reason == "finding recorded"
