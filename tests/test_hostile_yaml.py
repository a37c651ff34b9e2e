"""Hostile YAML (issue 7, items 2, 3 and 12): linear locating, bounded memory, no YAML holes.

Time and memory are asserted relative to a baseline measured in the same test: a larger input
against a smaller one (linear growth is about 8x for 8x the input, quadratic 64x), or a child
process's peak memory against a child validating a tiny repository.
"""

from __future__ import annotations

import gc
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from shuili_cli.core.rules import yaml_syntax
from shuili_cli.core.source import pipeline, yamlio
from shuili_cli.core.source.loader import load
from shuili_cli.core.source.yamlio import parse_text
from tests.conftest import run_cli

TODAY = date(2024, 1, 15)
SETTINGS = "schema_version: 1\nunit:\n  name: 永春县水利局\n  type: 县（市、区）\n  region: 永春县\n"
ENTERPRISE = (
    "id: a\nname: 桃溪水库管理站\ncredit_code: 91110000600037341L\nkind: 事业单位\n"
    "scale: 小微企业\nindustry: 水库管理\n"
)
RISKS = "enterprises/a/risks.yaml"
HAZARDS = "enterprises/a/hazards/2023.yaml"
MB = 1 << 20


def write_repo(root: Path, files: dict[str, str]) -> Path:
    """A valid minimal repository plus ``files``, written byte for byte (no dedent)."""
    for rel, text in {"shuili.yaml": SETTINGS, "enterprises/a/enterprise.yaml": ENTERPRISE, **files}.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    return root


def best_time(fn: Callable[[], object], runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def codes(text: str) -> list[tuple[str, int, int]]:
    return [(f.code, f.line, f.column) for f in parse_text(text, "x.yaml").findings]


# ------------------------------------------------------------------ item 2: locating is linear


def test_locating_every_key_of_a_big_mapping_is_linear() -> None:
    """Each finding used to scan its mapping for its position: 40,000 unknown keys took 44 s."""
    timings = []
    for n in (5_000, 40_000):
        parsed = parse_text("".join(f"k{i}: {i}\n" for i in range(n)), "x.yaml")
        keys = [(f"k{i}",) for i in range(n)]
        timings.append(best_time(lambda p=parsed, ks=keys: [p.locate(k, at_key=True) for k in ks]))
        assert parsed.locate(("k123",)) == (124, 7)
        assert parsed.locate(("k123",), at_key=True) == (124, 1)
    assert timings[1] < 20 * timings[0], timings  # linear: about 8x; quadratic: 64x


def test_validating_many_unknown_keys_is_linear(tmp_path: Path) -> None:
    """The issue's reproduction, end to end: a mapping of unknown keys, N against 8N."""
    roots = []
    for n in (4_000, 32_000):
        text = "risk_points: []\n" + "".join(f"k{i}: 1\n" for i in range(n))
        roots.append(write_repo(tmp_path / str(n), {RISKS: text}))
    small, big = (best_time(lambda r=r: load(r, today=TODAY, use_cache=False)) for r in roots)
    assert big < 20 * small, (small, big)
    found = load(roots[1], today=TODAY, use_cache=False).findings
    assert [(f.code, f.line, f.column) for f in found[:2]] == [("SL202", 2, 1), ("SL202", 3, 1)]
    assert sum(f.code == "SL202" for f in found) == 1000
    [summary] = [f for f in found if f.code == "SL017"]
    assert (summary.line, summary.severity.value) == (32_001, "warning")
    assert "另有 31,000 个问题未列出" in summary.message


def _hazard(i: int) -> str:
    # deadline before found_on: one SL401 per record
    return (f"  - {{id: H-{i}, found_on: 2023-05-04, source: 自查, description: 钢丝绳断丝, grade: 一般, "
            f"responsible: 陈志强, deadline: 2023-05-01}}\n")


def test_report_draft_with_thousands_of_findings_is_linear(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``report --draft`` lists every finding in the workbook and the summary: N against 8N findings."""
    timings = []
    for files in (1, 8):
        root = write_repo(tmp_path / f"r{files}", {
            f"enterprises/a/hazards/part{k}.yaml": "hazards:\n" + "".join(_hazard(k * 1000 + i) for i in range(400))
            for k in range(files)})
        args = ["--today", "2024-01-15", "report", "--month", "2023-05", "--draft", "--repo", str(root),
                "--out", str(tmp_path / f"out{files}")]

        def run(a: list[str] = args) -> None:
            code, _, err = run_cli(a, capsys)
            assert code == 0, err

        timings.append(best_time(run, runs=2))
    assert timings[1] < 20 * timings[0], timings


def test_repository_level_findings_are_located_once_and_capped(tmp_path: Path) -> None:
    """3,000 copies of one hazard id: 2,999 SL301, located through one parse, at most 1,000 listed."""
    text = "hazards:\n" + "".join(_hazard(1).replace("deadline: 2023-05-01", "deadline: 2023-05-08") for _ in range(3000))
    found = load(write_repo(tmp_path, {HAZARDS: text}), today=TODAY, use_cache=False).findings
    dup = [f for f in found if f.code == "SL301"]
    assert len(dup) == 1000
    assert [f.line for f in dup[:3]] == [3, 4, 5]
    [summary] = [f for f in found if f.code == "SL017"]
    assert "另有 1,999 个问题未列出" in summary.message


# ------------------------------------------------------------------ item 3: bounded memory

# The child reports its own peak: VmHWM belongs to the process's memory since exec, whereas
# ru_maxrss also keeps the peak of the (large) test process it was forked from.
_CHILD = """\
import re, resource, sys
from shuili_cli.cli.app import main
code = 0
try:
    main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code if isinstance(exc.code, int) else 1
try:
    with open("/proc/self/status", encoding="ascii") as fh:
        peak = int(re.search(r"VmHWM:\\s+(\\d+) kB", fh.read()).group(1))
except OSError:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
sys.stderr.write("PEAK-KB %d\\n" % peak)
sys.exit(code)
"""


def _child_validate(root: Path, cache: Path) -> tuple[int, float, str]:
    """(exit code, peak RSS in MB, stdout) of ``shuili validate`` in a fresh process."""
    env = {**os.environ, "SHUILI_CACHE_DIR": str(cache)}
    proc = subprocess.run([sys.executable, "-c", _CHILD, "--today", "2024-01-15", "validate", "--no-cache",
                           "--repo", str(root)], capture_output=True, text=True, env=env, timeout=120)
    [peak] = re.findall(r"PEAK-KB (\d+)", proc.stderr)
    return proc.returncode, int(peak) / 1024, proc.stdout


@pytest.fixture(scope="module")
def baseline_peak(tmp_path_factory: pytest.TempPathFactory) -> float:
    pytest.importorskip("resource")
    root = write_repo(tmp_path_factory.mktemp("tiny"), {RISKS: "risk_points: []\n"})
    code, peak, out = _child_validate(root, tmp_path_factory.mktemp("cache"))
    assert code == 0, out
    return peak


def _fill(head: str, unit: str, tail: str = "\n") -> str:
    return head + unit * ((MB - len(head.encode()) - len(tail)) // len(unit.encode())) + tail


def _pad(text: str) -> str:
    """``text`` followed by a comment up to 1 MB."""
    return text + "#" + "x" * (MB - len(text.encode()) - 2) + "\n"


SHAPES = {
    # over the node limit: refused while composing
    "empty-mappings": (RISKS, _fill("risk_points: [", "{},", "]\n"), "SL016"),
    "empty-lists": (RISKS, _fill("risk_points: [", "[],", "]\n"), "SL016"),
    "deep-ish-nesting": (RISKS, _fill("risk_points: [", "[" * 60 + "]" * 60 + ",", "]\n"), "SL016"),
    # under the limit: read and validated, each bad record or key a finding (1,000 listed)
    "empty-mappings-under-limit": (RISKS, _pad("risk_points: [" + "{}," * 124_000 + "]\n"), "SL201"),
    "empty-lists-under-limit": (RISKS, _pad("risk_points: [" + "[]," * 240_000 + "]\n"), "SL204"),
    "unknown-keys": (RISKS, "".join(f"k{i}: 1\n" for i in range(110_000)), "SL202"),
    "unknown-keys-in-one-record": (RISKS, "risk_points:\n  - " + "\n    ".join(f"k{i}: 1" for i in range(72_000)) + "\n",
                                   "SL202"),
    "nested-list-of-empty-mappings": ("enterprises/a/enterprise.yaml",
                                      _pad(ENTERPRISE + "standardization: [" + "{}," * 120_000 + "]\n"), "SL201"),
    "many-aliases": (RISKS, _fill("x: &a {id: R-1, name: 库区}\nrisk_points: [", "*a,", "]\n"), "SL005"),
    "long-strings": (RISKS, "risk_points:\n  - id: R-1\n    name: " + "长" * (MB // 3 - 30) + "\n", "SL201"),
}


@pytest.mark.parametrize("shape", list(SHAPES))
def test_a_one_megabyte_file_of_any_shape_stays_small(tmp_path: Path, baseline_peak: float, shape: str) -> None:
    """1 MB of ``risk_points: [{},{},…]`` used to take 4 GB and 61 s."""
    rel, text, rule = SHAPES[shape]
    assert 0.7 * MB < len(text.encode()) <= 1.05 * MB
    code, peak, out = _child_validate(write_repo(tmp_path / "repo", {rel: text}), tmp_path / "cache")
    assert code == 1 and rule in out, out[:2000]
    assert len(out.splitlines()) <= 1002  # at most 1,000 findings and a summary
    assert peak - baseline_peak < 300, f"{shape}: {peak:.0f} MB against {baseline_peak:.0f} MB for a tiny repository"


@pytest.mark.parametrize("text", ["a: [1, {b: 2}]\n", "a: &x [1, {b: 2}]\nb: *x\n", "a: [1, 2\n", "a: ! 1\n"])
def test_a_parsed_file_leaves_no_reference_cycle(text: str) -> None:
    """The loader pauses the garbage collector: nothing of a file may live on in a reference cycle."""
    parse_text(text, "x.yaml")  # first use: caches and imports
    gc.collect()
    gc.disable()
    try:
        parsed = parse_text(text, "x.yaml")
        parsed.locate(("a", 1, "b"))
        parsed.listed("x.yaml")
        del parsed
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_too_many_nodes_is_located(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlio, "MAX_NODES", 10)
    # nodes: the root mapping, "a", the list, then 1..7 make ten; "8" is the eleventh,
    # reported right after the "7" that ends at column 24
    [f] = parse_text("a: [1, 2, 3, 4, 5, 6, 7, 8]\n", "x.yaml").findings
    assert (f.code, f.line, f.column) == ("SL016", 1, 24)
    assert "超过 10 个 YAML 节点" in f.message and "拆到多个文件" in f.message
    [f] = parse_text("a: 1\nb: 2\nc: 3\nd: 4\ne: 5\nf: 6\n", "x.yaml").findings
    assert (f.code, f.line, f.column) == ("SL016", 5, 1)  # the value of "e" is the eleventh: reported at its key


def test_findings_are_capped_errors_first() -> None:
    """1,200 warnings then 30 errors: every error is listed, warnings fill up to 1,000."""
    text = "".join(f"w{i}: yes\n" for i in range(1200)) + "w0: 1\n" * 30
    parsed = parse_text(text, "x.yaml")
    assert parsed.dropped == 200  # warnings beyond the first 1,000 are only counted
    listed = parsed.listed("x.yaml")
    assert len(listed) == 1001
    assert sum(f.code == "SL003" for f in listed) == 30
    assert sum(f.code == "SL010" for f in listed) == 970
    assert (listed[-1].code, listed[-1].line) == ("SL017", 1230)
    assert "另有 230 个问题未列出" in listed[-1].message


def test_a_big_file_keeps_its_valid_records_and_locates_each_error(tmp_path: Path) -> None:
    """A file too big to validate at once is validated in parts: the same findings, at the same places."""
    point = ("  - {{id: R-{i}, name: 库区水域, category: 作业环境, assessment: {{method: 直接判定, basis: 重大危险源}}, "
             "color: 红, controls: [巡查], responsible: 林晓东, identified_on: 2023-03-01}}\n")
    lines = [point.format(i=i) for i in range(5000)]
    lines[7] = lines[7].replace("color: 红", "color: 紫")
    lines[4321] = lines[4321].replace("name: 库区水域, ", "")
    hazard = _hazard(1).replace("deadline: 2023-05-01", "deadline: 2023-05-08")
    root = write_repo(tmp_path, {
        RISKS: "risk_points:\n" + "".join(lines),
        HAZARDS: "hazards:\n" + hazard.replace("}", ", risk_point: R-4320}"),
    })
    result = load(root, today=TODAY, use_cache=False)
    assert [(f.code, f.line) for f in result.findings] == [("SL203", 9), ("SL201", 4323)]
    assert len(result.repo.enterprises["a"].risks) == 4998  # the reference to R-4320 resolves


CASES = sorted(p for p in (Path(__file__).parent / "cases").iterdir() if (p / "expected.txt").is_file())


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_validation_in_parts_finds_the_same(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every rule case validated whole and in tiny parts (as a huge file would be): the same result."""
    whole = load(case, today=TODAY, use_cache=False)
    monkeypatch.setattr(pipeline, "ERROR_BUDGET", 40)  # about two fields a part
    parts = load(case, today=TODAY, use_cache=False)
    assert parts.findings == whole.findings
    assert parts.repo.enterprises == whole.repo.enterprises
    assert (parts.repo.documents, parts.repo.ratings, parts.repo.actions, parts.repo.incomplete) == (
        whole.repo.documents, whole.repo.ratings, whole.repo.actions, whole.repo.incomplete)


# ------------------------------------------------------------------ item 12: tags


@pytest.mark.parametrize(("text", "where"), [
    ("funds_wan: ! 12\n", (1, 12)),
    ("a: !<!> x\n", (1, 4)),
    ("a:\n  - ! [1]\n", (2, 5)),
    ('a: ! "12"\n', (1, 4)),
])
def test_the_non_specific_tag_is_refused(text: str, where: tuple[int, int]) -> None:
    parsed = parse_text(text, "x.yaml")
    assert parsed.fatal
    [f] = parsed.findings
    assert (f.code, f.line, f.column) == ("SL004", *where)
    assert "非特定标签“!”" in f.message


def test_an_exclamation_mark_in_text_is_not_a_tag() -> None:
    assert parse_text("a: 注意 ! 危险\nb: 'x !'\nc: 好!\n", "x.yaml").data == {"a": "注意 ! 危险", "b": "x !", "c": "好!"}


def test_tags_on_keys_are_checked() -> None:
    parsed = parse_text("!!python/object/apply:os.system risk_points: []\n", "x.yaml")
    assert parsed.fatal
    [f] = parsed.findings
    assert (f.code, f.line, f.column) == ("SL004", 1, 1)
    assert "!!python/object/apply:os.system" in f.message
    assert parse_text("!!str 1: x\n", "x.yaml").data == {"1": "x"}


@pytest.mark.parametrize(("text", "shown"), [
    ("a: !!str {b: c}\n", "标签“!!str”只能用于文本，这里却是映射"),
    ("a: !!map [1]\n", "标签“!!map”只能用于映射，这里却是列表"),
    ("a: !!seq x\n", "标签“!!seq”只能用于列表，这里却是文本"),
])
def test_allowed_tags_on_the_wrong_kind_of_node(text: str, shown: str) -> None:
    [f] = parse_text(text, "x.yaml").findings
    assert (f.code, f.line, f.column) == ("SL004", 1, 4)
    assert shown in f.message


def test_allowed_tags_on_the_right_kind_of_node() -> None:
    assert parse_text("a: !!str 010\nb: !!map {c: 1}\nd: !!seq [1]\n", "x.yaml").data == {
        "a": "010", "b": {"c": 1}, "d": [1]}


# ------------------------------------------------------------------ item 12: line separators


@pytest.mark.parametrize(("char", "name"), [
    ("\u2028", "行分隔符 U+2028"), ("\u2029", "段落分隔符 U+2029"), ("\x85", "下一行符 U+0085"),
])
def test_unusual_line_breaks_are_found_where_an_editor_shows_them(char: str, name: str) -> None:
    # CRLF line ends: line 2 is b's; the character is its 6th; the impossible date stays on line 3
    text = f'a: 1\r\nb: "x{char}y"\r\nc: 2023-02-30\r\n'
    parsed = parse_text(text, "x.yaml")
    assert [(f.code, f.line, f.column) for f in parsed.findings] == [("SL015", 2, 6), ("SL008", 3, 4)]
    assert name in parsed.findings[0].message
    assert parsed.data == {"a": 1, "b": "x y", "c": "2023-02-30"}


def test_a_line_separator_in_plain_text_does_not_shift_later_lines() -> None:
    text = "a: 1号\u2028闸门\nb: 2\nc: 2023-02-30\n"  # YAML alone would say "缺少冒号" or count one more line
    assert codes(text) == [("SL015", 1, 6), ("SL008", 3, 4)]


# ------------------------------------------------------------------ item 12: aliases


def test_aliases_are_counted_by_use_not_by_size() -> None:
    fields = ", ".join(f"f{i}: {i}" for i in range(12))
    text = f"base: &b {{{fields}}}\n" + "".join(f"x{i}: *b\n" for i in range(8))
    assert codes(text) == []  # eight uses of a 12-field mapping is not a bomb
    scalar = "p: &p 陈志强\n"
    assert codes(scalar + "".join(f"u{i}: *p\n" for i in range(100))) == []
    [f] = parse_text(scalar + "".join(f"u{i}: *p\n" for i in range(101)), "x.yaml").findings
    assert (f.code, f.line) == ("SL005", 1)
    assert "使用超过 100 次" in f.message


def test_a_billion_laughs_stops_fast() -> None:
    text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    for i in range(1, 10):
        text += f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]\n"
    small = best_time(lambda: parse_text("a: [" + ", ".join(["x"] * 1000) + "]\n", "x.yaml"))
    took = best_time(lambda: parse_text(text, "x.yaml"), runs=1)
    [f] = parse_text(text, "x.yaml").findings
    assert f.code == "SL005" and "展开后超过 250,000 个节点" in f.message  # 81 uses, under 100
    assert took < 2000 * small, (took, small)  # about as long as building 250,000 nodes once


@pytest.mark.parametrize("text", ["a: &x [*x]\n", "a: &x {b: [1, {c: *x}]}\n"])
def test_a_recursive_alias_is_not_deep_nesting(text: str) -> None:
    [f] = parse_text(text, "x.yaml").findings
    assert (f.code, f.line, f.column) == ("SL005", 1, 4)
    assert "递归别名" in f.message


# ------------------------------------------------------------------ item 12: libyaml's messages

# One snippet for each problem libyaml's scanner and parser (and PyYAML's composer) report,
# found by fuzzing yaml.CSafeLoader, with a word of the Chinese that must replace it.
BROKEN = {
    "a: b: c\n": "请给值加引号",
    "a: ? b\n": "“? ”键",
    "a: - b\n": "“- ”列表项",
    "a:\n- b\nc\n": "缺少冒号",
    "a: [1, 2\n": "缺少“,”或“]”",
    "a: {x: 1\n": "缺少“,”或“}”",
    "a: &x 1\nb: &x 2\n": "锚点名重复",
    "a:\n  - b\n c: d\n": "缩进",
    "- a\nb: c\n": "列表缩进",
    ":\n": "找不到预期的键",
    "a: ]\n": "缺少内容",
    "?\n{": "缺少冒号",
    "[-:{": "“:”位置不对",
    "a: @x\n": "@",
    "a: |\n  x\n\t y\n": "多行文本（| 或 >）的缩进里有制表符",
    "key: value\n\tother: x\n": "缩进里有制表符",
    "a: |0\n x\n": "缩进数字不能为 0",
    "a: >[\n": "只能是注释或换行",
    "'": "文件意外结束",
    '"\n---\n"': "“---”或“...”",
    'a: "\\q"\n': "无效的转义字符",
    'a: "\\u"\n': "缺少十六进制数字",
    'a: "\\uD800"\n': "不是有效的字符编码",
    "a: &\n": "缺少名字",
    "a: *\n": "缺少名字",
    "a: *x\n": "未定义的锚点",
    "a: !}\n": "缺少空格",
    "%TAG !!%*\n": "“%TAG”指令的格式不对",
    "%TAG !x !\n---\n": "标签（!）的写法不对",
    "a: !!\n": "标签（!）的写法不对",
    "a: !<x\n": "缺少结尾的“>”",
    "a: !%\n": "“%”转义不对",
    "a: !%a0 x\n": "“%”转义不对",
    "a: !%C3%41 x\n": "“%”转义不对",
    "a: !-!x y\n": "未定义的前缀",
    "%\n": "缺少指令名",
    "%a:\n": "指令名中有不允许的字符",
    "%-\n": "未知的“%”指令",
    "%YAML 1.x\n---\n": "版本号格式不对",
    "%YAML 1\n---\n": "版本号格式不对",
    "%YAML 111111111111.1\n---\n": "版本号过长",
    "%YAML 1.10\n": "版本不受支持",
    "%YAML 1.1\n%YAML 1.1\n---\na\n": "“%YAML”指令重复",
    "%TAG ! !\n%TAG ! !\n---\na\n": "“%TAG”指令重复",
    "a: 1\n...\nb: 2\n": "缺少文档开始标记",
    "a: 1\n---\nb: 2\n": "只能包含一个 YAML 文档",
}
_ALLOWED_LATIN = {"YAML", "Tab", "TAG", "U"}


@pytest.mark.parametrize("text", list(BROKEN))
def test_no_english_from_libyaml_reaches_the_user(text: str) -> None:
    [f] = parse_text(text, "x.yaml").findings
    assert f.code == "SL001"
    assert BROKEN[text] in f.message, f.message
    assert yaml_syntax.UNKNOWN not in f.message
    words = set(re.findall(r"[A-Za-z]{2,}", f.message)) - _ALLOWED_LATIN
    assert not words, (text, f.message)


def test_every_translation_is_used_by_the_corpus() -> None:
    """The table has no entry for a message the parser never gives (a typo would hide one)."""
    import yaml

    from shuili_cli.core.source.yamlio import _NodeLoader

    problems = set()
    for text in BROKEN:
        loader = _NodeLoader(text)
        try:
            loader.get_single_node()
        except yaml.YAMLError as exc:
            problems.add(str(getattr(exc, "problem", "")))
        finally:
            loader.dispose()
    assert [en for en in yaml_syntax.ZH if not any(yaml_syntax.translate(p) == yaml_syntax.ZH[en] and en in p
                                                   for p in problems)] == []
    assert all(yaml_syntax.translate(p) != yaml_syntax.UNKNOWN for p in problems)


def test_a_control_character_after_chinese_text_is_located() -> None:
    """libyaml counts bytes: the position is found in the text itself."""
    [f] = parse_text("名称: 桃溪水库\nb: x\x01y\n", "x.yaml").findings
    assert (f.code, f.line, f.column) == ("SL001", 2, 5)
