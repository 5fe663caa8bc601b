"""Browser (journeys 1 and 4): a case from the democratic recommendation through the
committee's vote and the public notice to the formalities, with a villager's objection sent
from the public page on a phone (APT-1, APT-2, APT-3, DEC-4, PUB-3)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from playwright.sync_api import expect

from cadres.appointments.models import AppointmentCase, Stage
from cadres.appointments.notice import SHANGHAI
from disclosure.models import Feedback
from meetings import selectors as meeting_selectors
from meetings.models import AgendaItem
from tests.a11y import wcag_violations
from tests.cadres.appointments import factories as af
from tests.meetings import factories as mf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _submit(page, action):
    page.locator(f"form:has(input[name=action][value={action}]) button").click()


def _committee_votes_in_the_meeting_pages(page, town, who):
    """DEC-2, DEC-3, DEC-4, DEC-6 on the meetings pages: the case's personnel item is voted
    at a committee meeting: all 15 present, 12 agree, the secretary last."""
    page.get_by_role("link", name="会议现场").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(town.meeting_title)
    # DEC-3: below quorum the opening is refused, with the arithmetic.
    for person in town.members[:10]:
        page.get_by_role("button", name=f"到会 {person.name}", exact=True).click()
    expect(page.locator("#quorum-line")).to_contain_text("出席 10 人 / 应到 15 人")
    page.get_by_role("button", name="宣布开会").click()
    expect(page.locator(".message.error")).to_contain_text("未达到法定人数")
    for person in town.members[10:]:
        page.get_by_role("button", name=f"到会 {person.name}", exact=True).click()
    expect(page.locator("#quorum-line")).to_contain_text("出席 15 人 / 应到 15 人")
    page.get_by_role("button", name="宣布开会").click()
    expect(page.get_by_text("会议开始。")).to_be_visible()
    voters = town.members[1:] + town.members[:1]
    for n, voter in enumerate(voters):
        choice = "同意" if n < 12 else "不同意"
        page.get_by_role(
            "button", name=f"{choice} {voter.name} {who.name}", exact=True
        ).click()
    page.get_by_role("button", name="结束本议题").first.click()
    page.get_by_role("button", name="确认结束本议题").click()  # asked once (journey 1)
    expect(page.get_by_text("超过应到会委员三分之二").first).to_be_visible()
    page.get_by_role("button", name="宣布散会").click()
    page.get_by_role("button", name="确认宣布散会").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("会议纪要")


def test_journey_appointment_from_recommendation_to_formalities(
    world, live_server, page, browser_login
):
    who = af.person(world.own, "王明")
    rival = af.person(world.own, "李四")
    start = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI)
    # Two days before: the case up to the committee meeting's notice (DEC-2: 24 h ahead).
    with time_machine.travel(start - datetime.timedelta(days=2), tick=True) as clock:
        browser_login(world.a.secretary)
        page.goto(f"{live_server.url}/t/{world.own.slug}/appointments/")
        page.locator("#id_post").fill(af.POST)
        page.locator("#id_person").select_option(label="王明")
        page.locator("form:has(#id_post) button").click()
        case = AppointmentCase.objects.get()
        case_url = f"{live_server.url}/t/{world.own.slug}/appointments/{case.pk}/"
        expect(page).to_have_url(case_url)

        # APT-2: the democratic recommendation, with the votes of each nominee.
        page.locator("#id_held_on").fill("2026-11-20")
        page.locator("#id_electorate").fill("60")
        page.locator("#id_ballots_returned").fill("56")
        page.locator(f"#id_votes_{who.pk}").fill("41")
        page.locator(f"#id_votes_{rival.pk}").fill("12")
        _submit(page, "recommendation")
        expect(page.get_by_role("cell", name="41")).to_be_visible()

        # The secretary's office chooses the candidates, from the recommended.
        page.locator("#id_held_on").fill("2026-11-21")
        page.locator("#id_attendees").fill("书记、副书记、人大主席、纪委书记")
        page.locator("#id_record").fill("按推荐得票确定考察对象。")
        page.get_by_label("王明").check()
        _submit(page, "candidates")

        # The inspection team's report and conclusion.
        page.locator("#id_team").fill("组织委员张三（组长）、李四")
        page.locator("#id_report").fill("该同志政治坚定，工作扎实。")
        page.locator("input[name=conclusion][value=suitable]").check()
        _submit(page, "inspection")
        case.refresh_from_db()
        assert case.stage == Stage.DECISION

        # DEC-4: the case waits for a personnel item; the secretary schedules a committee
        # meeting from the case page and proposes the item naming 王明.
        page.get_by_role("link", name="安排会议").click()
        town = mf.town_of(world)
        town.meeting_title = "党委会议（十一月）"
        page.locator("#id_title").fill(town.meeting_title)
        page.locator("#id_start").fill("2026-11-23T09:00")
        page.locator("#id_place").fill("三楼会议室")
        page.get_by_role("button", name="安排").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(town.meeting_title)
        page.locator("#id_title").fill("关于王明同志任职的议题")
        page.locator("#id_kind").select_option("personnel")
        page.locator("#id_nominees").select_option(str(who.pk))
        page.get_by_role("button", name="提出").click()
        expect(page.get_by_text("议题已提出。")).to_be_visible()
        page.get_by_role("button", name="确定议程").click()
        page.get_by_role("button", name="发出会议通知").click()
        page.get_by_role("button", name="确认发出会议通知").click()
        expect(page.get_by_text("会议通知已发给全体参会人员。")).to_be_visible()
        item = AgendaItem.objects.get(kind=AgendaItem.Kind.PERSONNEL)

        # Back on the case: link the item; the case page leads to the meeting.
        page.goto(case_url)
        page.locator("#id_item").select_option(value=str(item.pk))
        _submit(page, "decision_link")
        expect(page.get_by_text("尚未表决。")).to_be_visible()
        expect(page.get_by_text("等待党委会对所关联议题的表决。")).to_be_visible()
        # DEC-2: the meeting opens no earlier than its notified start; a new session
        # (SEC-2: the idle one has expired).
        clock.move_to(start)
        browser_login(world.a.secretary)
        page.goto(case_url)
        _committee_votes_in_the_meeting_pages(page, town, who)
        assert meeting_selectors.quorum_failures(world.own).count == 1  # DEC-3, kept
        page.goto(case_url)
        _submit(page, "decision_confirm")
        expect(page.get_by_text("同意 12").first).to_be_visible()

        # APT-3: the notice, published for the computed window.
        _submit(page, "notice_publish")
        case.refresh_from_db()
        assert case.stage == Stage.NOTICE
        notice = case.public_notice
        assert notice.last_day == datetime.date(2026, 11, 30)
        assert wcag_violations(page) == ""

    # Journey 4: a villager on a phone, no account, objects from the public page.
    with time_machine.travel(start + datetime.timedelta(days=3), tick=True):
        villager = page.context.browser.new_context(viewport=PHONE)
        phone = villager.new_page()
        phone.goto(f"{live_server.url}/p/{world.own.slug}/i/{notice.item_id}/")
        expect(phone.get_by_role("heading", level=1)).to_contain_text("王明")
        expect(phone.get_by_text("5 天").first).to_be_visible()  # 26..30 Nov
        assert phone.evaluate(
            "document.documentElement.scrollWidth <= window.innerWidth + 1"
        )
        phone.locator("input[name=kind][value=objection]").check()
        phone.locator("#id_text").fill("候选人家属经营道路工程的承包公司。")
        phone.locator("#id_contact").fill("13800000000")
        phone.locator("form.feedback-form button").click()
        expect(phone).to_have_url(
            f"{live_server.url}/p/{world.own.slug}/i/{notice.item_id}/received/"
        )
        villager.close()
        objection = Feedback.objects.get(kind=Feedback.Kind.OBJECTION)

        # The office sees it on the case page and records a finding (a new session:
        # idle sessions expire, SEC-2).
        browser_login(world.a.secretary)
        page.reload()
        expect(page.get_by_text("候选人家属经营道路工程的承包公司。")).to_be_visible()
        page.locator("input[name=finding][value=does_not_affect]").check()
        page.locator(f"#note-{objection.pk}").fill("经核查，该公司与拟任人无关联。")
        _submit(page, "finding")
        objection.refresh_from_db()
        assert objection.finding == Feedback.Finding.DOES_NOT_AFFECT

        # Before the end of the notice the formalities are refused.
        _submit(page, "formalities_start")
        expect(page.locator(".error-box[role=alert]")).to_contain_text(
            "2026-11-30 23:59"
        )
        case.refresh_from_db()
        assert case.stage == Stage.NOTICE

    # After the last day: the formalities and the appointment letter.
    with time_machine.travel(
        datetime.datetime(2026, 12, 1, 9, 0, tzinfo=SHANGHAI), tick=True
    ):
        browser_login(world.a.secretary)
        page.goto(case_url)  # not reload(): the last page answered a POST
        _submit(page, "formalities_start")
        page.locator("#id_done_on").fill("2026-12-01")
        page.locator("#id_letter_number").fill("南委干〔2026〕30号")
        page.locator("#id_effective_from").fill("2026-12-02")
        _submit(page, "formalities")
        case.refresh_from_db()
        assert case.stage == Stage.DONE
        letter = page.request.get(
            f"{live_server.url}/t/{world.own.slug}/appointments/{case.pk}/letter.pdf"
        )
        assert letter.ok and letter.body().startswith(b"%PDF")
