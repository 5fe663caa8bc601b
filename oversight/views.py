"""County oversight pages: the dashboard (PIL-3), the pilot and its summaries (PIL-1, PIL-2).

County reviewers read; only the review of a summary is theirs to write. Township staff record
their pilot. Everything else answers 404 (SEC-1).
"""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from committees import access
from core import csvsafe
from core.errors import DomainError
from core.uploads import download
from oversight import figures, kept, rules, selectors, services
from oversight.forms import (
    DocumentForm,
    PhaseAdvanceForm,
    PilotForm,
    ReviewForm,
    SummaryForm,
)
from oversight.models import PhaseDocument, PilotPhase

CHART_HEIGHT = 120


def _period(request) -> figures.Period:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = None
    if year is not None and not 2000 <= year <= 2100:
        year = None
    return figures.Period.for_year(year)


def _county_context(request, pk):
    county = access.county_for_reviewer(request.user, pk)
    townships = selectors.townships_of_county(request.user, county)
    period = _period(request)
    return county, townships, period


def _chart(trend) -> dict:
    """Bars of a county trend as SVG coordinates (no inline style: CSP)."""
    values = [b["value"] or 0 for b in trend["bars"]]
    top = 100 if trend["percent"] else max([*values, 1])
    bars = []
    for index, bar in enumerate(trend["bars"]):
        value = bar["value"]
        height = 0 if value is None else CHART_HEIGHT * value // top
        # The bar carries the status colour its value would have in the table (issue 15).
        colour = trend["figure"].colour(value) if value is not None else figures.NONE
        bars.append(
            {
                **bar,
                "colour": colour,
                "colour_label": figures.COLOUR_LABELS[colour],
                "x": 30 + index * 40,
                "height": height,
                "y": 10 + CHART_HEIGHT - height,
                "label_y": 10 + CHART_HEIGHT - height - 3,
            }
        )
    return {**trend, "bars": bars, "width": 30 + 40 * max(len(bars), 1) + 10}


@login_required
def county_index(request):
    """A province (a reviewer of several counties) sees its counties, each as aggregates:
    townships, and per mechanism how many are compliant, need attention or are in breach."""
    counties = list(access.counties_reviewed(request.user).order_by("name", "pk"))
    if not counties:
        raise Http404
    if len(counties) == 1:
        return redirect("oversight:dashboard", pk=counties[0].pk)
    period = _period(request)
    visible = selectors.reviewed_townships(request.user)
    ids = [c.pk for c in counties]
    kept.ensure_fresh(visible, period, ids)
    summaries = kept.county_summaries(counties, visible, period)
    url = _pattern("oversight:dashboard", pk=PK)
    rows = []
    for county in counties:
        summary = summaries[county.pk]
        rows.append(
            {
                "county": county,
                "url": url.replace(str(PK), str(county.pk)) + f"?year={period.year}",
                "townships": summary["townships"],
                "mechanisms": [
                    {
                        "label": label,
                        "counts": [
                            (
                                colour,
                                figures.COLOUR_LABELS[colour],
                                summary["mechanisms"].get(key, {}).get(colour, 0),
                            )
                            for colour in (
                                figures.BAD,
                                figures.WARN,
                                figures.OK,
                                figures.NONE,
                            )
                        ],
                    }
                    for key, label in figures.MECHANISMS
                ],
            }
        )
    return render(
        request,
        "oversight/county_index.html",
        {
            "rows": rows,
            "mechanisms": figures.MECHANISMS,
            "period": period,
            "years": range(period.year - 2, timezone.localdate().year + 1),
        },
    )


PAGE_SIZE = 50
PK = 999999937  # a placeholder no county has, replaced in the URL pattern


def _pattern(name, **kwargs) -> str:
    """A URL reversed once with placeholders, filled per row (no reverse() per cell)."""
    return reverse(name, kwargs=kwargs)


@login_required
def dashboard(request, pk):
    """PIL-3: the county's townships, a page at a time, read from the kept figures
    (`oversight.kept`): a few indexed queries whatever the county's size."""
    county = access.county_for_reviewer(request.user, pk)
    period = _period(request)
    visible = selectors.reviewed_townships(request.user, county)
    mine = request.GET.get("mine") == "1"
    if mine:
        visible = visible.filter(steering_assignments__reviewer=request.user)
    kept.ensure_fresh(visible, period, [county.pk])
    page = Paginator(visible, PAGE_SIZE).get_page(request.GET.get("page"))
    townships = list(page.object_list)
    listed = figures.listed()
    rows = kept.rows(townships, period, listed)
    steering = selectors.steering_of(townships)
    pilots = {p.township_id: p for p in selectors.pilots_of(townships)}
    township_url = _pattern("committees:township", slug="__slug__")
    drill_url = _pattern(
        "oversight:drill_down", pk=county.pk, slug="__slug__", key="__key__"
    )
    steer_url = _pattern("oversight:steer", pk=county.pk, slug="__slug__")
    for row in rows:
        slug = row["township"].slug
        row["url"] = township_url.replace("__slug__", slug)
        row["steer_url"] = steer_url.replace("__slug__", slug)
        row["pilot"] = pilots.get(row["township"].pk)
        row["steering"] = steering.get(row["township"].pk, [])
        row["i_steer"] = any(a.reviewer_id == request.user.pk for a in row["steering"])
        for mechanism in row["mechanisms"]:
            for cell in mechanism["cells"]:
                cell.url = (
                    drill_url.replace("__slug__", slug).replace(
                        "__key__", cell.figure.key
                    )
                    + f"?year={period.year}"
                )
    data = {
        "rows": rows,
        "mechanisms": figures.MECHANISMS,
        "figures": listed,
        "trends": kept.trends(visible, period, [county.pk], listed),
        "period": period,
    }
    query = f"year={period.year}" + ("&mine=1" if mine else "")
    return render(
        request,
        "oversight/dashboard.html",
        {
            "county": county,
            "period": period,
            "data": data,
            "page": page,
            "query": query,
            "charts": [_chart(t) for t in data["trends"]],
            "chart_height": CHART_HEIGHT,
            "years": range(period.year - 2, timezone.localdate().year + 1),
            "legend": figures.COLOUR_LABELS,
            "mine": mine,
            "discrepancies": [
                {
                    "item": d,
                    "figure": figures.figure(d.key),
                }
                for d in kept.discrepancies(visible)
            ],
        },
    )


@login_required
@require_POST
def steer(request, pk, slug):
    """Steering group: the reviewer joins the group following this township."""
    county, townships, period = _county_context(request, pk)
    township = next((t for t in townships if t.slug == slug), None)
    if township is None:
        raise Http404
    try:
        services.steering_assign(
            actor=request.user, reviewer=request.user, township=township
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("You now steer %(name)s.") % {"name": township.name},
        )
    return redirect("oversight:dashboard", pk=county.pk)


@login_required
def township_dashboard(request, slug):
    """From a township's page to the compliance dashboard of its county (reviewers)."""
    township = access.township_for_user(request.user, slug, selectors.REVIEWERS)
    return redirect("oversight:dashboard", pk=township.county_id)


@login_required
def drill_down(request, pk, slug, key):
    county, townships, period = _county_context(request, pk)
    township = next((t for t in townships if t.slug == slug), None)
    fig = figures.figure(key)
    if township is None or fig is None:
        raise Http404
    unrecorded = figures.records_begin_after(township, period)
    drill = (
        fig.drill_down(township, period) if fig.available and not unrecorded else None
    )
    colour = fig.colour(drill.value) if drill else figures.NONE
    months = []
    if drill and fig.trend is not None:
        by_month = fig.values([township], period)[township.pk].by_month
        months = [
            {"month": f"{period.year}-{m:02d}", "value": v}
            for m, v in sorted(by_month.items())
        ]
    return render(
        request,
        "oversight/drill_down.html",
        {
            "county": county,
            "township": township,
            "figure": fig,
            "drill": drill,
            "cell": figures.Cell(fig, drill.value if drill else None, colour),
            "period": period,
            "months": months,
            "source_url": fig.source_url(township) if drill else None,
            "records_from": township.records_from if unrecorded else None,
        },
    )


@login_required
def export_xlsx(request, pk):
    """The dashboard's figures as a spreadsheet to file: unique headers with their units,
    rates as numbers shown as percentages, a frozen header row, fitted columns."""
    from openpyxl import Workbook
    from openpyxl.styles import PatternFill

    from core import xlsx

    county, townships, period = _county_context(request, pk)
    data = figures.dashboard(townships, period)
    fills = {
        figures.OK: PatternFill("solid", fgColor="DCEFE2"),
        figures.WARN: PatternFill("solid", fgColor="F6EAD2"),
        figures.BAD: PatternFill("solid", fgColor="F3DEDE"),
    }

    def heading(f) -> str:
        return f"{f.rule} {f.label}（{f.unit or _('count')}）"

    def assessment(f) -> str:
        # Several figures may share a rule (DEC-2, LRN-3): the label keeps them apart.
        return _("%(figure)s: assessment") % {"figure": f"{f.rule} {f.label}"}

    def value(f, v):
        return xlsx.percent(v) if f.unit == "%" and v is not None else v

    def style(sheet, f, column):
        if f.unit == "%":
            xlsx.style_column(sheet, column, xlsx.PERCENT)

    not_recorded = str(figures.COLOUR_LABELS[figures.NONE])
    book = Workbook()
    sheet = book.active
    sheet.title = _("Figures %(year)s") % {"year": period.year}
    headers = [_("Township")]
    for f in data["figures"]:
        headers += [heading(f), assessment(f)]
    xlsx.header(sheet, headers)
    for row in data["rows"]:
        flat = [c for m in row["mechanisms"] for c in m["cells"]]
        line = [row["township"].name]
        for c in flat:
            recorded = c.colour != figures.NONE
            line += [
                value(c.figure, c.value) if recorded else not_recorded,
                str(c.colour_label),
            ]
        sheet.append(line)
        for index, c in enumerate(flat):
            if c.colour in fills:
                sheet.cell(row=sheet.max_row, column=3 + 2 * index).fill = fills[
                    c.colour
                ]
    for index, f in enumerate(data["figures"]):
        style(sheet, f, 2 + 2 * index)
    xlsx.fit_columns(sheet)

    def month(m) -> str:
        return _("%(year)s, month %(month)s") % {"year": period.year, "month": m}

    monthly = book.create_sheet(_("By month"))
    xlsx.header(
        monthly,
        [_("Township"), _("Rule"), _("Figure"), _("Unit")]
        + [month(m) for m in period.months],
        freeze_columns=3,
    )
    for row in data["rows"]:
        for mechanism in row["mechanisms"]:
            for c in mechanism["cells"]:
                if c.by_month:
                    monthly.append(
                        [row["township"].name, c.figure.rule, str(c.figure.label)]
                        + [c.figure.unit or _("count")]
                        + [value(c.figure, c.by_month.get(m)) for m in period.months]
                    )
                    if c.figure.unit == "%":
                        for cell in monthly[monthly.max_row][4:]:
                            if cell.value is not None:
                                cell.number_format = xlsx.PERCENT
    xlsx.fit_columns(monthly)
    trend = book.create_sheet(_("Trend"))
    xlsx.header(trend, [_("Figure"), _("Unit")] + [month(m) for m in period.months])
    for t in data["trends"]:
        f = t["figure"]
        trend.append(
            [str(f.trend), f.unit or _("count")]
            + [value(f, b["value"]) for b in t["bars"]]
        )
        if f.unit == "%":
            for cell in trend[trend.max_row][2:]:
                if cell.value is not None:
                    cell.number_format = xlsx.PERCENT
    xlsx.fit_columns(trend)
    out = io.BytesIO()
    csvsafe.neutralise_workbook(book)  # SEC-5: a typed =… stays text
    book.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="oversight-{county.pk}-{period.year}.xlsx"'
    )
    return response


def _conclusion(row) -> dict:
    """A township's figures sorted by colour, for the report's conclusion paragraph."""
    by_colour: dict[str, list[str]] = {
        figures.OK: [],
        figures.WARN: [],
        figures.BAD: [],
        figures.NONE: [],
    }
    for mechanism in row["mechanisms"]:
        for cell in mechanism["cells"]:
            by_colour[cell.colour].append(f"{cell.figure.rule}{cell.figure.label}")
    return {
        "township": row["township"],
        "ok": by_colour[figures.OK],
        "warn": by_colour[figures.WARN],
        "bad": by_colour[figures.BAD],
        "none": by_colour[figures.NONE],
    }


@login_required
def report_pdf(request, pk):
    from core.pdf import render_pdf

    county, townships, period = _county_context(request, pk)
    data = figures.dashboard(townships, period)
    pdf = render_pdf(
        "oversight/pdf/county_report.html",
        {
            "county": county,
            "period": period,
            "data": data,
            "conclusions": [_conclusion(row) for row in data["rows"]],
            "today": timezone.localdate(),
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="oversight-{county.pk}-{period.year}.pdf"'
    )
    return response


# -- the pilot of a township -------------------------------------------------------------


def _pilot_page(request, township, **forms):
    pilot = selectors.pilot_of(township)
    may_edit = access.has_role(request.user, township, access.TOWNSHIP_STAFF)
    context = {"township": township, "pilot": pilot, "may_edit": may_edit}
    if pilot is not None:
        context.update(selectors.pilot_record(pilot))
        current = context["current"]
        following = rules.next_phase(current.kind) if current else None
        context["next_phase"] = PilotPhase.Kind(following).label if following else None
        # PIL-1: an open phase past the pilot's end date is flagged.
        context["days_past_end"] = (
            rules.days_past_end(current.ended_on, pilot.end, timezone.localdate())
            if current
            else 0
        )
        if may_edit:
            context["advance_form"] = forms.get("advance_form") or PhaseAdvanceForm(
                initial={"to_kind": following, "on": timezone.localdate()}
            )
            context["document_form"] = forms.get("document_form") or DocumentForm()
            context["summary_form"] = forms.get("summary_form") or SummaryForm()
    elif may_edit:
        context["pilot_form"] = forms.get("pilot_form") or PilotForm()
    return render(request, "oversight/pilot.html", context)


@login_required
def pilot(request, slug):
    township = access.township_for_user(request.user, slug)
    return _pilot_page(request, township)


def _staff_township(request, slug):
    return access.township_for_user(request.user, slug, access.TOWNSHIP_STAFF)


@login_required
@require_POST
def pilot_create(request, slug):
    township = _staff_township(request, slug)
    form = PilotForm(request.POST)
    if form.is_valid():
        try:
            services.pilot_create(
                actor=request.user, township=township, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, ValidationError(str(error)))
        else:
            messages.success(request, _("The pilot is open, in its preparation phase."))
            return redirect("oversight:pilot", slug=slug)
    return _pilot_page(request, township, pilot_form=form)


@login_required
@require_POST
def phase_advance(request, slug):
    township = _staff_township(request, slug)
    pilot = selectors.pilot_of(township)
    if pilot is None:
        raise Http404
    form = PhaseAdvanceForm(request.POST)
    if form.is_valid():
        try:
            services.phase_advance(actor=request.user, pilot=pilot, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, ValidationError(str(error)))
        else:
            messages.success(request, _("The pilot has moved on to its next phase."))
            return redirect("oversight:pilot", slug=slug)
    return _pilot_page(request, township, advance_form=form)


@login_required
@require_POST
def document_add(request, slug):
    township = _staff_township(request, slug)
    pilot = selectors.pilot_of(township)
    phase = services.current_phase(pilot) if pilot else None
    if phase is None:
        raise Http404
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.document_add(actor=request.user, phase=phase, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, ValidationError(str(error)))
        else:
            messages.success(request, _("Document added."))
            return redirect("oversight:pilot", slug=slug)
    return _pilot_page(request, township, document_form=form)


@login_required
@require_POST
def summary_submit(request, slug):
    township = _staff_township(request, slug)
    pilot = selectors.pilot_of(township)
    if pilot is None:
        raise Http404
    form = SummaryForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            summary = services.summary_submit(
                actor=request.user, pilot=pilot, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, ValidationError(str(error)))
        else:
            messages.success(request, _("Summary submitted to the county."))
            return redirect("oversight:summary", slug=slug, pk=summary.pk)
    return _pilot_page(request, township, summary_form=form)


@login_required
@require_http_methods(["GET"])
def summary_detail(request, slug, pk):
    township = access.township_for_user(request.user, slug)
    summary = selectors.summary_for_user(request.user, township, pk)
    return _summary_page(request, township, summary)


@login_required
@require_http_methods(["GET"])
def summary_attachment(request, slug, pk):
    """The summary's attachment, for whoever may read the summary."""
    township = access.township_for_user(request.user, slug)
    summary = selectors.summary_for_user(request.user, township, pk)
    return download(summary.attachment)


@login_required
@require_http_methods(["GET"])
def document_file(request, slug, pk):
    """A pilot document's file, for whoever may read the pilot."""
    township = access.township_for_user(request.user, slug)
    document = get_object_or_404(PhaseDocument, township=township, pk=pk)
    return download(document.file)


def _summary_page(request, township, summary, form=None):
    may_review = (
        access.has_role(request.user, township, selectors.REVIEWERS)
        and summary.status == summary.Status.SUBMITTED
    )
    return render(
        request,
        "oversight/summary.html",
        {
            "township": township,
            "summary": summary,
            "rounds": list(summary.pilot.summaries.order_by("round")),
            "form": (form or ReviewForm()) if may_review else None,
            "may_read_history": access.may_read_history(request.user, township),
        },
    )


@login_required
@require_POST
def summary_review(request, slug, pk):
    township = access.township_for_user(request.user, slug, selectors.REVIEWERS)
    summary = selectors.summary_for_user(request.user, township, pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.summary_review(
                actor=request.user,
                summary=summary,
                accept=form.cleaned_data["decision"] == "accept",
                comment=form.cleaned_data["comment"],
            )
        except DomainError as error:
            form.add_error(None, ValidationError(str(error)))
        else:
            messages.success(request, _("Your review is recorded."))
            return redirect("oversight:summary", slug=slug, pk=summary.pk)
    return _summary_page(request, township, summary, form)


@login_required
def pilot_pdf(request, slug):
    township = access.township_for_user(request.user, slug)
    pilot = selectors.pilot_of(township)
    if pilot is None:
        raise Http404
    response = HttpResponse(
        services.pilot_record_pdf(pilot), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="pilot-{township.slug}.pdf"'
    return response
