"""PRJ-3 on the meetings side: a member who must step aside on a project cannot vote on
the committee's MAJOR item for that project (政府采购法实施条例第九条). Through the
services, on PostgreSQL; the step-aside comes from projects through meetings.recusals."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from core.history import save_with_history
from meetings import errors, recusals, selectors, services
from meetings import rules as dec
from meetings.models import Ballot, Decision
from projects import services as project_services
from projects.models import Project, StepAside
from tests.meetings import factories as f
from tests.projects import factories as pf

pytestmark = pytest.mark.django_db

BIDDER = "东方市政工程有限公司"


def _project_item(town, meeting, title):
    project = pf.studied(town, pf.propose(town, title=title))
    item = project_services.decision_propose(
        actor=town.secretary, project=project, meeting=meeting
    )
    f.prepare(town, item, options=2, expert=project.demonstration_required)
    project.refresh_from_db()
    return project, item


def _step_aside(project, person, bidder=BIDDER):
    """As projects' _mark_step_asides records it once a declared relative is tied to a
    bidder (the projects services mark it only once bids exist)."""
    return save_with_history(
        StepAside(
            township_id=project.township_id,
            project=project,
            person=person,
            bidder=bidder,
            at=timezone.now(),
        ),
        actor=None,
        reason="must step aside",
    )


@pytest.fixture
def day():
    """An open committee meeting of 9 members, all present, deciding two projects; the
    fourth member must step aside on the first project only."""
    town = f.make_town(members=9)
    start = timezone.now()
    with services.clock(start - datetime.timedelta(days=3)):
        meeting = f.schedule(town, start=start)
        road, road_item = _project_item(town, meeting, "东风村通村公路硬化工程")
        school, school_item = _project_item(town, meeting, "南岗镇中心小学维修工程")
        f.notice(town, meeting)
    with services.clock(start):
        f.arrive(town, meeting, town.members)
        services.meeting_open(actor=town.clerk, meeting=meeting)
    member = town.members[3]
    _step_aside(road, member)
    return town, meeting, road_item, school_item, member


def test_prj3_recusal_refusal_table():
    recused = {7: "关联投标人"}
    refusal = dec.recusal_refusal(voter_id=7, name="王五", recused=recused)
    assert isinstance(refusal, errors.MustStepAside) and refusal.rule == "PRJ-3"
    assert "王五" in str(refusal) and "关联投标人" in str(refusal)
    assert dec.recusal_refusal(voter_id=8, name="赵六", recused=recused) is None
    assert dec.recusal_refusal(voter_id=7, name="王五", recused={}) is None


def test_prj3_the_project_item_names_its_step_asides(day):
    _town, _meeting, road_item, school_item, member = day
    assert set(recusals.recused(road_item)) == {member.pk}
    assert BIDDER in recusals.recused(road_item)[member.pk]
    assert recusals.recused(school_item) == {}
    assert recusals.recused_on([road_item, school_item]) == {
        road_item.pk: recusals.recused(road_item),
        school_item.pk: {},
    }


def test_prj3_stepped_aside_member_ballot_refused_nothing_written(day):
    town, _meeting, road_item, _school_item, member = day
    with pytest.raises(errors.MustStepAside) as refused:
        services.ballot_cast(
            actor=town.clerk, item=road_item, voter=member, choice=Ballot.Choice.YES
        )
    assert refused.value.rule == "PRJ-3"
    assert member.name in str(refused.value) and BIDDER in str(refused.value)
    assert not Ballot.objects.filter(item=road_item).exists()
    assert not Ballot.history.filter(item_id=road_item.pk).exists()
    # The others vote.
    others = [p for p in town.members if p != member]
    f.vote(town, road_item, others, Ballot.Choice.YES)
    assert Ballot.objects.filter(item=road_item).count() == 8
    assert not Ballot.objects.filter(item=road_item, voter=member).exists()


def test_prj3_refusal_speaks_chinese(day):
    town, _meeting, road_item, _school_item, member = day
    with translation.override("zh-hans"):
        with pytest.raises(errors.MustStepAside) as refused:
            services.ballot_cast(
                actor=town.clerk, item=road_item, voter=member, choice="yes"
            )
        text = str(refused.value)
    assert f"{member.name}不得参加本议题表决" in text and "回避" in text
    assert BIDDER in text


def test_prj3_member_stepped_aside_on_another_project_votes_normally(day):
    town, _meeting, _road_item, school_item, member = day
    ballot = services.ballot_cast(
        actor=town.clerk, item=school_item, voter=member, choice=Ballot.Choice.YES
    )
    assert ballot.voter == member and ballot.item == school_item


def test_prj3_recused_member_still_counts_among_the_members(day):
    """The conservative reading: the member who steps aside stays in 应到 (DEC-4: more
    than 2/3 of all 9 members, 7 needed), so 6 of the 8 others in favour do not pass."""
    town, _meeting, road_item, _school_item, member = day
    others = [p for p in town.members if p != member]
    f.vote(town, road_item, others[:6], Ballot.Choice.YES)
    f.vote(town, road_item, others[6:], Ballot.Choice.NO)
    services.item_close(actor=town.clerk, item=road_item)
    decision = Decision.objects.get(item=road_item)
    assert decision.members_count == 9
    assert decision.outcome == Decision.Outcome.REJECTED


def test_prj3_ballot_cast_before_the_step_aside_is_not_corrected(day):
    town, _meeting, _road_item, school_item, member = day
    ballot = services.ballot_cast(
        actor=town.clerk, item=school_item, voter=member, choice=Ballot.Choice.YES
    )
    _step_aside(Project.objects.get(agenda_item=school_item), member)
    with pytest.raises(errors.MustStepAside):
        services.ballot_correct(
            actor=town.clerk, ballot=ballot, choice=Ballot.Choice.NO, reason="录入错误"
        )
    ballot.refresh_from_db()
    assert ballot.choice == Ballot.Choice.YES and not ballot.corrected_at


def _section(html, item):
    start = html.index(f'id="item-{item.pk}"')
    end = html.find("<section", start)
    return html[start : end if end != -1 else len(html)]


def test_prj3_live_screen_shows_step_aside_without_ballot_buttons(client, day):
    town, meeting, road_item, school_item, member = day
    screen = selectors.meeting_screen(meeting)
    rows = {row["item"].pk: row for row in screen["items"]}
    road_votes = {v["voter"].pk: v for v in rows[road_item.pk]["groups"][0]["votes"]}
    assert BIDDER in road_votes[member.pk]["recused"]
    assert all(v["recused"] == "" for pk, v in road_votes.items() if pk != member.pk)
    school_votes = rows[school_item.pk]["groups"][0]["votes"]
    assert all(v["recused"] == "" for v in school_votes)

    client.force_login(town.clerk, backend="django.contrib.auth.backends.ModelBackend")
    url = reverse("meetings:live", args=[town.township.slug, meeting.pk])
    with translation.override("zh-hans"):
        html = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    road, school = _section(html, road_item), _section(html, school_item)
    assert "回避，不参加表决。" in road and BIDDER in road
    # No ballot form for them on this item; the others keep their buttons.
    assert f'name="voter" value="{member.pk}"' not in road
    other = town.members[4]
    assert f'name="voter" value="{other.pk}"' in road
    assert "回避" not in school and f'name="voter" value="{member.pk}"' in school


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_prj3_browser_live_screen_step_aside_at_1280_and_375(
    live_server, browser_login, day, tmp_path
):
    """PRJ-3 as the clerk sees it: 回避 with the reason beside the member, no ballot
    buttons for them on the project's item, no sideways scroll on a phone."""
    town, meeting, road_item, _school_item, member = day
    page = browser_login(town.clerk)
    page.set_default_timeout(10_000)
    url = f"{live_server.url}/t/{town.township.slug}/meetings/{meeting.pk}/live/"
    assert url.endswith(reverse("meetings:live", args=[town.township.slug, meeting.pk]))
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(url)
        section = page.locator(f"#item-{road_item.pk}")
        row = section.locator("tr", has_text=member.name)
        assert "回避" in row.inner_text() and BIDDER in row.inner_text()
        assert row.get_by_role("button").count() == 0
        assert section.get_by_role(
            "button", name=f"赞成 {town.members[4].name}"
        ).count()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        section.screenshot(path=str(tmp_path / f"recusal-{width}.png"))
        print(tmp_path / f"recusal-{width}.png")
