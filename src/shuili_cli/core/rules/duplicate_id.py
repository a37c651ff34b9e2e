"""编号重复

编号必须唯一：企业内的隐患、风险点、清单编号（隐患跨所有年份文件）；清单内的条目编号；
`bureau/` 的执法行动和文件编号；同一天对同一企业的两次整体评级；同一企业同一 `effective_on`
的两条达标记录；同一 (日期, 岗位, 人员) 的两次 5S 评价。

```yaml
hazards:
  - id: H-2023-001
    ...
  - id: H-2023-001
```

编号按全角半角等写法统一（Unicode NFKC 规范化）并去掉看不见的字符和前后空白后比较，
范围同上：`Ｒ-001`（全角 Ｒ）、`"R-001 "`、`"R-001\\u200b"` 与 `R-001` 是同一个编号。
大小写不同的编号（`r-001` 与 `R-001`）看得出区别，视为不同的编号。消息写出两种写法和
两处位置（文件:行）。

修正：改用新的编号。
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Sequence
from datetime import date
from typing import Any, Protocol

from shuili_cli.core.findings import Issue, Severity, YamlPath
from shuili_cli.core.model.text import id_key
from shuili_cli.core.rules._base import FileCheck, FileContext, RepoCheck, Rule
from shuili_cli.core.source.repository import Repository

RULE = Rule(code="SL301", name="duplicate-id", severity=Severity.ERROR, title="编号重复")

ROLES = ("enterprise", "checklists", "assessments")
SAME = "全角半角等写法统一（NFKC）并去掉空白和看不见的字符后相同"


class _Located(Protocol):
    @property
    def file(self) -> str: ...
    @property
    def line(self) -> int: ...
    @property
    def id(self) -> str: ...


def _dupes(keys: Iterable[tuple[Hashable, Any]]) -> Iterator[tuple[Any, Any]]:
    """(first, repeat) location pairs for every repeated key."""
    seen: dict[Hashable, Any] = {}
    for key, where in keys:
        if key in seen:
            yield seen[key], where
        else:
            seen[key] = where


def same_id(word: str, first_id: str, first_where: str, repeat_id: str) -> str:
    """'风险点编号“R-001”重复（…）' or, for two spellings, both of them."""
    if first_id == repeat_id:
        return f"{word}“{repeat_id}”重复（{first_where}已使用）"
    return f"{word}“{repeat_id}”与“{first_id}”（{first_where}）是同一个编号：{SAME}"


def check_file(ctx: FileContext) -> Iterator[Issue]:
    m = ctx.model
    if ctx.role == "enterprise":
        keys = ((s.effective_on, i) for i, s in enumerate(m.standardization))
        for first, i in _dupes(keys):
            yield RULE.issue(
                ctx.rel, ("standardization", i, "effective_on"),
                f"与第 {first + 1} 条达标记录的 effective_on 相同（{m.standardization[i].effective_on}）；"
                "同一天只能有一条记录，请核对日期",
            )
        for key in ("benchmarks", "premium"):
            items = getattr(m, key)
            for first, i in _dupes(((a.level, a.awarded_on), i) for i, a in enumerate(items)):
                yield RULE.issue(ctx.rel, (key, i), f"与第 {first + 1} 条重复（同一层级、同一授予日期）；请删除重复的一条")
        for first, i in _dupes(((p.post, p.level, p.awarded_on), i) for i, p in enumerate(m.demo_posts)):
            yield RULE.issue(ctx.rel, ("demo_posts", i), f"与第 {first + 1} 条示范岗位重复；请删除重复的一条")
    elif ctx.role == "checklists":
        for ci, c in enumerate(m.checklists):
            for first, j in _dupes((id_key(item.id), j) for j, item in enumerate(c.items)):
                said = same_id("条目编号", c.items[first].id, f"本清单第 {first + 1} 条条目", c.items[j].id)
                yield RULE.issue(ctx.rel, ("checklists", ci, "items", j, "id"), f"清单 {c.id} 中{said}；请改用新编号")
    elif ctx.role == "assessments":
        keys = (((id_key(a.enterprise), a.assessed_on), i) for i, a in enumerate(m.assessments))
        for first, i in _dupes(keys):
            a = m.assessments[i]
            yield RULE.issue(
                ctx.rel, ("assessments", i, "assessed_on"),
                f"企业 {a.enterprise} 在 {a.assessed_on} 已有一次评级（第 {first + 1} 条）；同一天只能有一个评级",
            )


def _unique(keys: Sequence[Hashable]) -> bool:
    return len(set(keys)) == len(keys)


def _id_dupes(records: list[Any]) -> Iterator[tuple[Any, Any]]:
    keys = [id_key(r.id) for r in records]
    if not _unique(keys):
        yield from _dupes(zip(keys, records, strict=True))


def _message(word: str, first: _Located, repeat: _Located, rule: str) -> str:
    return same_id(word, first.id, f"{first.file} 第 {first.line} 行", repeat.id) + f"；{rule}请改用新编号"


def _in_one_file(records: list[Any], key: str, word: str, incomplete: bool) -> Iterator[Issue]:
    """Duplicates among the records of single-file kinds (risk points, checklists, documents).

    Their facts carry lines but not positions: in a complete file the n-th record of a file
    is its n-th item; in a file whose bad records were dropped the finding points at the list.
    """
    pairs = list(_id_dupes(records))
    if not pairs:
        return
    index: dict[int, int] = {}
    counts: dict[str, int] = {}
    for r in records:
        index[id(r)] = counts.get(r.file, 0)
        counts[r.file] = index[id(r)] + 1
    for first, r in pairs:
        path: YamlPath = (key,) if incomplete else (key, index[id(r)], "id")
        here = f"（本条在第 {r.line} 行）" if incomplete else ""
        yield RULE.issue(r.file, path, _message(word, first, r, "") + here)


def check_repo(repo: Repository, today: date) -> Iterator[Issue]:
    for ent in repo.enterprises.values():
        if ent.checklists is not None:
            yield from _in_one_file(list(ent.checklists.checklists), "checklists", "清单编号",
                                    "checklists" in ent.incomplete)
        yield from _in_one_file(ent.risks, "risk_points", "风险点编号", "risks" in ent.incomplete)
        for first, h in _id_dupes(ent.hazards):
            yield RULE.issue(h.file, ("hazards", h.pos, "id"),
                             _message("隐患编号", first, h, "隐患编号在本企业所有年份文件中都必须唯一，"))
        if _unique([(x.date, x.post, x.person) for x in ent.evaluations]):
            continue
        for first, e in _dupes(((x.date, x.post, x.person), x) for x in ent.evaluations):
            yield RULE.issue(
                e.file, ("evaluations", e.pos),
                f"同一日期、岗位、人员的 5S 评价重复（{first.file} 第 {first.line} 行）；请删除或合并",
            )
    yield from _in_one_file(repo.documents, "documents", "文件编号", "documents" in repo.incomplete)
    for first, a in _id_dupes(repo.actions):
        yield RULE.issue(a.file, ("actions", a.pos, "id"),
                         _message("行动编号", first, a, "行动编号在所有执法文件中都必须唯一，"))


CHECKS = (
    FileCheck(RULE, ROLES, check_file),
    RepoCheck(RULE, check_repo, ("checklists", "checklists[].id", "risk_points", "risk_points[].id", "hazards[].id",
                                 "evaluations[]", "documents", "documents[].id", "actions[].id")),
)
