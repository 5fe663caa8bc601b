"""Demo records of the learning mechanism (committees.demo.register): idempotent."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from cadres.learning import deadlines, services
from cadres.learning.models import (
    StudyArea,
    StudyDay,
    StudyPlan,
    StudyReport,
    TrainingRecord,
)
from committees import access
from core.history import save_with_history

TOPICS = {
    StudyArea.POLITICAL_THEORY: "学习党的二十届三中全会精神",
    StudyArea.ECONOMICS: "县域经济与乡村产业振兴",
    StudyArea.SCIENCE_CULTURE: "数字乡村建设与农业新技术",
    StudyArea.LAW: "《中国共产党农村基层组织工作条例》",
}
REPORT_TEXT = (
    "本月集中学习了{topic}。\n\n"
    "**体会**：要把学习成果转化为推动工作的实际成效，\n"
    "- 结合分管工作查找不足；\n- 下一步深入村组开展调研。"
)


def build(township, users_by_role) -> None:
    secretary = users_by_role.get(access.Role.SECRETARY)
    today = timezone.localdate()
    year = today.year
    plan = StudyPlan.objects.filter(township=township, year=year).first()
    if plan is None:
        plan = services.study_plan_create(
            actor=secretary, township=township, year=year, note="示范数据"
        )
        areas = list(TOPICS)
        for month in range(1, 13):
            area = areas[(month - 1) % 4]
            services.study_topic_add(
                actor=secretary, plan=plan, month=month, area=area, title=TOPICS[area]
            )
        services.study_plan_approve(actor=secretary, plan=plan)
    people = list(services.cadres_of(township))
    if not StudyDay.objects.filter(township=township).exists():
        # One central-group day a month this year, except one month (a compliance gap).
        for month in range(1, today.month):
            if month == 3:
                continue
            services.study_day_record(
                actor=secretary,
                township=township,
                kind=StudyDay.Kind.CENTRAL_GROUP,
                date=datetime.date(year, month, 10),
                topic=TOPICS[list(TOPICS)[(month - 1) % 4]],
                attendees=people[:9],
                experience="围绕专题逐一交流发言。",
            )
            services.study_day_record(
                actor=secretary,
                township=township,
                kind=StudyDay.Kind.COLLECTIVE,
                date=datetime.date(year, month, 20),
                topic="干部集中学习日",
                attendees=people,
            )
    if not StudyReport.objects.filter(township=township).exists():
        _reports(township, people, secretary, today)
    if not TrainingRecord.objects.filter(township=township).exists():
        kinds = list(TrainingRecord.Kind)
        for i, person in enumerate(people[:8]):
            services.training_record_add(
                actor=secretary,
                township=township,
                person=person,
                kind=kinds[i % 3],
                title=[
                    "县委党校乡镇干部轮训班",
                    "网络学院专题学习",
                    "函授本科学历教育",
                ][i % 3],
                start=datetime.date(year, 1 + i % max(today.month - 1, 1), 8),
                hours=Decimal(["24", "12.5", "40"][i % 3]),
            )


def _reports(township, people, secretary, today) -> None:
    """Every due month of this year (at least the last three): most on time, some late,
    some missing (LRN-3), so the home page and the county dashboard show a full year.

    Past submission times cannot come through the service (it stamps the present), so the
    demo writes them with their history directly."""
    rng = random.Random(township.pk)
    due_day = township.study_report_due_day
    year, month = deadlines.open_month(today, due_day)
    months = []
    while True:
        year, month = deadlines.previous_month(year, month)
        if year < today.year and len(months) >= 3:
            break
        months.append((year, month))
    for year, month in months:
        deadline = deadlines.deadline(year, month, due_day)
        for person in people:
            roll = rng.random()
            if roll < 0.12:
                continue  # missing
            late = roll > 0.85
            submitted_at = deadline + datetime.timedelta(
                days=rng.randint(1, 6) if late else -rng.randint(1, 9)
            )
            report = StudyReport(
                township=township,
                person=person,
                year=year,
                month=month,
                text=REPORT_TEXT.format(topic="党的创新理论"),
                status=StudyReport.Status.SUBMITTED,
                submitted_at=submitted_at,
                late=late,
            )
            if rng.random() < 0.5:
                report.comment = "体会较深，联系实际较好。"
                report.grade = StudyReport.Grade.GOOD
                report.commented_by = secretary
                report.commented_at = submitted_at + datetime.timedelta(days=2)
            save_with_history(report, actor=None, reason="demo data")
