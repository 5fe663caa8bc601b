"""The cadre roster: cadres and village leaders of a township, imported from and exported to
.xlsx with openpyxl. An import with any bad row imports nothing and names every bad row."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from cadres.roster.errors import (
    ImportRowsInvalid,
    RosterEmpty,
    RosterHeadingsMissing,
    RosterUnreadable,
)
from cadres.roster.models import CadreTenure
from cadres.roster.selectors import roster_people
from committees import services as committee_services
from committees.access import TOWNSHIP_STAFF, require_actor
from committees.models import Person, Township
from core import csvsafe, xlsx
from core.errors import refuses_invalid_input
from core.history import save_with_history

# Columns of the roster file, in order: (key, Chinese heading, English heading).
COLUMNS = [
    ("name", "姓名", "name"),
    ("kind", "类别", "kind"),
    ("post", "职务", "post"),
    ("unit", "单位", "unit"),
    ("phone", "电话", "phone"),
    ("email", "电子邮箱", "e-mail"),
    ("post_since", "任职时间", "in post since"),
]
KIND_WORDS = {
    "干部": Person.Kind.CADRE,
    "乡镇干部": Person.Kind.CADRE,
    "cadre": Person.Kind.CADRE,
    "村干部": Person.Kind.VILLAGE_LEADER,
    "village leader": Person.Kind.VILLAGE_LEADER,
}


@dataclass
class RosterRow:
    number: int
    values: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _date(value):
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(_text(value).replace("/", "-"))
    except ValueError:
        raise ValueError(_text(value)) from None


def roster_parse(upload) -> list[RosterRow]:
    """Read every row of the first sheet; each row carries its own list of errors.
    A file that is no workbook, or has no headings, is refused with a domain error (SEC-3)."""
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows = list(sheet.iter_rows(values_only=True))
        workbook.close()
    except (
        Exception
    ):  # openpyxl raises many kinds of errors on a file that is not .xlsx
        raise RosterUnreadable from None
    if not rows:
        raise RosterEmpty
    headings = [_text(h) for h in rows[0]]
    known = {zh: key for key, zh, en in COLUMNS} | {en: key for key, zh, en in COLUMNS}
    index = {known[h]: i for i, h in enumerate(headings) if h in known}
    if "name" not in index or "kind" not in index:
        raise RosterHeadingsMissing
    parsed: list[RosterRow] = []
    seen: dict[str, int] = {}
    for number, cells in enumerate(rows[1:], start=2):
        raw = {key: cells[i] if i < len(cells) else None for key, i in index.items()}
        if all(_text(v) == "" for v in raw.values()):
            continue  # blank lines at the end of a sheet
        row = RosterRow(number=number)
        name = _text(raw.get("name"))
        if not name:
            row.errors.append(_("the name is missing"))
        elif len(name) > 60:
            row.errors.append(_("the name is longer than 60 characters"))
        elif name in seen:
            row.errors.append(
                _("the name is already in row %(row)s") % {"row": seen[name]}
            )
        else:
            seen[name] = number
        kind = KIND_WORDS.get(_text(raw.get("kind")).lower())
        if kind is None:
            row.errors.append(
                _("the kind “%(kind)s” is neither 干部 nor 村干部")
                % {"kind": _text(raw.get("kind"))}
            )
        email = _text(raw.get("email"))
        if email:
            try:
                validate_email(email)
            except ValidationError:
                row.errors.append(
                    _("the e-mail “%(email)s” is not valid") % {"email": email}
                )
        try:
            post_since = _date(raw.get("post_since"))
        except ValueError as bad:
            post_since = None
            row.errors.append(
                _("the date “%(date)s” is not a date (YYYY-MM-DD)") % {"date": bad}
            )
        for key, heading, limit in (
            ("post", "职务", 100),
            ("unit", "单位", 100),
            ("phone", "电话", 40),
        ):
            if len(_text(raw.get(key))) > limit:
                row.errors.append(
                    _("the column %(column)s is longer than %(limit)s characters")
                    % {"column": heading, "limit": limit}
                )
        row.values = {
            "name": name,
            "kind": kind,
            "post": _text(raw.get("post")),
            "unit": _text(raw.get("unit")),
            "phone": _text(raw.get("phone")),
            "email": email,
            "post_since": post_since,
        }
        parsed.append(row)
    return parsed


@refuses_invalid_input
@transaction.atomic
def roster_import(*, actor, township: Township, rows: list[RosterRow]) -> int:
    """All or nothing: a bad row refuses the whole file (SEC-3: nothing half-saved).
    A name already on the roster is updated; a new name is added. The township's staff
    import (actor=None: the system)."""
    require_actor(actor, township, TOWNSHIP_STAFF)
    bad = [row for row in rows if row.errors]
    if bad:
        raise ImportRowsInvalid(params={"count": len(bad)})
    existing = {
        person.name: person
        for person in Person.objects.select_for_update().filter(township=township)
    }
    for row in rows:
        values = dict(row.values)
        post_since = values.pop("post_since")
        person = existing.get(values["name"])
        if person is None:
            person = committee_services.person_create(
                actor=actor, township=township, reason="roster imported", **values
            )
        else:
            for key, value in values.items():
                setattr(person, key, value)
            save_with_history(person, actor=actor, reason="roster imported")
        tenure = CadreTenure.objects.filter(person=person).first() or CadreTenure(
            township=township, person=person
        )
        if tenure.pk is None or tenure.post_since != post_since:
            tenure.post_since = post_since
            save_with_history(tenure, actor=actor, reason="roster imported")
    return len(rows)


def roster_export(township: Township) -> bytes:
    """The roster as .xlsx, in the site's language (the kind as the catalogue words it:
    干部 / 村干部), so that the file imports again as it is."""
    with translation.override(settings.LANGUAGE_CODE):
        return _roster_workbook(township)


def _roster_workbook(township: Township) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "干部名册"
    xlsx.header(sheet, [zh for key, zh, en in COLUMNS])
    for person in roster_people(township):
        tenure = getattr(person, "tenure", None)
        sheet.append(
            [
                person.name,
                person.get_kind_display(),
                person.post,
                person.unit,
                person.phone,
                person.email,
                tenure.post_since if tenure and tenure.post_since else None,
            ]
        )
    xlsx.style_column(sheet, len(COLUMNS), xlsx.DATE)  # 任职时间: a date, as a date
    xlsx.fit_columns(sheet)
    csvsafe.neutralise_workbook(workbook)  # SEC-5: a name typed as =… stays text
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
