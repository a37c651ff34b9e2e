"""Round-trip editing of the data files: change records and keep every other byte.

``shuili import``, ``shuili new`` and ``shuili set`` describe what to change (``SetFields``,
``AppendRecord``, ``SetTop``); ``apply_edits`` returns the file's new bytes and ``write_files``
puts them in the repository. Positions come from ruamel.yaml's round-trip composer; the text is
spliced, never re-emitted, so comments, blank lines, quoting, key order and flow style outside the
changed fields stay byte for byte (see ``plan.py`` for what a change rewrites).

The edit descriptions are light; ``apply_edits`` and ``write_files`` (ruamel.yaml, the reader and
its rules) are imported on first use, so that importing this package costs nearly nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from shuili_cli.core.edit.edits import AppendRecord, Edit, EditError, FieldPath, SetFields, SetTop, Value, Within

if TYPE_CHECKING:
    from shuili_cli.core.edit.apply import apply_edits
    from shuili_cli.core.edit.write import write_files

__all__ = ["AppendRecord", "Edit", "EditError", "FieldPath", "SetFields", "SetTop", "Value", "Within",
           "apply_edits", "write_files"]


def __getattr__(name: str) -> Any:
    if name == "apply_edits":
        from shuili_cli.core.edit.apply import apply_edits
        return apply_edits
    if name == "write_files":
        from shuili_cli.core.edit.write import write_files
        return write_files
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
