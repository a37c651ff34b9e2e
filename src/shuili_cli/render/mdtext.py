"""Data text inside Markdown that GitHub, GitLab or a Markdown viewer will render.

Names, descriptions and messages come from pull requests: they must not become
HTML, links, images, headings, table breaks or @-mentions, and their control
characters are shown as escapes (:func:`shuili_cli.render.safe_text.clean`).
"""

from __future__ import annotations

import re

from shuili_cli.render.safe_text import clean

_BREAKS = re.compile(r"\s*[\r\n\u2028\u2029\x85\x0b\x0c]+\s*")
_PUNCT = re.compile(r"([\\`*_\[\]()#!~|])")


def md(value: object) -> str:
    """One line of inert text: HTML escaped, Markdown punctuation escaped, no line breaks."""
    text = clean(_BREAKS.sub(" ", str(value))).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _PUNCT.sub(r"\\\1", text)
    text = text.replace("@", "@\u200b")  # no mention, no e-mail autolink
    return _BREAKS.sub(" ", text)


def code(value: object) -> str:
    """A code span that shows the text exactly: no escapes inside, a fence longer than any
    backtick run in the text, line breaks collapsed."""
    text = clean(_BREAKS.sub(" ", str(value)))
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"
