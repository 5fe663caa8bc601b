"""The township's side: write, preview, publish, withdraw; answer feedback; record findings."""

import pytest
from django.urls import reverse

from disclosure import services
from disclosure.models import Category, Feedback, Item
from tests.disclosure.factories import make_item

pytestmark = pytest.mark.django_db


def test_clerk_writes_previews_publishes_and_withdraws_pub2(world, login, client):
    staff = login(world.a.clerk)
    slug = world.own.slug
    response = staff.post(
        reverse("disclosure:item_new", args=[slug]),
        {
            "category": Category.PROJECT_FUNDS,
            "title": "村道项目资金公开",
            "body": "- 预算 120 万元\n- 已支付 80 万元",
            "window_from": "",
            "window_until": "",
        },
    )
    item = Item.objects.get()
    assert response["Location"] == reverse(
        "disclosure:item_manage", args=[slug, item.pk]
    )
    assert item.state == Item.State.DRAFT and item.created_by == world.a.clerk
    preview = staff.get(response["Location"]).content.decode()
    assert "<li>预算 120 万元</li>" in preview and "今天不对公众公开" in preview
    staff.logout()
    assert (
        client.get(reverse("disclosure:item", args=[slug, item.pk])).status_code == 404
    )
    staff = login(world.a.clerk)
    staff.post(reverse("disclosure:item_publish", args=[slug, item.pk]))
    item.refresh_from_db()
    assert item.state == Item.State.PUBLISHED
    staff.post(
        reverse("disclosure:item_withdraw", args=[slug, item.pk]),
        {"reason": "数据有误"},
    )
    item.refresh_from_db()
    assert (item.state, item.withdrawal_reason) == (Item.State.WITHDRAWN, "数据有误")
    staff.logout()
    gone = client.get(reverse("disclosure:item", args=[slug, item.pk]))
    assert gone.status_code == 410 and "已于" in gone.content.decode()


def test_withdraw_needs_a_reason(world, login):
    item = make_item(world.own)
    staff = login(world.a.secretary)
    staff.post(
        reverse("disclosure:item_withdraw", args=[world.own.slug, item.pk]),
        {"reason": ""},
    )
    item.refresh_from_db()
    assert item.state == Item.State.PUBLISHED


def test_edit_form_rejects_a_window_that_ends_before_it_starts(world, login):
    item = make_item(world.own, state="draft")
    staff = login(world.a.clerk)
    response = staff.post(
        reverse("disclosure:item_edit", args=[world.own.slug, item.pk]),
        {
            "category": item.category,
            "title": "新标题",
            "body": "",
            "window_from": "2026-05-10",
            "window_until": "2026-05-01",
        },
    )
    assert response.status_code == 200
    assert "公开截止日期早于开始日期" in response.content.decode()
    item.refresh_from_db()
    assert item.title != "新标题"


def test_staff_answer_publicly_and_record_a_finding_apt3(world, login, client):
    item = make_item(world.own, window="open", category=Category.PUBLIC_NOTICE)
    entry = services.feedback_submit(
        item=item, kind="objection", text="亲属经营承包公司", contact="13912345678"
    )
    staff = login(world.a.clerk)
    url = reverse("disclosure:feedback_manage", args=[world.own.slug, entry.pk])
    page = staff.get(url).content.decode()
    assert "13912345678" in page  # the township office sees the contact
    staff.post(
        url, {"action": "answer", "answer": "经核查，该情况不属实。", "public": "on"}
    )
    staff.post(
        url, {"action": "finding", "finding": "does_not_affect", "note": "核查无关联"}
    )
    entry.refresh_from_db()
    assert entry.answer_public and entry.answered_by == world.a.clerk
    assert entry.finding == Feedback.Finding.DOES_NOT_AFFECT
    staff.logout()
    public = client.get(
        reverse("disclosure:item", args=[world.own.slug, item.pk])
    ).content.decode()
    assert "经核查，该情况不属实。" in public and "13912345678" not in public


def test_private_answer_stays_private(world, login, client):
    item = make_item(world.own)
    entry = services.feedback_submit(
        item=item, kind="feedback", text="建议增加办公时间"
    )
    staff = login(world.a.clerk)
    staff.post(
        reverse("disclosure:feedback_manage", args=[world.own.slug, entry.pk]),
        {"action": "answer", "answer": "私下答复内容"},
    )
    staff.logout()
    page = client.get(
        reverse("disclosure:item", args=[world.own.slug, item.pk])
    ).content.decode()
    assert "私下答复内容" not in page


def test_outsider_cannot_reach_another_townships_feedback_sec1(world, login):
    item = make_item(world.own)
    entry = services.feedback_submit(item=item, kind="feedback", text="x")
    outsider = login(world.b.secretary)
    url = reverse("disclosure:feedback_manage", args=[world.own.slug, entry.pk])
    assert outsider.get(url).status_code == 404
    assert (
        outsider.post(
            url, {"action": "answer", "answer": "x", "public": "on"}
        ).status_code
        == 404
    )
    # Even through their own township's address.
    assert (
        outsider.get(
            reverse("disclosure:feedback_manage", args=[world.other.slug, entry.pk])
        ).status_code
        == 404
    )
    entry.refresh_from_db()
    assert entry.answer == ""


def test_home_panel_and_nav_for_staff(world, login):
    item = make_item(world.own, window="open")
    services.feedback_submit(item=item, kind="objection", text="异议")
    page = login(world.a.clerk).get(reverse("home")).content.decode()
    assert "公开栏：待答复的意见建议" in page
    assert "1 条意见建议待答复。" in page and "其中 1 条是异议。" in page
    assert reverse("disclosure:manage", args=[world.own.slug]) in page
    member_page = login(world.a.member).get(reverse("home")).content.decode()
    assert "公开栏：待答复的意见建议" not in member_page


def test_demo_data_is_idempotent(world):
    from committees import access
    from disclosure import demo

    users = {access.Role.CLERK: world.a.clerk}
    demo.build(world.own, users)
    counts = (Item.objects.count(), Feedback.objects.count())
    demo.build(world.own, users)
    assert (Item.objects.count(), Feedback.objects.count()) == counts
    states = sorted(Item.objects.values_list("state", flat=True))
    assert states.count("draft") == 1 and states.count("withdrawn") == 1
    assert (
        states.count("published") == 4
    )  # the appointment notice: cadres.appointments.demo
