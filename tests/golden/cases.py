"""What the golden-output test runs: every command on copies of ``data-template/``, as named outputs.

Shared by ``tests/test_golden.py`` (runs the current code and compares) and ``regenerate.py`` (writes
the stored outputs). ``produce()`` returns ``{golden name: bytes}``:

- ``<case>.stdout`` / ``<case>.stderr``: what a command printed (stderr only when it printed something),
  normalised by ``normalise()``;
- ``exit-codes.json``: every case's exit code;
- ``files/<case>/<relative path>``: every file a command wrote (workbooks and documents byte for byte).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

TODAY = "2024-01-15"
ROOT_PLACEHOLDER = "<ROOT>"
# Rich reads these when each command makes its Console; pin them so output width and colour never vary.
ENV_SET = {"COLUMNS": "100", "LINES": "50"}
ENV_UNSET = ("FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "TERM", "CI", "GITHUB_ACTIONS")
_SECONDS = re.compile(r"用时 \d+(?:\.\d+)? 秒")

Runner = Callable[[list[str]], tuple[int, str, str]]


def run_in_process(args: list[str]) -> tuple[int, str, str]:
    """The console entry point in this process, as ``tests/conftest.py`` ``run_cli`` does; (code, out, err)."""
    from shuili_cli.cli.app import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(args)
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return code, out.getvalue(), err.getvalue()


@contextlib.contextmanager
def pinned_environment(root: Path) -> Iterator[None]:
    """Fixed terminal variables, a private parse cache and ``root`` as the working directory."""
    saved = dict(os.environ)
    cwd = Path.cwd()
    os.environ.update(ENV_SET)
    os.environ["SHUILI_CACHE_DIR"] = str(root / "cache")
    for name in ENV_UNSET:
        os.environ.pop(name, None)
    os.chdir(root)
    try:
        yield
    finally:
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update(saved)


def normalise(text: str, root: Path) -> str:
    """Replace the temporary root with ``<ROOT>`` and the elapsed seconds of ``validate`` with ``<秒>``."""
    for form in {str(root), root.as_posix(), str(root.resolve())}:
        text = text.replace(form, ROOT_PLACEHOLDER)
    return _SECONDS.sub("用时 <秒> 秒", text)


def _replace(repo: Path, rel: str, old: str, new: str) -> None:
    path = repo / rel
    text = path.read_text(encoding="utf-8")
    if text.count(old) != 1:
        raise AssertionError(f"{rel}: expected exactly one {old!r} to replace (data-template changed?)")
    path.write_text(text.replace(old, new), encoding="utf-8")


BAISHUI_HAZARDS = "enterprises/baishui-reservoir/hazards/2023.yaml"
BAISHUI_RISKS = "enterprises/baishui-reservoir/risks.yaml"
R002_YELLOW = "{method: LEC, L: 3, E: 6, C: 7}\n    color: 黄"  # baishui R-002: D = 126


def make_hostile(repo: Path) -> None:
    """Three injected errors: a misspelt field, a colour that contradicts its LEC score, a duplicate id."""
    _replace(repo, BAISHUI_HAZARDS, "    deadline: 2023-04-05\n", "    deadlin: 2023-04-05\n")
    _replace(repo, BAISHUI_RISKS, R002_YELLOW, R002_YELLOW.replace("黄", "红"))
    _replace(repo, "enterprises/chengqu-flood/hazards/2023.yaml", "  - id: H-2023-003\n", "  - id: H-2023-002\n")


def _git(repo: Path, *args: str) -> None:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_TERMINAL_PROMPT": "0",
           "GIT_AUTHOR_DATE": "2023-06-01T09:00:00+08:00", "GIT_COMMITTER_DATE": "2023-06-01T09:00:00+08:00"}
    subprocess.run(
        ["git", "-c", "user.name=golden", "-c", "user.email=golden@example.com", "-c", "commit.gpgsign=false",
         "-c", "init.defaultBranch=main", "-c", "core.quotepath=false", "-c", "core.autocrlf=false", *args],
        cwd=repo, capture_output=True, text=True, env=env, check=True,
    )


def make_diff_repo(repo: Path) -> None:
    """Two commits: data-template, then one hazard changed and one risk point recoloured (黄 → 橙 by LEC)."""
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "base")
    _replace(repo, BAISHUI_HAZARDS, "    deadline: 2023-04-05\n    measures: 重新喷涂水位尺刻度\n    funds_wan: 0.07\n",
             "    deadline: 2023-04-10\n    measures: 重新喷涂水位尺刻度\n    funds_wan: 0.12\n")
    _replace(repo, BAISHUI_RISKS, R002_YELLOW, "{method: LEC, L: 6, E: 6, C: 7}\n    color: 橙")  # D = 252
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "change")


def commands(root: Path) -> list[tuple[str, list[str], Path | None]]:
    """(case name, arguments, folder whose files are outputs) for every case."""
    repo, bad, git_repo, out = (str(root / n) for n in ("repo", "hostile", "gitrepo", "out"))
    cases: list[tuple[str, list[str], Path | None]] = []
    for fmt in ("text", "json", "github", "gitlab"):
        cases.append((f"validate-{fmt}", ["validate", "--repo", repo, "--format", fmt], None))
    for fmt in ("text", "json"):
        cases.append((f"hostile-validate-{fmt}", ["validate", "--repo", bad, "--format", fmt], None))
    cases += [
        ("report-2023-05", ["report", "--repo", repo, "--month", "2023-05", "--date", "2023-06-02",
                            "--out", f"{out}/report-month"], root / "out" / "report-month"),
        ("report-2023-05-ytd", ["report", "--repo", repo, "--month", "2023-05", "--ytd", "--date", "2023-06-02",
                                "--out", f"{out}/report-ytd"], root / "out" / "report-ytd"),
        ("report-2023-05-json", ["report", "--repo", repo, "--month", "2023-05", "--format", "json"], None),
        ("summary-2023", ["summary", "--repo", repo, "--year", "2023", "--date", "2024-01-05",
                          "--out", f"{out}/summary"], root / "out" / "summary"),
        ("alerts-text", ["alerts", "--repo", repo, "--as-of", "2023-06-01"], None),
        ("alerts-json", ["alerts", "--repo", repo, "--as-of", "2023-06-01", "--format", "json"], None),
        ("explain-list", ["explain", "--repo", repo, "--list"], None),
        ("explain-self-found", ["explain", "--repo", repo, "--month", "2023-05", "a1.three_lists.self_found"], None),
        ("explain-overall-red", ["explain", "--repo", repo, "--month", "2023-05", "a2.overall.红.total"], None),
        ("explain-fines-ytd", ["explain", "--repo", repo, "--month", "2023-05", "--ytd", "a2.enf.罚款.金额"], None),
        ("rules-markdown", ["rules", "--markdown"], None),
        ("schema", ["schema", "--out", f"{out}/schemas"], root / "out" / "schemas"),
    ]
    for fmt in ("text", "markdown", "json"):
        cases.append((f"diff-{fmt}", ["diff", "--repo", git_repo, "HEAD~1", "HEAD", "--format", fmt], None))
    return cases


def produce(template: Path, root: Path, run: Runner = run_in_process) -> dict[str, bytes]:
    """Build the repositories under an empty folder ``root`` from ``template`` and run every case."""
    for name in ("repo", "hostile", "gitrepo"):
        shutil.copytree(template, root / name)
    make_hostile(root / "hostile")
    make_diff_repo(root / "gitrepo")
    outputs: dict[str, bytes] = {}
    codes: dict[str, int] = {}
    with pinned_environment(root):
        for name, args, written in commands(root):
            code, out, err = run(["--today", TODAY, *args])
            codes[name] = code
            outputs[f"{name}.stdout"] = normalise(out, root).encode()
            if err:
                outputs[f"{name}.stderr"] = normalise(err, root).encode()
            if written is not None:
                for path in sorted(p for p in written.rglob("*") if p.is_file()):
                    outputs[f"files/{name}/{path.relative_to(written).as_posix()}"] = path.read_bytes()
    outputs["exit-codes.json"] = (json.dumps(codes, ensure_ascii=False, indent=1) + "\n").encode()
    return outputs
