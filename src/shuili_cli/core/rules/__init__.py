"""One module per check. Each declares ``RULE`` and documents a failing example.

A module may also define ``ROLES`` with ``check_file(ctx)`` (runs once per file of
those roles, results cached with the file) or ``check_repo(ctx)`` (runs over the
whole repository's facts). Checks yield :class:`~shuili_cli.core.findings.Issue`.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from types import ModuleType


@cache
def rule_modules() -> tuple[ModuleType, ...]:
    """Every rule module, sorted by code."""
    mods = [
        importlib.import_module(f"{__name__}.{info.name}")
        for info in pkgutil.iter_modules(__path__)
        if not info.name.startswith("_")
    ]
    return tuple(sorted(mods, key=lambda m: m.RULE.code))


def file_checks(role: str) -> tuple[ModuleType, ...]:
    return tuple(m for m in rule_modules() if hasattr(m, "check_file") and role in getattr(m, "ROLES", ()))


def repo_checks() -> tuple[ModuleType, ...]:
    return tuple(m for m in rule_modules() if hasattr(m, "check_repo"))
