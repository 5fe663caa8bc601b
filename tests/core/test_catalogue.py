"""Chinese first: every zh_Hans catalogue of the project is complete and compiled."""

from collections import defaultdict
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


def _translation(entry):
    if entry.msgid_plural:
        return tuple(entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural))
    return entry.msgstr


def test_catalogues_agree_on_every_message():
    """Django merges every catalogue into one: the project's wins, then the app listed
    first in INSTALLED_APPS. A message translated one way in one app and another way in
    another would show one app's wording on the other's screens. A message that means
    different things carries a context (pgettext, `translate ... context ...`)."""
    seen = defaultdict(dict)
    for path in CATALOGUES:
        where = str(path.relative_to(settings.BASE_DIR))
        for entry in polib.pofile(str(path)):
            if entry.obsolete or entry.fuzzy or not entry.translated():
                continue
            seen[(entry.msgctxt, entry.msgid)][where] = _translation(entry)
    conflicts = [
        f"{'' if ctxt is None else ctxt + ' | '}{msgid!r}: "
        + "; ".join(f"{where} = {text!r}" for where, text in sorted(found.items()))
        for (ctxt, msgid), found in sorted(seen.items(), key=lambda kv: str(kv[0]))
        if len(set(found.values())) > 1
    ]
    assert not conflicts, (
        f"{len(conflicts)} message(s) translated differently in two catalogues "
        "(unify the wording, or give one use a context):\n" + "\n".join(conflicts)
    )
