"""The cadre roster: .xlsx import (all or nothing, every bad row named) and export."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from cadres.roster import services
from cadres.roster.errors import (
    ImportRowsInvalid,
    RosterEmpty,
    RosterHeadingsMissing,
    RosterUnreadable,
)
from cadres.roster.models import CadreTenure
from committees.models import Person
from core.errors import NotPermitted

pytestmark = pytest.mark.django_db

HEADINGS = ["姓名", "类别", "职务", "单位", "电话", "电子邮箱", "任职时间"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(rows, name="roster.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADINGS)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile(name, out.getvalue(), content_type=XLSX)


GOOD = [
    [
        "李明",
        "干部",
        "党政办主任",
        "南岗镇人民政府",
        "13800000001",
        "li@example.org",
        datetime.date(2024, 3, 1),
    ],
    ["王芳", "村干部", "村党支部书记", "东风村", "", "", "2023-01-15"],
]


def test_roster_import_adds_people_with_dates(world, login):
    response = login(world.a.clerk).post(
        f"/t/{world.own.slug}/roster/", {"file": _xlsx(GOOD)}
    )
    assert response.status_code == 302
    li = Person.objects.get(township=world.own, name="李明")
    assert (li.kind, li.post, li.email) == ("cadre", "党政办主任", "li@example.org")
    assert li.tenure.post_since == datetime.date(2024, 3, 1)
    wang = Person.objects.get(township=world.own, name="王芳")
    assert wang.kind == Person.Kind.VILLAGE_LEADER
    assert wang.tenure.post_since == datetime.date(2023, 1, 15)
    assert li.history.latest().history_change_reason == "roster imported"


def test_roster_import_with_a_bad_row_imports_nothing_and_names_the_row(world, login):
    before = Person.objects.count()
    rows = GOOD + [
        ["张强", "临时工", "", "", "", "", ""],
        ["", "干部", "", "", "", "", ""],
        ["赵六", "干部", "", "", "", "bad-mail", "2024-13-40"],
    ]
    response = login(world.a.clerk).post(
        f"/t/{world.own.slug}/roster/", {"file": _xlsx(rows)}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "干部名册未导入：有 3 行存在错误。" in page
    assert "第 4 行" in page and "类别“临时工”既不是“干部”也不是“村干部”" in page
    assert "第 5 行" in page and "缺少姓名" in page
    assert "第 6 行" in page
    assert "电子邮箱“bad-mail”格式不正确" in page
    assert "“2024-13-40”不是有效日期（格式：YYYY-MM-DD）" in page
    assert "第 2 行" not in page
    assert Person.objects.count() == before
    assert not CadreTenure.objects.exists()


def test_roster_service_refuses_any_bad_row(world, english):
    rows = services.roster_parse(_xlsx(GOOD + [["李明", "干部"]]))
    assert rows[-1].errors == ["the name is already in row 2"]
    with pytest.raises(ImportRowsInvalid) as refused:
        services.roster_import(actor=world.a.clerk, township=world.own, rows=rows)
    assert str(refused.value) == "The roster was not imported: 1 rows have errors."
    assert not Person.objects.filter(name="李明").exists()


def test_roster_import_refuses_a_file_that_is_not_xlsx(world, login):
    bad = SimpleUploadedFile("roster.xlsx", b"not a workbook", content_type=XLSX)
    response = login(world.a.clerk).post(f"/t/{world.own.slug}/roster/", {"file": bad})
    assert response.status_code == 200
    # SEC-3: refused by its content (core.uploads) before the importer opens it.
    assert "文件内容不是“xlsx”类型的文件" in response.content.decode()


def test_roster_import_is_for_staff_only(world, login):
    response = login(world.reviewer).post(
        f"/t/{world.own.slug}/roster/", {"file": _xlsx(GOOD)}
    )
    assert response.status_code == 404
    assert not Person.objects.filter(name="李明").exists()


def test_roster_export_round_trips(world, login):
    login(world.a.clerk).post(f"/t/{world.own.slug}/roster/", {"file": _xlsx(GOOD)})
    response = login(world.a.secretary).get(f"/t/{world.own.slug}/roster/export/")
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADINGS
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["李明"][1] == "干部"
    assert by_name["王芳"][1] == "村干部"
    assert by_name["李明"][6].date() == datetime.date(2024, 3, 1)
    # Issue 15: a date shown as a date, the header frozen, the columns fitted.
    (since,) = [r[6] for r in sheet.iter_rows(min_row=2) if r[0].value == "李明"]
    assert since.is_date and "年" in since.number_format
    assert sheet.freeze_panes == "B2"
    assert sheet.column_dimensions["G"].width >= 10
    # The exported file imports again without errors.
    again = services.roster_parse(io.BytesIO(response.content))
    assert [row.errors for row in again if row.errors] == []


def _roster_rows():
    """Rows counted in every table the roster writes, history included."""
    return (
        Person.objects.count(),
        Person.history.count(),
        CadreTenure.objects.count(),
        CadreTenure.history.count(),
    )


def test_roster_import_service_checks_its_actor(world, english):
    """SEC-1/SEC-6: the import service itself refuses anyone but the township's staff
    (not only the page), and writes nothing; the clerk imports."""
    rows = services.roster_parse(_xlsx(GOOD))
    refused = [
        world.a.member,
        world.a.cadre,
        world.a.finance_group,
        world.b.secretary,
        world.reviewer,
        world.nobody,
        world.auditor,
        world.system_admin,
    ]
    for actor in refused:
        before = _roster_rows()
        with pytest.raises(NotPermitted) as error:
            services.roster_import(actor=actor, township=world.own, rows=rows)
        assert str(error.value) == "Your role does not allow this action."
        assert _roster_rows() == before, actor
    assert (
        services.roster_import(actor=world.a.clerk, township=world.own, rows=rows) == 2
    )


def test_sec3_a_roster_file_that_cannot_be_read_is_a_domain_error(world, english):
    """SEC-3: the parser refuses with domain errors, never Django's ValidationError."""
    with pytest.raises(RosterUnreadable) as refused:
        services.roster_parse(io.BytesIO(b"not a workbook"))
    assert str(refused.value) == "The file is not a readable .xlsx workbook."
    empty = io.BytesIO()
    Workbook().save(empty)
    with pytest.raises(RosterEmpty) as refused:
        services.roster_parse(io.BytesIO(empty.getvalue()))
    assert str(refused.value) == "The workbook is empty."
    workbook = Workbook()
    workbook.active.append(["职务", "单位"])
    no_names = io.BytesIO()
    workbook.save(no_names)
    with pytest.raises(RosterHeadingsMissing) as refused:
        services.roster_parse(io.BytesIO(no_names.getvalue()))
    assert str(refused.value) == (
        "The first row must name the columns, at least 姓名 and 类别."
    )
