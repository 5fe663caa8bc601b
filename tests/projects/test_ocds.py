"""OCDS 1.1 output of PRJ-1/PRJ-2: a release per step and a record per project, at stable
URLs per township, with the ocid prefix of the setting, amounts in CNY and date-times with
their offset. Checked against the standard's required fields and closed codelists as the
1.1.5 schemas state them (release-schema.json, release-package-schema.json,
record-package-schema.json)."""

from __future__ import annotations

import datetime

import pytest
from django.test import override_settings
from django.urls import reverse

from projects.models import Inspection
from tests.projects import factories as f

pytestmark = pytest.mark.django_db

RELEASE_TAGS = {
    "planning", "planningUpdate", "tender", "tenderAmendment", "tenderUpdate",
    "tenderCancellation", "award", "awardUpdate", "awardCancellation", "contract",
    "contractUpdate", "contractAmendment", "implementation", "implementationUpdate",
    "contractTermination", "compiled",
}  # fmt: skip
TENDER_STATUS = {
    "planning",
    "planned",
    "active",
    "cancelled",
    "unsuccessful",
    "complete",
    "withdrawn",
}
METHOD = {"open", "selective", "limited", "direct"}
AWARD_STATUS = {"pending", "active", "cancelled", "unsuccessful"}
CONTRACT_STATUS = {"pending", "active", "cancelled", "terminated"}
CATEGORY = {"goods", "works", "services"}
MILESTONE_STATUS = {"scheduled", "met", "notMet", "partiallyMet"}


def _moment(text):
    moment = datetime.datetime.fromisoformat(text)
    assert moment.utcoffset() == datetime.timedelta(hours=8), text
    return moment


def _values(node):
    """Every {amount, currency} value in a release."""
    if isinstance(node, dict):
        if set(node) == {"amount", "currency"}:
            yield node
        for child in node.values():
            yield from _values(child)
    elif isinstance(node, list):
        for child in node:
            yield from _values(child)


def _check_release(release, prefix):
    for field in ("ocid", "id", "date", "tag", "initiationType"):
        assert release[field], field
    assert release["ocid"].startswith(prefix + "-")
    assert "#" not in release["id"]
    assert set(release["tag"]) <= RELEASE_TAGS
    assert release["initiationType"] == "tender"
    _moment(release["date"])
    tender = release.get("tender")
    if tender:
        assert tender["id"]
        assert tender["status"] in TENDER_STATUS
        assert tender.get("procurementMethod", "open") in METHOD
        assert tender["mainProcurementCategory"] in CATEGORY
        for key in ("startDate", "endDate"):
            if key in tender.get("tenderPeriod", {}):
                _moment(tender["tenderPeriod"][key])
    for award in release.get("awards", []):
        assert award["id"] and award["status"] in AWARD_STATUS
        _moment(award["date"])
    for contract in release.get("contracts", []):
        assert contract["id"] and contract["awardID"]
        assert contract["status"] in CONTRACT_STATUS
        _moment(contract["dateSigned"])
        for milestone in contract.get("implementation", {}).get("milestones", []):
            assert milestone["status"] in MILESTONE_STATUS
            _moment(milestone["dateMet"])
    for party in release.get("parties", []):
        assert party["id"] and party["name"]
    for value in _values(release):
        assert value["currency"] == "CNY" and isinstance(value["amount"], float)


@override_settings(PROJECTS_OCID_PREFIX="ocds-test42")
def test_prj2_ocds_release_and_record_packages(world, client):
    town = f.town_of(world)
    project = f.tendering(town)
    f.implementing(town, project)
    f.services.expenditure_record(
        actor=town.clerk,
        project=project,
        amount=f.Decimal("1000000.00"),
        paid_on=datetime.date(2026, 12, 30),
        payee="南岗路桥建设有限公司",
    )
    assert project.inspections.filter(kind=Inspection.Kind.QUALITY).exists()
    releases = client.get(reverse("projects:ocds_releases", args=[town.township.slug]))
    assert releases.status_code == 200
    assert releases["Content-Type"].startswith("application/json")
    package = releases.json()
    assert package["version"] == "1.1"
    assert package["uri"].endswith(
        f"/p/{town.township.slug}/projects/ocds/releases.json"
    )
    _moment(package["publishedDate"])
    assert package["publisher"]["name"] == town.township.name
    tags = [r["tag"][0] for r in package["releases"]]
    assert tags == ["planning", "tender", "award", "contract", "implementation"]
    ids = [r["id"] for r in package["releases"]]
    assert len(set(ids)) == len(ids)
    for release in package["releases"]:
        _check_release(release, "ocds-test42")
        assert release["ocid"] == f"ocds-test42-{town.township.slug}-{project.pk}"
    award = package["releases"][2]["awards"][0]
    assert award["suppliers"][0]["name"] == "南岗路桥建设有限公司"
    assert award["value"] == {"amount": 4980000.0, "currency": "CNY"}
    implementation = package["releases"][4]["contracts"][0]["implementation"]
    assert implementation["transactions"][0]["value"]["amount"] == 1000000.0

    records = client.get(
        reverse("projects:ocds_records", args=[town.township.slug])
    ).json()
    for field in ("uri", "publisher", "publishedDate", "records", "version"):
        assert records[field], field
    (record,) = records["records"]
    assert record["ocid"] == package["releases"][0]["ocid"]
    assert [r["tag"] for r in record["releases"]] == [[t] for t in tags]
    assert all(r["url"].split("#")[1] in ids for r in record["releases"])
    compiled = record["compiledRelease"]
    _check_release(compiled, "ocds-test42")
    assert compiled["tag"] == ["compiled"]
    assert compiled["tender"]["status"] == "complete"


def test_prj2_ocds_shows_only_published_projects_and_an_empty_record_package_is_absent(
    world, client
):
    town = f.town_of(world)
    project = f.tendering(town)  # not published: no tender yet, no public page
    package = client.get(
        reverse("projects:ocds_releases", args=[town.township.slug])
    ).json()
    assert package["releases"] == []
    assert (
        client.get(
            reverse("projects:ocds_records", args=[town.township.slug])
        ).status_code
        == 404
    )
    assert (
        client.get(
            reverse("projects:public", args=[town.township.slug, project.pk])
        ).status_code
        == 404
    )
    f.publish(town, project)
    package = client.get(
        reverse("projects:ocds_releases", args=[town.township.slug])
    ).json()
    assert [r["tag"] for r in package["releases"]] == [["planning"], ["tender"]]
    tender = package["releases"][1]["tender"]
    assert tender["status"] == "active" and "numberOfTenderers" not in tender
