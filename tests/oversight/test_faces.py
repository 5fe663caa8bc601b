"""The county desk as people read it (issue 15): the pilot phase past its end date, the
trend bars' status colours, the .xlsx export a county office can file, words and dates."""

import datetime
import io
import re

import pytest
from django.urls import reverse

from oversight import rules
from tests.oversight.factories import make_pilot

END = datetime.date(2026, 8, 31)


@pytest.mark.parametrize(
    ("ended_on", "today", "days"),
    [
        (None, datetime.date(2026, 8, 30), 0),
        (None, END, 0),  # the pilot's last day: not yet past
        (None, datetime.date(2026, 9, 1), 1),
        (None, datetime.date(2026, 9, 30), 30),
        (datetime.date(2026, 8, 20), datetime.date(2026, 9, 30), 0),  # ended: never
    ],
)
def test_pil1_days_past_end(ended_on, today, days):
    assert rules.days_past_end(ended_on, END, today) == days


@pytest.mark.django_db
def test_pil1_an_open_phase_past_the_pilot_end_is_flagged(world, login, monkeypatch):
    make_pilot(
        world.own, world.a.secretary
    )  # 1 July – 31 August 2026, preparation open
    url = reverse("oversight:pilot", args=[world.own.slug])
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a: datetime.date(2026, 8, 15))
    assert (
        'id="phase-overdue"' not in login(world.a.secretary).get(url).content.decode()
    )
    monkeypatch.setattr(timezone, "localdate", lambda *a: datetime.date(2026, 9, 3))
    html = login(world.a.secretary).get(url).content.decode()
    assert 'id="phase-overdue"' in html
    assert "已超过试点结束日期（2026年8月31日）3 天" in html


@pytest.mark.django_db
def test_pil3_trend_bars_carry_the_status_colour(world, login):
    from oversight import views

    html = (
        login(world.reviewer)
        .get(reverse("oversight:dashboard", args=[world.county.pk]))
        .content.decode()
    )
    assert 'fill="#b22222"' not in html
    bars = re.findall(r'<rect [^>]*class="bar-(ok|warn|bad|none)"', html)
    assert "筛选" in html and ">显示<" not in html
    # The chart helper colours by the figure's rule.
    from core import figures as registry

    class Fig:
        colour = staticmethod(registry.rate_colour(90, 70))

    chart = views._chart(
        {
            "figure": Fig,
            "percent": True,
            "bars": [
                {"month": 1, "value": 95},
                {"month": 2, "value": 75},
                {"month": 3, "value": 40},
                {"month": 4, "value": None},
            ],
        }
    )
    assert [b["colour"] for b in chart["bars"]] == ["ok", "warn", "bad", "none"]
    assert isinstance(bars, list)


@pytest.mark.django_db
def test_pil3_xlsx_is_a_sheet_to_file(world, login):
    from openpyxl import load_workbook

    response = login(world.reviewer).get(
        reverse("oversight:xlsx", args=[world.county.pk])
    )
    book = load_workbook(io.BytesIO(response.content))
    for sheet in book.worksheets:
        header = [c.value for c in sheet[1]]
        assert len(header) == len(set(header)), (sheet.title, header)  # unique
        assert sheet.freeze_panes is not None and sheet.freeze_panes.endswith("2")
        assert all(
            sheet.column_dimensions[c.column_letter].width >= 6 for c in sheet[1]
        )
        assert all(c.font.bold for c in sheet[1])
    first = book.worksheets[0]
    header = [c.value for c in first[1]]
    # LRN-3's submission rate is the figure in % (unit in the header).
    rate = next(i for i, h in enumerate(header) if h.endswith("（%）"))
    assert header[rate].startswith("LRN-3")
    counts = [h for h in header if h.startswith("DEC-") and not h.endswith("评价")]
    assert counts and all(h.endswith("）") for h in counts)
    for row in first.iter_rows(min_row=2):
        cell = row[rate]
        if isinstance(cell.value, (int, float)):
            assert 0 <= cell.value <= 1 and cell.number_format == "0%"
    # The township's name column is wide enough for its Chinese name.
    assert first.column_dimensions["A"].width >= 8


def test_every_filter_button_says_shai_xuan():
    """The admin's catalogue says 过滤器 for "Filter"; the project's comes first."""
    from django.utils import translation
    from django.utils.translation import gettext, pgettext

    with translation.override("zh-hans"):
        assert gettext("Filter") == "筛选"
        assert pgettext("filter button", "Filter") == "筛选"


@pytest.mark.django_db
def test_pil3_county_report_is_a_document_to_file(world, login, tmp_path):
    """Issuing body, date, a conclusion paragraph per township, page numbers."""
    import shutil
    import subprocess

    from django.utils import timezone

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext not installed")
    response = login(world.reviewer).get(
        reverse("oversight:report_pdf", args=[world.county.pk])
    )
    path = tmp_path / "report.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    flat = re.sub(r"\s+", "", text)
    assert f"中共{world.county.name}委组织部" in flat
    today = timezone.localdate()
    assert f"{today.year}年{today.month}月{today.day}日" in flat
    assert "一、结论" in flat
    for name in ("南岗镇", "樟木桥镇"):
        assert re.search(
            name + r"：合规指标\d+项，需关注\d+项，违规\d+项，尚未记录\d+项。", flat
        )
    assert "—1—" in flat  # the page number
