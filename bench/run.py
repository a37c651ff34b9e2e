#!/usr/bin/env python3
"""Benchmark `shuili validate` (and friends) on a synthetic repository.

Usage: python bench/run.py [--n 1000] [--shape {current,dense}] [--workdir DIR] [--keep] [--seed S]
                           [--json PATH] [--shuili PATH] [--skip-ledgers]
                           [--hazards-per-year N] [--evaluations-per-year N] [--unsupervised-majors K]
                           [--brief | --no-brief]

--shape picks the generator's preset (bench/generate.py: current, or dense = 900 hazards a year,
50 5S evaluations, 17 unsupervised 重大 hazards per enterprise, brief hazard records); a knob given
explicitly overrides the preset.

In one run it measures:
  - baseline: a bare single-process parse of every .yaml file with PyYAML's CSafeLoader
    (gc left on), in a fresh interpreter;
  - `shuili validate --repo R --format json`: cold (cache deleted), warm (nothing changed) and
    with one enterprise's hazards file changed;
  - the extra commands of EXTRA_COMMANDS (e.g. `shuili report`), each compared with validate;
  - `shuili diff HEAD` on a change to 3 enterprises;
  - the ledger export and imports (bench/ledgers.py; --skip-ledgers leaves them out);
  - `shuili --help` (best of 5);
and prints a table of times, exit codes and peak RSS, then the ratios against their targets.
Exit code: 0 when every check passes (n/a checks are ignored), 1 otherwise, 2 on a setup error.
See bench/README.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))
from generate import Knobs, add_knob_options, generate, knobs_from_args  # noqa: E402  (bench/ is not a package)
from ledgers import LedgerRuns, measure_ledgers  # noqa: E402

CHANGE_MARKER = "# bench: one file changed (harmless comment, removed after the run)\n"
HELP_REPEATS = 5

# Targets (issue 13; the same at every shape).
MAX_COLD_OVER_BASELINE = 0.6
MAX_WARM_OVER_COLD = 0.05
MAX_CHANGED_OVER_COLD = 0.10
MAX_VALIDATE_RSS_KB = 1024 * 1024  # 1.0 GB, each validate run
MAX_DIFF_RSS_KB = int(1.5 * 1024 * 1024)  # 1.5 GB
MAX_HELP_SECONDS = 0.3


@dataclass(frozen=True)
class ExtraCommand:
    """A further timed shuili command, compared with a validate run.

    `args` follow the executable; "{repo}" and "{tmp}" (a fresh scratch directory) are
    substituted. `cache` is "cold" (delete the cache first) or "warm"; the command is compared
    with the validate run of the same cache state. Any exit code but 0 fails the check. Its peak
    RSS is checked against `max_rss_kb`.
    """

    label: str
    args: tuple[str, ...]
    cache: str
    max_ratio: float
    max_rss_kb: int = MAX_VALIDATE_RSS_KB


EXTRA_COMMANDS: tuple[ExtraCommand, ...] = (
    ExtraCommand(
        label="report --month 2023-05",
        args=("report", "--month", "2023-05", "--repo", "{repo}", "--out", "{tmp}"),
        cache="cold",
        max_ratio=1.2,
        max_rss_kb=1024 * 1024,  # 1.0 GB
    ),
)


# --------------------------------------------------------------------------------------------
# Running a child and measuring it
# --------------------------------------------------------------------------------------------


@dataclass
class RunResult:
    """One timed child process."""

    label: str
    argv: list[str]
    seconds: float
    exit_code: int
    maxrss_kb: int  # ru_maxrss from wait4: the largest single process of the child's tree
    tree_rss_kb: int  # sampled peak of the summed RSS of the child and its descendants
    stdout: str = field(default="", repr=False)
    stderr: str = field(default="", repr=False)

    @property
    def peak_rss_kb(self) -> int:
        return max(self.maxrss_kb, self.tree_rss_kb)


class TreeRssSampler(threading.Thread):
    """Samples the summed RSS of a process and its descendants (Linux /proc; else a no-op).

    wait4's ru_maxrss is the peak of the largest single process, which undercounts a tool that
    runs worker processes side by side; this sampler catches the sum, at 0.2 s resolution.
    """

    INTERVAL = 0.2

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kb = 0
        self._stop_event = threading.Event()
        self._page_kb = os.sysconf("SC_PAGE_SIZE") // 1024 if hasattr(os, "sysconf") else 4

    def _tree(self, pid: int) -> list[int]:
        pids = [pid]
        k = 0
        while k < len(pids):
            p = pids[k]
            k += 1
            try:
                for tid in os.listdir(f"/proc/{p}/task"):
                    with open(f"/proc/{p}/task/{tid}/children") as f:
                        pids.extend(int(c) for c in f.read().split())
            except OSError:
                continue
        return pids

    def _sample(self) -> None:
        total = 0
        for p in self._tree(self.pid):
            try:
                with open(f"/proc/{p}/statm") as f:
                    total += int(f.read().split()[1]) * self._page_kb
            except (OSError, IndexError, ValueError):
                continue
        self.peak_kb = max(self.peak_kb, total)

    def run(self) -> None:
        if not os.path.isdir("/proc"):
            return
        while not self._stop_event.wait(self.INTERVAL):
            self._sample()

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


def run_timed(label: str, argv: list[str], cwd: Path | None = None) -> RunResult:
    """Run argv, wall-timed; the rusage comes from os.wait4 on that child alone."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err, cwd=cwd)
        sampler = TreeRssSampler(proc.pid)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        sampler.stop()
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4, tell Popen
        out.seek(0)
        err.seek(0)
        return RunResult(
            label=label,
            argv=argv,
            seconds=seconds,
            exit_code=proc.returncode,
            maxrss_kb=usage.ru_maxrss,  # kilobytes on Linux
            tree_rss_kb=sampler.peak_kb,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
        )


# Baseline: the same files, bare CSafeLoader, gc on, one process.
BASELINE_CODE = """
import os, sys, yaml
n = 0
for dirpath, dirnames, filenames in os.walk(sys.argv[1]):
    dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
    for name in sorted(filenames):
        if name.endswith((".yaml", ".yml")):
            with open(os.path.join(dirpath, name), "rb") as f:
                yaml.load(f, Loader=yaml.CSafeLoader)
            n += 1
print(n)
"""


# --------------------------------------------------------------------------------------------
# Repository preparation
# --------------------------------------------------------------------------------------------


def find_shuili(explicit: str | None) -> Path | None:
    """The shuili executable: --shuili, next to sys.executable (same venv), or on PATH."""
    if explicit:
        return Path(explicit)
    beside = Path(sys.executable).parent / ("shuili.exe" if os.name == "nt" else "shuili")
    if beside.exists():
        return beside
    found = shutil.which("shuili")
    return Path(found) if found else None


def generator_fingerprint() -> str:
    return hashlib.sha1((BENCH_DIR / "generate.py").read_bytes()).hexdigest()


def prepare_repository(workdir: Path, n: int, seed: int, knobs: Knobs | None = None) -> tuple[Path, bool]:
    """Return (repo, generated_now); reuse workdir/repo when generated with the same settings
    (N, seed, knobs and generate.py's bytes)."""
    knobs = knobs or Knobs()
    repo = workdir / "repo"
    meta_path = workdir / "bench-meta.json"
    wanted = {"n": n, "seed": seed, "knobs": asdict(knobs), "generator": generator_fingerprint()}
    if repo.is_dir() and meta_path.is_file():
        try:
            if json.loads(meta_path.read_text(encoding="utf-8")) == wanted:
                print(f"reusing {repo}", file=sys.stderr)
                return repo, False
        except ValueError:
            pass
    if repo.exists():
        shutil.rmtree(repo)
    meta_path.unlink(missing_ok=True)
    print(f"generating {n} enterprises in {repo} ...", file=sys.stderr)
    start = time.perf_counter()
    generate(n, repo, seed, **asdict(knobs))
    print(f"generated in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    meta_path.write_text(json.dumps(wanted), encoding="utf-8")
    return repo, True


def yaml_files(repo: Path) -> list[Path]:
    files: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(repo):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        files.extend(Path(dirpath, f) for f in sorted(filenames) if f.endswith((".yaml", ".yml")))
    return files


def drop_cache(repo: Path) -> None:
    """Empty the parse cache that every measured run uses (SHUILI_CACHE_DIR, set in main)."""
    shutil.rmtree(os.environ["SHUILI_CACHE_DIR"], ignore_errors=True)


def changed_file(repo: Path) -> Path:
    """The hazards file of the first enterprise: the file that gets one harmless change."""
    first = sorted(p for p in (repo / "enterprises").iterdir() if p.is_dir())[0]
    path = first / "hazards" / "2023.yaml"
    if not path.is_file():
        raise SystemExit(f"no hazards file to change: {path}")
    return path


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------


@dataclass
class Check:
    """One figure against its target; `passed` is None for n/a."""

    name: str
    value: str
    target: str
    passed: bool | None

    @property
    def verdict(self) -> str:
        return "n/a" if self.passed is None else "PASS" if self.passed else "FAIL"


def ratio_check(name: str, num: RunResult | None, den: RunResult | None, limit: float) -> Check:
    if num is None or den is None or den.seconds <= 0:
        return Check(name, "n/a", f"<= {limit:.2f}", None)
    r = num.seconds / den.seconds
    return Check(name, f"{r:.3f}", f"<= {limit:.2f}", r <= limit)


def ledger_rows(runs: LedgerRuns) -> list[tuple[RunResult, str]]:
    books = runs.import_books
    out: list[tuple[RunResult, str]] = [(runs.export, f"{runs.books} enterprise workbooks + the county's"),  # type: ignore[list-item]
                                        (runs.import_county, "")]  # type: ignore[list-item]
    if books:
        slowest = max(books, key=lambda r: r.seconds)  # type: ignore[attr-defined]
        out.append((slowest, f"slowest of {len(books)} unchanged enterprise imports"))  # type: ignore[arg-type]
    if runs.import_changed is not None:
        out.append((runs.import_changed, f"lines changed: {runs.changed_lines}"))  # type: ignore[arg-type]
    return out


def ledger_checks(runs: LedgerRuns, cold: RunResult, peak_kb: int) -> list[Check]:
    """The round trip must change nothing; the times (against the cold validate) and the peak memory
    are measured, without a target. A county workbook over import's limits (50 MB, 2,000,000 cells:
    the county of 1,000 synthetic enterprises is) must be refused cleanly (exit 1, the limit named)."""
    out = [Check("ledger round trip: bytes changed", "0" if runs.unchanged_after_round_trip else "some", "0",
                 runs.unchanged_after_round_trip),
           Check("one changed cell: lines changed", str(runs.changed_lines), "1", runs.changed_lines == 1),
           Check("peak RSS of ledger runs (MB)", mb(peak_kb), "(measured)", None)]
    county = runs.import_county
    if county.exit_code == 1 and "超过" in county.stderr:  # type: ignore[attr-defined]
        out.append(Check("import county (over the limits)", "refused", "exit 1", True))
        county = None
    for name, run in (("export --all --county / cold", runs.export), ("import county / cold", county),
                      ("import one cell / cold", runs.import_changed)):
        if run is None:
            continue
        ok = run is not None and run.exit_code == 0  # type: ignore[attr-defined]
        ratio = f"{run.seconds / cold.seconds:.2f}" if run is not None and cold.seconds > 0 else "n/a"  # type: ignore[attr-defined]
        out.append(Check(name, ratio if ok else "failed", "(measured)", None if ok else False))
    return out


def json_note(run: RunResult, describe: Callable[[dict[str, Any]], str]) -> str:
    """A note from a run's JSON output, or a hint when it is not JSON."""
    try:
        return describe(json.loads(run.stdout))
    except (ValueError, AttributeError):
        return "output is not JSON" if run.stdout.strip() else "no output"


def validate_summary(run: RunResult) -> str:
    """errors=… warnings=… from a validate run's JSON output, with the codes found (e.g. SL601 17000)."""
    def describe(d: dict[str, Any]) -> str:
        codes = Counter(str(f.get("code")) for f in d.get("diagnostics", []))
        by_code = f" ({', '.join(f'{c} {k}' for c, k in sorted(codes.items()))})" if codes else ""
        return f"errors={d.get('errors')} warnings={d.get('warnings')}{by_code}"
    return json_note(run, describe)


def validate_counts(run: RunResult) -> tuple[int, int] | None:
    """(errors, warnings) from a validate run's JSON output; None when it is not JSON."""
    try:
        d = json.loads(run.stdout)
        return int(d["errors"]), int(d["warnings"])
    except (ValueError, TypeError, KeyError):
        return None


def rss_check(name: str, run: RunResult | None, limit_kb: int) -> Check:
    """One command's peak RSS (the larger of maxrss and the sampled tree) against its limit."""
    if run is None:
        return Check(name, "n/a", f"<= {mb(limit_kb)}", None)
    return Check(name, mb(run.peak_rss_kb), f"<= {mb(limit_kb)}", run.peak_rss_kb <= limit_kb)


def mb(kb: int) -> str:
    return f"{kb / 1024:.0f}"


def print_runs(runs: list[tuple[RunResult | None, str]]) -> None:
    print(f"{'measurement':<34}{'time (s)':>10}{'exit':>6}{'maxrss MB':>11}{'tree MB':>9}  note")
    for run, note in runs:
        if run is None:
            continue
        print(f"{run.label:<34}{run.seconds:>10.2f}{run.exit_code:>6}{mb(run.maxrss_kb):>11}"
              f"{mb(run.tree_rss_kb):>9}  {note}")


def print_checks(checks: list[Check]) -> None:
    print(f"{'check':<34}{'value':>12}{'target':>12}  result")
    for c in checks:
        print(f"{c.name:<34}{c.value:>12}{c.target:>12}  {c.verdict}")


def show_failure(run: RunResult) -> None:
    """Print the start of a failed run's output, for diagnosis."""
    for name, text in (("stdout", run.stdout), ("stderr", run.stderr)):
        lines = text.strip().splitlines()
        if lines:
            print(f"--- {run.label}: {name} (first 15 lines)")
            print("\n".join(lines[:15]))


# --------------------------------------------------------------------------------------------
# shuili diff on a pull request that touches a few enterprises
# --------------------------------------------------------------------------------------------

MAX_DIFF_OVER_COLD = 0.5
DIFF_ENTERPRISES = 3


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=bench", "-c", "user.email=bench@localhost", *args], cwd=repo,
                   check=True, capture_output=True)


def measure_diff(shuili: Path, repo: Path) -> RunResult:
    """Commit the repository once (kept for later runs), edit a hazard in a few enterprises, time
    ``shuili diff HEAD``. The cache is warm from the validate runs, as in CI after `validate`."""
    if not (repo / ".git").is_dir():
        (repo / ".gitignore").write_text("reports/\n", encoding="utf-8")
        _git(repo, "init", "-q")
        _git(repo, "add", "-A")
        _git(repo, "commit", "-q", "-m", "bench")
    targets = sorted((repo / "enterprises").iterdir())[:DIFF_ENTERPRISES]
    originals = {}
    try:
        for ent in targets:
            path = ent / "hazards" / "2023.yaml"
            originals[path] = path.read_bytes()
            text = path.read_text(encoding="utf-8")
            path.write_text(text.replace("description: ", "description: （已复查）", 1), encoding="utf-8")
        return run_timed("diff HEAD (3 enterprises changed)",
                         [str(shuili), "diff", "HEAD", "--repo", str(repo), "--format", "json"])
    finally:
        for path, data in originals.items():
            path.write_bytes(data)


def diff_summary(run: RunResult) -> str:
    return json_note(run, lambda d: f"records changed={len(d.get('records', []))}")


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark shuili validate on a synthetic repository.")
    parser.add_argument("--n", type=int, default=1000, help="number of enterprises (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    parser.add_argument("--workdir", type=Path,
                        help="default /tmp/shuili-bench-<N> (current shape) or /tmp/shuili-bench-<N>-<shape>")
    parser.add_argument("--keep", action="store_true",
                        help="keep the generated repository for later runs (a reused one is always kept)")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the results as JSON")
    parser.add_argument("--shuili", help="path of the shuili executable (default: beside python, or PATH)")
    parser.add_argument("--skip-ledgers", action="store_true",
                        help="leave out the ledger export and imports (bench/ledgers.py; the export alone takes minutes)")
    add_knob_options(parser)
    args = parser.parse_args(argv)
    knobs = knobs_from_args(args)

    shuili = find_shuili(args.shuili)
    if shuili is None or not shuili.exists():
        print("error: shuili executable not found (install the project in this venv, or pass --shuili)",
              file=sys.stderr)
        return 2
    suffix = "" if args.shape == "current" else f"-{args.shape}"
    workdir: Path = args.workdir or Path(tempfile.gettempdir()) / f"shuili-bench-{args.n}{suffix}"
    workdir_existed = workdir.exists()
    workdir.mkdir(parents=True, exist_ok=True)
    os.environ["SHUILI_CACHE_DIR"] = str(workdir / "cache")  # inherited by every shuili run
    repo, generated = prepare_repository(workdir, args.n, args.seed, knobs)
    files = yaml_files(repo)
    total_bytes = sum(f.stat().st_size for f in files)
    validate = [str(shuili), "validate", "--repo", str(repo), "--format", "json"]

    def step(label: str) -> None:
        print(f"running {label} ...", file=sys.stderr, flush=True)

    try:
        step("baseline parse")
        baseline = run_timed("baseline CSafeLoader parse", [sys.executable, "-c", BASELINE_CODE, str(repo)])

        step("validate (cold)")
        drop_cache(repo)
        cold = run_timed("validate cold", validate)
        step("validate (warm)")
        warm = run_timed("validate warm", validate)

        step("validate (one file changed)")
        target = changed_file(repo)
        original = target.read_bytes()
        try:
            with open(target, "ab") as f:
                f.write(CHANGE_MARKER.encode("utf-8"))
            changed = run_timed("validate one file changed", validate)
        finally:
            target.write_bytes(original)

        extras: list[tuple[ExtraCommand, RunResult]] = []
        for extra in EXTRA_COMMANDS:
            step(extra.label)
            scratch = Path(tempfile.mkdtemp(prefix="out-", dir=workdir))
            try:
                if extra.cache == "cold":
                    drop_cache(repo)
                cmd = [str(shuili)] + [a.replace("{repo}", str(repo)).replace("{tmp}", str(scratch))
                                       for a in extra.args]
                extras.append((extra, run_timed(f"{extra.label} ({extra.cache})", cmd)))
            finally:
                shutil.rmtree(scratch, ignore_errors=True)

        ledgers = None if args.skip_ledgers else measure_ledgers(shuili, repo, workdir, run_timed, step)

        step("diff (a pull request touching 3 enterprises)")
        diff_run = measure_diff(shuili, repo)

        step("--help")
        helps = [run_timed("--help (best of 5)", [str(shuili), "--help"]) for _ in range(HELP_REPEATS)]
        help_run = min(helps, key=lambda r: r.seconds)
    finally:
        if generated and not args.keep:
            shutil.rmtree(workdir if not workdir_existed else repo, ignore_errors=True)
            if workdir_existed:
                (workdir / "bench-meta.json").unlink(missing_ok=True)

    # ---- the table -----------------------------------------------------------------------
    import yaml  # only for the version line

    print()
    print(f"shuili benchmark: N={args.n} enterprises, {len(files)} YAML files, "
          f"{total_bytes / 1e6:.1f} MB ({total_bytes / args.n / 1000:.0f} KB per enterprise)")
    print(f"python {platform.python_version()}, PyYAML {yaml.__version__}"
          f"{' with libyaml' if yaml.__with_libyaml__ else ' WITHOUT libyaml'}, "
          f"{os.cpu_count()} CPUs, {platform.platform()}")
    print(f"shape: {args.shape} (" + ", ".join(f"{k} {v}" for k, v in asdict(knobs).items()) + ")")
    print(f"shuili: {shuili}")
    print()
    rows: list[tuple[RunResult | None, str]] = [
        (baseline, "files parsed: " + baseline.stdout.strip()),
        (cold, validate_summary(cold)),
        (warm, validate_summary(warm)),
        (changed, validate_summary(changed)),
    ]
    rows.append((diff_run, diff_summary(diff_run)))
    for _, run in extras:
        rows.append((run, "" if run.exit_code == 0 else f"exit {run.exit_code}"))
    ledger_runs = ledger_rows(ledgers) if ledgers is not None else []
    rows += ledger_runs
    ledger_peak = max((r.peak_rss_kb for r, _ in ledger_runs), default=0)   # reported apart, see ledger_checks
    rows.append((help_run, f"runs: {', '.join(f'{r.seconds:.3f}' for r in helps)}"))
    print_runs(rows)
    print()

    checks: list[Check] = []
    validate_exits = [cold.exit_code, warm.exit_code, changed.exit_code]
    checks.append(Check("validate exit codes", "/".join(map(str, validate_exits)), "0/0/0",
                        all(c == 0 for c in validate_exits)))
    # Every validate run must report what the generator put in: no errors, one SL601 per unsupervised 重大.
    expected = (0, knobs.unsupervised_majors * args.n)
    counts = [validate_counts(r) for r in (cold, warm, changed)]
    checks.append(Check("validate errors/warnings", " ".join("?" if c is None else f"{c[0]}/{c[1]}" for c in counts),
                        f"{expected[0]}/{expected[1]}", all(c == expected for c in counts)))
    checks.append(ratio_check("cold / baseline", cold, baseline, MAX_COLD_OVER_BASELINE))
    checks.append(ratio_check("warm / cold", warm, cold, MAX_WARM_OVER_COLD))
    checks.append(ratio_check("one changed / cold", changed, cold, MAX_CHANGED_OVER_COLD))
    for state, run in (("cold", cold), ("warm", warm), ("changed", changed)):
        checks.append(rss_check(f"peak RSS validate {state} (MB)", run, MAX_VALIDATE_RSS_KB))
    checks.append(Check("--help (s)", f"{help_run.seconds:.3f}", f"< {MAX_HELP_SECONDS:.2f}",
                        help_run.exit_code == 0 and help_run.seconds < MAX_HELP_SECONDS))
    checks.append(ratio_check("diff (3 enterprises) / cold", diff_run, cold, MAX_DIFF_OVER_COLD))
    for extra, run in extras:
        name = f"{extra.label.split()[0]} / validate {extra.cache}"
        base = cold if extra.cache == "cold" else warm
        c = ratio_check(name, run, base, extra.max_ratio)
        if run.exit_code != 0:
            c = Check(name, f"exit {run.exit_code}", c.target, False)
        checks.append(c)
        checks.append(rss_check(f"peak RSS {extra.label.split()[0]} (MB)", run, extra.max_rss_kb))
    checks.append(rss_check("peak RSS diff (MB)", diff_run, MAX_DIFF_RSS_KB))
    if ledgers is not None:
        checks += ledger_checks(ledgers, cold, ledger_peak)
    print_checks(checks)

    for run in [cold, warm, changed, help_run, diff_run] + [r for _, r in extras]:
        if run.exit_code != 0:
            show_failure(run)
    if baseline.exit_code != 0:
        show_failure(baseline)

    if args.json:
        def record(run: RunResult) -> dict[str, object]:
            d = asdict(run)
            d.pop("stdout")
            d.pop("stderr")
            return d

        result = {
            "n": args.n,
            "seed": args.seed,
            "shape": args.shape,
            "knobs": asdict(knobs),
            "skip_ledgers": args.skip_ledgers,
            "yaml_files": len(files),
            "yaml_bytes": total_bytes,
            "python": platform.python_version(),
            "pyyaml": yaml.__version__,
            "cpus": os.cpu_count(),
            "runs": [record(r) for r, _ in rows if r is not None],
            "checks": [asdict(c) | {"verdict": c.verdict} for c in checks],
        }
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"\nresults written to {args.json}")
    return 1 if any(c.passed is False for c in checks) else 0


if __name__ == "__main__":
    sys.exit(main())
