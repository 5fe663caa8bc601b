"""Browser (issue 14): the year-end assessment through the screens — goals and targets,
scores, grades under the cap, the pool split with its arithmetic, the dossier PDF —
at 1280 px and at a phone's width (INC-1, INC-2, INC-3)."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from cadres.incentives.models import PoolShare
from tests.cadres.incentives.factories import cadres, plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YEAR = 2025


def _fits(page):
    return page.evaluate(
        "document.documentElement.scrollWidth <= window.innerWidth + 1"
    )


def test_inc1_inc2_inc3_year_end_from_goals_to_dossier_pdf(
    world, live_server, browser_login
):
    other = cadres(world.own, ["李四"])[0]
    plan(other, YEAR, ("100",), ("80",))
    person = world.a.cadre.person
    page = browser_login(world.a.secretary)
    page.set_viewport_size({"width": 1280, "height": 900})
    base = f"{live_server.url}/t/{world.own.slug}/incentives/{YEAR}"

    # Goals, then the cadre's targets; weights of 99.99 are refused, 100 accepted.
    page.goto(f"{base}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{YEAR} 年度目标任务")
    page.get_by_label("年度目标").fill("经济发展")
    page.get_by_role("button", name="添加年度目标").click()
    expect(page.get_by_text("经济发展").first).to_be_visible()
    page.goto(f"{base}/plan/{person.pk}/")
    page.locator("#id_plan-title_0").fill("招商引资")
    page.locator("#id_plan-measure_0").fill("引进项目 3 个")
    page.locator("#id_plan-weight_0").fill("40")
    page.locator("#id_plan-title_1").fill("信访办结")
    page.locator("#id_plan-measure_1").fill("办结率 95%")
    page.locator("#id_plan-weight_1").fill("59.99")
    page.get_by_role("button", name="保存目标任务").click()
    expect(page.get_by_text("权重合计 99.99，不等于 100")).to_be_visible()
    page.locator("#id_plan-weight_1").fill("60")
    page.get_by_role("button", name="保存目标任务").click()
    expect(page.get_by_text("目标任务已保存。")).to_be_visible()

    # Scores: 95.50 and 88.25 → 40 % × 95.50 + 60 % × 88.25 = 91.15.
    fields = page.locator("input[name^='scores-score_']")
    fields.nth(0).fill("95.50")
    fields.nth(1).fill("88.25")
    page.get_by_role("button", name="保存得分").click()
    expect(page.get_by_text("得分已保存。")).to_be_visible()
    expect(page.locator("tfoot")).to_contain_text("91.15")

    # Grades: two excellent of the township's assessed would exceed the cap.
    page.goto(f"{base}/grades/")
    page.get_by_label(person.name, exact=True).select_option("excellent")
    page.get_by_label("李四", exact=True).select_option("excellent")
    page.get_by_role("button", name="登记等次").click()
    expect(page.get_by_text("超过优秀等次比例上限")).to_be_visible()
    expect(page.get_by_text("2 × 20% = 0.4，向下取整为 0 人").first).to_be_visible()
    page.get_by_label(person.name, exact=True).select_option("competent")
    page.get_by_label("李四", exact=True).select_option("competent")
    page.get_by_role("button", name="登记等次").click()
    expect(page.get_by_text("考核等次已登记。")).to_be_visible()

    # The pool, split to the fen: 91.15 : 80 of 1000.00.
    page.goto(f"{base}/pool/")
    page.get_by_label("核定绩效工资总额（元）").fill("1000.00")
    page.get_by_label("批准文件").fill("县财政〔2025〕12号")
    page.get_by_role("button", name="保存总额").click()
    page.get_by_role("button", name="分配绩效工资").click()
    expect(page.get_by_text("绩效工资已分配。")).to_be_visible()
    shares = {s.person_id: s.share for s in PoolShare.objects.all()}
    assert sum(shares.values()) == Decimal("1000.00")
    assert shares[person.pk] == Decimal(
        "532.57"
    )  # 100000 × 91.15 / 171.15 = 53257.96… fen
    row = page.get_by_role("row").filter(has_text=person.name)
    expect(row).to_contain_text("532.57")
    expect(page.get_by_text("结果与人员排列顺序无关")).to_be_visible()
    page.screenshot(path="/tmp/inc_pool_1280.png", full_page=True)
    page.set_viewport_size({"width": 375, "height": 800})
    assert _fits(page)
    page.screenshot(path="/tmp/inc_pool_375.png", full_page=True)

    # The dossier, and its PDF.
    page.goto(f"{base}/dossier/{person.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("年度考核档案")
    expect(page.get_by_text("532.57", exact=False).first).to_be_visible()
    assert _fits(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path="/tmp/inc_dossier_1280.png", full_page=True)
    response = page.request.get(f"{base}/dossier/{person.pk}/pdf/")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    body = response.body()
    assert body.startswith(b"%PDF")
    with open("/tmp/inc_dossier.pdf", "wb") as out:
        out.write(body)
