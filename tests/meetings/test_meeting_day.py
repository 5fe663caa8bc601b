"""Journey 1, the meeting day made safe, through the services: a mis-entered ballot is
corrected before the close (DEC-6), a meeting is not scheduled in the past but may be
recorded afterwards (DEC-2); and through the pages: irreversible actions ask once."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from committees.models import Body
from core.errors import NotPermitted
from meetings import errors, rules, services
from meetings.models import (
    AgendaItem,
    Ballot,
    Decision,
    Meeting,
    MinutesVersion,
    Notice,
)
from tests.meetings import factories as f

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 10, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def town():
    return f.make_town(members=15)


def zh(text) -> str:
    """What the page says, in the user's language (Chinese first)."""
    with translation.override("zh-hans"):
        return str(text)


def _login(client, user):
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


# -- DEC-6: a ballot corrected before the close -------------------------------------------


@pytest.mark.parametrize(
    ("facts", "refusal"),
    [
        ({}, None),
        ({"meeting_status": "closed"}, errors.BallotCorrectionClosed),
        ({"item_status": "closed"}, errors.BallotCorrectionClosed),
        ({"item_status": "postponed"}, errors.BallotCorrectionClosed),
        ({"reason": "  "}, errors.BallotCorrectionReasonRequired),
        ({"choice_allowed": False}, errors.WrongChoice),
        ({"unchanged": True}, errors.BallotUnchanged),
        (
            {"personnel": True, "secretary_has_cast": True},
            errors.BallotCorrectionAfterSecretary,
        ),
        ({"personnel": True, "secretary_has_cast": True, "of_secretary": True}, None),
        ({"personnel": False, "secretary_has_cast": True}, None),
    ],
)
def test_dec6_ballot_correct_refusal_table(facts, refusal):
    """DEC-6: the pure rule of a correction, case by case (in the service's order)."""
    given = {
        "meeting_status": "open",
        "item_status": "pending",
        "reason": "误按",
        "choice_allowed": True,
        "unchanged": False,
        **facts,
    }
    result = rules.ballot_correct_refusal(**given)
    if refusal is None:
        assert result is None
    else:
        assert type(result) is refusal


def test_dec6_clerk_corrects_a_misentered_ballot_with_a_reason_kept_in_history(town):
    """DEC-6: the corrected choice counts in the tally; the earlier one stays in history."""
    meeting, (item,) = f.open_meeting(town)
    voter = town.members[1]
    f.vote(town, item, [voter], Ballot.Choice.NO)
    ballot = Ballot.objects.get(item=item, voter=voter)
    services.ballot_correct(
        actor=town.clerk, ballot=ballot, choice=Ballot.Choice.YES, reason="误按反对"
    )
    ballot.refresh_from_db()
    assert ballot.choice == Ballot.Choice.YES
    assert ballot.correction_reason == "误按反对"
    assert ballot.corrected_by == town.clerk and ballot.corrected_at is not None
    past = list(ballot.history.order_by("history_date"))
    assert [h.choice for h in past] == [Ballot.Choice.NO, Ballot.Choice.YES]
    assert past[-1].history_change_reason == "ballot corrected (DEC-6)"
    assert past[-1].history_user == town.clerk
    f.vote(town, item, town.members[2:9], Ballot.Choice.YES)
    services.item_close(actor=town.clerk, item=item)
    decision = Decision.objects.get(item=item)
    assert (
        decision.tally["rows"][0]["yes"] == 8
    )  # the corrected ballot counts: 8 > 15/2
    assert decision.outcome == Decision.Outcome.PASSED


def test_dec6_ballot_never_corrected_after_the_item_closes(town):
    """DEC-6: once closed, the tally stands with its ballots: nothing is changed."""
    meeting, (item,) = f.open_meeting(town)
    f.vote(town, item, town.members[:8], Ballot.Choice.YES)
    services.item_close(actor=town.clerk, item=item)
    ballot = Ballot.objects.filter(item=item).first()
    with pytest.raises(errors.BallotCorrectionClosed) as refused:
        services.ballot_correct(
            actor=town.clerk, ballot=ballot, choice=Ballot.Choice.NO, reason="误按"
        )
    assert str(refused.value) == (
        "A ballot is corrected only while its item is still being voted: the tally of "
        "a closed or postponed item stands with its ballots."
    )
    assert refused.value.rule == "DEC-6"
    ballot.refresh_from_db()
    assert ballot.choice == Ballot.Choice.YES and ballot.history.count() == 1


def test_dec6_ballot_not_corrected_on_a_postponed_item(town):
    """DEC-6: a postponed item comes back with fresh ballots; its old ones stand."""
    meeting, (item,) = f.open_meeting(town)
    f.vote(town, item, [town.members[1]], Ballot.Choice.YES)
    services.item_postpone(actor=town.clerk, item=item)
    with pytest.raises(errors.BallotCorrectionClosed):
        services.ballot_correct(
            actor=town.clerk,
            ballot=Ballot.objects.get(item=item),
            choice=Ballot.Choice.NO,
            reason="误按",
        )


def test_dec6_ballot_correction_needs_a_reason_and_a_new_allowed_choice(town):
    """DEC-6: no reason, the same choice, or a choice of the other kind: refused."""
    meeting, (item,) = f.open_meeting(town)
    f.vote(town, item, [town.members[1]], Ballot.Choice.NO)
    ballot = Ballot.objects.get(item=item)
    with pytest.raises(errors.BallotCorrectionReasonRequired) as refused:
        services.ballot_correct(
            actor=town.clerk, ballot=ballot, choice=Ballot.Choice.YES, reason=" "
        )
    assert (
        str(refused.value)
        == "A corrected ballot needs a reason (what was entered wrongly)."
    )
    with pytest.raises(errors.BallotUnchanged) as refused:
        services.ballot_correct(
            actor=town.clerk, ballot=ballot, choice=Ballot.Choice.NO, reason="误按"
        )
    assert town.members[1].name in str(refused.value)
    with pytest.raises(errors.WrongChoice):
        services.ballot_correct(
            actor=town.clerk, ballot=ballot, choice=Ballot.Choice.AGREE, reason="误按"
        )
    ballot.refresh_from_db()
    assert ballot.choice == Ballot.Choice.NO and ballot.history.count() == 1


def test_dec6_only_township_staff_correct_a_ballot(town):
    """DEC-6: a member does not correct ballots (their own included): the clerk does."""
    meeting, (item,) = f.open_meeting(town)
    f.vote(town, item, [town.members[1]], Ballot.Choice.NO)
    ballot = Ballot.objects.get(item=item)
    with pytest.raises(NotPermitted):
        services.ballot_correct(
            actor=town.member, ballot=ballot, choice=Ballot.Choice.YES, reason="误按"
        )
    other = f.make_town(members=7, name="樟木桥镇")
    with pytest.raises(NotPermitted):
        services.ballot_correct(
            actor=other.clerk, ballot=ballot, choice=Ballot.Choice.YES, reason="误按"
        )
    ballot.refresh_from_db()
    assert ballot.choice == Ballot.Choice.NO


def test_dec6_secretary_last_holds_for_corrections(town):
    """DEC-6 (主要负责人末位表态): once the secretary has stated their view on a
    personnel item, another member's ballot is no longer corrected; the secretary's own
    still is."""
    meeting, (item,) = f.open_meeting(town, items=[AgendaItem.Kind.PERSONNEL])
    person = item.nominees.get()
    f.vote(town, item, town.members[1:], Ballot.Choice.AGREE, nominee=person)
    early = Ballot.objects.get(item=item, voter=town.members[1])
    services.ballot_correct(
        actor=town.clerk, ballot=early, choice=Ballot.Choice.DEFER, reason="误按同意"
    )
    f.vote(town, item, [town.chair], Ballot.Choice.AGREE, nominee=person)
    with pytest.raises(errors.BallotCorrectionAfterSecretary) as refused:
        services.ballot_correct(
            actor=town.clerk, ballot=early, choice=Ballot.Choice.AGREE, reason="改回"
        )
    assert refused.value.rule == "DEC-6"
    early.refresh_from_db()
    assert early.choice == Ballot.Choice.DEFER
    own = Ballot.objects.get(item=item, voter=town.chair)
    services.ballot_correct(
        actor=town.clerk, ballot=own, choice=Ballot.Choice.DISAGREE, reason="误按"
    )
    own.refresh_from_db()
    assert own.choice == Ballot.Choice.DISAGREE


# -- DEC-2: not in the past, unless recorded afterwards ------------------------------------


@pytest.mark.parametrize(
    ("start", "afterwards", "refusal"),
    [
        (NOW + datetime.timedelta(minutes=1), False, None),
        (NOW, False, errors.MeetingInThePast),
        (NOW - datetime.timedelta(days=2), False, errors.MeetingInThePast),
        (NOW - datetime.timedelta(days=2), True, None),
        (NOW, True, None),
        (NOW + datetime.timedelta(minutes=1), True, errors.PastMeetingInTheFuture),
    ],
)
def test_dec2_schedule_refusal_table(start, afterwards, refusal):
    """DEC-2: ahead of its start, or explicitly recorded afterwards (and then past)."""
    result = rules.schedule_refusal(
        start=start, now=NOW, recorded_afterwards=afterwards
    )
    assert (type(result) if result else None) is refusal


def test_dec2_a_meeting_in_the_past_is_refused_and_nothing_written(town):
    """DEC-2: scheduling a start already passed is refused, naming the catch-up path."""
    start = timezone.now() - datetime.timedelta(days=1)
    with pytest.raises(errors.MeetingInThePast) as refused:
        f.schedule(town, start=start)
    assert "Record a past meeting" in str(refused.value)
    assert timezone.localtime(start).strftime("%Y-%m-%d %H:%M") in str(refused.value)
    assert not Meeting.objects.filter(township=town.township).exists()


def test_dec2_a_past_meeting_is_recorded_afterwards_and_marked_so(town):
    """DEC-2: the explicit catch-up path takes a past start and marks the meeting."""
    start = timezone.now() - datetime.timedelta(days=5)
    meeting = f.schedule(town, start=start, recorded_afterwards=True)
    assert meeting.recorded_afterwards is True
    assert meeting.history.first().history_change_reason == (
        "past meeting recorded afterwards"
    )
    assert meeting.participants.count() == 15
    with pytest.raises(errors.PastMeetingInTheFuture):
        f.schedule(
            town,
            start=timezone.now() + datetime.timedelta(days=1),
            recorded_afterwards=True,
        )


def test_dec2_past_meeting_form_path_through_the_web(client, town):
    """DEC-2: the schedule form refuses a past start; ticking the catch-up box records it
    and the meeting page says it was recorded afterwards."""
    _login(client, town.clerk)
    url = reverse("meetings:schedule", args=[town.township.slug])
    start = timezone.localtime() - datetime.timedelta(days=2)
    data = {
        "body_kind": Body.Kind.COMMITTEE,
        "title": "补录的党委会议",
        "start": start.strftime("%Y-%m-%dT%H:%M"),
        "place": "三楼会议室",
    }
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "补录已召开的会议" in refused.content.decode()
    assert "补录" in refused.content.decode()
    assert 'value="补录的党委会议"' in refused.content.decode()  # what was typed stays
    assert not Meeting.objects.filter(township=town.township).exists()
    done = client.post(url, {**data, "recorded_afterwards": "on"}, follow=True)
    meeting = Meeting.objects.get(township=town.township)
    assert meeting.recorded_afterwards
    assert 'id="recorded-afterwards"' in done.content.decode()


# -- irreversible actions ask once -----------------------------------------------------------


def test_dec2_sending_the_notice_asks_once_then_sends(client, town):
    """DEC-2: the first POST shows what sending means, the confirmed one sends."""
    meeting = f.schedule(town)
    f.add_item(town, meeting)
    services.agenda_fix(actor=town.clerk, meeting=meeting)
    _login(client, town.clerk)
    url = reverse("meetings:notice_send", args=[town.township.slug, meeting.pk])
    asked = client.post(url)
    html = asked.content.decode()
    assert asked.status_code == 200 and 'id="confirm-consequence"' in html
    assert "临时动议" in html and 'name="confirm" value="1"' in html
    assert not Notice.objects.filter(meeting=meeting).exists()
    assert client.post(url, {"confirm": "1"}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.NOTICE_SENT


def test_dec2_a_refused_notice_is_not_asked_about(client, town):
    """DEC-2: an action the rules refuse shows the refusal at once, not a confirmation."""
    meeting = f.schedule(town)
    f.add_item(town, meeting)  # agenda not fixed
    _login(client, town.clerk)
    url = reverse("meetings:notice_send", args=[town.township.slug, meeting.pk])
    response = client.post(url, follow=True)
    assert zh(errors.AgendaNotFixed()) in response.content.decode()
    assert 'id="confirm-consequence"' not in response.content.decode()


def test_dec6_closing_an_item_asks_once_with_its_ballots_then_closes(client, town):
    """DEC-6: the confirmation shows the ballots so far; the confirmed POST closes."""
    meeting, (item,) = f.open_meeting(town)
    f.vote(town, item, town.members[:9], Ballot.Choice.YES)
    f.vote(town, item, town.members[9:11], Ballot.Choice.NO)
    _login(client, town.clerk)
    url = reverse("meetings:item_close", args=[town.township.slug, meeting.pk, item.pk])
    html = client.post(url).content.decode()
    assert "赞成 9、反对 2、弃权 0（共 11 票）" in html
    item.refresh_from_db()
    assert item.status == AgendaItem.Status.PENDING
    client.post(url, {"confirm": "1"})
    item.refresh_from_db()
    assert item.status == AgendaItem.Status.CLOSED


def test_dec1_a_heard_item_keeps_its_discussion_through_the_confirmation(client, town):
    """DEC-1: the discussion record typed before the confirmation is what is stored."""
    meeting, (item,) = f.open_meeting(town, items=[AgendaItem.Kind.FINANCE_REPORT])
    _login(client, town.clerk)
    url = reverse("meetings:item_close", args=[town.township.slug, meeting.pk, item.pk])
    html = client.post(url, {"discussion": "与会委员无异议"}).content.decode()
    assert 'name="discussion" value="与会委员无异议"' in html
    client.post(url, {"discussion": "与会委员无异议", "confirm": "1"})
    item.refresh_from_db()
    assert item.status == AgendaItem.Status.CLOSED
    assert item.discussion == "与会委员无异议"


def test_dec6_closing_the_meeting_asks_once(client, town):
    """DEC-6: the meeting closes on the confirmed POST only."""
    meeting, (item,) = f.open_meeting(town)
    f.vote(town, item, town.members, Ballot.Choice.YES)
    services.item_close(actor=town.clerk, item=item)
    _login(client, town.clerk)
    url = reverse("meetings:close", args=[town.township.slug, meeting.pk])
    assert 'id="confirm-consequence"' in client.post(url).content.decode()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.OPEN
    assert client.post(url, {"confirm": "1"}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CLOSED


def test_dec11_locking_the_minutes_asks_once(client, town):
    """DEC-11: locking is confirmed first; a version not signed is refused at once."""
    meeting, (item,) = f.open_meeting(town)
    f.vote(town, item, town.members, Ballot.Choice.YES)
    services.item_close(actor=town.clerk, item=item)
    services.meeting_close(actor=town.clerk, meeting=meeting)
    version = services.minutes_draft(actor=town.clerk, meeting=meeting, text="纪要")
    _login(client, town.secretary)
    url = reverse("meetings:minutes_lock", args=[town.township.slug, meeting.pk, 1])
    refused = client.post(url, follow=True).content.decode()
    assert zh(errors.MinutesNotSigned()) in refused
    services.minutes_sign(actor=town.secretary, version=version)
    assert 'id="confirm-consequence"' in client.post(url).content.decode()
    version.refresh_from_db()
    assert version.status == MinutesVersion.Status.SIGNED
    client.post(url, {"confirm": "1"})
    version.refresh_from_db()
    assert version.status == MinutesVersion.Status.LOCKED


# -- the live screen -------------------------------------------------------------------------


def test_dec6_live_screen_absent_members_stay_listed_and_ballots_say_who_entered(
    client, town
):
    """DEC-6: absent members stay in the ballot list, marked absent, with no buttons;
    a ballot shows who entered it by name; a refusal is not green; a correction form
    is offered while the item is pending."""
    meeting, (item,) = f.open_meeting(town, present=12)
    clerk_person = f.nominee(town, "王录入")
    clerk_person.user = town.clerk
    clerk_person.save()
    f.vote(town, item, [town.members[1]], Ballot.Choice.NO)
    _login(client, town.clerk)
    html = client.get(
        reverse("meetings:live", args=[town.township.slug, meeting.pk])
    ).content.decode()
    absent = town.members[14]
    assert f'aria-label="赞成 {absent.name}"' not in html
    row = html[html.index(f'<tr class="absent"><td>{absent.name}') :][:400]
    assert "未到" in row and "不参加表决" in row
    assert '<span class="badge bad">反对</span>' in html
    assert "<td>王录入</td>" in html  # 录入人 by name, not by login name
    assert town.clerk.get_username() not in html
    assert "更正此票" in html
    ballot = Ballot.objects.get(item=item)
    assert f'name="fix{ballot.pk}-reason"' in html


# -- the agenda: warnings and a proposal that keeps what was typed --------------------------


def test_dec9_fixing_the_agenda_warns_naming_the_unprepared_major_item(client, town):
    """DEC-9: the agenda is fixed, and the secretary is told which major item cannot be
    voted yet and which steps are missing."""
    meeting = f.schedule(town)
    major = f.add_item(town, meeting, AgendaItem.Kind.MAJOR, title="镇区道路改造")
    f.add_item(town, meeting, title="一般议题")
    _login(client, town.clerk)
    detail = reverse("meetings:detail", args=[town.township.slug, meeting.pk])
    assert 'id="fix-warning"' in client.get(detail).content.decode()
    url = reverse("meetings:agenda_fix", args=[town.township.slug, meeting.pk])
    html = client.post(url, follow=True).content.decode()
    assert "第 1 项“镇区道路改造”是重大事项，前置程序尚未完成" in html
    assert "调查研究" in html and "下级党组织意见" in html
    meeting.refresh_from_db()
    assert meeting.agenda_fixed_at is not None
    f.prepare(town, major)
    meeting = f.schedule(town, start=meeting.start + datetime.timedelta(days=1))
    f.prepare(town, f.add_item(town, meeting, AgendaItem.Kind.MAJOR))
    url = reverse("meetings:agenda_fix", args=[town.township.slug, meeting.pk])
    assert "前置程序尚未完成" not in client.post(url, follow=True).content.decode()


def test_dec9_preparation_records_are_listed_in_procedure_order(client, town):
    """DEC-9: investigation, options, lower-level opinion, expert — whatever the order
    they were recorded in."""
    meeting = f.schedule(town)
    item = f.add_item(town, meeting, AgendaItem.Kind.MAJOR)
    for step, title in (
        ("expert", "专家意见"),
        ("lower_opinion", "村支部意见"),
        ("option", "方案甲"),
        ("investigation", "调研报告"),
    ):
        services.preparation_add(
            actor=town.clerk, item=item, step=step, title=title, text="已完成"
        )
    _login(client, town.clerk)
    html = client.get(
        reverse("meetings:detail", args=[town.township.slug, meeting.pk])
    ).content.decode()
    places = [html.index(t) for t in ("调研报告", "方案甲", "村支部意见", "专家意见")]
    assert places == sorted(places)


def test_dec4_a_personnel_item_without_nominee_is_refused_naming_the_field(town):
    """DEC-4: the refusal speaks of the nominee, not of ballots."""
    meeting = f.schedule(town)
    with pytest.raises(errors.PersonnelItemNeedsNominee) as refused:
        f.add_item(town, meeting, AgendaItem.Kind.PERSONNEL, title="拟任副镇长")
    assert "Nominees" in str(refused.value)
    assert not meeting.items.exists()


def test_dec4_a_refused_proposal_keeps_what_was_typed(client, town):
    """DEC-4 / DEC-2: the page comes back with the typed title and description, and the
    refusal beside the nominee field; a missing title is named at its field."""
    meeting = f.schedule(town)
    _login(client, town.secretary)
    url = reverse("meetings:item_propose", args=[town.township.slug, meeting.pk])
    response = client.post(
        url,
        {"title": "拟任副镇长", "kind": "personnel", "description": "经个别酝酿"},
    )
    html = response.content.decode()
    assert response.status_code == 200  # the form again, not a redirect
    assert 'value="拟任副镇长"' in html and "经个别酝酿" in html
    assert zh(errors.PersonnelItemNeedsNominee()) in html
    nominees_field = html[html.index('for="id_nominees"') :][:1500]
    assert zh(errors.PersonnelItemNeedsNominee()) in nominees_field
    assert not meeting.items.exists()
    missing = client.post(url, {"title": "", "kind": "ordinary", "description": "说明"})
    html = missing.content.decode()
    title_field = html[html.index('for="id_title"') :][:800]
    assert "field-error" in title_field and "说明" in html
