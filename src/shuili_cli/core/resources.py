"""Where the project's own folders are: the source tree, or ``share/shuili`` when installed."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def project_dir(name: str) -> Path:
    """``report-templates``, ``schemas`` or ``data-template``."""
    env = os.environ.get("SHUILI_SHARE")
    candidates = [Path(env) / name] if env else []
    candidates += [Path(__file__).resolve().parents[3] / name, Path(sys.prefix) / "share" / "shuili" / name]
    for c in candidates:
        if c.is_dir():
            return c
    raise FileNotFoundError(f"找不到 {name}/；请重新安装 shuili")
