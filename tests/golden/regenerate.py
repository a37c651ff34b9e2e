"""Rewrite the stored golden outputs in ``tests/golden/outputs/`` from the code that ``shuili_cli`` imports.

Use it ONLY when an output is meant to change (a new message, a fixed figure, a new column), after
reading the failing ``tests/test_golden.py`` diff and agreeing that every difference is intended;
commit the regenerated files with that change so the review shows them. Never run it to make the
test pass after a refactor: a refactor must leave every output byte-identical.

    .venv/bin/python tests/golden/regenerate.py                 # the working tree's code and data-template/

The stored outputs of issue 8 were made from a pristine export of commit 0310ba7, not the work tree:

    mkdir /tmp/golden-src && git archive 0310ba7 | tar -x -C /tmp/golden-src
    PYTHONPATH=/tmp/golden-src/src .venv/bin/python tests/golden/regenerate.py --template /tmp/golden-src/data-template

Every output is produced twice in separate folders; the script refuses to write if the two runs differ
(an output that is not reproducible cannot be a golden file).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from tests.golden.cases import produce  # noqa: E402

OUTPUTS = HERE / "outputs"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--template", type=Path, default=HERE.parents[1] / "data-template",
                        help="the data-template/ folder to copy (default: the working tree's)")
    ns = parser.parse_args()
    import shuili_cli

    print(f"code: {Path(shuili_cli.__file__).parent}\ndata: {ns.template}", file=sys.stderr)
    runs = []
    for _ in range(2):
        with tempfile.TemporaryDirectory(prefix="shuili-golden-") as tmp:
            runs.append(produce(ns.template.resolve(), Path(tmp)))
    unstable = sorted(n for n in runs[0].keys() | runs[1].keys() if runs[0].get(n) != runs[1].get(n))
    if unstable:
        print("not reproducible, nothing written: " + ", ".join(unstable), file=sys.stderr)
        return 1
    for old in sorted(OUTPUTS.rglob("*"), reverse=True) if OUTPUTS.exists() else []:
        old.unlink() if old.is_file() else old.rmdir()
    for name, data in sorted(runs[0].items()):
        target = OUTPUTS / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    print(f"wrote {len(runs[0])} files to {OUTPUTS}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
