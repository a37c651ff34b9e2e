"""One module per check. Each declares ``RULE`` and documents a failing example.

A module may also declare ``CHECKS``, a tuple of :class:`~shuili_cli.core.rules._base.FileCheck`
(runs once per file of its roles, results cached with the file) and
:class:`~shuili_cli.core.rules._base.RepoCheck` (runs over the whole repository's
facts). Checks yield :class:`~shuili_cli.core.findings.Issue`. Messages are phrased
by the rule's module (``message()``/``finding()``), wherever the problem is found.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from types import ModuleType

from shuili_cli.core.rules._base import FileCheck, RepoCheck


@cache
def rule_modules() -> tuple[ModuleType, ...]:
    """Every rule module, sorted by code."""
    mods = [
        importlib.import_module(f"{__name__}.{info.name}")
        for info in pkgutil.iter_modules(__path__)
        if not info.name.startswith("_")
    ]
    return tuple(sorted(mods, key=lambda m: m.RULE.code))


@cache
def _checks() -> tuple[tuple[FileCheck, ...], tuple[RepoCheck, ...]]:
    declared = [c for m in rule_modules() for c in vars(m).get("CHECKS", ())]
    return (tuple(c for c in declared if isinstance(c, FileCheck)),
            tuple(c for c in declared if isinstance(c, RepoCheck)))


def file_checks(role: str) -> tuple[FileCheck, ...]:
    """The per-file checks of files of ``role``, by rule code."""
    return tuple(c for c in _checks()[0] if role in c.roles)


def repo_checks() -> tuple[RepoCheck, ...]:
    """The repository-wide checks, by rule code."""
    return _checks()[1]
