"""Golden outputs: every figure, finding and output byte-identical on ``data-template/``.

The stored outputs in ``tests/golden/outputs/`` were generated from a pristine export of commit
0310ba7 (before the issue 8 refactor), not from a work tree; ``tests/golden/cases.py`` lists what runs:

- ``validate`` in text, json, github and gitlab formats, on a copy of ``data-template/`` and on a
  hostile copy with three injected errors (a misspelt field, a colour contradicting its LEC score,
  a duplicate hazard id; text and json) so the error paths are pinned too;
- ``report --month 2023-05`` and ``--ytd`` (every file written: figures.json, the .md, the workbook
  and the .docx, byte for byte, plus the manifest) and ``--format json``; ``summary --year 2023``
  (every file); ``alerts --as-of 2023-06-01`` text and json; ``explain --list`` and ``explain`` for
  a hazard flow, an overall-rating stock and the year-to-date fines; ``rules --markdown``;
  ``schema`` (the files written to a fresh folder: ``tests/test_schema.py`` only checks the committed
  schemas against the current code, which a regenerated ``schemas/`` would satisfy);
- ``diff HEAD~1 HEAD`` (text, markdown, json) on a git repository made from ``data-template/`` with
  one hazard changed and one risk point recoloured by its LEC score, committed with fixed dates;
- every exit code (``exit-codes.json``).

Normalisation, the only difference allowed between stored and current output (``cases.normalise``):
the temporary folder's absolute path (in the "已写入：" listings of report/summary/schema) becomes
``<ROOT>``, and validate's elapsed time "用时 0.02 秒" becomes "用时 <秒> 秒". Nothing else is
rewritten or excluded; github/gitlab paths are relative to the working directory, pinned to the
temporary root. Everything runs in this process with ``--today 2024-01-15``, fixed ``--date``, a
private parse cache, ``COLUMNS=100`` and no colour variables.

A failure names the output; text shows a unified diff, a workbook or document shows its sizes and
SHA-256 and which zip members differ. If an output changed on purpose, see ``tests/golden/regenerate.py``.
"""

from __future__ import annotations

import difflib
import hashlib
import io
import zipfile
from pathlib import Path

import pytest

from tests.golden.cases import produce

STORED = Path(__file__).parent / "golden" / "outputs"
TEMPLATE = Path(__file__).parents[1] / "data-template"
NAMES = sorted(p.relative_to(STORED).as_posix() for p in STORED.rglob("*") if p.is_file())
BINARY = (".xlsx", ".docx")
MAX_DIFF_LINES = 120


@pytest.fixture(scope="module")
def current(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    return produce(TEMPLATE, tmp_path_factory.mktemp("golden"))


def _zip_members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


def explain_binary(name: str, want: bytes, got: bytes) -> str:
    def facts(data: bytes) -> str:
        return f"{len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()[:16]}"

    lines = [f"{name} differs: stored {facts(want)}; now {facts(got)}"]
    try:
        old, new = _zip_members(want), _zip_members(got)
    except zipfile.BadZipFile:
        return lines[0] + " (now not a zip file)"
    for member in sorted(old.keys() | new.keys()):
        if old.get(member) != new.get(member):
            state = "missing now" if member not in new else "new" if member not in old else "changed"
            lines.append(f"  zip member {member}: {state}")
    return "\n".join(lines)


def explain_text(name: str, want: bytes, got: bytes) -> str:
    diff = list(difflib.unified_diff(want.decode(errors="replace").splitlines(), got.decode(errors="replace").splitlines(),
                                     f"stored/{name}", f"now/{name}", lineterm=""))
    if len(diff) > MAX_DIFF_LINES:
        diff = [*diff[:MAX_DIFF_LINES], f"... {len(diff) - MAX_DIFF_LINES} more diff lines"]
    if not diff:  # same lines, different bytes: line endings or a final newline
        diff = [f"same lines, different bytes: stored {want[-40:]!r}, now {got[-40:]!r}"]
    return f"{name} differs:\n" + "\n".join(diff)


def test_stored_outputs_exist() -> None:
    assert len(NAMES) > 40, f"golden outputs missing from {STORED}; see tests/golden/regenerate.py"


def test_same_set_of_outputs(current: dict[str, bytes]) -> None:
    missing, new = sorted(set(NAMES) - current.keys()), sorted(current.keys() - set(NAMES))
    assert not missing and not new, f"outputs no longer produced: {missing}; outputs not stored: {new}"


@pytest.mark.parametrize("name", NAMES)
def test_output_unchanged(current: dict[str, bytes], name: str) -> None:
    want = (STORED / name).read_bytes()
    got = current.get(name)
    assert got is not None, f"{name} is no longer produced"
    if got != want:
        explain = explain_binary if name.endswith(BINARY) else explain_text
        pytest.fail(explain(name, want, got), pytrace=False)
