"""Chinese first: every zh_Hans catalogue of the project is complete and compiled."""

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

CATALOGUES = sorted(
    path
    for path in Path(settings.BASE_DIR).glob("**/locale/zh_Hans/LC_MESSAGES/django.po")
    if ".venv" not in path.parts
)


def test_there_is_a_project_catalogue():
    assert Path(settings.BASE_DIR, "locale/zh_Hans/LC_MESSAGES/django.po") in CATALOGUES


@pytest.mark.parametrize(
    "path", CATALOGUES, ids=lambda p: str(p.relative_to(settings.BASE_DIR))
)
def test_catalogue_has_no_untranslated_or_fuzzy_entries(path):
    po = polib.pofile(str(path))
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []
    compiled = path.with_suffix(".mo")
    assert compiled.exists(), f"{compiled} is not compiled"


def test_interface_speaks_chinese_by_default():
    assert settings.LANGUAGE_CODE == "zh-hans"
    with translation.override("zh-hans"):
        assert translation.gettext("Log in") == "登录"
    with translation.override("en"):
        assert translation.gettext("Log in") == "Log in"
