"""AUD-2 / PUB-2: a published item is sealed; a change to it is a new published version,
sealed too and shown on the public page ("更正于 …") with the earlier versions; an edit
made by SQL behind the application's back is found by integrity.verify()."""

import datetime
import importlib

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from core import integrity
from core.models import Seal
from disclosure import sealing, services
from disclosure.models import Category, Item, ItemVersion
from tests.disclosure.factories import make_item

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def _sql(statement, params):
    """Someone with database access, behind the application's back (as the tables'
    owner where row-level security is installed)."""
    try:
        rowsecurity = importlib.import_module("core.rowsecurity")
        owner = rowsecurity.as_owner(maintenance=True)
    except (ImportError, AttributeError, TypeError):
        owner = None
    if owner is None:
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
        return
    with owner, connection.cursor() as cursor:
        cursor.execute(statement, params)


def _notice(world):
    return make_item(
        world.own,
        window="open",
        category=Category.PUBLIC_NOTICE,
        title="关于张某某同志拟任农业服务中心主任的任前公示",
        body="公示期内如有意见，请向镇党委反映。",
    )


def _breaches(report):
    return sorted((b["kind"], b["model"], b["object_id"]) for b in report.breaches)


def test_aud2_publishing_seals_the_item_and_its_first_version(world):
    item = _notice(world)
    version = item.versions.get()
    assert version.number == 1 and version.title == item.title
    assert version.window_until == item.window_until
    sealed = set(
        Seal.objects.filter(township_id=world.own.pk).values_list("model", "object_id")
    )
    assert ("disclosure.Item", item.pk) in sealed
    assert ("disclosure.ItemVersion", version.pk) in sealed
    assert integrity.verify([world.own.pk]).ok


def test_aud2_a_draft_is_not_sealed_and_its_edits_are_no_versions(world):
    item = make_item(world.own, state=Item.State.DRAFT)
    services.item_update(actor=world.a.clerk, item=item, title="草稿改过")
    assert not item.versions.exists()
    assert not Seal.objects.filter(model="disclosure.Item", object_id=item.pk).exists()


@pytest.mark.parametrize(
    "column, value",
    [
        ("title", "关于李某某同志拟任农业服务中心主任的任前公示"),
        ("body", "公示期内不接受意见。"),
        ("window_until", None),  # the window shortened to today (set below)
    ],
)
def test_aud2_an_sql_edit_of_a_published_item_is_detected(world, column, value):
    item = _notice(world)
    if column == "window_until":
        value = timezone.localdate()
    _sql(f"UPDATE disclosure_item SET {column} = %s WHERE id = %s", [value, item.pk])
    report = integrity.verify([world.own.pk])
    assert ("changed", "disclosure.Item", item.pk) in _breaches(report)
    (breach,) = [b for b in report.breaches if b["model"] == "disclosure.Item"]
    before, after = breach["changes"][column]
    assert before == sealing.AS_PUBLISHED
    assert after == integrity.canonical(value)


def test_aud2_an_sql_edit_of_a_published_version_is_detected(world):
    item = _notice(world)
    version = item.versions.get()
    _sql(
        "UPDATE disclosure_itemversion SET title = %s WHERE id = %s",
        ["改过的标题", version.pk],
    )
    assert ("changed", "disclosure.ItemVersion", version.pk) in _breaches(
        integrity.verify([world.own.pk])
    )


def test_aud2_a_correction_written_by_sql_is_unsealed(world):
    """A version row added behind the application's back, with the item made to agree."""
    item = _notice(world)
    _sql(
        "INSERT INTO disclosure_itemversion (township_id, item_id, number, category, "
        "title, body, window_from, window_until, published_at, reason) "
        "SELECT township_id, id, 2, category, %s, body, window_from, window_until, "
        "now(), '' FROM disclosure_item WHERE id = %s",
        ["伪造的更正", item.pk],
    )
    _sql("UPDATE disclosure_item SET title = %s WHERE id = %s", ["伪造的更正", item.pk])
    kinds = {(b["kind"], b["model"]) for b in integrity.verify([world.own.pk]).breaches}
    assert ("unsealed", "disclosure.ItemVersion") in kinds


def test_pub2_a_change_to_a_published_item_is_a_new_sealed_version(world):
    item = _notice(world)
    shorter = item.window_until - DAY
    services.item_update(
        actor=world.a.clerk,
        item=item,
        reason="公示截止日期录入有误",
        title="关于张某某同志拟任农业服务中心主任的任前公示（更正）",
        window_until=shorter,
    )
    first, second = item.versions.order_by("number")
    assert (first.number, second.number) == (1, 2)
    assert first.window_until == shorter + DAY  # the earlier version is kept as it was
    assert second.window_until == shorter and second.reason == "公示截止日期录入有误"
    assert (
        Seal.objects.filter(
            model="disclosure.ItemVersion", object_id__in=[first.pk, second.pk]
        ).count()
        == 2
    )
    assert integrity.verify([world.own.pk]).ok
    # Saving the same values again is no correction.
    services.item_update(actor=world.a.clerk, item=item, window_until=shorter)
    assert item.versions.count() == 2


def test_pub2_the_public_page_shows_the_correction_and_the_earlier_version(
    world, client
):
    item = _notice(world)
    old_until = item.window_until
    services.item_update(
        actor=world.a.clerk,
        item=item,
        reason="人选更正",
        title="关于王某某同志拟任农业服务中心主任的任前公示",
        window_until=old_until - DAY,
    )
    correction = item.versions.get(number=2)
    response = client.get(
        reverse("disclosure:item", args=[world.own.slug, item.pk]),
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    page = response.content.decode()
    assert response.status_code == 200
    day = timezone.localtime(correction.published_at).date().isoformat()
    assert f"更正于 {day}" in page
    assert "人选更正" in page
    # The earlier version is readable, and the shortened window is said.
    assert "关于张某某同志拟任农业服务中心主任的任前公示" in page
    assert f"{old_until.isoformat()} → {(old_until - DAY).isoformat()}" in page


def test_pub2_an_uncorrected_item_says_nothing_of_corrections(world, client):
    item = _notice(world)
    page = client.get(
        reverse("disclosure:item", args=[world.own.slug, item.pk]),
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    ).content.decode()
    assert "更正于" not in page
    assert ItemVersion.objects.filter(item=item).count() == 1


def test_pub2_the_staff_edit_page_publishes_a_correction_with_its_reason(world, login):
    item = _notice(world)
    staff = login(world.a.clerk)
    url = reverse("disclosure:item_edit", args=[world.own.slug, item.pk])
    assert "更正理由" in staff.get(url).content.decode()
    response = staff.post(
        url,
        {
            "category": item.category,
            "title": item.title,
            "body": item.body,
            "window_from": item.window_from.isoformat(),
            "window_until": (item.window_until - DAY).isoformat(),
            "reason": "公示期录入有误",
        },
    )
    assert response.status_code == 302
    correction = item.versions.get(number=2)
    assert correction.reason == "公示期录入有误"
    assert correction.window_until == item.window_until - DAY
    assert correction.published_by == world.a.clerk
