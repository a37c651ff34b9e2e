"""Output formats as tables: one name -> reporter table per command (as check-jsonschema's ``REPORTER_BY_NAME``).

A reporter turns a command's result into the text written to standard output, always
with the same signature: ``reporter(result, context) -> str``. The command does
options -> core call -> ``TABLE[fmt](result, context)`` -> ``out``; its ``--format``
choices, help text and check all come from the table's names, so a new format is one
reporter function plus one line here.

The tables name their reporters instead of holding them: this module imports nothing
of the core, so the command line (and ``shuili --help``) starts without loading the
render modules, which pull in the models. A reporter's module is imported on first use;
tests/test_reporters.py checks that every entry resolves to a function of the right
signature and result type.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar, cast

if TYPE_CHECKING:
    from shuili_cli.core.alerts import AlertReport
    from shuili_cli.core.ledger.importer import ImportResult
    from shuili_cli.core.review.diff import DiffResult
    from shuili_cli.core.review.validate import ValidationResult

R = TypeVar("R")
R_contra = TypeVar("R_contra", contravariant=True)


@dataclass(frozen=True, slots=True)
class RenderContext:
    """What a reporter needs besides the result; each format uses what applies to it."""

    strict: bool = False  # validate: warnings fail the run too (the JSON "ok")
    path_prefix: str = ""  # CI annotations: the repository's folder inside the CI workspace
    dry_run: bool = False  # import: nothing was written on purpose


class Reporter(Protocol[R_contra]):
    """One output format of one command."""

    def __call__(self, result: R_contra, context: RenderContext, /) -> str: ...


@dataclass(frozen=True, slots=True)
class ReporterTable(Generic[R]):
    """A command's formats: name -> reporter function in ``module``, in the order ``--help`` lists them."""

    module: str
    functions: Mapping[str, str]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.functions)

    @property
    def help(self) -> str:
        """The ``--format`` help text."""
        return f"输出格式：{'、'.join(self.names)}。"

    def __getitem__(self, name: str) -> Reporter[R]:
        return cast("Reporter[R]", getattr(import_module(self.module), self.functions[name]))


VALIDATE_REPORTERS: ReporterTable[ValidationResult] = ReporterTable("shuili_cli.render.diagnostics", {
    "text": "as_text", "json": "as_json", "github": "as_github", "gitlab": "as_gitlab",
})
REVIEW_REPORTERS: ReporterTable[DiffResult] = ReporterTable("shuili_cli.render.review", {
    "text": "as_text", "markdown": "as_markdown", "json": "as_json",
})
ALERTS_REPORTERS: ReporterTable[AlertReport] = ReporterTable("shuili_cli.render.alerts", {
    "text": "as_text", "json": "as_json",
})
IMPORT_REPORTERS: ReporterTable[ImportResult] = ReporterTable("shuili_cli.render.ledger_report", {
    "text": "as_text", "json": "as_json",
})
