"""People by their names and records as people read them (issue 15, AUD-1 pages)."""

import pytest
from django.urls import reverse

from core.display import change_reason, display_name
from oversight import services as oversight_services
from tests.oversight.factories import submitted_summary

pytestmark = pytest.mark.django_db


def test_display_name_person_then_full_name_then_login(world, django_user_model):
    secretary = world.a.secretary
    # world's secretary is linked to a person of the township? Link one to be sure.
    from committees.models import Person

    person = Person.objects.filter(user=secretary).first()
    if person is None:
        from committees import services

        person = services.person_create(
            actor=None,
            township=world.own,
            name="王建国",
            kind=Person.Kind.CADRE,
            post="书记",
            unit="镇党委",
            reason="test",
        )
        person.user = secretary
        person.save()
        secretary.refresh_from_db()
    assert display_name(secretary) == person.name
    plain = django_user_model.objects.create(
        username="li-login", first_name="明", last_name="李"
    )
    assert display_name(plain) in {
        "李 明",
        "明 李",
    }  # Django's full name, not the login
    bare = django_user_model.objects.create(username="only-login")
    assert display_name(bare) == "only-login"
    assert display_name(None) == ""


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("summary returned", "总结已退回"),
        ("summary accepted", "总结已通过"),
        ("demo data", "演示数据"),
        ("LRN-3 study report submitted", "LRN-3 学习报告已提交"),
        ("ballot corrected (DEC-6)", "表决已更正（DEC-6）"),
        ("correction: 笔误", "更正：笔误"),
        ("words nobody catalogued", "words nobody catalogued"),
        ("", ""),
    ],
)
def test_history_reasons_in_the_readers_language(stored, shown):
    from django.utils import translation

    with translation.override("zh-hans"):
        assert change_reason(stored) == shown


def test_aud1_history_page_reads_like_people_read(world, login):
    """Not `reviewed_by: — → 16`: the field's verbose name, the reviewer by name, the
    status by its label, the reason in Chinese, no login name."""
    reviewer = world.reviewer
    reviewer.first_name, reviewer.last_name = "审", "刘"
    reviewer.save()
    summary = submitted_summary(world.own, world.a.secretary)
    oversight_services.summary_review(
        actor=reviewer, summary=summary, accept=False, comment="请补充数据"
    )
    url = reverse("committees:history", args=["oversight.summary", summary.pk])
    html = login(reviewer).get(url).content.decode()
    assert "reviewed_by" not in html and "<code>" not in html
    assert "审阅人" in html or "审核人" in html
    assert display_name(reviewer) in html
    assert f"→ {reviewer.pk}<" not in html
    assert "已退回" in html  # the status's label
    assert "总结已退回" in html  # the reason
    assert reviewer.username not in html


def test_aud1_history_links_only_for_those_who_may_read_them(world, login):
    """A cadre reads the township page but not its history: no link to a 404."""
    url = reverse("committees:history", args=["committees.township", world.own.pk])
    page = reverse("committees:township", args=[world.own.slug])
    assert url not in login(world.a.cadre).get(page).content.decode()
    assert login(world.a.cadre).get(url).status_code == 404
    assert url in login(world.a.secretary).get(page).content.decode()
    assert login(world.a.secretary).get(url).status_code == 200
