"""Pages of the incentive mechanism (INC-1 … INC-7). Thin: access helper, one service, redirect;
a refusal is shown as a form error, never a 500."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cadres.incentives import pay, rules, selectors, services
from cadres.incentives.forms import (
    AppraisalOpenForm,
    BallotForm,
    ContactPointForm,
    DailyRecordForm,
    ExcellentPercentForm,
    FeedbackForm,
    GoalForm,
    GradesForm,
    HigherGradeForm,
    IntervalForm,
    LifeMeetingForm,
    NoticeForm,
    PersonalReportForm,
    PlanForm,
    PoolForm,
    RectificationForm,
    RemarksForm,
    ReportReviewForm,
    ReviewForm,
    ReviewResultForm,
    ScoresForm,
    SecretaryReportForm,
    TalkForm,
    TargetsImportForm,
)
from cadres.incentives.models import (
    Assessment,
    AssessmentReview,
    Grade,
    LifeMeeting,
    LifeMeetingEntry,
    PersonalMattersReport,
    PoolSplit,
    RectificationItem,
)
from cadres.roles import STAFF_READERS, TOWNSHIP_PEOPLE
from committees import access
from committees.models import Person
from committees.selectors import committee_members_on
from core.errors import DomainError
from core.pdf import render_pdf

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# INC-6: personal matters are seen by the secretary and the county reviewer only.
PERSONAL_READERS = frozenset({access.Role.SECRETARY, access.Role.COUNTY_REVIEWER})


def _fail(form, error: DomainError) -> None:
    form.add_error(None, ValidationError(str(error)))


def _staff(request, township) -> bool:
    return access.has_role(request.user, township, access.TOWNSHIP_STAFF)


def _secretary(request, township) -> bool:
    return access.has_role(request.user, township, access.SECRETARY_ONLY)


def _year(year: int) -> int:
    """A year in a URL lies in the records' range (2000–2100), or 404."""
    if not 2000 <= year <= 2100:
        raise Http404
    return year


def _pk(value) -> int:
    """A primary key from a form's hidden field, or 404 (a bad value is never a 500)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def _person(township, pk) -> Person:
    return get_object_or_404(Person, township=township, pk=pk)


def _members(township):
    ids = committee_members_on(township, timezone.localdate()).values_list(
        "person_id", flat=True
    )
    return Person.objects.filter(pk__in=list(ids)).order_by("name")


# -- INC-1 / INC-2: the year ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def year(request, slug, year):
    _year(year)
    township = access.township_for_user(request.user, slug, STAFF_READERS)
    may_write = _staff(request, township)
    goal_form = GoalForm(prefix="goal") if may_write else None
    import_form = TargetsImportForm(prefix="import") if may_write else None
    bad_rows = []
    if request.method == "POST":
        if not may_write:
            raise Http404
        if "goal-title" in request.POST:
            goal_form = GoalForm(request.POST, prefix="goal")
            if goal_form.is_valid():
                try:
                    services.goal_add(
                        actor=request.user,
                        township=township,
                        year=year,
                        title=goal_form.cleaned_data["title"],
                    )
                except DomainError as error:
                    _fail(goal_form, error)
                else:
                    return redirect("incentives:year", slug=slug, year=year)
        else:
            import_form = TargetsImportForm(
                request.POST, request.FILES, prefix="import"
            )
            if import_form.is_valid():
                rows = []
                try:
                    rows = services.targets_parse(
                        import_form.cleaned_data["file"], township
                    )
                    count = services.targets_import(
                        actor=request.user, township=township, year=year, rows=rows
                    )
                except DomainError as error:
                    bad_rows = [row for row in rows if row.errors]
                    _fail(import_form, error)
                else:
                    messages.success(
                        request, _("%(count)s targets imported.") % {"count": count}
                    )
                    return redirect("incentives:year", slug=slug, year=year)
    plans = list(selectors.plans_of(township, year))
    planned = {p.person_id for p in plans}
    return render(
        request,
        "cadres/incentives/year.html",
        {
            "township": township,
            "year": year,
            "goals": selectors.goals_of(township, year),
            "plans": [
                (p, selectors.plan_weight_total(p), selectors.plan_score(p))
                for p in plans
            ],
            "unplanned": [
                p for p in selectors.cadres_of(township) if p.pk not in planned
            ],
            "goal_form": goal_form,
            "import_form": import_form,
            "bad_rows": bad_rows,
            "may_write": may_write,
        },
    )


@login_required
def targets_template(request, slug):
    access.township_for_user(request.user, slug, STAFF_READERS)
    response = HttpResponse(services.targets_template(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="targets.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def plan(request, slug, year, person_pk):
    _year(year)
    township = access.township_for_user(request.user, slug, STAFF_READERS)
    person = _person(township, person_pk)
    may_write = _staff(request, township)
    found = selectors.plan_of(person, year)
    targets = list(found.targets.all()) if found else []
    goals = list(selectors.goals_of(township, year))
    plan_form = PlanForm(prefix="plan", goals=goals, initial_targets=targets)
    scores_form = ScoresForm(prefix="scores", targets=targets) if targets else None
    if request.method == "POST":
        if not may_write:
            raise Http404
        try:
            if "save_scores" in request.POST and targets:
                scores_form = ScoresForm(request.POST, prefix="scores", targets=targets)
                if scores_form.is_valid():
                    services.scores_record(
                        actor=request.user, plan=found, scores=scores_form.scores()
                    )
                    messages.success(request, _("Scores saved."))
                    return redirect(request.path)
            else:
                plan_form = PlanForm(request.POST, prefix="plan", goals=goals)
                if plan_form.is_valid():
                    services.plan_save(
                        actor=request.user,
                        township=township,
                        person=person,
                        year=year,
                        targets=[
                            services.TargetInput(title, measure, weight, goal)
                            for goal, title, measure, weight in plan_form.cleaned_data[
                                "targets"
                            ]
                        ],
                    )
                    messages.success(request, _("Target plan saved."))
                    return redirect(request.path)
        except DomainError as error:
            _fail(scores_form if "save_scores" in request.POST else plan_form, error)
    return render(
        request,
        "cadres/incentives/plan.html",
        {
            "township": township,
            "year": year,
            "person": person,
            "plan": found,
            "targets": targets,
            "total": pay.weights_total([t.weight for t in targets]),
            "score": selectors.plan_score(found) if found else None,
            "plan_form": plan_form if may_write else None,
            "scores_form": scores_form if may_write else None,
        },
    )


# -- INC-2: pool, split, payroll ------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def pool(request, slug, year):
    _year(year)
    township = access.township_for_user(request.user, slug, STAFF_READERS)
    found = selectors.pool_of(township, year)
    pool_form = (
        PoolForm(
            prefix="pool",
            initial={"amount": found.amount, "approval": found.approval}
            if found
            else None,
        )
        if _secretary(request, township)
        else None
    )
    split_error = None
    if request.method == "POST":
        if "split" in request.POST:
            if not _staff(request, township) or found is None:
                raise Http404
            try:
                services.pool_split(actor=request.user, pool=found)
            except DomainError as error:
                split_error = str(error)
            else:
                messages.success(request, _("Pool split."))
                return redirect("incentives:pool", slug=slug, year=year)
        else:
            if pool_form is None:
                raise Http404
            pool_form = PoolForm(request.POST, prefix="pool")
            if pool_form.is_valid():
                try:
                    services.pool_set(
                        actor=request.user,
                        township=township,
                        year=year,
                        **pool_form.cleaned_data,
                    )
                except DomainError as error:
                    _fail(pool_form, error)
                else:
                    return redirect("incentives:pool", slug=slug, year=year)
    split = selectors.splits_of(found).first() if found else None
    previous, moves = selectors.split_diff(split) if split else (None, [])
    return render(
        request,
        "cadres/incentives/pool.html",
        {
            "township": township,
            "year": year,
            "pool": found,
            "split": split,
            "lines": selectors.split_lines(split) if split else [],
            "previous": previous,
            "moves": moves,
            "runs": selectors.splits_of(found) if found else [],
            "pool_form": pool_form,
            "may_split": _staff(request, township) and found is not None,
            "split_error": split_error,
            "tie_break": pay.TIE_BREAK_ZH,
        },
    )


def _split(request, slug, year, run):
    _year(year)
    township = access.township_for_user(request.user, slug, STAFF_READERS)
    return get_object_or_404(PoolSplit, township=township, pool__year=year, run=run)


@login_required
def payroll_xlsx(request, slug, year, run):
    _year(year)
    split = _split(request, slug, year, run)
    response = HttpResponse(services.payroll_xlsx(split), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="payroll-{split.township.slug}-{year}-{run}.xlsx"'
    )
    return response


@login_required
def payroll_pdf(request, slug, year, run):
    _year(year)
    split = _split(request, slug, year, run)
    response = HttpResponse(services.payroll_pdf(split), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="payroll-{split.township.slug}-{year}-{run}.pdf"'
    )
    return response


@login_required
def my_share(request, slug, year):
    _year(year)
    """INC-2: a cadre sees how their own share was reached."""
    township = access.township_for_user(request.user, slug, TOWNSHIP_PEOPLE)
    person = Person.objects.filter(township=township, user=request.user).first()
    if person is None:
        raise Http404
    split = selectors.latest_split(township, year)
    line = None
    if split:
        line = next(
            (x for x in selectors.split_lines(split) if x.share.person_id == person.pk),
            None,
        )
    assessment = Assessment.objects.filter(person=person, year=year).first()
    return render(
        request,
        "cadres/incentives/my_share.html",
        {
            "township": township,
            "year": year,
            "person": person,
            "split": split,
            "line": line,
            "plan": selectors.plan_of(person, year),
            "assessment": assessment,
            "tie_break": pay.TIE_BREAK_ZH,
        },
    )


# -- INC-3: grades and the dossier ------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def grades(request, slug, year):
    _year(year)
    township = access.township_for_user(request.user, slug, STAFF_READERS)
    member_ids = selectors.committee_member_ids(township, year)
    people = [p for p in selectors.cadres_of(township) if p.pk not in member_ids]
    current = {a.person_id: a.grade for a in selectors.assessments_of(township, year)}
    members = Person.objects.filter(pk__in=member_ids).order_by("name")
    grades_form = (
        GradesForm(prefix="g", people=people, current=current)
        if _secretary(request, township)
        else None
    )
    higher_form = (
        HigherGradeForm(prefix="h", members=members)
        if _staff(request, township)
        else None
    )
    is_reviewer = access.has_role(
        request.user, township, frozenset({access.Role.COUNTY_REVIEWER})
    )
    percent_form = (
        ExcellentPercentForm(
            prefix="p",
            initial={"percent": selectors.settings_of(township).excellent_percent},
        )
        if is_reviewer
        else None
    )
    if request.method == "POST":
        try:
            if "g-submit" in request.POST:
                if grades_form is None:
                    raise Http404
                grades_form = GradesForm(request.POST, prefix="g", people=people)
                if grades_form.is_valid():
                    services.grades_record(
                        actor=request.user,
                        township=township,
                        year=year,
                        grades=grades_form.grades(),
                    )
                    messages.success(request, _("Grades recorded."))
                    return redirect(request.path)
            elif "h-submit" in request.POST:
                if higher_form is None:
                    raise Http404
                higher_form = HigherGradeForm(request.POST, prefix="h", members=members)
                if higher_form.is_valid():
                    services.higher_grade_record(
                        actor=request.user,
                        township=township,
                        year=year,
                        **higher_form.cleaned_data,
                    )
                    return redirect(request.path)
            elif "p-submit" in request.POST:
                if percent_form is None:
                    raise Http404
                percent_form = ExcellentPercentForm(request.POST, prefix="p")
                if percent_form.is_valid():
                    services.excellent_percent_set(
                        actor=request.user,
                        county=township.county,
                        percent=percent_form.cleaned_data["percent"],
                    )
                    return redirect(request.path)
            else:
                raise Http404
        except DomainError as error:
            target = {
                "g-submit": grades_form,
                "h-submit": higher_form,
                "p-submit": percent_form,
            }
            _fail(next(f for k, f in target.items() if k in request.POST), error)
    return render(
        request,
        "cadres/incentives/grades.html",
        {
            "township": township,
            "year": year,
            "assessments": selectors.assessments_of(township, year),
            "cap": selectors.excellent_cap_view(township, year),
            "grades_form": grades_form,
            "higher_form": higher_form,
            "percent_form": percent_form,
            "consequences": [
                (Grade(key).label, text) for key, text in rules.CONSEQUENCES_ZH.items()
            ],
            "two_years": rules.TWO_YEARS_INCOMPETENT_ZH,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def dossier(request, slug, year, person_pk):
    _year(year)
    township = access.township_for_user(request.user, slug, STAFF_READERS)
    person = _person(township, person_pk)
    may_write = _staff(request, township)
    assessment = Assessment.objects.filter(person=person, year=year).first()
    forms = {
        "notice": NoticeForm(prefix="notice"),
        "review": ReviewForm(prefix="review"),
        "result": ReviewResultForm(prefix="result"),
        "daily": DailyRecordForm(prefix="daily"),
    }
    if request.method == "POST":
        if not may_write:
            raise Http404
        which = next((k for k in forms if f"{k}-submit" in request.POST), None)
        if which is None or (which != "daily" and assessment is None):
            raise Http404
        form = forms[which] = type(forms[which])(request.POST, prefix=which)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if which == "notice":
                    services.notice_serve(
                        actor=request.user,
                        assessment=assessment,
                        served_on=data["served_on"],
                    )
                elif which == "review":
                    services.review_file(
                        actor=request.user,
                        assessment=assessment,
                        kind=data["kind"],
                        filed_on=data["filed_on"],
                    )
                elif which == "result":
                    review = get_object_or_404(
                        AssessmentReview,
                        assessment=assessment,
                        pk=_pk(request.POST.get("review")),
                    )
                    services.review_result(actor=request.user, review=review, **data)
                else:
                    services.daily_record_add(
                        actor=request.user, township=township, person=person, **data
                    )
            except DomainError as error:
                _fail(form, error)
            else:
                return redirect(request.path)
    return render(
        request,
        "cadres/incentives/dossier.html",
        {
            "township": township,
            **selectors.dossier(person, year),
            "forms": forms if may_write else None,
            "today": timezone.localdate(),
        },
    )


@login_required
def dossier_pdf(request, slug, year, person_pk):
    _year(year)
    township = access.township_for_user(request.user, slug, STAFF_READERS)
    person = _person(township, person_pk)
    pdf = render_pdf(
        "cadres/incentives/dossier_pdf.html",
        {"township": township, **selectors.dossier(person, year)},
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="dossier-{person.pk}-{year}.pdf"'
    )
    return response


@login_required
def notice_pdf(request, slug, year, person_pk):
    """INC-3 (公务员法 Art 38): the written notice of the grade, with its consequences
    and the person's rights of review and appeal (Art 95), to hand to the person."""
    _year(year)
    township = access.township_for_user(request.user, slug, STAFF_READERS)
    person = _person(township, person_pk)
    assessment = get_object_or_404(Assessment, person=person, year=year)
    pdf = render_pdf(
        "cadres/incentives/notice_pdf.html",
        {
            "township": township,
            "person": person,
            "year": year,
            "assessment": assessment,
            "consequences": rules.consequences(
                assessment.grade, selectors.previous_grade(person, year)
            ),
            "review_basis": rules.REVIEW.basis,
            "appeal_basis": rules.APPEAL.basis,
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="notice-{person.pk}-{year}.pdf"'
    )
    return response


# -- INC-4: democratic life meetings ------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def life_meetings(request, slug):
    township = access.township_for_user(request.user, slug, STAFF_READERS)
    today = timezone.localdate()
    year_shown = _pk(request.GET.get("year") or today.year)
    if not 2000 <= year_shown <= 2100:
        raise Http404
    members = _members(township)
    form = (
        LifeMeetingForm(prefix="m", members=members)
        if _staff(request, township)
        else None
    )
    interval_form = (
        IntervalForm(
            prefix="i",
            initial={"months": selectors.settings_of(township).life_meeting_months},
        )
        if _secretary(request, township)
        else None
    )
    if request.method == "POST":
        try:
            if "i-submit" in request.POST:
                if interval_form is None:
                    raise Http404
                interval_form = IntervalForm(request.POST, prefix="i")
                if interval_form.is_valid():
                    services.life_meeting_interval_set(
                        actor=request.user,
                        township=township,
                        months=interval_form.cleaned_data["months"],
                    )
                    return redirect(request.path)
            else:
                if form is None:
                    raise Http404
                form = LifeMeetingForm(request.POST, prefix="m", members=members)
                if form.is_valid():
                    meeting = services.life_meeting_record(
                        actor=request.user,
                        township=township,
                        held_on=form.cleaned_data["held_on"],
                        topic=form.cleaned_data["topic"],
                        present=list(form.cleaned_data["present"]),
                    )
                    return redirect("incentives:life_meeting", slug=slug, pk=meeting.pk)
        except DomainError as error:
            _fail(interval_form if "i-submit" in request.POST else form, error)
    settings = selectors.settings_of(township)
    return render(
        request,
        "cadres/incentives/life_meetings.html",
        {
            "township": township,
            "meetings": selectors.life_meetings_of(township),
            "gaps": selectors.life_meeting_gaps(township, year_shown, today),
            "year_shown": year_shown,
            "settings": settings,
            "form": form,
            "interval_form": interval_form,
            "basis": rules.LIFE_MEETING_BASIS,
            "needed_rule": "应到会成员的三分之二以上（含本数）",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def life_meeting(request, slug, pk):
    township = access.township_for_user(request.user, slug, STAFF_READERS)
    meeting = access.governed_or_404(
        LifeMeeting.objects.all(),
        request.user,
        pk,
        township=township,
        roles=STAFF_READERS,
    )
    members = _members(township)
    may_write = _staff(request, township)
    form = RectificationForm(prefix="r", members=members) if may_write else None
    if request.method == "POST":
        if not may_write:
            raise Http404
        try:
            if "entry" in request.POST:
                entry = get_object_or_404(
                    LifeMeetingEntry, meeting=meeting, pk=_pk(request.POST["entry"])
                )
                remarks = RemarksForm(request.POST, prefix=f"e{entry.pk}")
                if remarks.is_valid():
                    services.life_meeting_remarks(
                        actor=request.user, entry=entry, **remarks.cleaned_data
                    )
                return redirect(request.path)
            if "done" in request.POST:
                item = get_object_or_404(
                    RectificationItem, meeting=meeting, pk=_pk(request.POST["done"])
                )
                services.rectification_done(
                    actor=request.user, item=item, done_on=timezone.localdate()
                )
                return redirect(request.path)
            form = RectificationForm(request.POST, prefix="r", members=members)
            if form.is_valid():
                services.rectification_add(
                    actor=request.user,
                    meeting=meeting,
                    item=services.RectificationInput(**form.cleaned_data),
                )
                return redirect(request.path)
        except DomainError as error:
            _fail(form, error)
    return render(
        request,
        "cadres/incentives/life_meeting.html",
        {
            "township": township,
            "meeting": meeting,
            "entries": [
                (
                    entry,
                    RemarksForm(
                        prefix=f"e{entry.pk}",
                        initial={
                            "self_criticism": entry.self_criticism,
                            "criticism": entry.criticism,
                        },
                    )
                    if may_write
                    else None,
                )
                for entry in meeting.entries.select_related("person")
            ],
            "items": meeting.rectifications.select_related("owner"),
            "form": form,
            "needed": rules.attendance_needed(meeting.due),
        },
    )


# -- INC-5: democratic appraisal -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def appraisal(request, slug, year):
    _year(year)
    township = access.township_for_user(request.user, slug, access.READERS)
    found = selectors.appraisal_of(township, year)
    may_write = _staff(request, township)
    is_voter = access.has_role(request.user, township, services.VOTER_ROLES)
    open_form = (
        AppraisalOpenForm(prefix="o", people=selectors.cadres_of(township))
        if may_write and found is None
        else None
    )
    ballot_form = None
    voted = found is not None and selectors.has_voted(found, request.user)
    if found and found.status == found.Status.OPEN and is_voter and not voted:
        ballot_form = BallotForm(prefix="b", subjects=found.subjects.order_by("name"))
    receipt = None
    if request.method == "POST":
        try:
            if "o-submit" in request.POST and open_form is not None:
                open_form = AppraisalOpenForm(
                    request.POST, prefix="o", people=selectors.cadres_of(township)
                )
                if open_form.is_valid():
                    services.appraisal_open(
                        actor=request.user,
                        township=township,
                        year=year,
                        subjects=list(open_form.cleaned_data["subjects"]),
                    )
                    return redirect(request.path)
            elif "b-submit" in request.POST and ballot_form is not None:
                ballot_form = BallotForm(
                    request.POST, prefix="b", subjects=found.subjects.order_by("name")
                )
                if ballot_form.is_valid():
                    receipt = services.appraisal_vote(
                        actor=request.user, appraisal=found, marks=ballot_form.marks()
                    )
                    ballot_form, voted = None, True
            elif "close" in request.POST and may_write and found:
                services.appraisal_close(actor=request.user, appraisal=found)
                return redirect(request.path)
            else:
                raise Http404
        except DomainError as error:
            _fail(ballot_form or open_form, error)
    closed = found is not None and found.status == found.Status.CLOSED
    counts = selectors.appraisal_counts(found) if closed else {}
    return render(
        request,
        "cadres/incentives/appraisal.html",
        {
            "township": township,
            "year": year,
            "appraisal": found,
            "open_form": open_form,
            "ballot_form": ballot_form,
            "voted": voted,
            "receipt": receipt,
            "may_close": may_write and found is not None and not closed,
            "closed": closed,
            "results": [
                (p, counts.get(p.pk, {})) for p in found.subjects.order_by("name")
            ]
            if closed
            else [],
            "ballots": found.ballots.prefetch_related("marks__person")
            if closed
            else [],
            "voters": found.voters.count() if found else 0,
        },
    )


# -- INC-6: personal matters ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def personal_matters(request, slug):
    """INC-6: the secretary's (and the county reviewer's) page of every report."""
    township = access.township_for_user(request.user, slug, PERSONAL_READERS)
    today = timezone.localdate()
    form = None
    if _secretary(request, township):
        form = SecretaryReportForm(prefix="r", members=_members(township))
    if request.method == "POST":
        if not _secretary(request, township):
            raise Http404
        try:
            if "review" in request.POST:
                report = get_object_or_404(
                    PersonalMattersReport,
                    township=township,
                    pk=_pk(request.POST["review"]),
                )
                note = ReportReviewForm(request.POST)
                note.is_valid()
                services.personal_report_review(
                    actor=request.user,
                    report=report,
                    reviewed_on=today,
                    note=note.cleaned_data.get("note", ""),
                )
                return redirect(request.path)
            form = SecretaryReportForm(
                request.POST, prefix="r", members=_members(township)
            )
            if form.is_valid():
                data = dict(form.cleaned_data)
                services.personal_report_submit(
                    actor=request.user,
                    township=township,
                    submitted_on=today,
                    **data,
                )
                return redirect(request.path)
        except DomainError as error:
            if form is not None:
                _fail(form, error)
            else:
                messages.error(request, str(error))
    return render(
        request,
        "cadres/incentives/personal_matters.html",
        {
            "township": township,
            "reports": selectors.reports_of(township),
            "clocks": selectors.report_clocks(township, today),
            "form": form,
            "may_review": _secretary(request, township),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def my_personal_matters(request, slug):
    """INC-6: a committee member files and reads only their own reports."""
    township = access.township_for_user(
        request.user, slug, frozenset({access.Role.MEMBER, access.Role.SECRETARY})
    )
    person = Person.objects.filter(township=township, user=request.user).first()
    if person is None:
        raise Http404
    form = PersonalReportForm(prefix="r")
    if request.method == "POST":
        form = PersonalReportForm(request.POST, prefix="r")
        if form.is_valid():
            try:
                services.personal_report_submit(
                    actor=request.user,
                    township=township,
                    person=person,
                    submitted_on=timezone.localdate(),
                    **form.cleaned_data,
                )
            except DomainError as error:
                _fail(form, error)
            else:
                messages.success(request, _("Report submitted."))
                return redirect(request.path)
    return render(
        request,
        "cadres/incentives/my_personal_matters.html",
        {
            "township": township,
            "person": person,
            "reports": selectors.reports_of(township).filter(person=person),
            "form": form,
        },
    )


# -- INC-7: contact points -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def contact_points(request, slug):
    township = access.township_for_user(request.user, slug, access.READERS)
    members = _members(township)
    form = (
        ContactPointForm(prefix="c", members=members)
        if _staff(request, township)
        else None
    )
    if request.method == "POST":
        if form is None:
            raise Http404
        form = ContactPointForm(request.POST, prefix="c", members=members)
        if form.is_valid():
            try:
                services.contact_point_add(
                    actor=request.user, township=township, **form.cleaned_data
                )
            except DomainError as error:
                _fail(form, error)
            else:
                return redirect(request.path)
    return render(
        request,
        "cadres/incentives/contact_points.html",
        {
            "township": township,
            "points": selectors.contact_points_of(township, timezone.localdate()),
            "form": form,
        },
    )


@login_required
def member(request, slug, person_pk):
    """INC-7: a committee member's page: villages of contact."""
    township = access.township_for_user(request.user, slug, access.READERS)
    person = get_object_or_404(Person, township=township, pk=person_pk)
    points = [
        p
        for p in selectors.contact_points_of(township, timezone.localdate())
        if p.person_id == person.pk
    ]
    return render(
        request,
        "cadres/incentives/member.html",
        {"township": township, "person": person, "points": points},
    )


# -- INC-8: talks and community feedback ------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def talks(request, slug, year):
    _year(year)
    township = access.township_for_user(request.user, slug, STAFF_READERS)
    people = Person.objects.filter(township=township, active=True).order_by("name")
    may_write = _staff(request, township)
    talk_form = TalkForm(prefix="t", people=people) if may_write else None
    feedback_form = FeedbackForm(prefix="f", people=people) if may_write else None
    if request.method == "POST":
        if not may_write:
            raise Http404
        try:
            if "t-submit" in request.POST:
                talk_form = TalkForm(request.POST, prefix="t", people=people)
                if talk_form.is_valid():
                    services.talk_record(
                        actor=request.user, township=township, **talk_form.cleaned_data
                    )
                    return redirect(request.path)
            else:
                feedback_form = FeedbackForm(request.POST, prefix="f", people=people)
                if feedback_form.is_valid():
                    services.feedback_record(
                        actor=request.user,
                        township=township,
                        **feedback_form.cleaned_data,
                    )
                    return redirect(request.path)
        except DomainError as error:
            _fail(talk_form if "t-submit" in request.POST else feedback_form, error)
    day = min(timezone.localdate(), datetime.date(year, 12, 31))
    return render(
        request,
        "cadres/incentives/talks.html",
        {
            "township": township,
            "year": year,
            "talks": selectors.talks_of(township, year),
            "missing": selectors.members_without_secretary_talk(township, year, day),
            "talk_form": talk_form,
            "feedback_form": feedback_form,
        },
    )
