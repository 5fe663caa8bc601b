"""Open Contracting Data Standard 1.1 output of the published projects (PRJ-1, PRJ-2).

Each published project is one contracting process (`ocid` = the setting
`PROJECTS_OCID_PREFIX`, the township's slug and the project's id). Its releases, one per
step that happened: `planning` (the committee decided and the county approved),
`tender` (each tender round), `tenderAmendment` (a clarification that moved the deadline),
`award`, `contract`, `implementation` (inspections and payments). A record per project
links its releases and carries the compiled release. Amounts are CNY; date-times carry their
offset (Asia/Shanghai, +08:00). Read-only: built from the records, never stored.
"""

from __future__ import annotations

import datetime
from urllib.parse import urljoin

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from core.periods import SHANGHAI
from projects.models import Project, Tender

DEFAULT_PREFIX = "ocds-cnpilot"
CURRENCY = "CNY"
TENDER_STATUS = {
    Tender.Status.OPEN: "active",
    Tender.Status.PAUSED: "active",
    Tender.Status.CLOSED: "active",
    Tender.Status.FAILED: "unsuccessful",
    Tender.Status.EVALUATED: "active",
    Tender.Status.CANDIDATES: "active",
    Tender.Status.AWARDED: "complete",
    Tender.Status.CONTRACTED: "complete",
}


def ocid_prefix() -> str:
    return getattr(settings, "PROJECTS_OCID_PREFIX", DEFAULT_PREFIX)


def ocid(project: Project) -> str:
    return f"{ocid_prefix()}-{project.township.slug}-{project.pk}"


def _dt(moment: datetime.datetime | datetime.date | None) -> str | None:
    if moment is None:
        return None
    if not isinstance(moment, datetime.datetime):
        moment = datetime.datetime.combine(moment, datetime.time(12), tzinfo=SHANGHAI)
    return moment.astimezone(SHANGHAI).replace(microsecond=0).isoformat()


def _value(amount) -> dict:
    return {"amount": float(amount), "currency": CURRENCY}


def _buyer(project: Project) -> dict:
    return {"id": f"CN-TOWNSHIP-{project.township.slug}", "name": project.township.name}


def _bidder_party(bid) -> dict:
    return {"id": f"bidder-{bid.pk}", "name": bid.bidder}


def _stage_at(project: Project, stage: str) -> datetime.datetime | None:
    record = [r for r in project.stage_records.all() if r.stage == stage]
    return record[-1].at if record else None


def _planning(project: Project) -> dict:
    amount = (
        project.cost_estimate or project.feasibility_estimate or project.proposed_amount
    )
    planning = {
        "budget": {"amount": _value(amount)},
        "rationale": project.description or project.title,
    }
    if project.approval_number:
        planning["budget"]["description"] = (
            f"{project.approval_authority} {project.approval_number}"
        )
    return planning


def _tender_section(project: Project, tender: Tender | None) -> dict:
    section = {
        "id": f"{ocid(project)}-tender-{tender.round if tender else 0}",
        "title": project.title,
        "mainProcurementCategory": project.category,
    }
    if tender is None:
        section["status"] = "planning"
        return section
    bids = list(tender.bids.all())
    section.update(
        {
            "title": f"{project.title}（{tender.lot}）",
            "status": TENDER_STATUS[tender.status],
            "procurementMethod": "open",
            "procuringEntity": _buyer(project),
            "value": _value(project.cost_estimate or project.proposed_amount),
            "tenderPeriod": {
                "startDate": _dt(tender.documents_from),
                "endDate": _dt(tender.deadline),
            },
        }
    )
    if timezone.now() >= tender.deadline:
        section["numberOfTenderers"] = len(bids)
        section["tenderers"] = [_bidder_party(b) for b in bids]
    amendments = [
        {
            "id": f"clarification-{c.pk}",
            "date": _dt(c.at),
            "rationale": c.text,
            "description": f"投标截止时间由{_dt(c.old_deadline)}顺延至{_dt(c.new_deadline)}",
        }
        for c in tender.clarifications.all()
        if c.new_deadline != c.old_deadline
    ]
    if amendments:
        section["amendments"] = amendments
    return section


def _award(tender: Tender) -> dict:
    return {
        "id": f"award-{tender.pk}",
        "title": tender.lot,
        "status": "active",
        "date": _dt(tender.awarded_at),
        "value": _value(tender.winner.price),
        "suppliers": [_bidder_party(tender.winner)],
    }


def _contract(project: Project, tender: Tender, with_implementation: bool) -> dict:
    finished = project.stage == Project.Stage.FINISHED
    contract = {
        "id": f"contract-{tender.pk}",
        "awardID": f"award-{tender.pk}",
        "title": tender.lot,
        "status": "terminated" if finished else "active",
        "value": _value(tender.contract_amount),
        "dateSigned": _dt(tender.contract_signed_on),
    }
    if with_implementation:
        contract["implementation"] = {
            "transactions": [
                {
                    "id": f"payment-{e.pk}",
                    "date": _dt(e.paid_on),
                    "value": _value(e.amount),
                    "payer": _buyer(project),
                    "payee": {"id": f"payee-{e.pk}", "name": e.payee},
                }
                for e in project.expenditures.all()
            ],
            "milestones": [
                {
                    "id": f"inspection-{i.pk}",
                    "title": f"{i.get_kind_display()}（{i.inspector}）",
                    "description": i.findings,
                    "type": "delivery",
                    "status": "met",
                    "dateMet": _dt(i.on),
                }
                for i in project.inspections.all()
            ],
        }
    return contract


def _parties(project: Project, tenders: list[Tender]) -> list[dict]:
    buyer = _buyer(project) | {"roles": ["buyer", "procuringEntity"]}
    parties = {buyer["id"]: buyer}
    now = timezone.now()
    for tender in tenders:
        if now < tender.deadline:
            continue
        for bid in tender.bids.all():
            party = _bidder_party(bid) | {"roles": ["tenderer"]}
            if tender.winner_id == bid.pk:
                party["roles"].append("supplier")
            parties[party["id"]] = party
    return list(parties.values())


def _release(project, tag, date, **sections) -> dict:
    release = {
        "ocid": ocid(project),
        "id": f"{ocid(project)}-{tag}-{sections.pop('n', 1)}",
        "date": _dt(date),
        "tag": [tag],
        "initiationType": "tender",
        "language": "zh",
        "buyer": _buyer(project),
    }
    release.update(sections)
    return release


def releases_of(project: Project) -> list[dict]:
    """Every release of the project's steps, oldest first."""
    tenders = list(project.tenders.order_by("round", "pk"))
    parties = _parties(project, tenders)
    found = []
    planned = _stage_at(project, Project.Stage.TENDERING) or _stage_at(
        project, Project.Stage.APPROVAL
    )
    if planned is not None:
        found.append(
            _release(
                project,
                "planning",
                planned,
                parties=parties[:1],
                planning=_planning(project),
                tender=_tender_section(project, None),
            )
        )
    for tender in tenders:
        n = tender.round
        found.append(
            _release(
                project,
                "tender",
                tender.published_at,
                n=n,
                parties=parties,
                planning=_planning(project),
                tender=_tender_section(project, tender),
            )
        )
        for clarification in tender.clarifications.all():
            if clarification.new_deadline == clarification.old_deadline:
                continue
            found.append(
                _release(
                    project,
                    "tenderAmendment",
                    clarification.at,
                    n=f"{n}-{clarification.pk}",
                    parties=parties,
                    tender=_tender_section(project, tender),
                )
            )
        if tender.awarded_at:
            found.append(
                _release(
                    project,
                    "award",
                    tender.awarded_at,
                    n=n,
                    parties=parties,
                    tender=_tender_section(project, tender),
                    awards=[_award(tender)],
                )
            )
        if tender.contract_signed_on:
            found.append(
                _release(
                    project,
                    "contract",
                    tender.contract_published_at,
                    n=n,
                    parties=parties,
                    awards=[_award(tender)],
                    contracts=[_contract(project, tender, False)],
                )
            )
            done = project.inspections.exists() or project.expenditures.exists()
            if done:
                last = max(
                    [
                        _stage_at(project, Project.Stage.IMPLEMENTATION)
                        or tender.contract_published_at
                    ]
                    + [r.at for r in project.stage_records.all()]
                )
                found.append(
                    _release(
                        project,
                        "implementation",
                        last,
                        n=n,
                        parties=parties,
                        awards=[_award(tender)],
                        contracts=[_contract(project, tender, True)],
                    )
                )
    return found


def compiled_release(project: Project, releases: list[dict]) -> dict:
    """The latest state of every section (OCDS's merge, for these flat sections)."""
    compiled = {
        "ocid": ocid(project),
        "id": f"{ocid(project)}-compiled",
        "date": releases[-1]["date"],
        "tag": ["compiled"],
        "initiationType": "tender",
        "language": "zh",
    }
    for release in releases:
        for key in ("buyer", "parties", "planning", "tender", "awards", "contracts"):
            if key in release:
                compiled[key] = release[key]
    return compiled


def _projects(projects):
    return projects.prefetch_related(
        "stage_records",
        "inspections",
        "expenditures",
        "tenders__bids",
        "tenders__clarifications",
    ).select_related("township")


def _package_head(township, uri: str) -> dict:
    return {
        "uri": uri,
        "version": "1.1",
        "publishedDate": _dt(timezone.now()),
        "publisher": {"name": township.name},
        "license": "https://creativecommons.org/licenses/by/4.0/",
        "publicationPolicy": urljoin(
            uri, reverse("disclosure:index", args=[township.slug])
        ),
    }


def release_package(township, projects, uri: str) -> dict:
    package = _package_head(township, uri)
    package["releases"] = [r for p in _projects(projects) for r in releases_of(p)]
    return package


def record_package(township, projects, uri: str) -> dict:
    releases_uri = uri.replace("records.json", "releases.json")
    package = _package_head(township, uri)
    records = []
    for project in _projects(projects):
        releases = releases_of(project)
        if not releases:
            continue
        records.append(
            {
                "ocid": ocid(project),
                "releases": [
                    {
                        "url": f"{releases_uri}#{r['id']}",
                        "date": r["date"],
                        "tag": r["tag"],
                    }
                    for r in releases
                ],
                "compiledRelease": compiled_release(project, releases),
            }
        )
    package["records"] = records
    return package
