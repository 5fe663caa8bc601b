from disclosure.models import Category, Feedback
from tests.disclosure.factories import make_item
from tests.matrix import Case, public, township_staff


def _item(world):
    return make_item(world.own, window="open", title="公示")


def _slug(world):
    return {"slug": world.own.slug}


def _item_kwargs(world):
    return {"slug": world.own.slug, "pk": _item(world).pk}


def _draft_kwargs(world):
    return {"slug": world.own.slug, "pk": make_item(world.own, state="draft").pk}


def _feedback_kwargs(world):
    from disclosure import services

    entry = services.feedback_submit(
        item=_item(world), kind=Feedback.Kind.OBJECTION, text="异议"
    )
    return {"slug": world.own.slug, "pk": entry.pk}


ENTRIES = {
    # The public column: everyone, with or without an account (PUB-1).
    # The landing page the site root sends anonymous visitors to (journey 4).
    "disclosure:landing": Case(public(200)),
    # PUB-3: look up an answer with a reference; the page with its form is public.
    "disclosure:lookup": Case(public(200)),
    # AUD-2: anyone checks a printed minutes or report PDF, or its code, against its seal.
    "disclosure:verify": Case(public(200)),
    "disclosure:notice_sheet": Case(public(200), kwargs=_slug),
    "disclosure:county": Case(public(200), kwargs=lambda w: {"pk": w.county.pk}),
    "disclosure:index": Case(public(200), kwargs=_slug),
    "disclosure:search": Case(public(200), kwargs=_slug),
    "disclosure:feed": Case(public(200), kwargs=_slug),
    "disclosure:data_csv": Case(public(200), kwargs=_slug),
    "disclosure:data_json": Case(public(200), kwargs=_slug),
    "disclosure:category": Case(
        public(200),
        kwargs=lambda w: {"slug": w.own.slug, "category": Category.PUBLIC_NOTICE},
    ),
    "disclosure:category_feed": Case(
        public(200),
        kwargs=lambda w: {"slug": w.own.slug, "category": Category.PUBLIC_NOTICE},
    ),
    "disclosure:item": Case(public(200), kwargs=_item_kwargs),
    "disclosure:feedback": Case(public(200), kwargs=_item_kwargs),
    "disclosure:received": Case(public(200), kwargs=_item_kwargs),
    # The language choice of the public pages (no CSRF token on cached pages).
    "disclosure:language": Case(
        public(302), method="post", data=lambda w: {"language": "en", "next": "/"}
    ),
    # The township's side: secretary and clerk of the township only (SEC-1: 404 else).
    "disclosure:manage": Case(township_staff(), kwargs=_slug),
    "disclosure:item_new": Case(township_staff(), kwargs=_slug),
    "disclosure:item_manage": Case(township_staff(), kwargs=_draft_kwargs),
    "disclosure:item_edit": Case(township_staff(), kwargs=_draft_kwargs),
    "disclosure:item_publish": Case(
        township_staff(302), kwargs=_draft_kwargs, method="post"
    ),
    "disclosure:item_withdraw": Case(
        township_staff(302),
        kwargs=_item_kwargs,
        method="post",
        data=lambda w: {"reason": "测试"},
    ),
    "disclosure:feedback_list": Case(township_staff(), kwargs=_slug),
    "disclosure:feedback_manage": Case(township_staff(), kwargs=_feedback_kwargs),
}
