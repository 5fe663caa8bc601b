"""Markdown as people type it: a list right after a paragraph line is a list (issue 15)."""

import pytest

from cadres.templatetags.cadres_tags import render_markdown
from core.markdown import loosen_lists, to_html


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("体会：\n- 一\n- 二", "体会：\n\n- 一\n- 二"),
        ("体会：\n1. 一\n2. 二", "体会：\n\n1. 一\n2. 二"),
        ("体会：\n\n- 一", "体会：\n\n- 一"),  # already separated
        ("- 一\n- 二", "- 一\n- 二"),  # list from the start
        ("```\n代码\n- 不是列表\n```", "```\n代码\n- 不是列表\n```"),  # fenced code
        ("- 一\n  续行\n- 二", "- 一\n  续行\n- 二"),  # an item's continuation
        ("# 标题\n- 一", "# 标题\n- 一"),  # Markdown already starts a list here
        ("负数 -1 不是列表", "负数 -1 不是列表"),
        ("体会：\r\n- 一", "体会：\n\n- 一"),
    ],
)
def test_loosen_lists(text, expected):
    assert loosen_lists(text) == expected


def test_a_list_typed_after_a_paragraph_line_renders_as_a_list():
    html = to_html("我的体会：\n- 第一点\n- 第二点")
    assert html == "<p>我的体会：</p>\n<ul>\n<li>第一点</li>\n<li>第二点</li>\n</ul>"


def test_study_report_helper_renders_the_list_and_still_cleans():
    html = render_markdown("学习收获：\n- 学深\n- 悟透\n<script>alert(1)</script>")
    assert "<ul>" in html and "<li>学深</li>" in html
    assert "<script>" not in html
