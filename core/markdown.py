"""Markdown as people type it (study reports, notices): lists need no blank line before them.

Python-Markdown follows the original rule that a list must be separated from a paragraph by
a blank line, so "我的体会：\\n- 第一点\\n- 第二点" came out as one paragraph with hyphens.
`loosen_lists` inserts that blank line (outside fenced code) before a list item that
directly follows a paragraph line; the result then goes through Markdown and the caller's
nh3 allow-list as before.
"""

from __future__ import annotations

import re

import markdown as markdown_lib

_LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+\S")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_BLOCK_START = re.compile(r"^ {0,3}(?:#|>|\|)")


def loosen_lists(text: str) -> str:
    """A blank line before a list item that follows a paragraph line (not another item)."""
    out: list[str] = []
    in_fence = False
    previous = ""
    for line in (text or "").replace("\r\n", "\n").split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
        elif (
            not in_fence
            and _LIST_ITEM.match(line)
            and previous.strip()
            and not _LIST_ITEM.match(previous)
            and not previous.startswith((" ", "\t"))
            and not _BLOCK_START.match(previous)
        ):
            out.append("")
        out.append(line)
        previous = line
    return "\n".join(out)


def to_html(text: str, extensions: list[str] | None = None) -> str:
    """Markdown → HTML (not yet cleaned: pass the result through the caller's nh3 allow-list)."""
    return markdown_lib.markdown(
        loosen_lists(text),
        extensions=extensions if extensions is not None else ["sane_lists"],
        output_format="html",
    )
