"""Pages of competitive selection (APT-4) and outstanding cadres (APT-5)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cadres.appointments import forms, selectors, services
from cadres.appointments.models import (
    Applicant,
    CompetitiveSelection,
    OutstandingListEntry,
    OutstandingResult,
    OutstandingVote,
)
from committees import access
from core.errors import DomainError


def _fail(form, error):
    form.add_error(None, ValidationError(str(error)))


@login_required
@require_http_methods(["GET", "POST"])
def selections(request, slug):
    """APT-4: competitive selections of the township; the office posts a new one."""
    township = access.township_for_user(request.user, slug, selectors.CASE_READERS)
    staff = access.has_role(request.user, township, access.TOWNSHIP_STAFF)
    form = forms.SelectionPostForm() if staff else None
    if request.method == "POST":
        if not staff:
            raise Http404
        form = forms.SelectionPostForm(request.POST)
        if form.is_valid():
            try:
                selection = services.selection_post(
                    actor=request.user, township=township, **form.cleaned_data
                )
            except DomainError as error:
                _fail(form, error)
            else:
                return redirect(
                    "appointments:selection", slug=township.slug, pk=selection.pk
                )
    return render(
        request,
        "cadres/appointments/selections.html",
        {
            "township": township,
            "selections": CompetitiveSelection.objects.filter(township=township),
            "form": form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def selection(request, slug, pk):
    township = access.township_for_user(request.user, slug, selectors.CASE_READERS)
    selection = access.governed_or_404(
        CompetitiveSelection.objects.all(),
        request.user,
        pk,
        township=township,
        roles=selectors.CASE_READERS,
    )
    staff = access.has_role(request.user, township, access.TOWNSHIP_STAFF)
    today = timezone.localdate()
    posted = selection.status == CompetitiveSelection.Status.POSTED
    applying = posted and today <= selection.apply_until
    applicant_form = forms.ApplicantForm() if staff and applying else None
    error = None
    if request.method == "POST":
        if not staff:
            raise Http404
        action = request.POST.get("action")
        try:
            if action == "applicant":
                applicant_form = forms.ApplicantForm(request.POST)
                if not applicant_form.is_valid():
                    raise ValidationError("")
                services.applicant_add(
                    actor=request.user,
                    selection=selection,
                    name=applicant_form.cleaned_data["name"],
                )
            elif action == "scores":
                scores = forms.ScoresForm(request.POST)
                if not scores.is_valid():
                    error = _("Scores are between 0 and 100.")
                    raise ValidationError("")
                applicant = access.governed_or_404(
                    Applicant.objects.filter(selection=selection),
                    request.user,
                    scores.cleaned_data["applicant"],
                    township=township,
                    roles=access.TOWNSHIP_STAFF,
                )
                services.scores_record(
                    actor=request.user,
                    applicant=applicant,
                    written=scores.cleaned_data["written"],
                    interview=scores.cleaned_data["interview"],
                )
            elif action == "publish":
                services.selection_result_publish(
                    actor=request.user, selection=selection
                )
            else:
                raise Http404
        except DomainError as refused:
            error = str(refused)
        except ValidationError:
            pass
        else:
            messages.success(request, _("Saved."))
            return redirect("appointments:selection", slug=township.slug, pk=pk)
    applicants = Applicant.objects.filter(selection=selection).order_by("rank", "name")
    return render(
        request,
        "cadres/appointments/selection.html",
        {
            "township": township,
            "selection": selection,
            "applicants": applicants,
            "applicant_form": applicant_form,
            "scoring": staff and posted and today > selection.apply_until,
            "may_publish": staff and posted,
            "error": error,
        },
        status=400 if error else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def outstanding(request, slug):
    """APT-5: the yearly votes (archived by year) and the standing list."""
    township = access.township_for_user(request.user, slug)
    staff = access.has_role(request.user, township, access.TOWNSHIP_STAFF)
    electorate = services.outstanding_electorate(township)
    vote_form = forms.OutstandingVoteForm() if staff else None
    add_form = forms.ListAddForm(people=electorate) if staff else None
    error = None
    if request.method == "POST":
        if not staff:
            raise Http404
        action = request.POST.get("action")
        try:
            if action == "vote":
                vote_form = forms.OutstandingVoteForm(request.POST)
                if vote_form.is_valid():
                    vote = services.outstanding_vote_open(
                        actor=request.user, township=township, **vote_form.cleaned_data
                    )
                    return redirect(
                        "appointments:outstanding_vote", slug=township.slug, pk=vote.pk
                    )
            elif action == "add":
                add_form = forms.ListAddForm(request.POST, people=electorate)
                if add_form.is_valid():
                    services.outstanding_list_add(
                        actor=request.user, township=township, **add_form.cleaned_data
                    )
                    return redirect("appointments:outstanding", slug=township.slug)
            elif action == "remove":
                remove = forms.ListRemoveForm(request.POST)
                if not remove.is_valid():
                    error = str(_("Give the reason."))
                else:
                    entry = access.governed_or_404(
                        OutstandingListEntry.objects.all(),
                        request.user,
                        remove.cleaned_data["entry"],
                        township=township,
                        roles=access.TOWNSHIP_STAFF,
                    )
                    services.outstanding_list_remove(
                        actor=request.user,
                        entry=entry,
                        reason=remove.cleaned_data["reason"],
                    )
                    return redirect("appointments:outstanding", slug=township.slug)
            else:
                raise Http404
        except DomainError as refused:
            error = str(refused)
    entries = OutstandingListEntry.objects.filter(township=township).select_related(
        "person", "added_by", "removed_by"
    )
    return render(
        request,
        "cadres/appointments/outstanding.html",
        {
            "township": township,
            "votes": OutstandingVote.objects.filter(township=township),
            "current": [e for e in entries if e.removed_on is None],
            "removed": [e for e in entries if e.removed_on is not None],
            "vote_form": vote_form,
            "add_form": add_form,
            "staff": staff,
            "error": error,
        },
        status=400 if error else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def outstanding_vote(request, slug, pk):
    """APT-5: one ballot each; the office enters paper ballots, a cadre casts their own."""
    township = access.township_for_user(request.user, slug)
    vote = access.governed_or_404(
        OutstandingVote.objects.all(), request.user, pk, township=township
    )
    staff = access.has_role(request.user, township, access.TOWNSHIP_STAFF)
    electorate = services.outstanding_electorate(township)
    person = getattr(request.user, "person", None)
    may_vote = vote.status == OutstandingVote.Status.OPEN and (
        staff or (person is not None and electorate.filter(pk=person.pk).exists())
    )
    form = (
        forms.OutstandingBallotForm(electorate=electorate, staff=staff)
        if may_vote
        else None
    )
    error = None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "ballot" and may_vote:
                form = forms.OutstandingBallotForm(
                    request.POST, electorate=electorate, staff=staff
                )
                if form.is_valid():
                    services.outstanding_ballot_cast(
                        actor=request.user,
                        vote=vote,
                        voter=form.cleaned_data["voter"] if staff else person,
                        candidates=form.cleaned_data["candidates"],
                    )
                    messages.success(request, _("Saved."))
                    return redirect(
                        "appointments:outstanding_vote", slug=township.slug, pk=pk
                    )
            elif action == "close" and staff:
                services.outstanding_vote_close(actor=request.user, vote=vote)
                return redirect(
                    "appointments:outstanding_vote", slug=township.slug, pk=pk
                )
            else:
                raise Http404
        except DomainError as refused:
            error = str(refused)
    return render(
        request,
        "cadres/appointments/outstanding_vote.html",
        {
            "township": township,
            "vote": vote,
            "form": form,
            "staff": staff,
            "ballots": vote.ballots.count(),
            "results": OutstandingResult.objects.filter(vote=vote).select_related(
                "person"
            ),
            "error": error,
        },
        status=400 if error else 200,
    )
