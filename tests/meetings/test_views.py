"""Pages: the meeting screen's query count, DEC-2 through the web, 404 across townships."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.models import AgendaItem, Ballot, ComplianceEvent, Meeting
from tests.meetings import factories as f

pytestmark = pytest.mark.django_db


def _screen_with(town, n_items):
    kinds = [AgendaItem.Kind.ORDINARY] * (n_items - 1) + [AgendaItem.Kind.PERSONNEL]
    meeting, items = f.open_meeting(town, items=kinds)
    voters = [p for p in town.members if p != town.chair] + [town.chair]
    for item in items:
        nominee = item.nominees.first()
        choice = Ballot.Choice.AGREE if nominee else Ballot.Choice.YES
        f.vote(town, item, voters[:5], choice, nominee=nominee)
    return meeting


def _queries(client, town, meeting):
    url = reverse("meetings:live", args=[town.township.slug, meeting.pk])
    client.get(url)  # warm caches (session, roles) as a second request would be
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def test_meeting_screen_queries_do_not_grow_with_members_and_items(client):
    """The meeting screen for 15 members × 20 items uses as many queries as for 2 items."""
    town = f.make_town(members=15)
    client.force_login(town.clerk, backend="django.contrib.auth.backends.ModelBackend")
    small = _screen_with(town, 2)
    large = _screen_with(town, 20)
    small_count, _response = _queries(client, town, small)
    large_count, response = _queries(client, town, large)
    assert large_count == small_count
    assert response.content.decode().count('name="choice"') > 15 * 19


def test_dec2_item_posted_after_notice_is_refused_through_the_web(client):
    """DEC-2: the server refuses a new item after the notice, however it is sent."""
    town = f.make_town(members=7)
    meeting = f.schedule(town)
    f.add_item(town, meeting)
    f.notice(town, meeting)
    client.force_login(
        town.secretary, backend="django.contrib.auth.backends.ModelBackend"
    )
    url = reverse("meetings:item_propose", args=[town.township.slug, meeting.pk])
    for data in ({"title": "临时动议", "kind": "ordinary"}, {"title": "残缺"}):
        response = client.post(url, data, follow=True)
        assert "no ad-hoc motions" in response.content.decode() or "临时动议" in (
            response.content.decode()
        )
    assert meeting.items.count() == 1
    assert ComplianceEvent.objects.filter(meeting=meeting).count() == 2


def test_schedule_form_creates_a_meeting_with_participants(client):
    """DEC-2: scheduling fills the participants from the committee."""
    town = f.make_town(members=9)
    client.force_login(town.clerk, backend="django.contrib.auth.backends.ModelBackend")
    url = reverse("meetings:schedule", args=[town.township.slug])
    response = client.post(
        url,
        {
            "body_kind": "committee",
            "title": "党委会议",
            "start": "2031-03-04T09:00",
            "place": "三楼",
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert meeting.participants.count() == 9


def test_another_townships_meeting_is_404(client):
    """SEC-1: a secretary of another township gets 404 for this township's meeting."""
    town = f.make_town(members=7)
    other = f.make_town(members=7, name="樟木桥镇")
    meeting = f.schedule(town)
    client.force_login(
        other.secretary, backend="django.contrib.auth.backends.ModelBackend"
    )
    for name in ("meetings:detail", "meetings:live", "meetings:minutes"):
        url = reverse(name, args=[town.township.slug, meeting.pk])
        assert client.get(url).status_code == 404
        wrong = reverse(name, args=[other.township.slug, meeting.pk])
        assert client.get(wrong).status_code == 404


def test_calendar_feed_lists_the_users_meetings(client):
    """A personal iCalendar feed behind a secret token; a forged token is 404, and a new
    password revokes the links given out before."""
    from django.core import signing

    from meetings.views import calendar_token

    town = f.make_town(members=7)
    person = town.members[2]
    person.user = town.member
    person.save()
    meeting = f.schedule(town, title="党委会议（三月）")
    token = calendar_token(town.member)
    response = client.get(reverse("meetings:calendar", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert "BEGIN:VEVENT" in body and f"meeting-{meeting.pk}@" in body
    assert (
        client.get(reverse("meetings:calendar", args=[token + "x"])).status_code == 404
    )
    bare_id = signing.dumps(town.member.pk, salt="meetings.calendar")  # the old form
    assert client.get(reverse("meetings:calendar", args=[bare_id])).status_code == 404
    town.member.set_password("Another-pass-2026")
    town.member.save()
    assert client.get(reverse("meetings:calendar", args=[token])).status_code == 404
    fresh = calendar_token(town.member)
    assert client.get(reverse("meetings:calendar", args=[fresh])).status_code == 200


def test_dec9_preparation_recorded_through_the_web_with_upload_limits(client):
    """DEC-9 checklist on the item; SEC-3: a wrong attachment type is a clear error."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from meetings.models import PreparationRecord

    town = f.make_town(members=7)
    meeting = f.schedule(town)
    item = f.add_item(town, meeting, AgendaItem.Kind.MAJOR, requires_alternatives=True)
    client.force_login(town.clerk, backend="django.contrib.auth.backends.ModelBackend")
    url = reverse(
        "meetings:preparation_add", args=[town.township.slug, meeting.pk, item.pk]
    )
    p = f"prep{item.pk}-"
    data = {p + "step": "investigation", p + "title": "调研", p + "text": "走访"}
    bad = client.post(
        url, {**data, p + "attachment": SimpleUploadedFile("x.exe", b"MZ")}, follow=True
    )
    assert "Files of type" in bad.content.decode() or "exe" in bad.content.decode()
    assert not PreparationRecord.objects.exists()
    client.post(url, {**data, p + "attachment": SimpleUploadedFile("r.pdf", b"%PDF-1")})
    assert PreparationRecord.objects.get().attachment.name.endswith(".pdf")
    detail = client.get(
        reverse("meetings:detail", args=[town.township.slug, meeting.pk])
    )
    assert detail.status_code == 200
    html = detail.content.decode()
    assert html.count('id="id_title"') <= 1


def test_dec10_register_is_searchable_filterable_and_shows_the_chain(client):
    """DEC-10: the register lists every decision, filters, and shows what changed what."""
    from meetings import services
    from meetings.models import Decision

    town = f.make_town(members=7)
    meeting, (first, second) = f.open_meeting(
        town, items=[AgendaItem.Kind.ORDINARY, AgendaItem.Kind.ORDINARY]
    )
    f.vote(town, first, town.members, Ballot.Choice.YES)
    services.item_close(actor=town.clerk, item=first)
    f.vote(town, second, town.members, Ballot.Choice.NO)
    services.item_close(actor=town.clerk, item=second)
    services.meeting_close(actor=town.clerk, meeting=meeting)
    original = Decision.objects.get(item=first)
    later = f.schedule(town)
    revoke = f.add_item(
        town,
        later,
        AgendaItem.Kind.RECONSIDERATION,
        title="撤销原决定",
        target_decision=original,
        change="revoke",
    )
    f.notice(town, later)
    with f.at_start(later):  # DEC-2: it opens no earlier than its start
        f.arrive(town, later, town.members)
        services.meeting_open(actor=town.clerk, meeting=later)
        f.vote(town, revoke, town.members, Ballot.Choice.YES)
        services.item_close(actor=town.clerk, item=revoke)

    client.force_login(town.member, backend="django.contrib.auth.backends.ModelBackend")
    url = reverse("meetings:decisions", args=[town.township.slug])
    page = client.get(url).content.decode()
    assert page.count('id="decision-') == 3
    assert f'href="#decision-{original.pk}"' in page  # the revoking decision names it
    passed = client.get(url, {"outcome": "rejected"}).content.decode()
    assert passed.count('id="decision-') == 1
    found = client.get(url, {"q": "撤销"}).content.decode()
    assert found.count('id="decision-') == 1


def test_dec11_minutes_pdf_is_rendered_before_the_row_lock_and_stored_once(
    monkeypatch,
):
    """DEC-11: the PDF is rendered without holding the minutes row lock (rendering took
    29 s once); the store re-checks under the lock, so a run that finds a PDF stored
    meanwhile stores nothing (safe to run twice, or at once)."""
    from core import pdf
    from meetings import services
    from meetings.models import MinutesVersion

    town = f.make_town(members=7)
    _meeting, _item, version = f.decided_and_locked(town)
    real_render = pdf.render_pdf
    seen = []

    with CaptureQueriesContext(connection) as ctx:

        def render(template, context):
            locks = [q for q in ctx.captured_queries if "FOR UPDATE" in q["sql"]]
            seen.append(len(locks))
            if len(seen) == 1:  # another run stores its PDF while this one renders
                assert services.minutes_pdf_store(version_id=version.pk) is True
            return real_render(template, context)

        monkeypatch.setattr(pdf, "render_pdf", render)
        assert services.minutes_pdf_store(version_id=version.pk) is False
    assert seen == [0, 0]  # neither render ran under a row lock
    stored = MinutesVersion.objects.get(pk=version.pk)
    assert stored.pdf.read().startswith(b"%PDF-")
    rendered = stored.history.filter(history_change_reason="minutes PDF rendered")
    assert rendered.count() == 1


def _signed_minutes(town):
    """A decided, closed committee meeting whose minutes are signed off (not locked)."""
    from meetings import services

    meeting, (item,) = f.open_meeting(town)
    f.vote(town, item, town.members, Ballot.Choice.YES)
    services.item_close(actor=town.clerk, item=item)
    services.meeting_close(actor=town.clerk, meeting=meeting)
    version = services.minutes_draft(actor=town.clerk, meeting=meeting, text="纪要")
    services.minutes_sign(actor=town.secretary, version=version)
    return meeting, version


def test_dec11_minutes_page_says_pdf_being_prepared_until_the_task_ran(
    client, django_capture_on_commit_callbacks
):
    """DEC-11: after the lock commits the PDF is rendered by a task: until it ran, the
    minutes page (and the fragment it polls) says "being prepared"; then the link."""
    from meetings import services

    town = f.make_town(members=7)
    meeting, version = _signed_minutes(town)
    client.force_login(town.member, backend="django.contrib.auth.backends.ModelBackend")
    page = reverse("meetings:minutes", args=[town.township.slug, meeting.pk])
    status = reverse(
        "meetings:minutes_pdf_status", args=[town.township.slug, meeting.pk, 1]
    )
    pdf_url = reverse("meetings:minutes_pdf", args=[town.township.slug, meeting.pk, 1])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.minutes_lock(actor=town.secretary, version=version)
    assert callbacks  # the render waits for the commit
    for url in (page, status):
        html = client.get(url).content.decode()
        assert "PDF 正在生成，请稍后刷新页面。" in html  # the page speaks Chinese
        assert f'href="{pdf_url}"' not in html
        assert f'hx-get="{status}"' in html  # htmx polls the fragment meanwhile
    assert client.get(pdf_url).status_code == 404
    for callback in callbacks:
        callback()
    for url in (page, status):
        html = client.get(url).content.decode()
        assert "正在生成" not in html
        assert f'href="{pdf_url}"' in html
        assert "hx-get" not in html  # ready: the poll stops
    response = client.get(pdf_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_dec11_minutes_operations_have_one_post_view_each(
    client, django_capture_on_commit_callbacks
):
    """DEC-11 through the web: draft, sign-off, lock and correction are one POST-only
    view each (GET refused); the page itself only reads; a clerk cannot sign or lock."""
    from meetings import services
    from meetings.models import MinutesVersion

    town = f.make_town(members=7)
    meeting, (item,) = f.open_meeting(town)
    f.vote(town, item, town.members, Ballot.Choice.YES)
    services.item_close(actor=town.clerk, item=item)
    services.meeting_close(actor=town.clerk, meeting=meeting)
    slug = town.township.slug

    def url(name, *number):
        return reverse(f"meetings:{name}", args=[slug, meeting.pk, *number])

    page = url("minutes")
    clerk = client
    clerk.force_login(town.clerk, backend="django.contrib.auth.backends.ModelBackend")
    assert clerk.post(page, {"action": "draft", "text": "x"}).status_code == 405
    for name, number in (
        ("minutes_draft", ()),
        ("minutes_sign", (1,)),
        ("minutes_lock", (1,)),
        ("minutes_correct", (1,)),
    ):
        assert clerk.get(url(name, *number)).status_code == 405
    assert clerk.post(url("minutes_draft"), {"text": "第一稿"}).status_code == 302
    version = MinutesVersion.objects.get(minutes__meeting=meeting)
    assert version.text == "第一稿"
    assert clerk.post(url("minutes_sign", 1)).status_code == 404  # secretary only
    assert clerk.post(url("minutes_lock", 1)).status_code == 404

    from django.test import Client

    secretary = Client()
    secretary.force_login(
        town.secretary, backend="django.contrib.auth.backends.ModelBackend"
    )
    assert secretary.post(url("minutes_sign", 1)).status_code == 302
    # Locking asks once (the confirmation page), then locks.
    asked = secretary.post(url("minutes_lock", 1))
    assert asked.status_code == 200
    assert 'name="confirm" value="1"' in asked.content.decode()
    version.refresh_from_db()
    assert version.status == MinutesVersion.Status.SIGNED
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            secretary.post(url("minutes_lock", 1), {"confirm": "1"}).status_code == 302
        )
    version.refresh_from_db()
    assert version.status == MinutesVersion.Status.LOCKED
    assert version.pdf
    refused = clerk.post(
        url("minutes_correct", 1), {"text": "改", "reason": " "}, follow=True
    )
    assert MinutesVersion.objects.filter(minutes__meeting=meeting).count() == 1
    assert refused.status_code == 200
    clerk.post(url("minutes_correct", 1), {"text": "第二稿", "reason": "笔误"})
    latest = MinutesVersion.objects.filter(minutes__meeting=meeting).first()
    assert (latest.number, latest.text, latest.correction_reason) == (
        2,
        "第二稿",
        "笔误",
    )
    # Version 2 is a draft again: the page offers its own operations' URLs.
    assert f'action="{url("minutes_draft")}"' in clerk.get(page).content.decode()
    assert f'action="{url("minutes_sign", 2)}"' in secretary.get(page).content.decode()


def test_sec1_an_item_is_found_only_through_its_own_meeting(client):
    """SEC-1: views fetch items through the access helper and their meeting: another
    meeting's item (same or another township) in this meeting's URL is 404, and
    nothing is written."""
    town = f.make_town(members=7)
    other = f.make_town(members=7, name="樟木桥镇")
    meeting, (item,) = f.open_meeting(town)
    _own_other_meeting, (sibling,) = f.open_meeting(town)
    _elsewhere, (foreign,) = f.open_meeting(other)
    client.force_login(town.clerk, backend="django.contrib.auth.backends.ModelBackend")
    slug = town.township.slug
    for stranger in (sibling, foreign):
        for name in ("meetings:item_close", "meetings:item_postpone"):
            url = reverse(name, args=[slug, meeting.pk, stranger.pk])
            assert client.post(url).status_code == 404
        stranger.refresh_from_db()
        assert stranger.status == AgendaItem.Status.PENDING
    assert (
        client.post(
            reverse("meetings:item_close", args=[slug, meeting.pk, item.pk]),
            {"confirm": "1"},
        ).status_code
        == 302
    )


def _noticed(town, **kw):
    """A committee meeting three days ahead, its agenda fixed and noticed."""
    meeting = f.schedule(town, **kw)
    f.add_item(town, meeting)
    return f.notice(town, meeting)


def test_dec2_meeting_screen_says_why_open_is_refused_before_the_notified_start(
    client, time_machine
):
    """DEC-2 on the screen: before the notified start the meeting screen offers no
    "open" button and says why, naming the start, in the words the service refuses
    with; at the start the button is there and the service opens the meeting."""
    from django.utils import timezone, translation

    from meetings import errors, selectors, services

    town = f.make_town(members=7)
    meeting = _noticed(town)
    start = timezone.localtime(meeting.start).strftime("%Y-%m-%d %H:%M")
    client.force_login(town.clerk, backend="django.contrib.auth.backends.ModelBackend")
    live = reverse("meetings:live", args=[town.township.slug, meeting.pk])
    open_url = reverse("meetings:open", args=[town.township.slug, meeting.pk])

    verdict = selectors.meeting_verdicts(meeting, town.clerk).may_open
    assert not verdict
    assert verdict.why_not == (
        f"The meeting opens no earlier than its notified start, {start}: an earlier "
        "sitting is a new meeting with its own notice."
    )
    with pytest.raises(errors.MeetingBeforeStart) as refused:
        services.meeting_open(actor=town.clerk, meeting=meeting)
    assert str(refused.value) == verdict.why_not  # the screen says what the rule says
    html = client.get(live).content.decode()
    assert f'action="{open_url}"' not in html
    with translation.override("zh-hans"):
        said = str(errors.MeetingBeforeStart(params={"start": start}))
    assert start in said and said in html

    time_machine.move_to(meeting.start, tick=False)
    # DEC-3: at the start but below quorum, the opening stays on offer (a refused
    # opening is a recorded fact), beside the arithmetic.
    with translation.override("en"):  # the page above spoke Chinese
        below = selectors.meeting_verdicts(meeting, town.clerk).may_open
    assert not below and below.shown
    assert below.why_not.startswith("Below quorum: ")
    f.arrive(town, meeting, town.members)
    assert selectors.meeting_verdicts(meeting, town.clerk).may_open
    # Three days later the idle session has expired: the clerk logs in again.
    client.force_login(town.clerk, backend="django.contrib.auth.backends.ModelBackend")
    html = client.get(live).content.decode()
    assert f'action="{open_url}"' in html
    assert 'id="open-why"' not in html
    assert client.post(open_url).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.OPEN
    # A member reads the screen: no button, and no reason addressed to them.
    member = selectors.meeting_verdicts(meeting, town.member)
    assert not member.may_close and member.may_close.why_not == ""


def test_dec2_agenda_page_offers_no_addition_once_the_notice_is_sent(client):
    """DEC-2 on the agenda page: while the agenda is open the secretary has the form
    to propose an item (on a fixed agenda with a note that it unfixes it, as the
    service does); once the notice is sent there is no form for an item or a material,
    and the page says why."""
    from meetings import services

    town = f.make_town(members=7)
    meeting = f.schedule(town)
    f.add_item(town, meeting)
    client.force_login(
        town.secretary, backend="django.contrib.auth.backends.ModelBackend"
    )
    slug = town.township.slug
    detail = reverse("meetings:detail", args=[slug, meeting.pk])
    propose = f'action="{reverse("meetings:item_propose", args=[slug, meeting.pk])}"'
    material = f'action="{reverse("meetings:material_add", args=[slug, meeting.pk])}"'
    html = client.get(detail).content.decode()
    assert propose in html and material in html and 'id="unfix-note"' not in html
    services.agenda_fix(actor=town.clerk, meeting=meeting)
    html = client.get(detail).content.decode()
    assert propose in html and 'id="unfix-note"' in html
    services.notice_send(actor=town.clerk, meeting=meeting)
    html = client.get(detail).content.decode()
    assert propose not in html
    assert material not in html
    assert "会议通知已发出，议程不再变更（不得临时动议）。" in html
    assert (
        f'action="{reverse("meetings:agenda_reopen", args=[slug, meeting.pk])}"' in html
    )


def test_dec3_screen_blocks_the_vote_below_quorum_and_says_why(client):
    """DEC-3/DEC-6 on the screen: the ballot buttons of a pending item show only while
    the vote may be taken; below quorum the item says why (the service's message)."""
    from django.utils import translation

    from meetings import selectors, services

    town = f.make_town(members=7)
    meeting, (item,) = f.open_meeting(town)
    client.force_login(town.clerk, backend="django.contrib.auth.backends.ModelBackend")
    live = reverse("meetings:live", args=[town.township.slug, meeting.pk])
    ballot = reverse("meetings:ballot", args=[town.township.slug, meeting.pk, item.pk])
    assert f'action="{ballot}"' in client.get(live).content.decode()
    for person in town.members[:3]:
        services.attendance_depart(actor=town.clerk, meeting=meeting, person=person)
    with translation.override("en"):  # the page above spoke Chinese
        verdicts = selectors.meeting_verdicts(meeting, town.clerk)
    assert not verdicts.may_vote(item)
    assert verdicts.why_not_vote(item).startswith("Below quorum: ")
    html = client.get(live).content.decode()
    assert f'action="{ballot}"' not in html
    assert "暂不能表决" in html
    # Closing the item below quorum stays on offer: its refusal is recorded (DEC-3).
    close = reverse(
        "meetings:item_close", args=[town.township.slug, meeting.pk, item.pk]
    )
    assert f'action="{close}"' in html
    assert verdicts.item(item).may_close.shown


# -- the screens' why-not is the refusal the service raises ---------------------------------


def _said(html, element_id):
    """The text of the element `element_id` of a page (its badge left out)."""
    import html as markup
    import re

    found = re.search(rf'<p[^>]* id="{element_id}"[^>]*>(.*?)</p>', html, re.S)
    assert found, f"no #{element_id} on the page"
    text = re.sub(r'<span class="badge[^"]*">.*?</span>', "", found.group(1))
    return markup.unescape(re.sub(r"<[^>]+>", "", text)).strip()


def _refusal_posted(client, url, data=None):
    """POST an action; the one error message the page then shows (the service's str)."""
    response = client.post(url, data or {}, follow=True)
    assert response.status_code == 200
    said = [str(m) for m in response.context["messages"] if m.level_tag == "error"]
    assert len(said) == 1, said
    return said[0]


def test_dec2_dec3_dec6_dec9_screen_why_not_is_the_refusal_the_service_raises(
    client, time_machine
):
    """DEC-2 (before the notice; noticed but before the start), DEC-3 and DEC-6 (open
    below quorum), DEC-9 (open, a major item unprepared): the reason a page prints
    beside a missing button is, word for word, the message the page shows when that
    action is POSTed anyway — the service's refusal — and the refused POST writes
    nothing."""
    from django.utils import translation

    from meetings import errors, selectors, services
    from meetings.models import Notice

    town = f.make_town(members=7)
    client.force_login(town.clerk, backend="django.contrib.auth.backends.ModelBackend")
    slug = town.township.slug

    def urls(meeting):
        def url(name, *more):
            return reverse(f"meetings:{name}", args=[slug, meeting.pk, *more])

        return url

    # DEC-2, before the notice: the agenda is not fixed, and the meeting cannot open.
    meeting = f.schedule(town)
    f.add_item(town, meeting)
    url = urls(meeting)
    shown = _said(client.get(url("detail")).content.decode(), "notice-why")
    assert shown == _refusal_posted(client, url("notice_send"))
    with translation.override("zh-hans"):
        assert shown == str(errors.AgendaNotFixed())
    shown = _said(client.get(url("live")).content.decode(), "open-why")
    assert shown == _refusal_posted(client, url("open"))
    with translation.override("zh-hans"):
        assert shown == str(errors.NoticeNotSent())
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SCHEDULED
    assert meeting.agenda_fixed_at is None
    assert not Notice.objects.filter(meeting=meeting).exists()

    # DEC-2, noticed but before the notified start.
    f.notice(town, meeting)
    shown = _said(client.get(url("live")).content.decode(), "open-why")
    assert shown == _refusal_posted(client, url("open"))
    with translation.override("en"):
        with pytest.raises(errors.MeetingBeforeStart) as refused:
            services.meeting_open(actor=town.clerk, meeting=meeting)
        assert selectors.meeting_verdicts(meeting, town.clerk).may_open.why_not == (
            str(refused.value)
        )
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.NOTICE_SENT and meeting.opened_at is None

    # DEC-3 and DEC-6, open below quorum: the vote is blocked, the meeting still votes.
    time_machine.move_to(meeting.start)
    client.force_login(town.clerk, backend="django.contrib.auth.backends.ModelBackend")
    meeting, (item,) = f.open_meeting(town)
    url = urls(meeting)
    for person in town.members[:3]:
        services.attendance_depart(actor=town.clerk, meeting=meeting, person=person)
    voter = town.members[3]
    html = client.get(url("live")).content.decode()
    shown = _said(html, f"vote-why-{item.pk}")
    assert shown == _refusal_posted(
        client, url("ballot", item.pk), {"voter": voter.pk, "choice": Ballot.Choice.YES}
    )
    with translation.override("en"):
        verdicts = selectors.meeting_verdicts(meeting, town.clerk)
        with pytest.raises(errors.QuorumNotMet) as refused:
            services.ballot_cast(
                actor=town.clerk, item=item, voter=voter, choice=Ballot.Choice.YES
            )
        assert verdicts.why_not_vote(item) == str(refused.value)
    assert not Ballot.objects.filter(item=item).exists()
    shown = _said(html, "close-why")
    assert shown == _refusal_posted(client, url("close"))
    with translation.override("zh-hans"):
        assert shown == str(errors.MeetingStillVoting())
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.OPEN

    # DEC-9, open with a major item whose preparation is not on record.
    meeting, (item,) = f.open_meeting(town, items=(AgendaItem.Kind.MAJOR,))
    url = urls(meeting)
    shown = _said(client.get(url("live")).content.decode(), f"vote-why-{item.pk}")
    assert shown == _refusal_posted(
        client, url("ballot", item.pk), {"voter": voter.pk, "choice": Ballot.Choice.YES}
    )
    with translation.override("en"):
        verdicts = selectors.meeting_verdicts(meeting, town.clerk)
        with pytest.raises(errors.PreparationIncomplete) as refused:
            services.ballot_cast(
                actor=town.clerk, item=item, voter=voter, choice=Ballot.Choice.YES
            )
        assert verdicts.why_not_vote(item) == str(refused.value)
        assert str(refused.value).startswith(
            "The vote is blocked until the preparation is complete. Missing: "
        )
    assert not Ballot.objects.filter(item=item).exists()
    item.refresh_from_db()
    assert item.status == AgendaItem.Status.PENDING
