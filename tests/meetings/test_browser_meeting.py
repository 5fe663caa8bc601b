"""Browser, journey 1: schedule → agenda → notice → attendance → ballots → minutes locked →
PDF downloaded; the PDF's text has the quorum arithmetic and its fonts are CJK (DEC-11).
The meeting day is safe: every irreversible step asks once, a mis-clicked ballot is
corrected with a reason before the close, and a locked vote says why."""

import datetime
import subprocess

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from meetings.models import AgendaItem, Ballot, Notice
from tests.meetings import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretary_runs_a_whole_committee_meeting(
    live_server, browser_login, tmp_path, time_machine
):
    """DEC-2, DEC-3, DEC-4, DEC-5, DEC-6, DEC-11 end to end in Chromium."""
    town = f.make_town(members=15)
    nominee = f.nominee(town, "李拟任")
    page = browser_login(town.secretary)
    page.set_default_timeout(10_000)
    base = f"{live_server.url}/t/{town.township.slug}"

    # Schedule: participants filled in from the committee.
    page.goto(f"{base}/meetings/new/")
    start = timezone.localtime() + datetime.timedelta(days=3)
    page.locator("#id_title").fill("党委会议（十二月）")
    page.locator("#id_start").fill(start.strftime("%Y-%m-%dT09:00"))
    page.locator("#id_place").fill("三楼会议室")
    page.get_by_role("button", name="安排").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("党委会议（十二月）")

    # Agenda: an ordinary item and a personnel item.
    page.locator("#id_title").fill("研究森林防火工作")
    page.get_by_role("button", name="提出").click()
    expect(page.get_by_text("议题已提出。")).to_be_visible()
    page.locator("#id_title").fill("拟任农业服务中心副主任")
    page.locator("#id_kind").select_option("personnel")
    page.locator("#id_nominees").select_option(str(nominee.pk))
    page.get_by_role("button", name="提出").click()
    page.get_by_role("button", name="确定议程").click()
    expect(page.get_by_text("议程已确定。")).to_be_visible()
    page.get_by_role("button", name="发出会议通知").click()
    # DEC-2: sending is for good, so it asks once (a page, no JavaScript needed).
    expect(page.locator("#confirm-consequence")).to_contain_text("不得临时动议")
    assert Notice.objects.count() == 0
    page.get_by_role("button", name="确认发出会议通知").click()
    expect(page.get_by_text("会议通知已发给全体参会人员。")).to_be_visible()
    expect(
        page.get_by_text("会议通知已发出，议程不再变更（不得临时动议）。")
    ).to_be_visible()

    # DEC-2: it opens no earlier than its start: the clock moves there (and the secretary
    # logs in again, as the idle session would have expired meanwhile).
    time_machine.move_to(start.replace(hour=9, minute=0, second=0), tick=True)
    page = browser_login(town.secretary)
    page.reload()

    # The meeting screen: 11 of 15 arrive; the quorum line shows the arithmetic.
    page.get_by_role("link", name="会议现场").click()
    for person in town.members[:11]:
        page.get_by_role("button", name=f"到会 {person.name}", exact=True).click()
    expect(page.locator("#quorum-line")).to_contain_text("出席 11 人 / 应到 15 人")
    page.get_by_role("button", name="宣布开会").click()
    expect(page.get_by_text("会议开始。")).to_be_visible()

    # DEC-3: one member steps out: the vote is locked and the item says why; the
    # member stays in the ballot list, marked absent.
    leaving = town.members[10]
    page.get_by_role("button", name=f"离会 {leaving.name}", exact=True).click()
    ordinary = AgendaItem.objects.get(title="研究森林防火工作")
    why = page.locator(f"#vote-why-{ordinary.pk}")
    expect(why).to_contain_text("出席 10 人 / 应到 15 人，需 11 人")
    expect(why).to_contain_text("未达到法定人数")
    expect(
        page.locator(f"#item-{ordinary.pk} tr.absent", has_text=leaving.name)
    ).to_contain_text("未到会，不参加表决")
    page.get_by_role("button", name=f"到会 {leaving.name}", exact=True).click()
    expect(why).to_have_count(0)

    # Ordinary item: 8 yes (more than half of 15), 3 no — the first one mis-clicked
    # as no, and corrected by the clerk with a reason before the close (DEC-6).
    first = town.members[1]
    page.get_by_role("button", name=f"反对 {first.name}", exact=True).click()
    ballot = Ballot.objects.get(item=ordinary, voter=first)
    row = page.locator(f"#item-{ordinary.pk} tr", has_text=first.name)
    expect(row.locator(".badge.bad")).to_have_text("反对")
    row.get_by_text("更正此票").click()
    page.locator(f"#id_fix{ballot.pk}-choice").select_option("yes")
    page.locator(f"#id_fix{ballot.pk}-reason").fill("误按反对，本人举手赞成")
    row.get_by_role("button", name="更正表决票").click()
    expect(page.get_by_text(f"已更正表决票：{first.name}。")).to_be_visible()
    expect(row.locator(".badge.ok")).to_have_text("赞成")
    expect(row).to_contain_text("已更正")
    for i, person in enumerate(town.members[2:11] + [town.chair], start=1):
        choice = "赞成" if i < 8 else "反对"
        page.get_by_role("button", name=f"{choice} {person.name}", exact=True).click()
    page.get_by_role("button", name="结束本议题").first.click()
    # DEC-6: closing asks once, showing the ballots it will seal.
    expect(page.locator("#confirm-facts")).to_contain_text("赞成 8、反对 3、弃权 0")
    page.get_by_role("button", name="确认结束本议题").click()
    expect(page.get_by_text("超过应到会委员二分之一").first).to_be_visible()
    ballot.refresh_from_db()
    assert ballot.choice == Ballot.Choice.YES
    assert [h.choice for h in ballot.history.order_by("history_date")] == [
        "no",
        "yes",
    ]
    assert not page.locator(f"#item-{ordinary.pk}").get_by_text("更正此票").count()

    # Personnel item: the secretary's ballot is refused until the others have voted.
    page.get_by_role(
        "button", name=f"同意 {town.chair.name} {nominee.name}", exact=True
    ).click()
    expect(page.get_by_text("主要负责人末位表态")).to_be_visible()
    for person in town.members[1:11]:
        page.get_by_role(
            "button", name=f"同意 {person.name} {nominee.name}", exact=True
        ).click()
    page.get_by_role(
        "button", name=f"同意 {town.chair.name} {nominee.name}", exact=True
    ).click()
    page.get_by_role("button", name="结束本议题").first.click()
    page.get_by_role("button", name="确认结束本议题").click()
    expect(page.get_by_text("超过应到会委员三分之二").first).to_be_visible()
    page.get_by_role("button", name="宣布散会").click()
    expect(page.locator("#confirm-consequence")).to_contain_text("散会后")
    page.get_by_role("button", name="确认宣布散会").click()

    # Minutes: draft, sign off, lock; the PDF is rendered after commit.
    expect(page.get_by_role("heading", level=1)).to_contain_text("会议纪要")
    page.get_by_role("button", name="保存草稿").click()
    page.get_by_role("button", name="审签纪要").click()
    page.get_by_role("button", name="归档锁定纪要").click()
    expect(page.locator("#confirm-consequence")).to_contain_text("锁定后的纪要不再改动")
    page.get_by_role("button", name="确认归档锁定纪要").click()
    expect(page.get_by_text("纪要已归档锁定。")).to_be_visible()
    page.reload()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载 PDF").click()
    pdf = tmp_path / "minutes.pdf"
    download_info.value.save_as(pdf)

    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "出席 11 人 / 应到 15 人" in text
    assert "超过应到会委员三分之二" in text
    fonts = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    assert "CJK" in fonts
