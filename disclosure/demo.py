"""Demo records of the column (committees.demo): idempotent, keyed by source_ref.

The appointment notice and its objection are not here: cadres.appointments.demo
publishes them from its case, so notice, case and minutes name the same person."""

from __future__ import annotations

import datetime

from django.utils import timezone

from disclosure import services
from disclosure.models import Category, Item

DEMO_LABEL = "演示数据"

ITEMS = [
    # key, category, title, body, window days (None: no window)
    (
        "practical",
        Category.PRACTICAL_THINGS,
        "2026年为民办实事项目",
        "1. 新建村级道路 3.2 公里；\n2. 改造农村饮水工程 2 处；\n3. 新增便民服务点 4 个。",
        None,
    ),
    (
        "relief",
        Category.CIVIL_RELIEF,
        "第三季度城乡低保及临时救助发放情况",
        "本季度共发放城乡低保金和临时救助金，名单已在各村公开栏同步张贴。",
        None,
    ),
    (
        "procedures",
        Category.PROCEDURES,
        "便民服务中心办事流程",
        "**受理** → **审核** → **办结**。\n\n所需材料请以窗口一次性告知单为准。",
        None,
    ),
    (
        "party",
        Category.PARTY_AFFAIRS,
        "镇党委中心组学习计划",
        "每月集中学习一次，学习内容及时公开。",
        None,
    ),
]


def build(township, users_by_role) -> None:
    today = timezone.localdate()
    for key, category, title, body, days in ITEMS:
        ref = f"demo:{township.slug}:{key}"
        if Item.objects.filter(source_label=DEMO_LABEL, source_ref=ref).exists():
            continue
        services.item_publish(
            actor=None,
            township=township,
            category=category,
            title=title,
            body=body,
            source_label=DEMO_LABEL,
            source_ref=ref,
            window_from=today - datetime.timedelta(days=3) if days else None,
            window_until=today + datetime.timedelta(days=days - 4) if days else None,
        )
    draft_ref = f"demo:{township.slug}:draft"
    if not Item.objects.filter(source_label=DEMO_LABEL, source_ref=draft_ref).exists():
        services.item_create_draft(
            actor=None,
            township=township,
            category=Category.PROJECT_FUNDS,
            title="村道硬化项目资金使用情况（草稿）",
            body="待财政所核对后发布。",
            source_label=DEMO_LABEL,
            source_ref=draft_ref,
        )
    old_ref = f"demo:{township.slug}:withdrawn"
    if not Item.objects.filter(source_label=DEMO_LABEL, source_ref=old_ref).exists():
        item = services.item_publish(
            actor=None,
            township=township,
            category=Category.SERVICE_STANDARDS,
            title="便民服务中心服务标准（旧版）",
            body="已被新版替代。",
            source_label=DEMO_LABEL,
            source_ref=old_ref,
        )
        services.item_withdraw(actor=None, item=item, reason="被新版替代")
