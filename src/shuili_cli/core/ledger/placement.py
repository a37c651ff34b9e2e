"""Where a new record goes and what id it gets (``import`` and ``new`` share this).

- Ids continue the numbering the repository already uses: the catalogue's format
  (``H-{year}-{seq:03d}``: the largest sequence number of that year + 1), or, for a repository
  that numbers its own way (``YH007``), the largest number behind the same prefix + 1.
- A hazard goes into the hazard file of the year it was found (``hazards/2023.yaml``, or the file
  that already holds that year's hazards), a 5S evaluation likewise, an action into
  ``bureau/enforcement/<year>.yaml``; risks and checklists have one file each.
- A new file starts with the ``$schema`` line editors use, pointing at the repository's own
  ``schemas/`` folder when it has one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from shuili_cli.core.ledger.stored import RECORD_FILES, Stored

# record kind -> (the date field that names the year, folder for per-year files, single file name)
_PLACES: dict[str, tuple[str | None, str | None, str | None]] = {
    "hazard": ("found_on", "hazards", None),
    "evaluation": ("date", "five-s", None),
    "action": ("date", "enforcement", None),
    "risk": (None, None, "risks.yaml"),
    "checklist": (None, None, "checklists.yaml"),
}
_SEQ = re.compile(r"\{seq(?::0(\d+)d)?\}")


def _pattern(fmt: str, year: str | None) -> tuple[re.Pattern[str], int]:
    """A regex for ids of format ``fmt`` (group 1 = the sequence number) and the zero padding."""
    m = _SEQ.search(fmt)
    if m is None:
        raise ValueError(f"编号格式缺少 {{seq}}：{fmt}")
    head, tail = fmt[:m.start()], fmt[m.end():]
    def lit(s: str) -> str:
        return re.escape(s).replace(re.escape("{year}"), re.escape(year) if year else r"\d{4}")
    return re.compile(f"{lit(head)}(\\d+){lit(tail)}\\Z"), int(m.group(1) or 0)


def next_id(fmt: str | None, existing: Iterable[str], year: int | None) -> str:
    """The id after the largest one of ``existing`` that follows ``fmt`` (for ``year``); a repository
    whose ids all share another ``<prefix><digits>`` shape continues that shape."""
    ids = [str(i) for i in existing]
    y = str(year) if year is not None else None
    own = [m for i in ids if (m := re.match(r"(.*?)(\d+)\Z", i))]
    if fmt is not None:
        any_year, _ = _pattern(fmt, None)
        if any(any_year.match(i) for i in ids) or len({m.group(1) for m in own}) != 1 or len(own) != len(ids):
            rx, pad = _pattern(fmt, y)
            seq = max((int(m.group(1)) for i in ids if (m := rx.match(i))), default=0) + 1
            return _SEQ.sub(str(seq).zfill(pad), fmt).replace("{year}", y or "")
    if own:
        best = max(own, key=lambda m: int(m.group(2)))
        return best.group(1) + str(int(best.group(2)) + 1).zfill(len(best.group(2)))
    return str(len(ids) + 1)


def year_of(kind: str, record: dict[str, Any]) -> int | None:
    field = _PLACES[kind][0]
    value = record.get(field) if field else None
    return getattr(value, "year", None)


@dataclass(frozen=True, slots=True)
class Target:
    rel: str
    header: str          # the comment lines a new file starts with ("" for an existing file)


def schema_line(root: Path, rel: str, role: str) -> str:
    """``# yaml-language-server: $schema=…`` for a new file at ``rel``, pointing where the repository's
    other data files find their JSON Schemas (as ``shuili init`` and ``shuili new enterprise`` write it)."""
    from shuili_cli.core.init import modeline, schemas_folder

    return modeline(rel, role, schemas_folder(root))


def target_file(root: Path, kind: str, enterprise: str | None, record: dict[str, Any],
                files: Iterable[str], stored: Iterable[Stored]) -> Target:
    """The file a new record of ``kind`` goes into (existing or new)."""
    field, folder, single = _PLACES[kind]
    role = RECORD_FILES[kind][0]
    base = "bureau" if kind == "action" else f"enterprises/{enterprise}"
    files = list(files)
    if single is not None:
        rel = next((f for f in files), f"{base}/{single}")
    else:
        year = year_of(kind, record)
        named = [f for f in files if PurePosixPath(f).stem == str(year)]
        holding = [s.rel for s in stored if field and getattr(s.data.get(field), "year", None) == year]
        rel = (named or holding or [f"{base}/{folder}/{year}.yaml"])[0]
    if rel in files:
        return Target(rel, "")
    return Target(rel, schema_line(root, rel, role))


__all__ = ["Target", "next_id", "schema_line", "target_file", "year_of"]
