"""AUD-2: locked records are tamper-evident.

Apps register the kinds of record they lock (core imports no app):

    integrity.register("meetings.Decision", content=decision_content, locked=decided)

and their services call `integrity.seal(record)` in the transaction that locks it. A seal
keeps the record's content, its SHA-256 fingerprint and a chain value over the township's
seals before it. `verify()` then finds, with no trust in the database:

- a record changed behind the application's back (say, a direct SQL update): its content
  no longer matches its fingerprint, and the check says which fields, before and after;
- a sealed record deleted;
- a seal changed or deleted: the chain values after it no longer follow;
- a record in a locked state without a seal (locked by SQL, not by the service);
- a chain cut short since the last check (its head then is gone): the heads of every
  check are kept and written to the security log, outside the database.
"""

from __future__ import annotations

import datetime
import decimal
import hashlib
import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.db import connection, transaction
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import IntegrityCheck, Seal

security_log = logging.getLogger("security")

# The first key of PostgreSQL's two-key advisory lock: one chain writer per township.
_LOCK_CLASS = 2026_02


@dataclass(frozen=True)
class Kind:
    label: str  # "app_label.Model"
    content: Callable[[Model], dict]
    locked: Callable[[], QuerySet]  # every record of this kind that must carry a seal
    queryset: Callable[[], QuerySet] | None = None  # how to load records for a check

    @property
    def model(self):
        return apps.get_model(self.label)

    def records(self) -> QuerySet:
        return self.queryset() if self.queryset else self.model._default_manager.all()


_KINDS: dict[str, Kind] = {}


def register(
    label: str,
    *,
    content: Callable[[Model], dict],
    locked: Callable[[], QuerySet],
    queryset: Callable[[], QuerySet] | None = None,
) -> None:
    _KINDS[label] = Kind(label, content, locked, queryset)


def kinds() -> dict[str, Kind]:
    return dict(_KINDS)


def canonical(value):
    """Content as plain JSON values, the same whether computed now or read back."""
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [canonical(v) for v in value]
    if isinstance(value, dict):
        return {str(k): canonical(v) for k, v in value.items()}
    return value


def fields_of(record: Model, names: Iterable[str]) -> dict:
    """The named fields of a record (foreign keys by id), for a `content` function."""
    found = {}
    for name in names:
        model_field = record._meta.get_field(name)
        found[name] = getattr(record, model_field.attname)
    return found


def _hash(data) -> str:
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _chain_value(seal: Seal) -> str:
    return _hash(
        {
            "previous": seal.previous,
            "township": seal.township_id,
            "model": seal.model,
            "object": seal.object_id,
            "digest": seal.digest,
            "sealed_at": canonical(seal.sealed_at),
        }
    )


def _lock_chain(township_id: int) -> None:
    """Two seals of one township never chain to the same predecessor (PostgreSQL: an
    advisory lock until commit; SQLite has one writer at a time anyway)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)", [_LOCK_CLASS, township_id]
            )


@transaction.atomic
def seal(record: Model) -> Seal:
    """Seal a record at the moment it is locked, in the same transaction."""
    kind = _KINDS[record._meta.label]
    content = canonical(kind.content(record))
    _lock_chain(record.township_id)
    last = Seal.objects.filter(township_id=record.township_id).order_by("-id").first()
    entry = Seal(
        township_id=record.township_id,
        model=kind.label,
        object_id=record.pk,
        content=content,
        digest=_hash(content),
        previous=last.chain if last else "",
        sealed_at=timezone.now(),
    )
    entry.chain = _chain_value(entry)
    entry.save()
    return entry


# -- the check ---------------------------------------------------------------------------

CHANGED, DELETED, SEAL_CHANGED, UNSEALED, TRUNCATED = (
    "changed",
    "deleted",
    "seal_changed",
    "unsealed",
    "truncated",
)


BREACH_LABELS = {
    CHANGED: _("changed behind the application's back"),
    DELETED: _("sealed record deleted"),
    SEAL_CHANGED: _("seal changed or removed"),
    UNSEALED: _("locked without a seal"),
    TRUNCATED: _("chain cut short since the last check"),
}


def describe(breach: dict) -> dict:
    """A breach in words for the auditor's page."""
    label = breach.get("model") or ""
    try:
        model = apps.get_model(label) if label else None
    except LookupError:
        model = None

    def field_name(name: str) -> str:
        if name == "ballots":
            return str(_("ballots"))
        try:
            return str(model._meta.get_field(name).verbose_name)
        except Exception:  # noqa: BLE001 - a field since removed keeps its code name
            return name

    record_type = model._meta.verbose_name if model else label
    return {
        "kind": BREACH_LABELS.get(breach["kind"], breach["kind"]),
        "township_id": breach.get("township_id"),
        "record": f"{record_type} #{breach['object_id']}"
        if breach.get("object_id")
        else "",
        "label": model._meta.label_lower if model else "",
        "object_id": breach.get("object_id"),
        "changes": [
            (field_name(name), before, after)
            for name, (before, after) in sorted((breach.get("changes") or {}).items())
        ],
    }


@dataclass
class Report:
    seals: int = 0
    breaches: list[dict] = field(default_factory=list)
    heads: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.breaches


def _breach(kind, *, township_id, model="", object_id=None, changes=None) -> dict:
    return {
        "kind": kind,
        "township_id": township_id,
        "model": model,
        "object_id": object_id,
        "changes": changes or {},
    }


def _differences(before: dict, after: dict) -> dict:
    return {
        name: [before.get(name), after.get(name)]
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    }


def verify(township_ids: Iterable[int] | None = None) -> Report:
    """Check every seal (of the given townships) and every locked record against them."""
    seals = Seal.objects.order_by("township_id", "id")
    if township_ids is not None:
        township_ids = list(township_ids)
        seals = seals.filter(township_id__in=township_ids)
    report = Report()
    by_kind: dict[str, dict[int, Seal]] = {label: {} for label in _KINDS}
    previous: dict[int, str] = {}
    chains: set[str] = set()
    for entry in seals.iterator():
        report.seals += 1
        chains.add(entry.chain)
        expected_previous = previous.get(entry.township_id, "")
        if (
            entry.previous != expected_previous
            or _chain_value(entry) != entry.chain
            or _hash(entry.content) != entry.digest
        ):
            report.breaches.append(
                _breach(
                    SEAL_CHANGED,
                    township_id=entry.township_id,
                    model=entry.model,
                    object_id=entry.object_id,
                )
            )
        previous[entry.township_id] = entry.chain
        by_kind.setdefault(entry.model, {})[entry.object_id] = entry
    report.heads = {str(tid): head for tid, head in previous.items()}
    for label, kind in _KINDS.items():
        sealed = by_kind.get(label, {})
        records = kind.records().filter(pk__in=list(sealed))
        found = {record.pk: record for record in records}
        for object_id, entry in sealed.items():
            record = found.get(object_id)
            if record is None:
                report.breaches.append(
                    _breach(
                        DELETED,
                        township_id=entry.township_id,
                        model=label,
                        object_id=object_id,
                    )
                )
                continue
            now = canonical(kind.content(record))
            if _hash(now) != entry.digest:
                report.breaches.append(
                    _breach(
                        CHANGED,
                        township_id=entry.township_id,
                        model=label,
                        object_id=object_id,
                        changes=_differences(entry.content, now),
                    )
                )
        unsealed = kind.locked().exclude(pk__in=list(sealed))
        if township_ids is not None:
            unsealed = unsealed.filter(township_id__in=township_ids)
        for record in unsealed:
            report.breaches.append(
                _breach(
                    UNSEALED,
                    township_id=record.township_id,
                    model=label,
                    object_id=record.pk,
                )
            )
    last = IntegrityCheck.objects.first()
    if last is not None:
        for tid, head in last.heads.items():
            if township_ids is not None and int(tid) not in township_ids:
                continue
            if head not in chains:
                report.breaches.append(_breach(TRUNCATED, township_id=int(tid)))
    return report


def check_and_record() -> IntegrityCheck:
    """The daily check (beat) or an auditor's: kept, and its heads and breaches logged."""
    report = verify()
    entry = IntegrityCheck.objects.create(
        ran_at=timezone.now(),
        seals=report.seals,
        breaches=report.breaches,
        heads=report.heads,
    )
    security_log.info(
        "integrity check %s: %s seals, %s breaches, heads %s",
        entry.pk,
        report.seals,
        len(report.breaches),
        json.dumps(report.heads, sort_keys=True),
    )
    for breach in report.breaches:
        security_log.warning(
            "integrity breach: %s", json.dumps(breach, ensure_ascii=False)
        )
    return entry
