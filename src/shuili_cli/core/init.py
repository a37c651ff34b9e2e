"""``shuili init``: a new data repository, with CI files and (optionally) the demo county.

Everything to be written is planned first and checked, so that a refusal writes nothing: no path
``init`` would write, nor any folder on the way to it, may be a symbolic link (dangling or not).
Files are then written with ``source.atomic_file.write_atomic``, which refuses a link that appears meanwhile.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Mapping
from datetime import date
from importlib import resources
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import BaseModel

from shuili_cli.core.edit.scalars import render_flow
from shuili_cli.core.model import FILE_KINDS
from shuili_cli.core.resources import project_dir
from shuili_cli.core.source.atomic_file import write_atomic

MODELINE = re.compile(r"^(# yaml-language-server: \$schema=)(\S+)", re.M)

# A pip requirement that pins this project by git URL and tag or commit, e.g.
# git+https://github.com/owner/shuili@v0.1.0. Its characters are safe in a double-quoted YAML
# scalar and in a quoted shell word (no quotes, backslash, $, backtick, blank or control character).
PACKAGE = re.compile(
    r"git\+https://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:/[A-Za-z0-9._~%+-]+)+"
    r"@[A-Za-z0-9][A-Za-z0-9._+-]*(?:#[A-Za-z0-9._=&-]+)?"
)
PACKAGE_FORM = "git+https://<代码托管地址>/<所有者>/shuili@<发布标签或提交>"
# The line of each CI template that ``--package`` replaces with ``SHUILI_PACKAGE: "<spec>"``.
PACKAGE_LINES = {
    "github-workflow.yml": "SHUILI_PACKAGE: ${{ vars.SHUILI_PACKAGE }}",
    "gitlab-ci.yml": f'# SHUILI_PACKAGE: "{PACKAGE_FORM}"',
}

_CI_FILES = {
    ".gitignore": "gitignore",
    ".github/workflows/shuili.yml": "github-workflow.yml",
    ".gitlab-ci.yml": "gitlab-ci.yml",
    ".pre-commit-config.yaml": "pre-commit-config.yaml",
}
_SKELETON = {
    "shuili.yaml": "shuili.yaml",
    "bureau/documents.yaml": "documents.yaml",
    "bureau/assessments.yaml": "assessments.yaml",
}
_EMPTY_DIRS = ("bureau/enforcement", "bureau/notes")


# ----------------------------------------------------------------- an enterprise's folder (new enterprise, init)

EXAMPLE_ID = "example-station"
EXAMPLE_PROFILE: dict[tuple[str, ...], Any] = {
    ("id",): EXAMPLE_ID, ("name",): "示例水电站（请改为营业执照上的单位名称）",
    ("credit_code",): "91350000000000000C", ("kind",): "企业", ("scale",): "小微企业", ("industry",): "水力发电",
    ("township",): "某某镇",
}
_FOLDER_FILES = (  # role, file name ({year}: the current year), how to add a record
    ("enterprise", "enterprise.yaml", "shuili set {id} enterprise - 字段=值"),
    ("checklists", "checklists.yaml", ""),
    ("risks", "risks.yaml", "shuili new risk --enterprise {id} --name … --category 作业活动 --L 3 --E 6 --C 15 …"),
    ("hazards", "hazards/{year}.yaml", "shuili new hazard --enterprise {id} --description … --grade 一般 …"),
    ("five_s", "five-s/{year}.yaml", "shuili new five-s --enterprise {id} --post … --evaluator … --total 86"),
)


def modeline(rel: str, role: str, schemas: str = "schemas") -> str:
    """The ``$schema`` comment of a data file at ``rel``, pointing at ``schemas`` (relative to the root)."""
    ref = posixpath.relpath(f"{schemas}/{FILE_KINDS[role].schema_name}.schema.json", PurePosixPath(rel).parent.as_posix())
    return f"# yaml-language-server: $schema={ref}\n"


def schemas_folder(root: Path) -> str:
    """Where a repository's data files find the JSON Schemas, relative to its root: ``schemas`` (as
    ``init`` makes it), or where an existing enterprise.yaml's ``$schema`` line points (a copy of
    ``data-template/`` uses the project's ``../schemas``). Read without following links."""
    if (root / "schemas").is_dir() and not (root / "schemas").is_symlink():
        return "schemas"
    from shuili_cli.core.source.layout import discover
    from shuili_cli.core.source.pipeline import read_bytes

    for f in discover(root).files:
        if f.role == "enterprise":
            raw, bad = read_bytes(root / f.rel, f.rel, 4096 * 1024)
            m = MODELINE.match(raw.decode("utf-8", "replace")) if raw is not None and bad is None else None
            if m is not None and "://" not in m.group(2):
                return posixpath.normpath(posixpath.join(PurePosixPath(f.rel).parent.as_posix(),
                                                         posixpath.dirname(m.group(2))))
    return "schemas"


def _enum(schema: Any) -> list[str]:
    """The closed vocabulary in a property's JSON schema (``enum``, also inside ``anyOf``)."""
    if isinstance(schema, dict):
        if isinstance(schema.get("enum"), list) and all(isinstance(v, str) for v in schema["enum"]):
            return list(schema["enum"])
        return [v for sub in schema.get("anyOf", []) for v in _enum(sub)]
    return []


def field_notes(model: type[BaseModel]) -> dict[str, str]:
    """Each field of ``model`` explained: 必填/可选, title, description, allowed values."""
    props = model.model_json_schema().get("properties", {})
    notes = {}
    for name, info in model.model_fields.items():
        text = f"{'必填' if info.is_required() else '可选'}，{info.title or name}"
        if info.description and info.description != info.title:
            text += f"：{info.description}"
        choices = _enum(props.get(name, {}))
        notes[name] = text + (f"（取值：{'、'.join(choices)}）" if choices else "")
    return notes


def _record_model(role: str) -> type[BaseModel]:
    kind = FILE_KINDS[role]
    item = kind.model.model_fields[kind.records_key or ""].annotation
    return item.__args__[0]  # type: ignore[no-any-return,union-attr]  # list[Record]


def _display_width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def nest(values: Mapping[tuple[str, ...], Any]) -> dict[str, Any]:
    """Field paths as a record: ``{("assessment", "L"): 3}`` is ``{"assessment": {"L": 3}}``; None left out."""
    out: dict[str, Any] = {}
    for path, value in values.items():
        if value is not None:
            node = out
            for part in path[:-1]:
                node = node.setdefault(part, {})
            node[path[-1]] = value
    return out


def _profile_text(values: Mapping[tuple[str, ...], Any]) -> str:
    """enterprise.yaml's fields: the given ones as values, every other one as a comment to fill in."""
    from shuili_cli.core.model.enterprise import Enterprise

    nested = nest(values)
    notes = field_notes(Enterprise)
    given = {name: f"{name}: {render_flow(nested[name], key=name)}" for name in notes if name in nested}
    width = max(map(_display_width, given.values())) + 2
    lines = [line + " " * (width - _display_width(line)) + f"# {notes[name]}" for name, line in given.items()]
    lines.append("# 以下字段需要时填写：去掉行首的“# ”，把值写在冒号后面（日期写成 2023-06-01；"
                 "列表和嵌套字段的写法见 docs/data-format.md）")
    lines += [f"# {name}: {note}" for name, note in notes.items() if name not in nested]
    return "\n".join(lines) + "\n"


def enterprise_files(eid: str, values: Mapping[tuple[str, ...], Any], year: int,
                     schemas: str = "schemas") -> dict[str, bytes]:
    """A new enterprise folder: a commented ``enterprise.yaml`` with ``values`` and commented, empty
    checklists, risks, hazards and 5S files, each with its ``$schema`` line (relative path -> bytes)."""
    files: dict[str, bytes] = {}
    for role, name, add in _FOLDER_FILES:
        rel = f"enterprises/{eid}/{name.format(year=year)}"
        kind = FILE_KINDS[role]
        head = [modeline(rel, role, schemas).rstrip("\n"), f"# {kind.title} —— {(kind.model.__doc__ or '').strip()}"]
        if add:
            head.append(f"# 修改或添加：{add.format(id=eid)}；也可以直接编辑本文件。")
        if role == "enterprise":
            body = _profile_text({**values, ("id",): eid})
        else:
            key = kind.records_key or ""
            notes = [f"#   {name}: {note}" for name, note in field_notes(_record_model(role)).items()]
            body = "\n".join([f"# {key} 列表中每条记录以“- ”开头，字段如下（把 [] 换成记录，按此格式逐条填写）：",
                              *notes, f"{key}: []"]) + "\n"
        files[rel] = ("\n".join(head) + "\n" + body).encode("utf-8")
    return files


class InitRefused(Exception):
    """A usage error found before anything was written."""


class AlreadyARepository(InitRefused):
    """The target already holds a data repository."""


class LinkInTheWay(InitRefused):
    """A path init would write, or a folder on the way to it, is a symbolic link."""


class BadPackage(InitRefused):
    """``--package`` is not a git URL pinned to a tag or commit."""


def check_package(spec: str) -> str:
    """The package spec for the CI files, or :class:`BadPackage`."""
    if PACKAGE.fullmatch(spec) is None:
        raise BadPackage(
            f"--package 的值“{spec}”不是固定到发布标签或提交的 git 地址；应为 {PACKAGE_FORM}，"
            "例如 git+https://github.com/<所有者>/shuili@v0.1.0（不会按包名从 PyPI 安装）"
        )
    return spec


def _template(name: str, package: str | None = None) -> str:
    text = resources.files("shuili_cli").joinpath("init_templates", name).read_text(encoding="utf-8")
    line = PACKAGE_LINES.get(name)
    if package is not None and line is not None:
        assert text.count(line) == 1, name
        text = text.replace(line, f'SHUILI_PACKAGE: "{package}"')
    return text


def _point_modeline(text: str, file: Path, schemas: Path) -> str:
    """Rewrite the first-line schema reference to the repository's own ``schemas/``."""

    def repl(m: re.Match[str]) -> str:
        name = m.group(2).rsplit("/", 1)[-1]
        return m.group(1) + Path(os.path.relpath(schemas / name, file.parent)).as_posix()

    return MODELINE.sub(repl, text, count=1)


def _data_files(target: Path, *, example: bool, year: int) -> dict[str, bytes]:
    """Relative path -> content of the schemas and the data (skeleton or demo county)."""
    files: dict[str, bytes] = {}
    schemas = target / "schemas"
    for path in sorted(project_dir("schemas").iterdir()):
        if path.is_file() and not path.is_symlink():
            files[f"schemas/{path.name}"] = path.read_bytes()
    if example:
        source = project_dir("data-template")
        for path in sorted(source.rglob("*")):
            if path.is_symlink() or not path.is_file() or ".shuili-cache" in path.parts:
                continue
            rel = path.relative_to(source).as_posix()
            if path.suffix in (".yaml", ".yml"):
                text = _point_modeline(path.read_text(encoding="utf-8"), target / rel, schemas)
                files[rel] = text.encode("utf-8")
            else:
                files[rel] = path.read_bytes()
    else:
        for rel, name in _SKELETON.items():
            files[rel] = _template(name).encode("utf-8")
        files.update(enterprise_files(EXAMPLE_ID, EXAMPLE_PROFILE, year))
        for rel in _EMPTY_DIRS:
            files[f"{rel}/.gitkeep"] = b""
    return files


def _check_paths(target: Path, rels: list[str], files: set[str]) -> None:
    """Refuse links and non-folders on every path to be written; nothing is written yet."""
    links: list[str] = []
    seen: set[str] = set()
    for rel in rels:
        parts = PurePosixPath(rel).parts
        for depth in range(1, len(parts) + 1):
            sub = "/".join(parts[:depth])
            if sub in seen:
                continue
            seen.add(sub)
            path = target / sub
            if path.is_symlink():
                links.append(f"“{path}”" + ("（指向不存在的位置）" if not path.exists() else ""))
            elif sub not in files and path.exists() and not path.is_dir():
                raise AlreadyARepository(f"“{path}”已存在且不是文件夹，shuili init 需要在这里建文件夹")
            elif sub in files and path.is_dir():
                raise AlreadyARepository(f"“{path}”是文件夹，shuili init 需要在这里写文件")
    if links:
        raise LinkInTheWay(
            f"{'、'.join(links)}是符号链接。shuili init 不会通过链接写入任何文件，"
            "请删除或改名这些链接后重试（什么都没有写入）"
        )


def _make_dirs(target: Path, rel: str) -> None:
    path = target
    for part in PurePosixPath(rel).parts:
        path = path / part
        try:
            path.mkdir()
        except FileExistsError:
            if path.is_symlink() or not path.is_dir():
                raise LinkInTheWay(f"“{path}”在 shuili init 运行时变成了符号链接或文件，已停止写入") from None


def _write(path: Path, data: bytes) -> None:
    """Atomically; a link that appeared at ``path`` raises ``TargetIsALink`` (an OSError, as O_NOFOLLOW did)."""
    write_atomic(path, data, fsync=False)


def create(target: Path, *, example: bool, package: str | None = None, today: date | None = None) -> list[Path]:
    """Create the repository; return the files written. Never overwrites a repository.

    Without ``example`` the repository gets one commented example enterprise (``EXAMPLE_ID``),
    whose hazard and 5S files are named after the year of ``today`` (default: the system date).

    ``package`` (a git URL pinned to a tag or commit) is written into the CI files as
    ``SHUILI_PACKAGE``; without it the CI files fail until the variable is set.
    """
    if package is not None:
        package = check_package(package)
    for marker in ("shuili.yaml", "enterprises", "bureau"):
        if (target / marker).exists() and not (target / marker).is_symlink():  # links: _check_paths
            raise AlreadyARepository(f"“{target}”中已有 {marker}，不会覆盖已有的数据仓库")
    if target.is_symlink() and not target.exists():
        raise LinkInTheWay(f"“{target}”是指向不存在位置的符号链接，shuili init 不会通过它写入")
    if target.exists() and not target.is_dir():
        raise AlreadyARepository(f"“{target}”已存在且不是文件夹")
    files = _data_files(target, example=example, year=(today or date.today()).year)
    dirs = [] if example else list(_EMPTY_DIRS)
    _check_paths(target, [*files, *dirs, *_CI_FILES], set(files) | set(_CI_FILES))
    for rel, name in _CI_FILES.items():
        if not (target / rel).exists():  # an existing .gitignore or workflow of the user's is kept as it is
            files[rel] = _template(name, package).encode("utf-8")
    target.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for rel in dirs:
        _make_dirs(target, rel)
    for rel, data in files.items():
        parent = PurePosixPath(rel).parent
        if parent.parts:
            _make_dirs(target, str(parent))
        _write(target / rel, data)
        written.append(target / rel)
    return written
