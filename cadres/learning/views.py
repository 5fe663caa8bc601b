"""Pages of the learning mechanism (LRN-1 … LRN-6). Thin: access helper, one service, redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cadres.learning import deadlines, selectors, services
from cadres.learning.errors import ReportAlreadySubmitted
from cadres.learning.forms import (
    ExamForm,
    ExamResultForm,
    ReportCommentForm,
    SpotCheckForm,
    SpotCheckReviewForm,
    StudyDayForm,
    StudyPlanForm,
    StudyReportForm,
    StudyTopicForm,
    TrainingRecordForm,
)
from cadres.learning.models import (
    ExamCandidate,
    QualificationExam,
    SpotCheck,
    StudyDay,
    StudyPlan,
    StudyReport,
    StudyTopic,
    TrainingRecord,
)
from cadres.roles import STAFF_READERS, TOWNSHIP_PEOPLE
from committees import access
from committees.selectors import people_of
from core.errors import DomainError
from core.pdf import render_pdf
from core.uploads import download


def _own_person(user, township):
    """The user's own cadre record in this township, or 404."""
    try:
        return services.cadre_of_user(user, township)
    except DomainError:
        raise Http404 from None


def _fail(form, error: DomainError) -> None:
    form.add_error(None, ValidationError(str(error)))


# A cadre's own pages (item 8, LRN-3) ----------------------------------------------------


@login_required
def my_study(request, slug):
    township = access.township_for_user(request.user, slug, TOWNSHIP_PEOPLE)
    person = _own_person(request.user, township)
    now = timezone.now()
    today = timezone.localdate()
    context = selectors.my_study(person, today, now)
    return render(
        request,
        "cadres/my_study.html",
        {
            "township": township,
            "person": person,
            "year_record": selectors.cadre_year_record(person, today.year),
            **context,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request, slug, year, month):
    """LRN-3: write, save a draft, submit. A refused POST shows the text as it was sent."""
    township = access.township_for_user(request.user, slug, TOWNSHIP_PEOPLE)
    person = _own_person(request.user, township)
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        raise Http404
    report = StudyReport.objects.filter(person=person, year=year, month=month).first()
    due_day = township.study_report_due_day
    if request.method == "POST" and report and report.is_submitted:
        # LRN-3: the submitted report is locked; say so rather than drop the POST silently.
        messages.error(request, str(ReportAlreadySubmitted()))
        return redirect(
            "cadres:report_edit", slug=township.slug, year=year, month=month
        )
    if request.method == "POST":
        form = StudyReportForm(request.POST)
        submit = request.POST.get("action") == "submit"
        # LRN-3: submitting locks the report for good, so it asks once (without
        # JavaScript too): the first "submit" shows the text again with a confirmation;
        # the confirmed POST (confirm=1) submits.
        confirming = submit and request.POST.get("confirm") != "1"
        if form.is_valid() and not confirming:
            service = (
                services.study_report_submit
                if submit
                else services.study_report_save_draft
            )
            try:
                report = service(
                    actor=request.user,
                    township=township,
                    year=year,
                    month=month,
                    text=form.cleaned_data["text"],
                )
            except DomainError as error:
                _fail(form, error)
            else:
                if submit:
                    messages.success(
                        request,
                        _(
                            "Your study report for month %(month)s of %(year)s is submitted."
                        )
                        % {"year": year, "month": month},
                    )
                    return redirect("cadres:my_study", slug=township.slug)
                messages.success(
                    request,
                    _("Draft saved at %(time)s.")
                    % {"time": timezone.localtime().strftime("%H:%M")},
                )
                return redirect(
                    "cadres:report_edit", slug=township.slug, year=year, month=month
                )
    else:
        confirming = False
        form = StudyReportForm(initial={"text": report.text if report else ""})
    today = timezone.localdate()
    return render(
        request,
        "cadres/report_edit.html",
        {
            "township": township,
            "report": report,
            "form": form,
            "confirming": confirming and form.is_valid(),
            "year": year,
            "month": month,
            "due_date": deadlines.due_date(year, month, due_day),
            "days_left": deadlines.days_left(today, year, month, due_day),
        },
    )


# The secretary's grid and report detail (LRN-3) ------------------------------------------


def _year(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


_PK = 999999937  # a placeholder no report has, replaced in the URL pattern


@login_required
def report_grid(request, slug):
    township = access.township_for_user(request.user, slug, STAFF_READERS)
    year = _year(request)
    grid = selectors.report_grid(township, year, timezone.now())
    # A grid of cadres × 12 months: each status badge rendered once and the report's URL
    # reversed once, then filled per cell (no include nor reverse() per cell).
    badges: dict[str, str] = {}
    pattern = reverse("cadres:report_detail", args=[township.slug, _PK])
    for row in grid["rows"]:
        for cell in row["cells"]:
            status = cell["status"]
            if status not in badges:
                badges[status] = render_to_string(
                    "cadres/partials/status.html", {"status": status}
                )
            cell["badge"] = badges[status]
            if cell["report"] is not None:
                cell["url"] = pattern.replace(str(_PK), str(cell["report"].pk))
    return render(
        request,
        "cadres/report_grid.html",
        {
            "township": township,
            "year": year,
            "previous_year": year - 1,
            "next_year": year + 1,
            **grid,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_detail(request, slug, pk):
    township = access.township_for_user(request.user, slug)
    report = selectors.report_for_reader(request.user, township, pk)
    may_comment = report.is_submitted and access.has_role(
        request.user, township, access.SECRETARY_ONLY
    )
    form = None
    if may_comment:
        form = ReportCommentForm(
            request.POST or None,
            initial={"comment": report.comment, "grade": report.grade},
        )
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                services.study_report_comment(
                    actor=request.user,
                    report=report,
                    comment=form.cleaned_data["comment"],
                    grade=form.cleaned_data["grade"],
                )
            except DomainError as error:
                _fail(form, error)
            else:
                messages.success(request, _("Comment saved."))
                return redirect(
                    "cadres:report_detail", slug=township.slug, pk=report.pk
                )
    return render(
        request,
        "cadres/report_detail.html",
        {"township": township, "report": report, "form": form},
    )


# LRN-1: study plans -------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def plans(request, slug):
    township = access.township_for_user(request.user, slug)
    may_edit = access.has_role(request.user, township, access.TOWNSHIP_STAFF)
    form = None
    if may_edit:
        form = StudyPlanForm(
            request.POST or None, initial={"year": timezone.localdate().year}
        )
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                plan = services.study_plan_create(
                    actor=request.user, township=township, **form.cleaned_data
                )
            except DomainError as error:
                _fail(form, error)
            else:
                return redirect("cadres:plan_detail", slug=township.slug, pk=plan.pk)
    return render(
        request,
        "cadres/plans.html",
        {"township": township, "plans": selectors.plans_of(township), "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_detail(request, slug, pk):
    township = access.township_for_user(request.user, slug)
    plan = access.governed_or_404(
        StudyPlan.objects.all(), request.user, pk, township=township
    )
    is_draft = plan.status == StudyPlan.Status.DRAFT
    may_edit = is_draft and access.has_role(
        request.user, township, access.TOWNSHIP_STAFF
    )
    form = StudyTopicForm(request.POST or None) if may_edit else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                services.study_topic_add(
                    actor=request.user, plan=plan, **form.cleaned_data
                )
            except DomainError as error:
                _fail(form, error)
            else:
                messages.success(request, _("Topic added."))
                return redirect("cadres:plan_detail", slug=township.slug, pk=plan.pk)
    topics = plan.topics.order_by("month", "area", "pk")
    return render(
        request,
        "cadres/plan_detail.html",
        {
            "township": township,
            "plan": plan,
            "topics": topics,
            "form": form,
            "may_approve": is_draft
            and access.has_role(request.user, township, access.SECRETARY_ONLY),
        },
    )


@login_required
@require_POST
def plan_approve(request, slug, pk):
    township = access.township_for_user(request.user, slug, access.SECRETARY_ONLY)
    plan = access.governed_or_404(
        StudyPlan.objects.all(),
        request.user,
        pk,
        township=township,
        roles=access.SECRETARY_ONLY,
    )
    try:
        services.study_plan_approve(actor=request.user, plan=plan)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The study plan is approved."))
    return redirect("cadres:plan_detail", slug=township.slug, pk=plan.pk)


@login_required
@require_POST
def topic_remove(request, slug, pk):
    township = access.township_for_user(request.user, slug, access.TOWNSHIP_STAFF)
    topic = access.governed_or_404(
        StudyTopic.objects.select_related("plan"),
        request.user,
        pk,
        township=township,
        roles=access.TOWNSHIP_STAFF,
    )
    try:
        services.study_topic_remove(actor=request.user, topic=topic)
    except DomainError as error:
        messages.error(request, str(error))
    return redirect("cadres:plan_detail", slug=township.slug, pk=topic.plan_id)


@login_required
def plan_pdf(request, slug, pk):
    township = access.township_for_user(request.user, slug)
    plan = access.governed_or_404(
        StudyPlan.objects.all(), request.user, pk, township=township
    )
    pdf = render_pdf(
        "cadres/pdf/study_plan.html",
        {
            "township": township,
            "plan": plan,
            "topics": plan.topics.order_by("month", "area", "pk"),
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="study-plan-{plan.year}.pdf"'
    return response


# LRN-2, LRN-3: study days --------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def study_days(request, slug):
    township = access.township_for_user(request.user, slug)
    may_edit = access.has_role(request.user, township, access.TOWNSHIP_STAFF)
    form = None
    if may_edit:
        form = StudyDayForm(
            request.POST or None, request.FILES or None, people=people_of(township)
        )
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                day = services.study_day_record(
                    actor=request.user, township=township, **form.cleaned_data
                )
            except DomainError as error:
                _fail(form, error)
            else:
                messages.success(request, _("Study day recorded."))
                return redirect("cadres:study_day", slug=township.slug, pk=day.pk)
    year = _year(request)
    gap = selectors.months_without_central_group_study(township, year)
    collective_gap = selectors.months_without_collective_study(township, year)
    return render(
        request,
        "cadres/study_days.html",
        {
            "township": township,
            "days": selectors.study_days_of(township)[:100],
            "form": form,
            "year": year,
            "gap": gap,
            "collective_gap": collective_gap,
        },
    )


@login_required
def study_day(request, slug, pk):
    township = access.township_for_user(request.user, slug)
    day = access.governed_or_404(
        StudyDay.objects.prefetch_related("attendance__person"),
        request.user,
        pk,
        township=township,
    )
    return render(request, "cadres/study_day.html", {"township": township, "day": day})


@login_required
def study_day_materials(request, slug, pk):
    """The study day's materials, for whoever may read the day."""
    township = access.township_for_user(request.user, slug)
    day = access.governed_or_404(
        StudyDay.objects.all(), request.user, pk, township=township
    )
    return download(day.materials)


# LRN-4: training --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def training(request, slug):
    township = access.township_for_user(request.user, slug, STAFF_READERS)
    may_edit = access.has_role(request.user, township, access.TOWNSHIP_STAFF)
    form = None
    if may_edit:
        form = TrainingRecordForm(
            request.POST or None,
            request.FILES or None,
            people=people_of(township),
        )
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                services.training_record_add(
                    actor=request.user, township=township, **form.cleaned_data
                )
            except DomainError as error:
                _fail(form, error)
            else:
                messages.success(request, _("Training recorded."))
                return redirect("cadres:training", slug=township.slug)
    return render(
        request,
        "cadres/training.html",
        {
            "township": township,
            "records": selectors.training_of(township)[:200],
            "form": form,
        },
    )


@login_required
def training_certificate(request, slug, pk):
    """A training record's certificate, for those who read the training records."""
    township = access.township_for_user(request.user, slug, STAFF_READERS)
    record = access.governed_or_404(
        TrainingRecord.objects.all(),
        request.user,
        pk,
        township=township,
        roles=STAFF_READERS,
    )
    return download(record.certificate)


# LRN-5: spot checks -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def spot_checks(request, slug):
    township = access.township_for_user(request.user, slug, STAFF_READERS)
    may_edit = access.has_role(request.user, township, access.TOWNSHIP_STAFF)
    form = None
    if may_edit:
        form = SpotCheckForm(
            request.POST or None,
            initial={"year": timezone.localdate().year, "sample_size": 5},
        )
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                check = services.spot_check_draw(
                    actor=request.user, township=township, **form.cleaned_data
                )
            except DomainError as error:
                _fail(form, error)
            else:
                return redirect("cadres:spot_check", slug=township.slug, pk=check.pk)
    checks = SpotCheck.objects.filter(township=township).order_by("-year")
    return render(
        request,
        "cadres/spot_checks.html",
        {"township": township, "checks": checks, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def spot_check(request, slug, pk):
    township = access.township_for_user(request.user, slug, STAFF_READERS)
    check = access.governed_or_404(
        SpotCheck.objects.all(),
        request.user,
        pk,
        township=township,
        roles=STAFF_READERS,
    )
    items = check.items.select_related("person").order_by("position")
    may_edit = access.has_role(request.user, township, access.TOWNSHIP_STAFF)
    form = None
    if may_edit:
        form = SpotCheckReviewForm(
            request.POST or None,
            items=items,
            initial={
                "collective_findings": check.collective_findings,
                "findings": check.findings,
            },
        )
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                services.spot_check_review(
                    actor=request.user,
                    spot_check=check,
                    collective_findings=form.cleaned_data["collective_findings"],
                    findings=form.cleaned_data["findings"],
                    grades=form.grades(),
                )
            except DomainError as error:
                _fail(form, error)
            else:
                messages.success(request, _("Spot check saved."))
                return redirect("cadres:spot_check", slug=township.slug, pk=check.pk)
    # The sampled cadres' reports of the first half-year, for the reviewer to open.
    reports = StudyReport.objects.filter(
        township=township,
        year=check.year,
        month__lte=6,
        status=StudyReport.Status.SUBMITTED,
        person__in=[item.person_id for item in items],
    ).order_by("month")
    by_person: dict[int, list] = {}
    for report in reports:
        by_person.setdefault(report.person_id, []).append(report)
    rows = [
        {
            "item": item,
            "reports": by_person.get(item.person_id, []),
            "grade_field": form[f"grade_{item.pk}"] if form else None,
            "note_field": form[f"note_{item.pk}"] if form else None,
        }
        for item in items
    ]
    return render(
        request,
        "cadres/spot_check.html",
        {"township": township, "check": check, "rows": rows, "form": form},
    )


# LRN-6: qualification exams --------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def exams(request, slug):
    township = access.township_for_user(request.user, slug, STAFF_READERS)
    may_edit = access.has_role(request.user, township, access.TOWNSHIP_STAFF)
    form = None
    if may_edit:
        form = ExamForm(request.POST or None, people=services.cadres_of(township))
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                exam = services.exam_create(
                    actor=request.user, township=township, **form.cleaned_data
                )
            except DomainError as error:
                _fail(form, error)
            else:
                return redirect("cadres:exam", slug=township.slug, pk=exam.pk)
    return render(
        request,
        "cadres/exams.html",
        {
            "township": township,
            "exams": selectors.exams_of(township),
            "form": form,
            "disqualified": selectors.disqualifications(township),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def exam(request, slug, pk):
    township = access.township_for_user(request.user, slug, STAFF_READERS)
    exam = access.governed_or_404(
        QualificationExam.objects.all(),
        request.user,
        pk,
        township=township,
        roles=STAFF_READERS,
    )
    may_edit = exam.closed_at is None and access.has_role(
        request.user, township, access.TOWNSHIP_STAFF
    )
    candidates = exam.candidates.select_related("person").order_by("person__name")
    error = None
    if request.method == "POST":
        if not may_edit:
            raise Http404
        chosen = request.POST.get("candidate", "")
        candidate = (
            candidates.filter(pk=int(chosen)).first() if chosen.isdigit() else None
        )
        if candidate is None:
            raise Http404
        form = ExamResultForm(request.POST, prefix=f"c{candidate.pk}")
        if form.is_valid():
            try:
                services.exam_result_record(
                    actor=request.user, candidate=candidate, **form.cleaned_data
                )
            except DomainError as refused:
                error = str(refused)
            else:
                messages.success(request, _("Result recorded."))
                return redirect("cadres:exam", slug=township.slug, pk=exam.pk)
        else:
            error = _("Check the result, the score and the date.")
    rows = [
        {
            "candidate": c,
            "form": ExamResultForm(
                initial={
                    "result": c.result,
                    "score": c.score,
                    "result_date": c.result_date or timezone.localdate(),
                },
                prefix=f"c{c.pk}",
            )
            if may_edit
            else None,
        }
        for c in candidates
    ]
    return render(
        request,
        "cadres/exam.html",
        {
            "township": township,
            "exam": exam,
            "rows": rows,
            "error": error,
            "Result": ExamCandidate.Result,
        },
    )
