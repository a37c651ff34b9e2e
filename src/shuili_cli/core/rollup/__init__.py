"""The city level (``shuili rollup``): counties' submissions checked, summed and traced to their source.

Counties stay separate repositories; what travels is each county's report folder (figures.json
with its ``source`` and the workbook's ``sha256``, the workbook beside it) or, when the city can
read it, the county's repository itself (computed directly, as ``shuili report`` would).

- ``submission``: one figures.json read safely and checked against ``schemas/figures.schema.json``;
  the workbook beside it found by its SHA-256;
- ``combine``: the checks across submissions, the exact sums, the roll-up's figures.json:

  ``{"schema_version", "kind": "rollup", "month", "basis", "unit", "generated_on", ["as_of"],
  ["source"] (the city repository's), "sha256" (the roll-up workbook), "rows": {"市直单位": {key: value}
  | null, "县（市、区）": {key: value}}, "counties": [{"name", "sha256" (of the county's figures.json),
  "source", "submitted_as": "figures" | "repository"}], "missing": [names]}``.

Reading a workbook's cells is the renderer's (``render/rollup_xlsx.py``); this package only compares.
"""

from shuili_cli.core.rollup.combine import (
    CITY_ROW,
    COUNTY_ROW,
    Rollup,
    RollupRefused,
    SheetCell,
    add_up,
    check_cells,
    check_submission,
    check_together,
    ordered,
    rollup_document,
)
from shuili_cli.core.rollup.submission import (
    FIGURES_FILE,
    Submission,
    SubmissionError,
    find_workbook,
    read_submission,
)

__all__ = ["CITY_ROW", "COUNTY_ROW", "FIGURES_FILE", "Rollup", "RollupRefused", "SheetCell", "Submission",
           "SubmissionError", "add_up", "check_cells", "check_submission", "check_together", "find_workbook",
           "ordered", "read_submission", "rollup_document"]
