"""The domain rules of core/domain/, each defined once, and the named fact records."""

from __future__ import annotations

import marshal
import re
import typing
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from shuili_cli.core.dates import previous_month as previous_month_of_day
from shuili_cli.core.domain import vocab
from shuili_cli.core.domain.hazards import supervised_hazards
from shuili_cli.core.domain.numbers import decimal_text, money_text
from shuili_cli.core.domain.period import next_month, previous_month
from shuili_cli.core.domain.risk import LEC_C, LEC_E, LEC_L, latest_ratings, lec_color
from shuili_cli.core.domain.standardization import latest_graded, standard_in_force
from shuili_cli.core.figures import facts
from shuili_cli.core.figures.facts import ActionFact, EnterpriseFact, RatingFact, StandardRecord
from shuili_cli.core.figures.figures import Period, compute
from shuili_cli.core.model.bureau import Fine, Supervision
from shuili_cli.core.model.enterprise import Enterprise, Standardization
from shuili_cli.core.model.records import Hazard, LecAssessment
from shuili_cli.core.schema import schema_for
from shuili_cli.core.source.cache import packed_shape
from shuili_cli.core.source.loader import load

TEMPLATE = Path(__file__).resolve().parents[1] / "data-template"


def _enterprise(*standardization: StandardRecord) -> EnterpriseFact:
    return EnterpriseFact("enterprises/a/enterprise.yaml", 1, "a", "甲", "企业", "小微企业", "供水", None, None,
                          None, None, standardization, (), (), (), None, None, (), ())


# ----------------------------------------------------------------- period


@pytest.mark.parametrize(("ym", "before", "after"), [
    ((2024, 1), (2023, 12), (2024, 2)),
    ((2023, 12), (2023, 11), (2024, 1)),
    ((2023, 6), (2023, 5), (2023, 7)),
])
def test_previous_and_next_month(ym: tuple[int, int], before: tuple[int, int], after: tuple[int, int]) -> None:
    assert previous_month(*ym) == before
    assert next_month(*ym) == after
    assert previous_month_of_day(date(ym[0], ym[1], 15)) == before
    assert Period(*ym).previous() == Period(*before)


def test_previous_period_of_a_january_ytd_is_not_ytd() -> None:
    """December of last year is a different year: its year-to-date is not this year's."""
    assert Period(2024, 1, ytd=True).previous() == Period(2023, 12, ytd=False)
    assert Period(2024, 3, ytd=True).previous() == Period(2024, 2, ytd=True)


# ----------------------------------------------------------------- standardization


def test_standard_in_force_prefers_a_valid_certificate_then_a_later_self_assessment() -> None:
    cert = StandardRecord("国标", "三级", "2020-01-01", "2022-12-31", 5)
    self_before = StandardRecord("国标", "自评", "2019-06-01", None, 9)
    self_after = StandardRecord("国标", "自评", "2023-02-01", None, 12)
    p = _enterprise(cert, self_before, self_after)
    assert standard_in_force(p, "2019-12-31") == self_before
    assert standard_in_force(p, "2022-12-31") == cert  # the last valid day
    assert standard_in_force(p, "2023-01-15") is None  # lapsed, and no later self-assessment yet
    assert standard_in_force(p, "2023-02-01") == self_after
    assert latest_graded(p, "2023-02-01") == cert  # expired or not: the alerts report it as lapsed


# ----------------------------------------------------------------- hazards and risk


def _action(id_: str, type_: vocab.ActionType, day: str, hazards: tuple[str, ...] = ()) -> ActionFact:
    return ActionFact("bureau/enforcement/2023.yaml", 3, 0, id_, type_, day, None, "a", None, hazards, None, None)


def test_supervised_hazards_only_counts_supervision_up_to_d() -> None:
    actions = [_action("Z-1", "挂牌督办", "2023-05-10", ("H-1", "H-2")), _action("Z-2", "挂牌督办", "2023-06-01", ("H-3",)),
               _action("J-1", "检查", "2023-05-01", ("H-9",))]
    assert supervised_hazards(actions, "2023-05-31") == {("a", "H-1"), ("a", "H-2")}
    assert supervised_hazards(actions) == {("a", "H-1"), ("a", "H-2"), ("a", "H-3")}


def test_latest_rating_is_the_newest_on_or_before_d_and_the_first_on_a_tie() -> None:
    r1 = RatingFact("bureau/assessments.yaml", 2, 0, "a", "2023-01-05", "黄")
    r2 = RatingFact("bureau/assessments.yaml", 3, 1, "a", "2023-03-05", "橙")
    r3 = RatingFact("bureau/assessments.yaml", 4, 2, "a", "2023-03-05", "红")
    r4 = RatingFact("bureau/assessments.yaml", 5, 3, "a", "2023-07-01", "蓝")
    assert latest_ratings([r1, r2, r3, r4], "2023-06-30") == {"a": r2}
    assert latest_ratings([r1, r2, r3, r4], "2023-02-01") == {"a": r1}
    assert latest_ratings([r4], "2023-06-30") == {}


@pytest.mark.parametrize(("d", "color"), [("320.1", "红"), ("320", "橙"), ("160.5", "橙"), ("160", "黄"),
                                          ("70.1", "黄"), ("70", "蓝"), ("0.1", "蓝")])
def test_lec_bands(d: str, color: str) -> None:
    assert lec_color(Decimal(d)) == color


def test_the_json_schema_lists_the_one_lec_table() -> None:
    props = schema_for("risks")["$defs"]["LecAssessment"]["properties"]  # type: ignore[index]
    assert [props[k]["enum"] for k in "LEC"] == [list(LEC_L), list(LEC_E), list(LEC_C)]
    assert LecAssessment.model_fields["L"].description == "取值 10、6、3、1、0.5、0.2、0.1"


def test_numbers_are_written_one_way() -> None:
    assert decimal_text(Decimal("1E+1")) == "10"
    assert decimal_text(Decimal("4.750")) == "4.750"
    assert [money_text(Decimal(v)) for v in ("4.750", "1.235", "3", "1E+1")] == ["4.75", "1.235", "3.00", "10.00"]


# ----------------------------------------------------------------- vocabularies


@pytest.mark.parametrize(("field", "alias"), [
    (Hazard.model_fields["grade"], vocab.HazardGrade),
    (Hazard.model_fields["source"], vocab.HazardSource),
    (Standardization.model_fields["grade"], vocab.StandardGrade),
    (Standardization.model_fields["standard"], vocab.Standard),
    (Enterprise.model_fields["kind"], vocab.UnitKind),
    (Enterprise.model_fields["scale"], vocab.Scale),
])
def test_models_use_the_named_vocabularies(field: typing.Any, alias: typing.Any) -> None:
    assert field.annotation == alias


def test_the_action_types_are_the_union_of_the_models() -> None:
    from shuili_cli.core.model.bureau import Action

    union = typing.get_args(typing.get_args(Action)[0])
    words = {w for model in union for w in typing.get_args(model.model_fields["type"].annotation)}
    assert words == set(typing.get_args(vocab.ActionType))
    assert Supervision.model_fields["type"].annotation == vocab.SupervisionType
    assert Fine.model_fields["type"].annotation == vocab.FineType


def test_constants_are_words_of_their_vocabulary() -> None:
    assert vocab.MAJOR in typing.get_args(vocab.HazardGrade)
    assert vocab.SELF_ASSESSMENT in typing.get_args(vocab.StandardGrade)
    assert {vocab.SELF_FOUND, vocab.SUPERVISORY, vocab.OTHER_SOURCE} == set(typing.get_args(vocab.HazardSource))
    assert vocab.TIERS == typing.get_args(vocab.Tier)


# ----------------------------------------------------------------- named records at the cache boundary


def test_facts_cross_the_cache_as_plain_tuples_and_come_back_named() -> None:
    result = load(TEMPLATE, today=date(2024, 1, 15), use_cache=False)
    assert not any(f.severity.name == "ERROR" for f in result.findings)
    profiles = [e.profile for e in result.repo.enterprises.values() if e.profile is not None]
    assert any(p.standardization for p in profiles) and any(p.six_have for p in profiles)
    for p in profiles:
        plain = marshal.loads(marshal.dumps(facts.to_plain("enterprise", p)))  # raises on any NamedTuple left
        assert packed_shape("enterprise")(([], plain, None, True, None))
        back = facts.from_plain("enterprise", plain)
        assert back == p
        assert [type(r) for r in back.standardization] == [facts.StandardRecord] * len(p.standardization)
        assert all(type(r) is facts.PostRecord for r in back.demo_posts)
        assert all(type(r) is facts.SixHaveItem for r in back.six_have)
        assert all(type(r) is facts.BlockLine for r in back.block_lines)


def test_a_cached_run_gives_the_same_figures(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = load(TEMPLATE, today=date(2024, 1, 15), cache_dir=cache)
    second = load(TEMPLATE, today=date(2024, 1, 15), cache_dir=cache)
    assert first.cache_hits == 0 and second.cache_hits > 0
    for month in range(1, 13):
        a, b = compute(first.repo, Period(2023, month)), compute(second.repo, Period(2023, month))
        assert a.values == b.values and a.contributions == b.contributions


# ----------------------------------------------------------------- the column catalogue


def _annex1() -> str:
    return (TEMPLATE.parent / "report-templates" / "annex1.yaml").read_text(encoding="utf-8")


def test_the_shipped_catalogue_is_valid() -> None:
    from shuili_cli.core.figures.catalogue import FORM_FILES, load_form, templates_dir

    for name in FORM_FILES:
        form = load_form((templates_dir() / name).read_text(encoding="utf-8"), name)
        assert form.keys()


@pytest.mark.parametrize(("edit", "message"), [
    (("kind: stock, rule: 截至月末在册的规上企业数", "kind: stok, rule: 截至月末在册的规上企业数"),
     "annex1.yaml: 栏目目录有误：columns.1."),
    (("key: a1.enterprises.规上企业, unit: 家", "kee: a1.enterprises.规上企业, unit: 家"),
     "columns.1.figure.kee: 不认识的字段"),
    (("key: a1.enterprises.规上企业, unit: 家", "unit: 家"), "columns.1.figure: 需要 key 或 keys 之一"),
    (("key: a1.enterprises.中等企业,", "key: a1.enterprises.规上企业,"), "键 a1.enterprises.规上企业 同时用于第 2 栏和第 3 栏"),
    (("keys: [a1.grade.国标.二级, a1.grade.省标.二级, null]", "keys: [a1.grade.国标.二级, a1.grade.省标.二级]"),
     "第 7 栏有 2 项，应与 sub_rows 相同（3 项）"),
    (("span: {2: 3}", "span: {3: 3}"), "span 的子行序号 '3' 不在 0–2 之内"),
    (("values: [市级, 县级, 乡级]", "values: [市级, 县级]"), "有 2 项，应与 sub_rows 相同"),
    (("sheet: 附件1", "sheeet: 附件1"), "sheeet"),
])
def test_a_broken_catalogue_fails_fast_with_the_place(edit: tuple[str, str], message: str) -> None:
    from shuili_cli.core.figures.catalogue import CatalogueError, load_form

    text = _annex1()
    assert text.count(edit[0]) == 1
    with pytest.raises(CatalogueError, match=re.escape(message)):
        load_form(text.replace(*edit), "annex1.yaml")


def test_a_key_on_both_forms_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from shuili_cli.core.figures import catalogue
    folder = catalogue.templates_dir()
    for name in catalogue.FORM_FILES:
        (tmp_path / name).write_text((folder / name).read_text(encoding="utf-8"), encoding="utf-8")
    annex2 = tmp_path / "annex2.yaml"
    text = annex2.read_text(encoding="utf-8")
    annex2.write_text(text.replace("key: a2.enf.约谈警示,", "key: a1.five_s,"), encoding="utf-8")
    monkeypatch.setattr(catalogue, "templates_dir", lambda: tmp_path)
    catalogue.forms.cache_clear()
    try:
        with pytest.raises(catalogue.CatalogueError, match=re.escape("键 a1.five_s 已用于 附件1")):
            catalogue.forms()
    finally:
        catalogue.forms.cache_clear()


def test_the_cache_shape_checks_types_of_vocabulary_fields() -> None:
    """A cached entry is checked by type (words were validated when written); a wrong type is refused."""
    check = packed_shape("hazards")
    h = ("enterprises/a/hazards/2023.yaml", 3, 0, "H-1", "2023-05-01", "自查", None, None, None, None,
         "一般", "断丝", "陈", "2023-06-01", None, None)
    assert check(([], (h,), None, True, None))
    assert check(([], (h,), None, True, (3, {"hazards[].grade": b"\x01\x00\x00\x00\x0c\x00\x00\x00"})))
    assert not check(([], (h,), None, True))  # an entry of the earlier shape (no positions)
    assert not check(([], (h,), None, True, (3, {"hazards[].grade": [1, 12]})))  # positions not packed
    assert not check(([], ((*h[:10], 1, *h[11:]),), None, True, None))  # grade an int
    assert not check(([], ((*h[:5], None, *h[6:]),), None, True, None))  # source missing
    profile = facts.to_plain("enterprise", _enterprise(StandardRecord("国标", "三级", "2020-01-01", None, 5)))
    assert packed_shape("enterprise")(([], profile, None, True, None))
    bad = (*profile[:11], (("国标", "三级", "2020-01-01", None, "5"),), *profile[12:])  # line as text
    assert not packed_shape("enterprise")(([], bad, None, True, None))


def test_the_cache_key_covers_the_domain_modules(monkeypatch: pytest.MonkeyPatch) -> None:
    """The models and facts take their words from core/domain/: a change there must start a fresh cache."""
    from shuili_cli.core.source import cache
    read: list[str] = []
    original = Path.read_bytes

    def spy(self: Path) -> bytes:
        read.append(self.as_posix())
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", spy)
    getattr(cache.code_salt, "__wrapped__", cache.code_salt)()
    assert any(r.endswith("core/domain/vocab.py") for r in read)
    assert any(r.endswith("core/domain/numbers.py") for r in read)
