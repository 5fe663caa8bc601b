"""Merge the appointments' Chinese translations into the cadres catalogue.

The appointment strings live in `cadres/appointments/zh_Hans.po` (a fragment, kept apart
while the cadres catalogue was being written by another developer). After
`cd cadres && uv run python ../manage.py makemessages -l zh_Hans --no-obsolete`:

    uv run python cadres/appointments/merge_catalogue.py \\
        cadres/locale/zh_Hans/LC_MESSAGES/django.po cadres/appointments/zh_Hans.po
    uv run python manage.py compilemessages --ignore=.venv

Entries that are empty or fuzzy (makemessages guesses from similar strings) take the
fragment's translation; translations already present and not fuzzy are kept.
"""

from __future__ import annotations

import sys


def merge(target_path: str, fragment_path: str) -> tuple[int, int, int]:
    import polib

    target, fragment = polib.pofile(target_path), polib.pofile(fragment_path)
    mine = {(e.msgctxt, e.msgid): e for e in fragment}
    filled = 0
    for entry in target:
        source = mine.get((entry.msgctxt, entry.msgid))
        if source is None:
            continue
        fuzzy = "fuzzy" in entry.flags
        if entry.msgid_plural:
            empty = not any(entry.msgstr_plural.values())
        else:
            empty = not entry.msgstr
        if not (fuzzy or empty):
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = dict(source.msgstr_plural)
        else:
            entry.msgstr = source.msgstr
        if fuzzy:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = None
        entry.previous_msgid_plural = None
        entry.previous_msgctxt = None
        filled += 1
    target.save()
    return filled, len(target.untranslated_entries()), len(target.fuzzy_entries())


if __name__ == "__main__":
    filled, untranslated, fuzzy = merge(sys.argv[1], sys.argv[2])
    print(f"filled {filled}, untranslated {untranslated}, fuzzy {fuzzy}")
