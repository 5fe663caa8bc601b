"""AUD-2: locked records are tamper-evident.

Apps register the kinds of record they lock (core imports no app):

    integrity.register("meetings.Decision", content=decision_content, locked=decided)

and their services call `integrity.seal(record)` in the transaction that locks it. A seal
keeps the record's content, its fingerprint and a chain value over the township's seals
before it, both HMAC-SHA256 under a key from the environment (`settings.INTEGRITY_KEY`,
never in the database), so an SQL user who edits a record cannot recompute its seal.
Seals made before the key (version 1, plain SHA-256) still verify and are counted as
unkeyed; a plain seal after a keyed one in a chain is a forgery (a downgrade).
The keyed hash is chosen by `settings.INTEGRITY_HASH`: "sha256" (HMAC-SHA256, version 2)
or "sm3" (HMAC-SM3, GB/T 32905, version 3, for a county that requires 国密); each seal
records its version, so a chain that changed algorithm verifies seal by seal.
`verify()` then finds, with no trust in the database:

- a record changed behind the application's back (say, a direct SQL update): its content
  no longer matches its fingerprint, and the check says which fields, before and after;
- a sealed record deleted;
- a seal changed or deleted: the chain values after it no longer follow;
- a record in a locked state without a seal (locked by SQL, not by the service);
- a chain cut short (the newest records deleted with their seals), rewritten, or grown
  by a seal the application never made: each township's chain head is kept outside the
  database at every seal and at every check — in the security log and in the journal,
  an append-only file (`settings.INTEGRITY_JOURNAL`) that an SQL user cannot rewrite.

The journal is written after commit (`transaction.on_commit`). That is the safe order: a
line always names a committed seal, so a rolled-back seal leaves no line and a seal the
journal knows but the database lacks was deleted. The other way round (the process dies
between commit and the write, or a check reads in that instant) leaves a committed seal
the journal does not know: the check reports it — a false alarm, never a missed deletion
— and journals the head it saw, so a lost line shows once while a cut chain shows at
every check.
"""

from __future__ import annotations

import datetime
import decimal
import fcntl
import hashlib
import hmac
import json
import logging
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
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
    # The content as it was sealed before the key (version 1), where it differs.
    unkeyed_content: Callable[[Model], dict] | None = None

    def content_for(self, version: int) -> Callable[[Model], dict]:
        if version == Seal.Version.UNKEYED and self.unkeyed_content:
            return self.unkeyed_content
        return self.content

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
    unkeyed_content: Callable[[Model], dict] | None = None,
) -> None:
    _KINDS[label] = Kind(label, content, locked, queryset, unkeyed_content)


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


def _key() -> bytes:
    key = getattr(settings, "INTEGRITY_KEY", "")
    if not key:
        raise ImproperlyConfigured("Set INTEGRITY_KEY: the key of the seals (AUD-2).")
    return key.encode()


# -- the hash: HMAC-SHA256 or HMAC-SM3, by setting; each seal names its own -------------

HASH_VERSIONS = {"sha256": Seal.Version.KEYED, "sm3": Seal.Version.KEYED_SM3}
KEYED_VERSIONS = frozenset(HASH_VERSIONS.values())
_SM3_BLOCK = 64  # bytes (GB/T 32905-2016: 512-bit blocks)


def sm3_digest(data: bytes) -> bytes:
    """SM3 (GB/T 32905-2016) of `data`, from gmssl."""
    from gmssl import func, sm3

    return bytes.fromhex(sm3.sm3_hash(func.bytes_to_list(data)))


def hmac_sm3(key: bytes, message: bytes) -> str:
    """HMAC-SM3 as RFC 2104 defines HMAC: H((K ^ opad) || H((K ^ ipad) || m)), B = 64."""
    if len(key) > _SM3_BLOCK:
        key = sm3_digest(key)
    key = key.ljust(_SM3_BLOCK, b"\0")
    inner = sm3_digest(bytes(b ^ 0x36 for b in key) + message)
    return sm3_digest(bytes(b ^ 0x5C for b in key) + inner).hex()


def current_version() -> int:
    """The version new seals get: the keyed hash `settings.INTEGRITY_HASH` names."""
    name = getattr(settings, "INTEGRITY_HASH", "sha256") or "sha256"
    try:
        return HASH_VERSIONS[name.lower()]
    except KeyError:
        raise ImproperlyConfigured(
            f"INTEGRITY_HASH must be one of {sorted(HASH_VERSIONS)}, not {name!r}."
        ) from None


def _hash(data, version: int = Seal.Version.KEYED) -> str:
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    if version == Seal.Version.UNKEYED:
        return hashlib.sha256(text.encode()).hexdigest()
    if version == Seal.Version.KEYED_SM3:
        return hmac_sm3(_key(), text.encode())
    return hmac.new(_key(), text.encode(), hashlib.sha256).hexdigest()


def _chain_value(seal: Seal) -> str:
    return _hash(
        {
            "previous": seal.previous,
            "township": seal.township_id,
            "model": seal.model,
            "object": seal.object_id,
            "digest": seal.digest,
            "sealed_at": canonical(seal.sealed_at),
        },
        seal.version,
    )


def _lock_chain(township_id: int) -> None:
    """Two seals of one township never chain to the same predecessor (PostgreSQL: an
    advisory lock until commit; SQLite has one writer at a time anyway)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)", [_LOCK_CLASS, township_id]
            )


# -- the journal: chain heads outside the database -------------------------------------


def journal_path() -> Path:
    return Path(settings.INTEGRITY_JOURNAL)


class JournalWrite:
    """Journal lines appended after commit (`transaction.on_commit`), and logged."""

    def __init__(self, lines: list[dict]):
        self.lines = lines

    def __call__(self) -> None:
        try:
            append_journal(self.lines)
        except OSError as error:
            # The seal is committed and its head is in the security log; the next check
            # reports the head the journal lacks. A full disk fails no request.
            security_log.error("integrity journal not written: %s", error)


def _journal_line(event: str, township_id: int, length: int, head: str) -> dict:
    return {
        "at": timezone.now().isoformat(),
        "event": event,
        "township": township_id,
        "length": length,
        "head": head,
    }


def append_journal(lines: list[dict]) -> None:
    """Append, never rewrite: one write under an exclusive lock, synced to disk."""
    if not lines:
        return
    for line in lines:
        security_log.info(
            "integrity journal: %s township %s length %s head %s",
            line["event"],
            line["township"],
            line["length"],
            line["head"],
        )
    path = journal_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    data = "".join(
        json.dumps(line, sort_keys=True, separators=(",", ":")) + "\n" for line in lines
    ).encode()
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        os.write(descriptor, data)
        os.fsync(descriptor)
    finally:
        os.close(descriptor)  # releases the lock


def read_journal() -> list[dict]:
    path = journal_path()
    if not path.exists():
        return []
    lines = []
    with path.open(encoding="utf-8") as journal:
        for number, text in enumerate(journal, start=1):
            try:
                line = json.loads(text)
                lines.append(
                    {
                        "township": int(line["township"]),
                        "length": int(line["length"]),
                        "head": str(line["head"]),
                    }
                )
            except (ValueError, KeyError, TypeError):
                # A torn last line (a crash mid-write) is not a breach of the database.
                security_log.warning("integrity journal: unreadable line %s", number)
    return lines


@transaction.atomic
def seal(record: Model) -> Seal:
    """Seal a record at the moment it is locked, in the same transaction."""
    kind = _KINDS[record._meta.label]
    content = canonical(kind.content(record))
    _lock_chain(record.township_id)
    last = Seal.objects.filter(township_id=record.township_id).order_by("-id").first()
    version = current_version()
    entry = Seal(
        township_id=record.township_id,
        model=kind.label,
        object_id=record.pk,
        content=content,
        digest=_hash(content, version),
        previous=last.chain if last else "",
        sealed_at=timezone.now(),
        version=version,
    )
    entry.chain = _chain_value(entry)
    entry.save()
    length = Seal.objects.filter(township_id=record.township_id).count()
    transaction.on_commit(
        JournalWrite([_journal_line("seal", record.township_id, length, entry.chain)])
    )
    return entry


# -- the check ---------------------------------------------------------------------------

CHANGED, DELETED, SEAL_CHANGED, UNSEALED, TRUNCATED, REWRITTEN, UNJOURNALED = (
    "changed",
    "deleted",
    "seal_changed",
    "unsealed",
    "truncated",
    "rewritten",
    "unjournaled",
)


BREACH_LABELS = {
    CHANGED: _("changed behind the application's back"),
    DELETED: _("sealed record deleted"),
    SEAL_CHANGED: _("seal changed or removed"),
    UNSEALED: _("locked without a seal"),
    TRUNCATED: _("chain shorter than its journaled head"),
    REWRITTEN: _("chain differs from its journaled head"),
    UNJOURNALED: _("chain head unknown to the journal"),
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
        if name == "attendance":
            return str(_("attendance records"))
        if name == "length":
            return str(_("seals in the chain"))
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
    lengths: dict[str, int] = field(default_factory=dict)
    unkeyed: int = 0  # seals made before the key: plain SHA-256

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
    positions: dict[int, list[str]] = {}  # each township's chain values, in order
    keyed: set[int] = set()  # townships whose chain has reached a keyed seal
    for entry in seals.iterator():
        report.seals += 1
        chains.add(entry.chain)
        positions.setdefault(entry.township_id, []).append(entry.chain)
        expected_previous = previous.get(entry.township_id, "")
        if entry.version == Seal.Version.UNKEYED:
            report.unkeyed += 1
            # Nothing plain is sealed after the key: a plain seal after a keyed one
            # was recomputed by someone without the key.
            downgraded = entry.township_id in keyed
        else:
            keyed.add(entry.township_id)
            downgraded = entry.version not in KEYED_VERSIONS
        if (
            downgraded
            or entry.previous != expected_previous
            or _chain_value(entry) != entry.chain
            or _hash(entry.content, entry.version) != entry.digest
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
    report.lengths = {str(tid): len(chain) for tid, chain in positions.items()}
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
            now = canonical(kind.content_for(entry.version)(record))
            if _hash(now, entry.version) != entry.digest:
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
    journaled = _against_journal(report, positions, township_ids)
    last = IntegrityCheck.objects.first()
    if last is not None:
        # Heads the database kept of its last check: a second witness for townships
        # the journal does not know (a journal started after the seals).
        for tid, head in last.heads.items():
            if township_ids is not None and int(tid) not in township_ids:
                continue
            if int(tid) not in journaled and head not in chains:
                report.breaches.append(_breach(TRUNCATED, township_id=int(tid)))
    return report


def _against_journal(
    report: Report, positions: dict[int, list[str]], township_ids: list[int] | None
) -> set[int]:
    """Each township's chain against every head the journal kept of it: a journaled
    length the chain no longer reaches (cut short), a different value at a journaled
    length (rewritten), a head the journal never saw. Returns the townships it knows."""
    by_township: dict[int, list[dict]] = {}
    for line in read_journal():
        if township_ids is None or line["township"] in township_ids:
            by_township.setdefault(line["township"], []).append(line)
    for tid, lines in sorted(by_township.items()):
        chain = positions.get(tid, [])
        longest = max(line["length"] for line in lines)
        if longest > len(chain):
            report.breaches.append(
                _breach(
                    TRUNCATED,
                    township_id=tid,
                    changes={"length": [longest, len(chain)]},
                )
            )
        elif any(
            0 < line["length"] and chain[line["length"] - 1] != line["head"]
            for line in lines
        ):
            report.breaches.append(_breach(REWRITTEN, township_id=tid))
        elif chain and chain[-1] not in {line["head"] for line in lines}:
            report.breaches.append(
                _breach(
                    UNJOURNALED,
                    township_id=tid,
                    changes={"length": [longest, len(chain)]},
                )
            )
    return set(by_township)


def check_and_record() -> IntegrityCheck:
    """The daily check (beat) or an auditor's: kept, and its heads and breaches logged."""
    report = verify()
    entry = IntegrityCheck.objects.create(
        ran_at=timezone.now(),
        seals=report.seals,
        breaches=report.breaches,
        heads=report.heads,
        unkeyed=report.unkeyed,
    )
    transaction.on_commit(
        JournalWrite(
            [
                _journal_line("check", int(tid), report.lengths[tid], head)
                for tid, head in sorted(report.heads.items())
            ]
        )
    )
    security_log.info(
        "integrity check %s: %s seals (%s without a key), %s breaches, heads %s",
        entry.pk,
        report.seals,
        report.unkeyed,
        len(report.breaches),
        json.dumps(report.heads, sort_keys=True),
    )
    for breach in report.breaches:
        security_log.warning(
            "integrity breach: %s", json.dumps(breach, ensure_ascii=False)
        )
    return entry
