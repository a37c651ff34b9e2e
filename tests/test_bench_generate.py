"""bench/generate.py's knobs (issue 13): counts, validity, SL601 warnings, and the default output unchanged."""

from __future__ import annotations

import hashlib
import importlib.util
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from shuili_cli import api

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
TODAY = date(2024, 1, 15)
N = 3


@pytest.fixture(scope="module")
def gen() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_generate", BENCH / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def load(path: Path) -> dict:  # type: ignore[type-arg]
    return yaml.safe_load(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@pytest.mark.parametrize("brief", [False, True])
def test_knobs_give_the_counts_and_exactly_the_sl601_warnings(gen: ModuleType, tmp_path: Path, brief: bool) -> None:
    hazards, evaluations, majors = 45, 12, 4
    sizes = gen.generate(N, tmp_path, 5, hazards_per_year=hazards, evaluations_per_year=evaluations,
                         unsupervised_majors=majors, brief=brief)
    assert sum(sizes.values()) == sum(p.stat().st_size for p in tmp_path.rglob("*.yaml"))
    folders = sorted((tmp_path / "enterprises").iterdir())
    assert len(folders) == N
    listed = {(a["enterprise"], h) for a in load(tmp_path / "bureau" / "enforcement" / "2023.yaml")["actions"]
              if a["type"] == "挂牌督办" for h in a["hazards"]}
    for folder in folders:
        records = load(folder / "hazards" / "2023.yaml")["hazards"]
        assert len(records) == hazards
        assert len({h["id"] for h in records}) == hazards
        evals = load(folder / "five-s" / "2023.yaml")["evaluations"]
        assert len(evals) == evaluations
        assert len({(e["date"], e["post"], e["person"]) for e in evals}) == evaluations
        majors_here = {h["id"] for h in records if h["grade"] == "重大"}
        assert len({h for h in majors_here if (folder.name, h) not in listed}) == majors
        assert {h for e, h in listed if e == folder.name} <= majors_here
        if brief:
            assert not any(k in h for h in records for k in ("location", "funds_wan"))
            assert all("measures" in h for h in records if "rectified_on" in h)
            assert all("verified_by" in h for h in records if "verified_on" in h)
            assert all("measures" not in h for h in records if "rectified_on" not in h)
    assert listed  # seed 5 plans at least one 挂牌督办, so supervised and unsupervised 重大 both occur

    result = api.validate(tmp_path, TODAY, use_cache=False)
    assert result.errors == 0
    codes = Counter(f.code for f in result.findings)
    assert codes == {"SL601": majors * N}
    assert Counter(f.file for f in result.findings) == {
        f"enterprises/{f.name}/hazards/2023.yaml": majors for f in folders}


def test_default_knobs_leave_the_output_as_it_was(gen: ModuleType, tmp_path: Path) -> None:
    gen.generate(N, tmp_path / "plain", 7)
    gen.generate(N, tmp_path / "knobs", 7, hazards_per_year=300, evaluations_per_year=150,
                 unsupervised_majors=0, brief=False)
    gen.main([str(N), str(tmp_path / "cli"), "--seed", "7", "--shape", "current"])
    plain = digest(tmp_path / "plain")
    assert plain == digest(tmp_path / "knobs") == digest(tmp_path / "cli")
    hazards = load(tmp_path / "plain" / "enterprises" / "ent-0001" / "hazards" / "2023.yaml")["hazards"]
    assert len(hazards) == 300


def test_dense_preset_and_explicit_knobs_over_it(gen: ModuleType) -> None:
    import argparse

    parser = argparse.ArgumentParser()
    gen.add_knob_options(parser)
    assert gen.knobs_from_args(parser.parse_args(["--shape", "dense"])) == gen.Knobs(900, 50, 17, True)
    over = gen.knobs_from_args(parser.parse_args(["--shape", "dense", "--hazards-per-year", "400", "--no-brief"]))
    assert over == gen.Knobs(400, 50, 17, False)
    assert gen.knobs_from_args(parser.parse_args([])) == gen.Knobs()


def test_impossible_knobs_are_refused(gen: ModuleType, tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="evaluations"):
        gen.generate(1, tmp_path / "a", 1, evaluations_per_year=10**6)
    with pytest.raises(SystemExit, match="hazards-per-year"):
        gen.generate(1, tmp_path / "b", 1, hazards_per_year=10_000)
    with pytest.raises(SystemExit, match="needs at least"):
        gen.generate(1, tmp_path / "c", 1, hazards_per_year=5, unsupervised_majors=5)


def test_run_help_names_the_shape() -> None:
    out = subprocess.run([sys.executable, str(BENCH / "run.py"), "--help"], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout
    assert "--shape" in out and "dense" in out and "--skip-ledgers" in out
