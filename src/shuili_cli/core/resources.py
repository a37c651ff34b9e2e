"""Where the project's own folders are: package data when installed, else the source tree.

``report-templates/``, ``schemas/`` and ``data-template/`` live at the top of the repository and ship
inside the installed package as ``shuili_cli/_share/<name with _>/`` (pyproject.toml maps them as
data-only sub-packages). An editable install does not expose those sub-packages, so the folders are
then read from the source tree. ``SHUILI_SHARE`` overrides both.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path


def project_dir(name: str) -> Path:
    """``report-templates``, ``schemas`` or ``data-template``."""
    env = os.environ.get("SHUILI_SHARE")
    candidates = [Path(env) / name] if env else []
    shipped = resources.files("shuili_cli").joinpath("_share", name.replace("-", "_"))
    if isinstance(shipped, Path):
        candidates.append(shipped)
    candidates.append(Path(__file__).resolve().parents[3] / name)
    for c in candidates:
        if c.is_dir():
            return c
    raise FileNotFoundError(f"找不到 {name}/；请重新安装 shuili")
