"""Look-alike ids and control characters (issue 7, items 10 and 11).

Item 10: copies of a risk point under the ids ``"R-004 "``, ``"R-004\\u200b"`` and ``"Ｒ-004"``
used to pass validation and raise the orange count. Item 11: a name or description
carrying a line break followed by ``::error``, or an OSC 52 clipboard escape, used to reach
the terminal and the CI log raw through ``validate``, ``alerts``, ``explain`` and ``diff``.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from tests.conftest import MakeRepo, run_cli

TEMPLATE = Path(__file__).resolve().parent.parent / "data-template"
TODAY = ["--today", "2024-01-15"]
BAISHUI_RISKS = "enterprises/baishui-reservoir/risks.yaml"

OSC52 = "\x1b]52;c;ZXZpbA==\x07"  # "write 'evil' to the clipboard"
INJECTION = "\n::error title=FAKE::伪造的通过\n"
HIDDEN = ("Cc", "Cf", "Zl", "Zp", "Cs")


def assert_inert(output: str, *, commands: int = 0) -> None:
    """No data-borne workflow command, control, bidi or zero-width character in ``output``.

    ``commands`` lines may be shuili's own GitHub annotations (``::error file=…,title=SL…::``).
    """
    ours = re.compile(r"::(error|warning) file=[^:]*,line=\d+,col=\d+,title=SL\d{3}::")
    starting = [line for line in output.split("\n") if line.lstrip().startswith("::")]
    assert all(ours.match(line) for line in starting), starting
    assert len(starting) == commands, starting
    assert "##[" not in output
    bad = sorted({f"U+{ord(c):04X}" for c in output if c != "\n" and unicodedata.category(c) in HIDDEN})
    assert not bad, bad


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false",
                    *args], cwd=root, check=True, capture_output=True)


# ----------------------------------------------------------------- item 10: look-alike ids


def _with_lookalikes(tmp_path: Path) -> Path:
    """The demo repository plus three look-alike copies of its orange risk point R-004."""
    root = tmp_path / "demo"
    shutil.copytree(TEMPLATE, root)
    path = root / BAISHUI_RISKS
    text = path.read_text(encoding="utf-8")
    assert text.count("\n") == 106 and text.splitlines()[59] == "  - id: R-004"  # the line numbers below rely on it
    start = text.index("  - id: R-004\n")
    record = text[start:text.index("\n\n", start) + 1]
    assert record.count("\n") == 14 and "color: 橙" in record
    for alike in ('"R-004 "', '"R-004\\u200b"', "Ｒ-004"):
        text += "\n" + record.replace("id: R-004", f"id: {alike}")
    path.write_text(text, encoding="utf-8")
    return root


def test_lookalike_ids_are_errors_and_no_longer_counted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli([*TODAY, "explain", "a1.four_color.橙", "--month", "2023-05", "--repo", str(TEMPLATE)],
                           capsys)
    assert code == 0 and "合计：14处" in out
    root = _with_lookalikes(tmp_path)
    code, out, _ = run_cli([*TODAY, "validate", "--repo", str(root), "--no-cache"], capsys)
    assert code == 1
    found = re.findall(r"^(\S+:\d+:\d+): 错误 (SL\d+) (.*)$", out, re.M)
    # copies start on lines 108, 123 and 138 (each is a blank line plus the 14 lines of R-004)
    assert [(where, rule) for where, rule, _ in found] == [
        (f"{BAISHUI_RISKS}:108:9", "SL207"), (f"{BAISHUI_RISKS}:108:9", "SL301"),
        (f"{BAISHUI_RISKS}:123:9", "SL207"), (f"{BAISHUI_RISKS}:123:9", "SL301"),
        (f"{BAISHUI_RISKS}:138:9", "SL301"),
    ]
    messages = [m for _, _, m in found]
    assert "“R-004 ”末尾有 U+0020（空格）" in messages[0] and "写成“R-004”" in messages[0]
    assert "“R-004\\u200b”含有 U+200B（零宽空格）" in messages[2]
    first = f"（{BAISHUI_RISKS} 第 60 行）"
    assert f"风险点编号“R-004 ”与“R-004”{first}是同一个编号" in messages[1]
    assert f"风险点编号“R-004\\u200b”与“R-004”{first}是同一个编号" in messages[3]
    assert f"风险点编号“Ｒ-004”与“R-004”{first}是同一个编号" in messages[4]
    code, _, err = run_cli([*TODAY, "explain", "a1.four_color.橙", "--month", "2023-05", "--repo", str(root)], capsys)
    assert code == 1 and "SL301" in err  # the figure is refused, not inflated to 17


def test_lookalikes_are_judged_where_ids_are_unique(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    risk = """\
        risk_points:
          - id: {id}
            name: 闸门
            category: 作业活动
            assessment: {{method: LEC, L: 3, E: 6, C: 15}}
            color: 橙
            controls: [双人操作]
            responsible: 陈志强
            identified_on: 2023-03-01
        """
    action = "actions:\n  - id: {id}\n    date: 2023-05-04\n    type: 检查\n    enterprise: a\n"
    root = make_repo({
        "enterprises/a/risks.yaml": risk.format(id="R-1"),
        "enterprises/b/risks.yaml": risk.format(id="Ｒ-1"),  # another enterprise: its own numbering
        "enterprises/a/checklists.yaml": "checklists: []\n",
        "bureau/enforcement/2022.yaml": action.format(id="ENF-1"),
        "bureau/enforcement/2023.yaml": action.format(id="ＥＮＦ-1"),  # actions are unique across files
        "bureau/documents.yaml": ("documents:\n"
                                  "  - {id: D-1, kind: 标准化运行提升指南, title: 指南, issued_on: 2023-01-05}\n"
                                  "  - {id: d-1, kind: 标准化运行提升指南, title: 指南二, issued_on: 2023-01-06}\n"),
    }, enterprises=("a", "b"))
    code, out, _ = run_cli([*TODAY, "validate", "--repo", str(root), "--no-cache"], capsys)
    assert code == 1, out
    lines = out.splitlines()[:-1]
    assert lines == [
        "bureau/enforcement/2023.yaml:2:9: 错误 SL301 行动编号“ＥＮＦ-1”与“ENF-1”（bureau/enforcement/2022.yaml 第 2 行）"
        "是同一个编号：全角半角等写法统一（NFKC）并去掉空白和看不见的字符后相同；行动编号在所有执法文件中都必须唯一，请改用新编号",
    ]  # d-1 and D-1 differ visibly: case is kept


@pytest.mark.parametrize(("suffix", "named"), [
    ("\\u034f", "U+034F（组合用字形连接符）"),
    ("\\ufe0f", "U+FE0F（"),
    ("\\u3164", "U+3164（朝鲜文填充符）"),
    ("\\u115f", "U+115F（朝鲜文初声填充符）"),
])
def test_default_ignorable_characters_in_ids(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str],
                                              suffix: str, named: str) -> None:
    """Characters that render as nothing but are neither control nor format characters (found by review)."""
    risk = ("  - id: {id}\n    name: 闸门\n    category: 作业活动\n    assessment: {{method: LEC, L: 3, E: 6, C: 15}}\n"
            "    color: 橙\n    controls: [双人操作]\n    responsible: 陈志强\n    identified_on: 2023-03-01\n")
    root = make_repo({"enterprises/a/risks.yaml": "risk_points:\n" + risk.format(id="R-1")
                      + risk.format(id=f'"R-1{suffix}"')})
    code, out, _ = run_cli([*TODAY, "validate", "--repo", str(root), "--no-cache"], capsys)
    assert code == 1, out
    found = re.findall(r"^(\S+:\d+:\d+): 错误 (SL\d+) (.*)$", out, re.M)
    assert [(where, rule) for where, rule, _ in found] == [
        ("enterprises/a/risks.yaml:10:9", "SL207"), ("enterprises/a/risks.yaml:10:9", "SL301"),
    ], out
    assert named in found[0][2]


def test_variation_selectors_are_text_but_not_ids(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    """⚠️ (U+26A0 U+FE0F) in a description is ordinary text; the combining grapheme joiner in a name is not."""
    hazards = ("hazards:\n  - id: H-1\n    found_on: 2023-05-04\n    source: 自查\n    description: \"⚠\\ufe0f 钢丝绳断丝\"\n"
               "    grade: 一般\n    responsible: \"陈志\\u034f强\"\n    deadline: 2023-05-20\n")
    root = make_repo({"enterprises/a/hazards/2023.yaml": hazards})
    code, out, _ = run_cli([*TODAY, "validate", "--repo", str(root), "--no-cache"], capsys)
    assert code == 1, out
    found = re.findall(r"^(\S+:\d+:\d+): 错误 (SL\d+) (.*)$", out, re.M)
    assert [(where, rule) for where, rule, _ in found] == [("enterprises/a/hazards/2023.yaml:7:18", "SL208")], out
    assert "U+034F（组合用字形连接符）" in found[0][2]


# ----------------------------------------------------------------- item 11: rules


def test_single_and_multi_line_fields_are_the_documented_ones() -> None:
    """The docstring of SL208 lists the multi-line fields; every other text is one line."""
    from shuili_cli.core.model import FILE_KINDS
    from shuili_cli.core.model.text import _fields
    from shuili_cli.core.source.pydantic_map import _members

    seen: dict[str, set[str]] = {"id": set(), "line": set(), "para": set()}

    def visit(model: type) -> None:
        for name, form, _title in _fields(model):
            seen[form.kind].add(f"{model.__name__}.{name}")
            for member in _members(model.model_fields[name].annotation):
                for sub in [member, *getattr(member, "__args__", ())]:
                    if isinstance(sub, type) and hasattr(sub, "model_fields"):
                        visit(sub)
                    for inner in _members(sub) if not isinstance(sub, type) else ():
                        if isinstance(inner, type) and hasattr(inner, "model_fields"):
                            visit(inner)

    for kind in FILE_KINDS.values():
        visit(kind.model)
    from shuili_cli.core.model.enterprise import NotApplicable

    visit(NotApplicable)  # reached through the six_have values (typed Any)
    assert seen["para"] == {
        "Hazard.description", "Hazard.measures", "Checklist.requirements", "ChecklistItem.content",
        "ChecklistNotApplicable.车间", "RiskPoint.controls", "RiskPoint.emergency", "DirectAssessment.basis",
        "OverallRating.basis", "Award.note", "DemoPost.note", "NotApplicable.not_applicable",
        *(f"{c}.note" for c in ("Inspection", "Supervision", "Fine", "PlainAction", "Closure", "JudicialReferral",
                                "Incentive")),
    }
    assert {"Enterprise.name", "Contact.phone", "Hazard.location", "Hazard.responsible", "Reporter.phone",
            "Closure.party", "Unit.name", "Document.title", "Evaluation.person"} <= seen["line"]
    ids = {"Enterprise.id", "Checklist.id", "ChecklistItem.id", "RiskPoint.id", "Hazard.id", "Hazard.inspection",
           "Hazard.checklist", "Hazard.checklist_item", "Hazard.risk_point", "Document.id", "OverallRating.enterprise",
           "Supervision.hazards", "Closure.enterprise", "Inspection.enterprise", "Inspection.id"}
    assert ids <= seen["id"]
    keys = {n.split(".")[1] for n in seen["id"]}
    from shuili_cli.core.source.pipeline import ID_KEYS

    assert keys == set(ID_KEYS)  # every id field and every reference-to-id field, nothing else


@pytest.mark.parametrize(("value", "named"), [
    ('"陈\\e]52;c;ZXZpbA==\\a"', "U+001B（转义符 ESC）、U+0007（响铃符 BEL）"),
    ('"陈\\u202e强"', "U+202E（从右至左覆盖）"),
    ('"陈\\u2066强\\u2069"', "U+2066（从左至右隔离）、U+2069（结束隔离）"),
    ('"陈\\u2060强"', "U+2060（词连接符）"),
    ('"陈\\ufeff"', "U+FEFF（零宽不换行空格（BOM））"),
    ('"陈\\x9b31m"', "U+009B（控制序列引导符 CSI）"),
    ('"陈\\L强"', "U+2028（行分隔符）"),
])
def test_hidden_characters_in_a_multiline_field(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str],
                                                value: str, named: str) -> None:
    hazards = ("hazards:\n  - id: H-1\n    found_on: 2023-05-04\n    source: 自查\n    description: {v}\n"
               "    grade: 一般\n    responsible: 陈志强\n    deadline: 2023-05-20\n")
    root = make_repo({"enterprises/a/hazards/2023.yaml": hazards.format(v=value)})
    code, out, _ = run_cli([*TODAY, "validate", "--repo", str(root), "--no-cache"], capsys)
    assert code == 1
    assert out.splitlines()[0] == (
        f"enterprises/a/hazards/2023.yaml:5:18: 错误 SL208 “description”（隐患描述） 含有 {named}："
        "控制字符、双向文本控制符和零宽字符看不见，却能改变终端和 CI 日志的显示；请删除它们"
    )
    assert_inert(out)


def test_line_breaks_are_for_multiline_fields_only(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    hazards = ("hazards:\n  - id: H-1\n    found_on: 2023-05-04\n    source: 自查\n"
               "    description: |\n      钢丝绳断丝\n      \t超标\n"
               "    grade: 一般\n    responsible: \"陈志强\\n王五\"\n    deadline: 2023-05-20\n")
    root = make_repo({"enterprises/a/hazards/2023.yaml": hazards})
    code, out, _ = run_cli([*TODAY, "validate", "--repo", str(root), "--no-cache"], capsys)
    assert code == 1
    assert out.splitlines()[:-1] == [
        "enterprises/a/hazards/2023.yaml:9:18: 错误 SL208 “responsible”（整改责任人） 是单行字段，"
        "却含有 U+000A（换行符 LF）；请写在一行内",
    ]


# ----------------------------------------------------------------- item 11: every output is inert


def _hostile_name_repo(make_repo: MakeRepo) -> Path:
    """An enterprise name with a forged workflow command and an OSC 52 escape (fails SL208)."""
    name = json.dumps("测试水库" + INJECTION + OSC52, ensure_ascii=True)
    root = make_repo()
    path = root / "enterprises/a/enterprise.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("name: 测试水库", f"name: {name}"), encoding="utf-8")
    return root


@pytest.mark.parametrize("fmt", ["text", "github", "gitlab", "json"])
def test_validate_reports_a_hostile_name_inertly(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str],
                                                 fmt: str) -> None:
    root = _hostile_name_repo(make_repo)
    code, out, err = run_cli([*TODAY, "validate", "--repo", str(root), "--no-cache", "-f", fmt], capsys)
    assert code == 1 and "SL208" in out and err == ""
    assert_inert(out, commands=1 if fmt == "github" else 0)
    if fmt in ("json", "gitlab"):
        json.loads(out)


def test_alerts_show_a_hostile_name_inertly(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    root = _hostile_name_repo(make_repo)
    code, out, err = run_cli([*TODAY, "alerts", "--repo", str(root)], capsys)
    assert code == 0
    assert "测试水库\\n::error title=FAKE::伪造的通过\\n\\x1b]52;c;ZXZpbA==\\x07：" in out  # visible, not acted on
    assert_inert(out + err)
    code, out, err = run_cli([*TODAY, "alerts", "--repo", str(root), "-f", "json"], capsys)
    assert_inert(out + err)
    names = {a["name"] for a in json.loads(out)["alerts"]}
    assert "测试水库" + INJECTION + OSC52 in names  # JSON keeps the exact text, escaped


def _valid_hostile_repo(make_repo: MakeRepo) -> Path:
    """What validation lets through: line breaks in a description, and any file name."""
    root = make_repo(name="valid")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    description = json.dumps("钢丝绳断丝" + INJECTION + "  ::warning::x ##[error]y\t", ensure_ascii=True)
    hazards = root / "enterprises/a/hazards" / f"2023{INJECTION}{OSC52}\u202e.yaml"
    hazards.parent.mkdir(parents=True)
    hazards.write_text("hazards:\n  - id: H-1\n    found_on: 2023-05-04\n    source: 自查\n"
                       f"    description: {description}\n    grade: 一般\n    responsible: 陈志强\n"
                       "    deadline: 2023-05-20\n", encoding="utf-8")
    (root / f"enterprises/a/照片{OSC52}\n::warning::x.txt").write_text("", encoding="utf-8")
    return root


def test_validate_explain_alerts_and_diff_escape_what_validation_allows(
        make_repo: MakeRepo, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    root = _valid_hostile_repo(make_repo)
    shown_file = "enterprises/a/hazards/2023\\n::error title=FAKE::伪造的通过\\n\\x1b]52;c;ZXZpbA==\\x07\\u202e.yaml"
    for fmt, commands in (("text", 0), ("github", 1), ("gitlab", 0), ("json", 0)):
        code, out, err = run_cli([*TODAY, "validate", "--repo", str(root), "--no-cache", "-f", fmt], capsys)
        assert code == 0 and "SL102" in out, out  # the odd file name is only a warning
        assert_inert(out + err, commands=commands)
    code, out, err = run_cli([*TODAY, "explain", "a1.three_lists.self_found", "--month", "2023-05", "--repo",
                              str(root)], capsys)
    assert code == 0
    assert (f"{shown_file}:2  测试水库：H-1 钢丝绳断丝\\n::error title=FAKE::伪造的通过\\n  ::warning::x ##\\[error]y\\t"
            "（2023-05-04 发现）") in out.splitlines()
    assert_inert(out + err)
    code, out, err = run_cli([*TODAY, "alerts", "--as-of", "2023-06-01", "--repo", str(root)], capsys)
    assert "隐患超期" in out
    assert_inert(out + err)
    monkeypatch.chdir(root)
    for fmt in ("text", "markdown", "json"):
        code, out, err = run_cli([*TODAY, "diff", "HEAD", "-f", fmt], capsys)
        assert code == 0 and "H-1" in out, err
        assert_inert(out + err)
    code, out, _ = run_cli([*TODAY, "diff", "HEAD", "-f", "json"], capsys)
    record = json.loads(out)["records"][0]
    assert record["file"] == f"enterprises/a/hazards/2023{INJECTION}{OSC52}\u202e.yaml"  # exact, escaped as JSON


# ----------------------------------------------------------------- the escaping functions


@pytest.mark.parametrize(("raw", "shown"), [
    ("桃溪水库", "桃溪水库"),
    ("a\nb\r\tc", "a\\nb\\r\\tc"),
    ("\x1b]52;c;eA==\x07", "\\x1b]52;c;eA==\\x07"),
    ("\x85\x9b\x7f\x00", "\\x85\\x9b\\x7f\\x00"),
    ("R-001\u200b\u202e\u2066\ufeff", "R-001\\u200b\\u202e\\u2066\\ufeff"),
    ("R-001\u034f\u3164\ufe0f", "R-001\\u034f\\u3164\\ufe0f"),   # default-ignorable: shown escaped
    ("⚠\ufe0f 注意", "⚠\ufe0f 注意"),                                # but an emoji keeps its selector
    ("\U000e0041", "\\U000e0041"),
    ("坏\udcff名", "坏\\udcff名"),  # a file name that is not UTF-8 never breaks the output encoding
    ("::error::x", "\\::error::x"),
    ("\u3000 ::error::x", "\u3000 \\::error::x"),
    ("a ::b", "a ::b"),
    ("x ##[error]y", "x ##\\[error]y"),
    ("全角　空格 and ＲＩ", "全角　空格 and ＲＩ"),
])
def test_clean(raw: str, shown: str) -> None:
    from shuili_cli.render.safe_text import clean

    assert clean(raw) == shown
    shown.encode("utf-8")


def test_dumps_escapes_what_json_dumps_leaves_raw() -> None:
    from shuili_cli.render.safe_text import dumps

    doc = {"k\u202e": ["\x1b[31m", "\x9b", "\u2028\u2029", "\u200b", "\udcff", "\U000e0041", "中文"]}
    text = dumps(doc)
    assert json.loads(text) == doc  # nothing lost
    assert_inert(text)
    assert "中文" in text and "\\u202e" in text and "\\udb40\\udc41" in text
    text.encode("utf-8")


def test_report_listing_escapes_file_names() -> None:
    from rich.console import Console

    from shuili_cli.render.terminal import print_report

    buf = io.StringIO()
    print_report(Console(file=buf, width=200), "标题", [], [Path(f"reports/2023-05/单位{INJECTION}{OSC52}.xlsx")])
    assert_inert(buf.getvalue())
    assert "单位\\n::error title=FAKE::伪造的通过\\n\\x1b]52" in buf.getvalue()


def test_markdown_escapes_control_characters() -> None:
    from shuili_cli.render.mdtext import code, md

    for out in (md("名" + INJECTION + OSC52), code("名" + INJECTION + OSC52)):
        assert_inert(out)
        assert "\\x1b" in out and "\\x07" in out
