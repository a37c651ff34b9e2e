"""Hostile repositories: garbage, bombs, huge and malicious files never crash ``shuili validate``.

Each test builds a small repository in a temporary folder, runs the console entry
point in-process and checks the exit-code contract: 1 (data errors) with the
expected rule code, never 3 (internal error) and never a traceback. Inputs are
bounded so that every test finishes quickly.
"""

from __future__ import annotations

import json
import random
import shutil
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shuili_cli.cli.app import main

SETTINGS = "schema_version: 1\nunit:\n  name: 永春县水利局\n  type: 县（市、区）\n  region: 永春县\n"
ENTERPRISE = (
    "id: a\nname: 桃溪水库管理站\ncredit_code: 91110000600037341L\nkind: 事业单位\n"
    "scale: 小微企业\nindustry: 水库管理\n"
)
HAZARDS = "enterprises/a/hazards/2023.yaml"


def make_repo(root: Path, files: dict[str, str | bytes]) -> Path:
    """A valid minimal repository plus ``files`` (which may replace its files)."""
    base: dict[str, str | bytes] = {"shuili.yaml": SETTINGS, "enterprises/a/enterprise.yaml": ENTERPRISE}
    base.update(files)
    for rel, content in base.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            content = content.encode("utf-8")
        path.write_bytes(content)
    return root


def run(capsys: pytest.CaptureFixture[str], root: Path, *extra: str) -> tuple[int, str]:
    """Run ``shuili --today 2024-01-15 validate --repo root``; (exit code, stdout + stderr)."""
    capsys.readouterr()  # drop anything printed before
    with pytest.raises(SystemExit) as exc:
        main(["--today", "2024-01-15", "validate", "--repo", str(root), *extra])
    captured = capsys.readouterr()
    code = exc.value.code
    return (code if isinstance(code, int) else (0 if code is None else 1)), captured.out + captured.err


def assert_data_error(code: int, output: str, rule: str) -> None:
    assert "Traceback" not in output, output
    assert "内部错误" not in output, output
    assert code != 3, output
    assert code == 1, output
    assert rule in output, output


# ------------------------------------------------------------------ garbage


def test_random_bytes_as_hazards_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rng = random.Random(20240115)
    junk = bytes(rng.randrange(256) for _ in range(2000))
    make_repo(tmp_path, {HAZARDS: junk})
    code, output = run(capsys, tmp_path)
    assert_data_error(code, output, "SL002")
    assert HAZARDS in output


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_random_utf8_garbage_yaml(tmp_path: Path, capsys: pytest.CaptureFixture[str], seed: int) -> None:
    rng = random.Random(seed)
    alphabet = "abcXYZ019 :-[]{},#&*!|>'\"%@?`\\\n\t汉字水库隐患，：「」"
    text = "hazards: [" + "".join(rng.choice(alphabet) for _ in range(2000))
    make_repo(tmp_path, {HAZARDS: text})
    code, output = run(capsys, tmp_path)
    # an unclosed flow sequence full of indicators: a syntax error (or, if it happens to
    # parse, a type/field error); never a crash
    assert "Traceback" not in output and "内部错误" not in output, output
    assert code == 1, output
    assert any(c in output for c in ("SL001", "SL003", "SL004", "SL005", "SL201", "SL202", "SL204")), output


def test_nul_bytes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_repo(tmp_path, {HAZARDS: b"hazards:\n  - id: H\x00-1\n    found_on: 2023-05-04\x00\n"})
    code, output = run(capsys, tmp_path)
    assert_data_error(code, output, "SL001")


# ------------------------------------------------------------------ resource bombs


def test_deeply_nested_flow_sequences(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_repo(tmp_path, {HAZARDS: "hazards: " + "[" * 5000 + "]" * 5000 + "\n"})
    started = time.perf_counter()
    code, output = run(capsys, tmp_path)
    assert time.perf_counter() - started < 5
    # data-model/rules: nesting deeper than 64 levels is SL013 (nesting-depth)
    assert_data_error(code, output, "SL013")


def test_deeply_nested_block_mappings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "".join("  " * k + f"k{k}:\n" for k in range(199)) + "  " * 199 + "leaf: 1\n"
    make_repo(tmp_path, {HAZARDS: text})
    code, output = run(capsys, tmp_path)
    assert_data_error(code, output, "SL013")


def test_billion_laughs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    make_repo(tmp_path, {HAZARDS: "\n".join(lines) + "\n"})
    started = time.perf_counter()
    code, output = run(capsys, tmp_path)
    assert time.perf_counter() - started < 5
    assert_data_error(code, output, "SL005")


def test_fifty_megabyte_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = "# padding padding padding padding padding padding padding padding\n"
    size = 50 * 1024 * 1024
    content = "hazards:\n" + line * (size // len(line) + 1)
    make_repo(tmp_path, {})
    path = tmp_path / HAZARDS
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="ascii") as fh:
        fh.write(content)
    del content
    started = time.perf_counter()
    code, output = run(capsys, tmp_path)
    elapsed = time.perf_counter() - started
    assert_data_error(code, output, "SL006")
    assert HAZARDS in output
    assert elapsed < 5, f"took {elapsed:.1f} s"


# ------------------------------------------------------------------ extreme numbers

RISK_LEC = (
    "risk_points:\n  - id: R-1\n    name: 闸门启闭\n    category: 作业活动\n"
    "    assessment: {{method: LEC, L: {L}, E: {E}, C: 15}}\n    color: 红\n    controls: [双人操作]\n"
    "    responsible: 陈志强\n    identified_on: 2023-03-01\n"
)
HAZARD_OK = (
    "hazards:\n  - id: {id}\n    found_on: 2023-05-04\n    source: 自查\n    description: 钢丝绳断丝\n"
    "    grade: 一般\n    responsible: 陈志强\n    deadline: 2023-05-20\n"
)


def test_lec_product_overflow(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # each factor is a valid decimal; their product exceeds the decimal context (Emax 999999)
    make_repo(tmp_path, {"enterprises/a/risks.yaml": RISK_LEC.format(L="1e999999", E="1e999999")})
    code, output = run(capsys, tmp_path)
    assert_data_error(code, output, "SL204")


@pytest.mark.parametrize("digits", [4301, 5000])
def test_integer_id_with_thousands_of_digits(tmp_path: Path, capsys: pytest.CaptureFixture[str], digits: int) -> None:
    # ^[1-9][0-9]*$ is a valid bare id whatever its length; Python refuses int() of > 4300 digits
    make_repo(tmp_path, {HAZARDS: HAZARD_OK.format(id="1" * digits)})
    code, output = run(capsys, tmp_path)
    assert "Traceback" not in output and "内部错误" not in output, output[:500]
    assert code in (0, 1), output[:500]


def test_persons_with_thousands_of_digits(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_repo(tmp_path, {"bureau/enforcement/2023.yaml": (
        "actions:\n  - id: ENF-1\n    date: 2023-08-02\n    type: 移送司法机关\n    party: 某无证采砂点负责人\n"
        "    persons: " + "9" * 5000 + "\n")})
    code, output = run(capsys, tmp_path)
    assert "Traceback" not in output and "内部错误" not in output, output[:500]
    assert code in (0, 1), output[:500]


def _vm_bytes() -> int:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    raise OSError("no VmSize")


@pytest.mark.parametrize(
    ("rel", "text", "rule"),
    [
        # numbers no one writes by hand stay text, and the model says a number is needed
        (HAZARDS, HAZARD_OK.format(id="H-1") + "    funds_wan: 1e99999999999\n", "SL204"),
        ("enterprises/a/five-s/2023.yaml",
         "evaluations:\n  - date: 2023-05-26\n    post: 机修岗\n    evaluator: 林晓东\n    total: 1e99999999999\n",
         "SL204"),
        ("enterprises/a/risks.yaml", RISK_LEC.format(L="1e99999999999", E="6"), "SL204"),
    ],
    ids=["funds_wan", "five-s-total", "lec-L"],
)
def test_huge_decimal_exponent(tmp_path: Path, capsys: pytest.CaptureFixture[str], rel: str, text: str, rule: str) -> None:
    """1e99999999999 is a short scalar; writing it out digit by digit needs 100 GB."""
    resource = pytest.importorskip("resource")
    try:
        cap = _vm_bytes() + 2 * 1024**3
    except OSError:
        pytest.skip("needs /proc/self/status")
    make_repo(tmp_path, {rel: text})
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    # a bounded address space turns a 100 GB allocation into an immediate MemoryError
    resource.setrlimit(resource.RLIMIT_AS, (cap if hard == resource.RLIM_INFINITY else min(cap, hard), hard))
    try:
        started = time.perf_counter()
        code, output = run(capsys, tmp_path)
        elapsed = time.perf_counter() - started
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    assert elapsed < 10
    assert "Traceback" not in output and "内部错误" not in output, output[:500]
    assert code in (0, 1), output[:500]
    assert rule in output, output[:500]
    assert len(output) < 100_000, "a finding should not print the number digit by digit"


# ------------------------------------------------------------------ malicious YAML


def test_python_apply_tag_is_never_executed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    marker = tmp_path / "PWNED"
    text = (
        "hazards:\n"
        f"  - id: !!python/object/apply:os.system [\"touch {marker}\"]\n"
        f"    description: !!python/object/apply:subprocess.call [[touch, {marker}]]\n"
    )
    make_repo(tmp_path, {HAZARDS: text})
    code, output = run(capsys, tmp_path)
    assert_data_error(code, output, "SL004")
    assert not marker.exists()


def test_python_tag_in_settings_is_never_executed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    marker = tmp_path / "PWNED"
    make_repo(tmp_path, {"shuili.yaml": SETTINGS + f"timezone: !!python/object/apply:os.system [\"touch {marker}\"]\n"})
    code, output = run(capsys, tmp_path)
    assert_data_error(code, output, "SL004")
    assert not marker.exists()


# ------------------------------------------------------------------ degenerate documents


def test_empty_enterprise_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_repo(tmp_path, {"enterprises/a/enterprise.yaml": ""})
    code, output = run(capsys, tmp_path)
    assert_data_error(code, output, "SL201")


def test_comment_only_enterprise_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_repo(tmp_path, {"enterprises/a/enterprise.yaml": "# 待补充\n"})
    code, output = run(capsys, tmp_path)
    assert_data_error(code, output, "SL201")


@pytest.mark.parametrize("content", ["", "# 暂无隐患\n", "\n\n   \n"])
def test_empty_hazards_file_means_no_records(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str) -> None:
    make_repo(tmp_path, {HAZARDS: content})
    code, output = run(capsys, tmp_path)
    assert "Traceback" not in output and "内部错误" not in output, output
    assert code == 0, output


def test_multi_document_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_repo(tmp_path, {HAZARDS: "---\nhazards: []\n---\nhazards: []\n"})
    code, output = run(capsys, tmp_path)
    assert_data_error(code, output, "SL001")


def test_top_level_list(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_repo(tmp_path, {HAZARDS: "- id: H-1\n  found_on: 2023-05-04\n- id: H-2\n"})
    code, output = run(capsys, tmp_path)
    assert_data_error(code, output, "SL204")


def test_top_level_scalar_settings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_repo(tmp_path, {"shuili.yaml": "just some text\n"})
    code, output = run(capsys, tmp_path)
    assert_data_error(code, output, "SL204")


def test_garbage_settings_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rng = random.Random(7)
    make_repo(tmp_path, {"shuili.yaml": bytes(rng.randrange(256) for _ in range(500))})
    code, output = run(capsys, tmp_path)
    assert_data_error(code, output, "SL002")


# ------------------------------------------------------------------ usage


def test_repo_without_settings_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "enterprises" / "a").mkdir(parents=True)
    (tmp_path / "enterprises" / "a" / "enterprise.yaml").write_text(ENTERPRISE, encoding="utf-8")
    code, output = run(capsys, tmp_path)
    assert "Traceback" not in output and "内部错误" not in output, output
    assert code == 2, output


# ------------------------------------------------------------------ property-based


@pytest.mark.parametrize(
    "target",
    ["enterprises/a/risks.yaml", "enterprises/a/enterprise.yaml", HAZARDS, "bureau/enforcement/2023.yaml", "shuili.yaml"],
)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text())
def test_arbitrary_text_never_crashes(capsys: pytest.CaptureFixture[str], target: str, text: str) -> None:
    root = Path(tempfile.mkdtemp(prefix="shuili-hostile-"))
    try:
        make_repo(root, {target: text})
        code, output = run(capsys, root)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    assert "Traceback" not in output, output
    assert "内部错误" not in output, output
    assert code in (0, 1), output


PLAIN = ["2023-05-04", "2023-02-30", "2024-01-16", "2023-13-01", "自查", "监管检查", "重大", "一般", "0.12345",
         "1e400", "-1e-400", ".nan", "-.inf", ".inf", "010", "+5", "0o17", "0x1F", "yes", "on", "~", "null", "true",
         "12:30", "0", "-1", "1000.01", "99999999999999999999999", "ENF-1", "H-1", "[]", "{}", "[a, b]", "{x: 1}",
         "'#quoted'", "#comment", "&anc x", "*undefined", "!!str 5", "!!binary aGVsbG8=", "\"\\u0000\""]
KEYS = ["id", "found_on", "source", "description", "grade", "responsible", "deadline", "measures", "funds_wan",
        "rectified_on", "verified_on", "verified_by", "inspection", "checklist", "checklist_item", "risk_point",
        "deadlin", "L", "整理"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    records=st.lists(
        st.dictionaries(
            st.sampled_from(KEYS),
            st.one_of(st.sampled_from(PLAIN), st.text(max_size=10).map(json.dumps)),
            max_size=12,
        ),
        max_size=4,
    )
)
def test_structured_hazards_never_crash(capsys: pytest.CaptureFixture[str], records: list[dict[str, str]]) -> None:
    """Near-valid hazard records whose values are raw YAML scalars of every awkward kind."""
    lines = ["hazards:"]
    for rec in records:
        prefix = "  - "
        if not rec:
            lines.append("  - {}")
        for key, value in rec.items():
            lines.append(f"{prefix}{key}: {value}")
            prefix = "    "
    root = Path(tempfile.mkdtemp(prefix="shuili-hostile-"))
    try:
        make_repo(root, {HAZARDS: "\n".join(lines) + "\n", "bureau/enforcement/2023.yaml": (
            "actions:\n  - id: ENF-1\n    date: 2023-05-04\n    type: 罚款\n    enterprise: a\n    amount_wan: 1\n")})
        code, output = run(capsys, root)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    assert "Traceback" not in output, output
    assert "内部错误" not in output, output
    assert code in (0, 1), output
