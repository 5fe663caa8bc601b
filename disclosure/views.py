"""The public column (no login, cached for anonymous visitors) and the township's side."""

from __future__ import annotations

import io

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)
from django_ratelimit.core import is_ratelimited

from committees import access
from committees.models import County, Township
from core import csvsafe
from core.errors import DomainError
from disclosure import owners, poster, rules, selectors, services
from disclosure.cache import public_page
from disclosure.forms import (
    AnswerForm,
    CorrectionForm,
    FeedbackForm,
    FindingForm,
    ItemForm,
    LookupForm,
    VerifyForm,
    WithdrawForm,
)
from disclosure.models import Category, Feedback, Item
from disclosure.rendering import render_body

# SEC-5: feedback per address. Generous enough for a township hall behind one address.
FEEDBACK_RATE = "10/h"
# PUB-3: reference lookups per address, counted like the form: a few typos are fine,
# trying references one after another is not.
LOOKUP_RATE = "10/h"
# AUD-2: document checks per address: enough for a village office, not for walking codes.
VERIFY_RATE = "20/h"
# Where the "received" page finds the references this browser was given (per item).
RECEIVED_SESSION_KEY = "disclosure_received"
PAGE_SIZE = 20


# The public column ------------------------------------------------------------------------


def _township(slug) -> Township:
    return get_object_or_404(Township.objects.select_related("county"), slug=slug)


def _category(value) -> Category:
    try:
        return Category(value)
    except ValueError:
        raise Http404 from None


def _rows(items, today):
    return [
        {
            "item": item,
            "days_left": item.days_left(today),
            "category_label": Category(item.category).label,
        }
        for item in items
    ]


@require_safe
def landing(request):
    """The site's public front door: every county's townships, each with its column and
    newest items, and the way in for staff. Not cached: it spans every township, and
    costs three queries."""
    today = timezone.localdate()
    townships = list(Township.objects.select_related("county").order_by("name"))
    newest = selectors.newest_public_by_township(townships, today)
    counties: dict[int, dict] = {}
    for township in townships:
        group = counties.setdefault(
            township.county_id, {"county": township.county, "townships": []}
        )
        group["townships"].append(
            {"township": township, "rows": _rows(newest.get(township.pk, []), today)}
        )
    return render(
        request,
        "disclosure/landing.html",
        {
            "counties": sorted(counties.values(), key=lambda g: g["county"].name),
            "today": today,
        },
    )


@require_safe
@public_page
def county(request, pk):
    county = get_object_or_404(County, pk=pk)
    return render(
        request,
        "disclosure/county.html",
        {"county": county, "townships": county.townships.order_by("name")},
    )


@require_safe
@public_page
def index(request, slug):
    township = _township(slug)
    today = timezone.localdate()
    items = selectors.public_items(township, today)
    counts = dict.fromkeys(Category.values, 0)
    for value in items.values_list("category", flat=True):
        counts[value] += 1
    categories = [(c, c.label, counts[c.value]) for c in Category]
    return render(
        request,
        "disclosure/index.html",
        {
            "township": township,
            "categories": categories,
            "in_period": _rows(selectors.public_in_period(township, today), today),
            "latest": _rows(items[:10], today),
            "today": today,
        },
    )


@require_safe
@public_page
def category(request, slug, category):
    township = _township(slug)
    chosen = _category(category)
    today = timezone.localdate()
    items = selectors.public_items(township, today).filter(category=chosen)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "disclosure/category.html",
        {
            "township": township,
            "category": chosen,
            "page": page,
            "rows": _rows(page.object_list, today),
        },
    )


@require_safe
@public_page
def search(request, slug):
    township = _township(slug)
    query = request.GET.get("q", "")[:100]
    today = timezone.localdate()
    items = selectors.public_search(township, query)[:50]
    return render(
        request,
        "disclosure/search.html",
        {"township": township, "query": query, "rows": _rows(items, today)},
    )


def _public_item_or_gone(request, township, pk):
    """PUB-2: (item, None) when public; (None, response) when withdrawn or ended; 404 else."""
    item = get_object_or_404(Item, township=township, pk=pk)
    today = timezone.localdate()
    if item.is_public_on(today):
        return item, None
    if item.state == Item.State.WITHDRAWN:
        reason = "withdrawn"
    elif (
        item.state == Item.State.PUBLISHED
        and item.window_until
        and item.window_until < today
    ):
        reason = "ended"
    else:
        raise Http404  # drafts and items whose window has not begun are not public
    response = render(
        request,
        "disclosure/gone.html",
        {"township": township, "item": item, "reason": reason},
        status=410,
    )
    return None, response


@require_safe
@public_page
def item(request, slug, pk):
    township = _township(slug)
    item, gone = _public_item_or_gone(request, township, pk)
    if gone:
        return gone
    return _item_page(request, township, item, FeedbackForm())


def _item_page(request, township, item, form, status=200):
    today = timezone.localdate()
    corrections = selectors.item_corrections(item)
    return render(
        request,
        "disclosure/item.html",
        {
            "township": township,
            "item": item,
            "category_label": Category(item.category).label,
            "body": render_body(item.body),
            "days_left": item.days_left(today) if item.window_until else None,
            "answers": selectors.public_answers(item),
            "form": form,
            # PUB-2: a correction is never silent — its date, what changed, and every
            # earlier version readable.
            "corrected": corrections["corrected"],
            "corrections": corrections["corrections"],
            "earlier": [
                {"version": v, "body": render_body(v.body)}
                for v in corrections["earlier"]
            ],
        },
        status=status,
    )


# No CSRF token: the page with this form is cached for every visitor, the form carries no
# privilege (no session, no account), and SEC-5's rate limit and honeypot guard it.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def feedback(request, slug, pk):
    township = _township(slug)
    item, gone = _public_item_or_gone(request, township, pk)
    if gone:
        return gone
    if request.method == "GET":
        return render(
            request,
            "disclosure/feedback.html",
            {"township": township, "item": item, "form": FeedbackForm()},
        )
    form = FeedbackForm(request.POST)
    # SEC-5: count every POST from this address, bots' too.
    if is_ratelimited(
        request,
        group="disclosure.feedback",
        key="ip",
        rate=FEEDBACK_RATE,
        method="POST",
        increment=True,
    ):
        form.is_valid()
        form.add_error(
            None, _("Too many messages from your address. Please try again later.")
        )
        return render(
            request,
            "disclosure/feedback.html",
            {"township": township, "item": item, "form": form},
            status=429,
        )
    if form.is_bot():
        # Looks like success to the bot; nothing is stored.
        return redirect("disclosure:received", slug=township.slug, pk=item.pk)
    if form.is_valid():
        try:
            entry = services.feedback_submit(
                item=item,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
                name=form.cleaned_data["name"],
                contact=form.cleaned_data["contact"],
            )
        except DomainError as error:
            form.add_error(None, ValidationError(str(error)))
        else:
            # PUB-3: the reference goes to this browser only (the session), not into
            # the address, so the received page can show it and a reload shows it again.
            given = request.session.get(RECEIVED_SESSION_KEY, {})
            given[str(item.pk)] = entry.reference
            request.session[RECEIVED_SESSION_KEY] = given
            return redirect("disclosure:received", slug=township.slug, pk=item.pk)
    return render(
        request,
        "disclosure/feedback.html",
        {"township": township, "item": item, "form": form},
        status=400,
    )


@never_cache  # the page shows this visitor's own reference
@require_safe
def received(request, slug, pk):
    township = _township(slug)
    item = get_object_or_404(
        Item.objects.exclude(state=Item.State.DRAFT), township=township, pk=pk
    )
    reference = request.session.get(RECEIVED_SESSION_KEY, {}).get(str(item.pk))
    entry = (
        Feedback.objects.filter(item=item, reference=reference).only("kind").first()
        if reference
        else None
    )
    return render(
        request,
        "disclosure/received.html",
        {
            "township": township,
            "item": item,
            "reference": rules.format_reference(entry.reference) if entry else "",
            "is_objection": entry is not None and entry.kind == Feedback.Kind.OBJECTION,
        },
    )


def _rate_limited(request, form, group: str, rate: str, message) -> bool:
    """SEC-5: a public form's post counted per address; over the rate, the form says so
    (its other errors shown too) and the caller answers 429."""
    if not is_ratelimited(
        request, group=group, key="ip", rate=rate, method="POST", increment=True
    ):
        return False
    form.is_valid()
    form.add_error(None, message)
    return True


@never_cache  # a message and its answer, for the holder of its reference only
@require_http_methods(["GET", "POST"])
def lookup(request):
    """PUB-3: a villager types the reference from the received page and reads the
    township's answer. The reference alone opens it; never the name or the contact."""
    form = LookupForm(request.POST or None)
    entry = None
    status = 200
    if request.method == "POST":
        if _rate_limited(
            request,
            form,
            "disclosure.lookup",
            LOOKUP_RATE,
            _("Too many look-ups from your address. Please try again later."),
        ):
            status = 429
        elif form.is_valid():
            entry = selectors.feedback_by_reference(form.cleaned_data["reference"])
            if entry is None:
                form.add_error(
                    "reference",
                    _(
                        "No message has this reference number. Check it against the "
                        "received page: 8 letters and digits, such as ABCD-2345."
                    ),
                )
                status = 404
            else:
                form = LookupForm()  # found: the form below is for another reference
    return render(
        request,
        "disclosure/lookup.html",
        {
            "form": form,
            "entry": entry,
            "reference": rules.format_reference(entry.reference) if entry else "",
            "item_public": entry is not None
            and entry.item.state == Item.State.PUBLISHED,
        },
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request):
    """AUD-2: anyone uploads a minutes or report PDF, or types the code printed on it, and
    learns whether it matches what the system generated and sealed."""
    form = VerifyForm(request.POST or None, request.FILES or None)
    result = None
    status = 200
    if request.method == "POST":
        if _rate_limited(
            request,
            form,
            "disclosure.verify",
            VERIFY_RATE,
            _("Too many checks from your address. Please try again later."),
        ):
            status = 429
        elif form.is_valid():
            result = selectors.document_check(
                data=form.cleaned_data.get("document"),
                code=form.cleaned_data.get("code") or "",
            )
            if not result["matches"]:
                status = 404
        else:
            status = 400
    return render(
        request,
        "disclosure/verify.html",
        {"form": form, "result": result},
        status=status,
    )


@require_safe
@public_page
def notice_sheet(request, slug):
    """The column's notice-board sheet: name, short address and QR code, A4 (PUB-4)."""
    township = _township(slug)
    address = request.build_absolute_uri(reverse("disclosure:index", args=[slug]))
    return render(
        request,
        "disclosure/notice_sheet.html",
        {
            "township": township,
            "address": address,
            "short_address": poster.short_address(address),
            "qr_svg": poster.qr_svg(address),
        },
    )


def _feed(request, township, items, title, link):
    feed = Atom1Feed(
        title=title,
        link=request.build_absolute_uri(link),
        description="",
        language=translation.get_language(),
        feed_url=request.build_absolute_uri(),
        # RFC 4287 4.1.1: a feed names its author; the township publishes the column.
        author_name=township.name,
    )
    for item in items[:50]:
        url = request.build_absolute_uri(
            reverse("disclosure:item", args=[township.slug, item.pk])
        )
        feed.add_item(
            title=item.title,
            link=url,
            description=render_body(item.body),
            unique_id=url,
            pubdate=item.published_at,
            updateddate=item.updated_at,
            categories=[str(Category(item.category).label)],
        )
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return response


@require_safe
@public_page
def feed(request, slug):
    township = _township(slug)
    title = _("%(township)s disclosure column") % {"township": township.name}
    return _feed(
        request,
        township,
        selectors.public_items(township),
        title,
        reverse("disclosure:index", args=[slug]),
    )


@require_safe
@public_page
def category_feed(request, slug, category):
    township = _township(slug)
    chosen = _category(category)
    title = _("%(township)s disclosure column: %(category)s") % {
        "township": township.name,
        "category": chosen.label,
    }
    return _feed(
        request,
        township,
        selectors.public_items(township).filter(category=chosen),
        title,
        reverse("disclosure:category", args=[slug, chosen.value]),
    )


OPEN_DATA_FIELDS = [
    "id",
    "township",
    "category",
    "category_label",
    "title",
    "body",
    "published_at",
    "window_from",
    "window_until",
    "source",
    "url",
]


def _open_data(request, township):
    for item in selectors.public_items(township).order_by("published_at", "pk"):
        yield {
            "id": item.pk,
            "township": township.name,
            "category": item.category,
            "category_label": str(Category(item.category).label),
            "title": item.title,
            "body": item.body,
            "published_at": timezone.localtime(item.published_at).isoformat()
            if item.published_at
            else "",
            "window_from": item.window_from.isoformat() if item.window_from else "",
            "window_until": item.window_until.isoformat() if item.window_until else "",
            "source": item.source_label,
            "url": request.build_absolute_uri(
                reverse("disclosure:item", args=[township.slug, item.pk])
            ),
        }


@require_safe
@public_page
def data_csv(request, slug):
    township = _township(slug)
    out = io.StringIO()
    # SEC-5: a title typed as =HYPERLINK(...) is text in a spreadsheet, not a formula.
    writer = csvsafe.DictWriter(out, fieldnames=OPEN_DATA_FIELDS)
    writer.writeheader()
    writer.writerows(_open_data(request, township))
    # UTF-8 with BOM: spreadsheet programs then read the Chinese text correctly.
    response = HttpResponse(
        out.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{township.slug}-disclosure.csv"'
    )
    return response


@require_safe
@public_page
def data_json(request, slug):
    township = _township(slug)
    return JsonResponse(
        {
            "township": township.name,
            "generated": timezone.localdate().isoformat(),
            "items": list(_open_data(request, township)),
        },
        json_dumps_params={"ensure_ascii": False},
    )


# The language choice carries no privilege; a cached page cannot carry a CSRF token.
@csrf_exempt
@require_POST
def language(request):
    code = request.POST.get("language")
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if code in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
        )
    return response


# The township's side ----------------------------------------------------------------------


def _staff_township(request, slug) -> Township:
    return access.township_for_user(request.user, slug, access.TOWNSHIP_STAFF)


def _staff_item(request, township, pk) -> Item:
    return access.governed_or_404(
        Item.objects.all(),
        request.user,
        pk,
        township=township,
        roles=access.TOWNSHIP_STAFF,
    )


@login_required
@require_safe
def manage(request, slug):
    township = _staff_township(request, slug)
    items = selectors.items_for_staff(request.user, township)
    unanswered = selectors.unanswered_feedback(township).count()
    return render(
        request,
        "disclosure/manage.html",
        {
            "township": township,
            "items": items,
            "unanswered": unanswered,
            "today": timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_new(request, slug):
    township = _staff_township(request, slug)
    form = ItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.item_create_draft(
                actor=request.user, township=township, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, ValidationError(str(error)))
        else:
            messages.success(
                request, _("Draft saved. Check the preview, then publish.")
            )
            return redirect("disclosure:item_manage", slug=slug, pk=item.pk)
    return render(
        request,
        "disclosure/item_form.html",
        {"township": township, "form": form, "item": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request, slug, pk):
    township = _staff_township(request, slug)
    item = _staff_item(request, township, pk)
    if item.state == Item.State.WITHDRAWN:
        raise Http404
    # PUB-2: a published item's change is a correction, with a reason shown publicly.
    published = item.state == Item.State.PUBLISHED
    form = (CorrectionForm if published else ItemForm)(
        request.POST or None,
        instance=None,
        initial={f: getattr(item, f) for f in services.EDITABLE_FIELDS},
    )
    if request.method == "POST" and form.is_valid():
        changes = dict(form.cleaned_data)
        reason = changes.pop("reason", "")
        try:
            services.item_update(
                actor=request.user, item=item, reason=reason, **changes
            )
        except DomainError as error:
            form.add_error(None, ValidationError(str(error)))
        else:
            messages.success(request, _("Changes saved."))
            return redirect("disclosure:item_manage", slug=slug, pk=item.pk)
    return render(
        request,
        "disclosure/item_form.html",
        {"township": township, "form": form, "item": item, "published": published},
    )


@login_required
@require_safe
def item_manage(request, slug, pk):
    township = _staff_township(request, slug)
    item = _staff_item(request, township, pk)
    today = timezone.localdate()
    return render(
        request,
        "disclosure/item_manage.html",
        {
            "township": township,
            "item": item,
            "category_label": Category(item.category).label,
            "body": render_body(item.body),
            "days_left": item.days_left(today),
            "is_public": item.is_public_on(today),
            "feedback": item.feedback.all(),
            "withdraw_form": WithdrawForm(),
            # APT-3: an item a mechanism keeps is changed on its screen, not here.
            "kept_by": owners.label_of(item.owner) if item.owner else None,
        },
    )


@login_required
@require_POST
def item_publish(request, slug, pk):
    township = _staff_township(request, slug)
    item = _staff_item(request, township, pk)
    try:
        services.item_publish_draft(actor=request.user, item=item)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Published."))
    return redirect("disclosure:item_manage", slug=slug, pk=item.pk)


@login_required
@require_POST
def item_withdraw(request, slug, pk):
    township = _staff_township(request, slug)
    item = _staff_item(request, township, pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason for the withdrawal."))
        return redirect("disclosure:item_manage", slug=slug, pk=item.pk)
    try:
        services.item_withdraw(
            actor=request.user, item=item, reason=form.cleaned_data["reason"]
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Withdrawn. The item's address now says so."))
    return redirect("disclosure:item_manage", slug=slug, pk=item.pk)


@login_required
@require_safe
def feedback_list(request, slug):
    township = _staff_township(request, slug)
    rows = selectors.feedback_for_staff(request.user, township)
    return render(
        request,
        "disclosure/feedback_list.html",
        {"township": township, "rows": rows},
    )


@login_required
@require_http_methods(["GET", "POST"])
def feedback_manage(request, slug, pk):
    township = _staff_township(request, slug)
    entry = access.governed_or_404(
        Feedback.objects.select_related("item", "answered_by", "finding_by"),
        request.user,
        pk,
        township=township,
        roles=access.TOWNSHIP_STAFF,
    )
    action = request.POST.get("action")
    answer_form = AnswerForm(
        request.POST if action == "answer" else None,
        initial={"answer": entry.answer, "public": entry.answer_public},
    )
    finding_form = FindingForm(
        request.POST if action == "finding" else None,
        initial={"finding": entry.finding or None, "note": entry.finding_note},
    )
    if request.method == "POST":
        form = answer_form if action == "answer" else finding_form
        if action in ("answer", "finding") and form.is_valid():
            try:
                if action == "answer":
                    services.feedback_answer(
                        actor=request.user,
                        feedback=entry,
                        answer=form.cleaned_data["answer"],
                        public=form.cleaned_data["public"],
                    )
                else:
                    services.objection_finding_record(
                        actor=request.user,
                        feedback=entry,
                        affects=form.cleaned_data["finding"]
                        == Feedback.Finding.AFFECTS,
                        note=form.cleaned_data["note"],
                    )
            except DomainError as error:
                form.add_error(None, ValidationError(str(error)))
            else:
                messages.success(request, _("Saved."))
                return redirect("disclosure:feedback_manage", slug=slug, pk=entry.pk)
    return render(
        request,
        "disclosure/feedback_manage.html",
        {
            "township": township,
            "entry": entry,
            "answer_form": answer_form,
            # APT-3: a finding once recorded is not changed: no form for it.
            "finding_form": finding_form
            if entry.kind == Feedback.Kind.OBJECTION
            and (not entry.finding or finding_form.errors)
            else None,
        },
    )
