"""`nghiquyet demo`: the Ba Tơ sample data loads on an empty database, idempotently, and tells a story.

The demo is loaded once per module (a few seconds) inside a transaction that is rolled back at the
end, with only Quảng Ngãi's units (`--units ba-to`); each test runs in a savepoint inside it.
"""

from __future__ import annotations

import hashlib
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from nghiquyet.indicators.models import DataValue, DataValueChange, Field, Indicator, RollupValue
from nghiquyet.indicators.services import read_values
from nghiquyet.resolutions import demo
from nghiquyet.resolutions.models import AnnualPlan, Resolution, Target
from nghiquyet.units.models import OrgUnit, Succession

pytestmark = pytest.mark.django_db

DISTRICT_NUMBER = "NQ-DH-XIX-BT"
COMMUNE_NUMBER = "NQ-DH-I-XBT"
SIX_KINDS = {"level", "avg_growth", "avg_change", "cumulative", "every_year", "count_units"}
OLD_UNITS = 19
YEARS = ["2020", "2021", "2022", "2023", "2024"]


def snapshot() -> dict[str, object]:
    """Row counts of everything the demo touches, plus a digest of every figure and plan."""
    values = sorted(
        DataValue.objects.values_list("indicator__code", "unit__code", "period", "kind", "value", "is_sample", "source", "note")
    )
    plans = sorted(AnnualPlan.objects.values_list("target__resolution__number", "target__code", "year", "value"))
    targets = sorted(Target.objects.values_list(
        "resolution__number", "code", "kind", "baseline_year", "baseline_value", "target_min", "target_max", "text",
    ))
    digest = hashlib.sha256(repr((values, plans, targets)).encode()).hexdigest()
    return {
        "units": OrgUnit.objects.count(), "successions": Succession.objects.count(),
        "fields": Field.objects.count(), "indicators": Indicator.objects.count(),
        "resolutions": Resolution.objects.count(), "targets": Target.objects.count(),
        "plans": AnnualPlan.objects.count(), "values": DataValue.objects.count(),
        "rollups": RollupValue.objects.count(), "changes": DataValueChange.objects.count(),
        "digest": digest,
    }


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        assert not OrgUnit.objects.exists(), "the demo test needs an empty database"
        first = demo.load_demo(units="ba-to")
        # The command also loads each app's sample data (accounts, plans …): run it once so
        # that the comparison below is between two complete loads.
        call_command("demo", units="ba-to", stdout=StringIO())
        before = snapshot()
        out = StringIO()
        call_command("demo", units="ba-to", stdout=out)  # a further run, through the command
        after = snapshot()
        yield {"first": first, "before": before, "after": after, "output": out.getvalue()}
        transaction.set_rollback(True)


@pytest.fixture
def district_res(loaded) -> Resolution:
    return Resolution.objects.select_related("issuer__parent").get(number=DISTRICT_NUMBER)


def ind(code: str) -> Indicator:
    return Indicator.objects.get(code=code)


def unit(code: str) -> OrgUnit:
    return OrgUnit.objects.get(code=code)


# ----------------------------------------------------------------------------- loading


def test_the_demo_loads_on_an_empty_database_with_its_units(loaded):
    first = loaded["first"]
    assert first.units_loaded
    assert [n for n, _, _ in first.resolutions] == [DISTRICT_NUMBER, COMMUNE_NUMBER]
    assert first.written == first.values > 1500
    assert unit("H535").kind == "district"
    assert OrgUnit.objects.filter(parent=unit("H535"), kind__in=["commune", "township"]).count() == OLD_UNITS


def test_running_it_twice_changes_nothing(loaded):
    assert loaded["after"] == loaded["before"]
    assert "Đã nạp dữ liệu mẫu" in loaded["output"]
    assert "ghi mới hoặc thay đổi lần này: 0" in loaded["output"]


def test_reset_removes_the_sample_figures_and_a_reload_restores_them(loaded):
    # The reporting demo also writes sample figures of the demo's indicators at the demo's
    # units (its submissions); reset removes those too, and nothing that is not sample data.
    codes = [row["code"] for row in demo.read_pack(demo.INDICATOR_PACK).get("indicators") or []]
    units = set()
    for code in ("H535", "X21484"):
        units |= set(OrgUnit.objects.subtree(unit(code)).values_list("id", flat=True))
    sample_here = DataValue.objects.filter(indicator__code__in=codes, unit_id__in=units, is_sample=True)
    expected = sample_here.count() + loaded["first"].real_values  # real figures carry a pack source
    assert expected >= loaded["first"].values
    removed = demo.reset_demo()
    assert removed == expected
    assert not sample_here.exists()
    assert not Resolution.objects.filter(number__in=[DISTRICT_NUMBER, COMMUNE_NUMBER]).exists()
    assert not RollupValue.objects.filter(unit=unit("H535"), indicator=ind("gtsx")).exists()


# ----------------------------------------------------------------------------- the district resolution


def test_the_district_resolution_has_about_twenty_targets_of_all_six_kinds(district_res):
    targets = list(district_res.targets.all())
    assert len(targets) >= 18
    assert {t.kind for t in targets} == SIX_KINDS
    assert district_res.is_sample and "dữ liệu mẫu" in district_res.title
    assert "chưa xác minh" in district_res.source
    assert (district_res.term_start, district_res.term_end) == (2020, 2025)
    # Issued by the district Party committee; its targets are judged on the district's figures.
    assert district_res.issuer.kind == "party_committee" and district_res.issuer.parent.code == "H535"
    by_code = {t.code: t for t in targets}
    assert by_code["CT01"].unit.code == "H535"
    assert by_code["CT10"].unit.name == "Thị trấn Ba Tơ"


def test_every_target_has_a_baseline_year_and_annual_plans_except_the_no_data_one(district_res):
    for target in district_res.targets.prefetch_related("annual_plans"):
        years = [p.year for p in target.annual_plans.all()]
        assert years == [2021, 2022, 2023, 2024, 2025], target.code
        if target.code != "CT13":
            assert target.baseline_year == 2020 and target.baseline_value is not None, target.code


def test_ranges_and_decreasing_targets_are_encoded(district_res):
    growth = district_res.targets.get(code="CT01")
    assert (growth.kind, growth.comparator, growth.target_min, growth.target_max) == ("avg_growth", "range", 9, 10)
    poverty = district_res.targets.get(code="CT14")
    assert (poverty.kind, poverty.direction, poverty.comparator, poverty.target_max) == (
        "avg_change", "decrease", "lte", -4,
    )
    # Plans follow the path in the indicator's units: poverty 22 % falling 4 points a year.
    assert [p.value for p in poverty.annual_plans.order_by("year")] == [18, 14, 10, 6, 2]


def test_each_old_commune_has_figures_for_2020_to_2024(loaded):
    communes = OrgUnit.objects.filter(parent=unit("H535"), kind__in=["commune", "township"])
    rows = set(DataValue.objects.filter(indicator=ind("gtsx"), unit__in=communes).values_list("unit_id", "period"))
    assert rows == {(u.pk, y) for u in communes for y in YEARS}
    assert not DataValue.objects.filter(indicator=ind("gtsx"), unit__in=communes, is_sample=False).exists()


def test_district_values_are_rollups_of_the_communes(loaded):
    district = unit("H535")
    readings = read_values([(ind("gtsx").pk, district.pk, "2023"), (ind("xa-dat-chuan-ntm").pk, district.pk, "2024")])
    value = readings[(ind("gtsx").pk, district.pk, "2023")]
    assert value.source == "children" and value.children_count == OLD_UNITS and value.value == pytest.approx(1921)
    ntm = readings[(ind("xa-dat-chuan-ntm").pk, district.pk, "2024")]
    assert ntm.value == 4 and ntm.children_count == OLD_UNITS - 1  # the thị trấn is not judged on NTM


def test_published_2020_figures_are_real_with_their_source_and_match_their_communes(loaded):
    district = unit("H535")
    for code, value in (("gtsx", 1475), ("ty-le-ho-ngheo", 22), ("gtsx-binh-quan", 32.3)):
        dv = DataValue.objects.get(indicator=ind(code), unit=district, period="2020")
        assert dv.value == value and not dv.is_sample and "Ba Tơ" in dv.source and "daidoanket" in dv.source
    rows = RollupValue.objects.filter(unit=district, period="2020", indicator__code__in=["gtsx", "ty-le-ho-ngheo"])
    assert len(rows) == 2 and not any(r.conflict for r in rows)
    assert DataValue.objects.filter(is_sample=False).count() == loaded["first"].real_values == 3


def test_a_district_figure_that_differs_from_its_communes_is_flagged(loaded):
    district = unit("H535")
    r = read_values([(ind("dang-vien-moi").pk, district.pk, "2022")])[(ind("dang-vien-moi").pk, district.pk, "2022")]
    assert r.conflict and r.own_value == 96 and r.children_value == 82 and r.value == 96
    assert RollupValue.objects.filter(unit=district, conflict=True).count() >= 1


def test_the_evaluation_gives_a_mix_of_statuses(district_res):
    from nghiquyet.resolutions.evaluation import evaluate_resolution

    ev = evaluate_resolution(district_res, 2024)
    statuses = {item.status for item in ev.items}
    assert len(statuses) >= 4, statuses
    by_code = {item.target.code: item.status for item in ev.items}
    assert by_code["CT13"] == "no_data"
    assert "chỉ tiêu" in ev.summary


# ----------------------------------------------------------------------------- the new commune


def test_the_commune_resolution_takes_its_2025_baselines_from_its_predecessors(loaded):
    res = Resolution.objects.get(number=COMMUNE_NUMBER)
    commune = unit("X21484")
    assert res.issuer.code == "X21484-DU" and res.is_sample and res.parent is None
    assert (res.term_start, res.term_end) == (2025, 2030)
    targets = {t.code: t for t in res.targets.select_related("indicator")}
    assert 6 <= len(targets) <= 10
    # Forest cover: no estimate; the predecessors' 2024 figure read through the new commune.
    forest = targets["CT04"]
    before = read_values([(forest.indicator_id, commune.pk, "2024")])[(forest.indicator_id, commune.pk, "2024")]
    assert before.source == "predecessors" and before.children_count == 3
    assert forest.baseline_year == 2025 and forest.baseline_value == pytest.approx(round(before.value, 1))
    # Production value: the 2025 estimate (predecessors' 2024 sum grown 8.5 %) is the baseline.
    gtsx = targets["CT01"]
    old = OrgUnit.objects.filter(code__in=["X-OLD-21484", "X-OLD-21511", "X-OLD-21526"])
    total_2024 = sum(DataValue.objects.filter(indicator=gtsx.indicator, unit__in=old, period="2024").values_list("value", flat=True))
    estimate = DataValue.objects.get(indicator=gtsx.indicator, unit=commune, period="2025")
    assert estimate.kind == "estimated" and estimate.is_sample
    assert estimate.value == pytest.approx(round(total_2024 * 1.085, 1)) == gtsx.baseline_value
    # A couple of 2026 estimated figures.
    assert DataValue.objects.filter(unit=commune, period="2026", kind="estimated").count() >= 2


# ----------------------------------------------------------------------------- pure helpers


@pytest.mark.parametrize(
    ("total", "weights", "decimals", "integer"),
    [
        (1475, [7600, 1700, 2700, 2100], 1, False),
        (3, [5, 1, 1, 1, 1], 0, True),  # fewer items than parts: the largest weights get them
        (0, [1, 2, 3], 1, False),
        (10.7, [1, 1, 1], 1, False),  # a remainder to hand out
        (20, [18, 0.01, 0.01], 0, True),
    ],
)
def test_split_total_adds_up_exactly(total, weights, decimals, integer):
    parts = demo.split_total(total, weights, decimals=decimals, integer=integer)
    assert len(parts) == len(weights)
    assert sum(parts) == pytest.approx(total, abs=1e-9)
    assert all(p >= 0 for p in parts)
    step = 1 if integer else 10 ** -decimals
    assert all(abs(p / step - round(p / step)) < 1e-6 for p in parts)


@pytest.mark.parametrize(
    ("target", "rule", "weights", "amount", "relative", "lo", "hi"),
    [
        (22.0, "weighted_mean", [1800, 400, 650, 500], -0.9, True, 0, 100),  # poverty: relative spread
        (65.2, "weighted_mean", [10.6, 37, 58, 186], 14, False, 0, 100),  # forest cover by area
        (99.3, "weighted_mean", [1, 1, 1, 1], -2.0, False, 0, 100),  # near the ceiling: clamped, re-centred
        (82.0, "mean", None, 8, False, 0, 100),
        (0.0, "mean", None, 3, False, 0, 100),  # a zero rate stays zero
    ],
)
def test_spread_rate_hits_the_district_value(target, rule, weights, amount, relative, lo, hi):
    z = demo.centred([1.9, 0.8, 1.0, 0.6])
    values = demo.spread_rate(
        target, z, amount=amount, relative=relative, noise=[0.1, -0.2, 0.05, 0.0], rule=rule,
        weights=weights, lo=lo, hi=hi, decimals=4,
    )
    assert all(lo <= v <= hi for v in values)
    if rule == "mean":
        agg = sum(values) / len(values)
    else:
        agg = sum(v * w for v, w in zip(values, weights, strict=True)) / sum(weights)
    assert agg == pytest.approx(target, abs=1e-3)


@pytest.mark.parametrize(
    ("kind", "baseline", "tmin", "tmax", "expected"),
    [
        ("level", 32.3, 50, None, {2021: 35.8, 2022: 39.4, 2023: 42.9, 2024: 46.5, 2025: 50.0}),
        ("count_units", 2, 6, None, {2021: 3, 2022: 4, 2023: 4, 2024: 5, 2025: 6}),
        ("avg_growth", 100, 9, 11, {2021: 110.0, 2022: 121.0, 2023: 133.1, 2024: 146.4, 2025: 161.1}),
        ("avg_change", 22, None, -4, {2021: 18.0, 2022: 14.0, 2023: 10.0, 2024: 6.0, 2025: 2.0}),
        ("cumulative", None, 400, None, dict.fromkeys(range(2021, 2026), 80.0)),
        ("every_year", None, 80, None, dict.fromkeys(range(2021, 2026), 80.0)),
        ("level", None, 90, None, {}),  # no baseline, no path
        ("level", 0, 10, None, {2021: 2.0, 2022: 4.0, 2023: 6.0, 2024: 8.0, 2025: 10.0}),  # zero baseline
        ("level", 12, None, 8, {2021: 11.2, 2022: 10.4, 2023: 9.6, 2024: 8.8, 2025: 8.0}),  # a ceiling (lte)
    ],
)
def test_annual_plans_follow_the_path_to_the_target(kind, baseline, tmin, tmax, expected):
    assert demo.plan_path(kind, baseline, tmin, tmax, 2020, 2025, 1) == expected


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ({"target": [9, 10]}, (9.0, 10.0, "range")),
        ({"target": 12}, (12.0, None, "gte")),
        ({"target": -4, "comparator": "lte"}, (None, -4.0, "lte")),
        ({"target": 100, "comparator": "eq"}, (100.0, None, "eq")),
    ],
)
def test_goal_bounds(spec, expected):
    assert demo.goal_bounds(spec) == expected


def test_generated_figures_are_deterministic():
    meta_pack = demo.read_pack(demo.INDICATOR_PACK)
    meta = {
        row["code"]: {
            "space": row.get("space", "sum"), "weight": row.get("weight"), "decimals": row.get("decimals", 1),
            "min": row.get("min"), "max": row.get("max"),
        }
        for row in meta_pack["indicators"]
    }
    pack = demo.read_pack(demo.DISTRICT_PACK)
    kinds = {"21484": "township"}
    first = demo.generate_district_figures(pack, meta, kinds)
    assert first == demo.generate_district_figures(pack, meta, kinds)
    gtsx_2020 = [f.value for f in first if f.indicator == "gtsx" and f.year == 2020 and f.unit != demo.DISTRICT]
    assert len(gtsx_2020) == OLD_UNITS and sum(gtsx_2020) == pytest.approx(1475)


def test_an_unknown_unit_scope_is_refused_in_vietnamese():
    with pytest.raises(demo.DemoError, match="Phạm vi đơn vị không hợp lệ"):
        demo.ensure_units("mars")
