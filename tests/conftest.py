from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

SETTINGS = """\
schema_version: 1
unit: {name: 测试县水利局, type: 县（市、区）, region: 测试县}
"""

ENTERPRISE = """\
id: {id}
name: 测试水库
credit_code: 91110000600037341L
kind: 企业
scale: 规上企业
industry: 水库管理
"""

MakeRepo = Callable[..., Path]


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never touch the user's ~/.cache/shuili."""
    monkeypatch.setenv("SHUILI_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "shuili-cache"))


@pytest.fixture
def make_repo(tmp_path: Path) -> MakeRepo:
    """Write a repository from {relative path: text}; texts are dedented."""

    def make(files: dict[str, str] | None = None, *, enterprises: tuple[str, ...] = ("a",), name: str = "repo") -> Path:
        root = tmp_path / name
        all_files = {"shuili.yaml": SETTINGS}
        for ent in enterprises:
            all_files[f"enterprises/{ent}/enterprise.yaml"] = ENTERPRISE.format(id=ent)
        all_files.update(files or {})
        for rel, text in all_files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        return root

    return make


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run the real console entry point in-process; return (exit code, stdout, stderr)."""
    from shuili_cli.cli.app import main

    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err
