#!/usr/bin/env python3
"""Benchmark `shuili rollup` at province scale (issue 12).

Usage: python bench/rollup.py [--counties 90] [--enterprises 2] [--from figures|repositories]
                              [--workdir DIR] [--keep] [--seed S] [--shuili PATH] [--json PATH]

- ``--from figures`` (default): COUNTIES county repositories of ENTERPRISES synthetic enterprises each
  (bench/generate.py, each under its own unit name), each reported once with the real code
  (``shuili report --format xlsx``: figures.json with its provenance and the workbook beside it), and a
  city repository listing them; then ``shuili rollup`` of the COUNTIES report folders is timed (about
  9 cities × 10 counties = 90 submissions for a province). The submissions' size does not depend on
  the counties' size, so small repositories are enough.
- ``--from repositories``: the same repositories read and computed directly by the roll-up; timed cold
  (empty parse cache) and warm (the cache of the cold run), e.g. ``--counties 100 --enterprises 50``.

Peak RSS is ``ru_maxrss`` of the child and the sampled sum over its process tree (bench/run.py).
The generated folders are reused with ``--keep`` (same options, same generator).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate
from run import RunResult, find_shuili, mb, run_timed

MONTH = "2023-05"
TODAY = "2024-01-15"
FILLED = "2023-06-02"
CITY = "合成市水利局"


def county_name(i: int) -> str:
    return f"合成{i:03d}县水利局"


def _rename(repo: Path, name: str, kind: str = "县（市、区）", counties: list[str] | None = None) -> None:
    settings = repo / "shuili.yaml"
    text = settings.read_text(encoding="utf-8").replace("合成县水利局", name).replace("县（市、区）", kind)
    if counties is not None:
        text += "counties:\n" + "".join(f"  - {c}\n" for c in counties)
    settings.write_text(text, encoding="utf-8")


def prepare(workdir: Path, counties: int, enterprises: int, seed: int, reports: bool) -> tuple[Path, list[Path]]:
    """The city repository and the county repositories (each with reports/<MONTH>/ when ``reports``)."""
    from datetime import date

    from shuili_cli import api
    from shuili_cli.core.figures.figures import Period

    stamp = workdir / f"ready-{counties}-{enterprises}-{seed}-{int(reports)}"
    repos = [workdir / f"county-{i:03d}" for i in range(1, counties + 1)]
    city = workdir / "city"
    if stamp.exists():
        return city, repos
    if workdir.exists():
        shutil.rmtree(workdir)
    started = time.perf_counter()
    for i, repo in enumerate(repos, 1):
        generate(enterprises, repo, seed + i)
        _rename(repo, county_name(i))
        if reports:
            pkg = api.monthly_package(repo, Period(2023, 5), today=date.fromisoformat(TODAY),
                                      filled=date.fromisoformat(FILLED), fmt="xlsx")
            api.write_package(repo, repo / "reports", pkg)
    generate(enterprises, city, seed)
    _rename(city, CITY, "市直单位", [county_name(i) for i in range(1, counties + 1)])
    stamp.write_text("ok\n", encoding="utf-8")
    print(f"prepared {counties} counties of {enterprises} enterprises in {time.perf_counter() - started:.1f} s")
    return city, repos


def rollup_argv(shuili: Path, city: Path, subs: list[Path], out: Path) -> list[str]:
    return [str(shuili), "--today", TODAY, "rollup", "--month", MONTH, "--city-repo", str(city), "--date", FILLED,
            "--out", str(out), *map(str, subs)]


def show(run: RunResult) -> None:
    state = "ok" if run.exit_code == 0 else f"exit {run.exit_code}"
    print(f"{run.label:<40} {run.seconds:8.2f} s   peak RSS {mb(run.peak_rss_kb):>6} MB  ({state})")
    if run.exit_code != 0:
        print(run.stderr[-2000:])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark shuili rollup.")
    parser.add_argument("--counties", type=int, default=90)
    parser.add_argument("--enterprises", type=int, default=2, help="synthetic enterprises per county")
    parser.add_argument("--from", dest="source", choices=("figures", "repositories"), default="figures")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--keep", action="store_true", help="keep the generated repositories for another run")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--shuili", default=None)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    shuili = find_shuili(args.shuili)
    if shuili is None:
        print("shuili not found", file=sys.stderr)
        return 2
    workdir = args.workdir or Path(f"/tmp/shuili-bench-rollup-{args.counties}x{args.enterprises}")
    from_figures = args.source == "figures"
    city, repos = prepare(workdir, args.counties, args.enterprises, args.seed, from_figures)
    subs = [r / "reports" / MONTH for r in repos] if from_figures else repos
    cache = workdir / "cache"
    shutil.rmtree(cache, ignore_errors=True)
    import os

    os.environ["SHUILI_CACHE_DIR"] = str(cache)
    runs = []
    labels = ("cold", "warm") if not from_figures else ("cold city cache", "warm")
    for label in labels:
        out = workdir / f"out-{label.split()[0]}"
        shutil.rmtree(out, ignore_errors=True)
        run = run_timed(f"rollup {len(subs)} {args.source} ({label})", rollup_argv(shuili, city, subs, out))
        show(run)
        runs.append(run)
    size = sum(p.stat().st_size for r in repos for p in r.rglob("*.yaml"))
    print(f"{len(subs)} submissions; county YAML {size / 1e6:.1f} MB in all")
    if args.json is not None:
        args.json.write_text(json.dumps([{k: v for k, v in asdict(r).items() if k not in ("stdout", "stderr")}
                                         for r in runs], indent=1), encoding="utf-8")
    if not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0 if all(r.exit_code == 0 for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
