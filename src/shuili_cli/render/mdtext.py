"""Data text inside Markdown that GitHub, GitLab or a Markdown viewer will render.

Names, descriptions, messages and the bureau's notes come from pull requests: they must
not become HTML, links, images, headings, lists, rules, code, table breaks or @-mentions,
and their control characters are shown as escapes (:func:`shuili_cli.render.safe_text.clean`).

Besides Markdown's own syntax, GFM's autolink extension makes links of bare text: ``www.``
followed by a domain, ``http://``/``https://``/``ftp://`` followed by a domain, and e-mail
addresses; GitHub also renders ``$…$`` as math and ``:smile:`` as an emoji (both escaped with a
backslash). A zero-width space (U+200B) after ``www``, after the ``:`` of ``://`` and after
``@`` keeps those from matching while the text reads the same.
"""

from __future__ import annotations

import re

from shuili_cli.render.safe_text import clean

_BREAKS = re.compile(r"\s*[\r\n\u2028\u2029\x85\x0b\x0c]+\s*")
_PUNCT = re.compile(r"([\\`*_\[\]()#!~|$])")   # $: GitHub's math ($x$, $$…$$)
_EMOJI = re.compile(r":(?=(?:[0-9_+-]*[A-Za-z][A-Za-z0-9_+-]*|[+-]1):)")   # :smile: shortcodes (not 10:30:45)
_ZWSP = "\u200b"
_AUTOLINK = re.compile(r"(?i)(www)(?=\.)|(?<=:)(?=//)|(?<=@)")
# Block syntax a line can start with that the escapes above leave: a list item (- + 1. 1)),
# a rule or setext underline (--- ===). Escaping its first character keeps it text.
_LEAD = re.compile(r"^(?:[-+](?=[ \t]|$)|\d{1,9}(?=[.)](?:[ \t]|$))|[-=](?=[-= \t]*$))")


def _inline(text: str) -> str:
    """``text`` (one line, already cleaned) with HTML, Markdown punctuation and autolinks made inert."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _PUNCT.sub(r"\\\1", text)
    text = _EMOJI.sub(r"\:", text)
    text = _AUTOLINK.sub(lambda m: (m.group(1) or "") + _ZWSP, text)
    lead = _LEAD.match(text)
    if lead is not None:  # "-" and "+" are escaped themselves; after digits, the "." or ")" that follows
        end = lead.end()
        text = "\\" + text if not text[0].isdigit() else text[:end] + "\\" + text[end:]
    return text


def md(value: object) -> str:
    """One line of inert text: HTML escaped, Markdown punctuation escaped, no autolinks, no line breaks."""
    return _BREAKS.sub(" ", _inline(clean(_BREAKS.sub(" ", str(value)))))


_PARAGRAPHS = re.compile(r"\n[ \t]*\n\s*")


def paragraphs(value: object) -> list[list[str]]:
    """The bureau's own text as paragraphs (split at blank lines) of lines, as both the Markdown
    and the Word 工作总结 print it: line ends normalized, leading and trailing spaces and tabs of
    each line dropped (full-width spaces kept), empty lines gone."""
    text = re.sub(r"\r\n?|[\u2028\u2029\x85]", "\n", str(value)).strip()
    out = []
    for block in _PARAGRAPHS.split(text):
        lines = [line.strip(" \t") for line in block.split("\n") if line.strip(" \t")]
        if lines:
            out.append(lines)
    return out


def md_block(value: object) -> str:
    """The bureau's own text as plain paragraphs (:func:`paragraphs`): each line inert like :func:`md`,
    the lines of a paragraph joined by hard line breaks (a trailing ``\\``). Leading spaces are dropped
    (four would start a code block)."""
    return "\n\n".join("\\\n".join(_inline(clean(line)) for line in lines) for lines in paragraphs(value))


def code(value: object) -> str:
    """A code span that shows the text exactly: no escapes inside, a fence longer than any
    backtick run in the text, line breaks collapsed."""
    text = clean(_BREAKS.sub(" ", str(value)))
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"
