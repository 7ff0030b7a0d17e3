"""Evaluating a resolution from stored figures (resolutions/evaluation.py), against hand calculation.

A district (Ba Tơ-like, sample data) with three communes; the resolution is issued by the
district Party committee (a body), so its targets are judged on the district's figures.
Term 2020–2025, judged at 2023 unless a test says otherwise.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import translation

from nghiquyet import i18n
from nghiquyet.indicators.models import Indicator
from nghiquyet.indicators.services import ValueInput, write_values
from nghiquyet.resolutions import progress
from nghiquyet.resolutions.evaluation import (
    RECORD_KEYS,
    default_year,
    evaluate_resolution,
    evaluate_resolutions,
    evaluate_target,
    evaluation_records,
    status_label,
    verdict_label,
)
from nghiquyet.resolutions.models import AnnualPlan, Resolution, Target
from nghiquyet.units.models import OrgUnit

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    prov = OrgUnit.objects.create(code="P51", name="Tỉnh Quảng Ngãi", kind="province")
    dist = OrgUnit.objects.create(code="H-BT", name="Huyện Ba Tơ", kind="district", parent=prov)
    body = OrgUnit.objects.create(code="H-BT-HU", name="Huyện ủy Ba Tơ", kind="party_committee", parent=dist)
    a = OrgUnit.objects.create(code="X-A", name="Thị trấn Ba Tơ", kind="township", parent=dist)
    b = OrgUnit.objects.create(code="X-B", name="Xã Ba Cung", kind="commune", parent=dist)
    c = OrgUnit.objects.create(code="X-C", name="Xã Ba Xa", kind="commune", parent=dist)
    return dict(prov=prov, dist=dist, body=body, a=a, b=b, c=c)


def ind(code: str, **kw) -> Indicator:
    return Indicator.objects.create(code=code, name=code, **kw)


@pytest.fixture
def data(tree):
    """Indicators, figures (sample data) and the resolution with one target per kind."""
    dist, a, b, c = tree["dist"], tree["a"], tree["b"], tree["c"]
    inds = dict(
        forest=ind("CPR", value_type="percent", space_aggregation="mean", unit_of_measure="%"),
        value=ind("GTSX", space_aggregation="sum", time_aggregation="sum", unit_of_measure="tỷ đồng"),
        poverty=ind("NGHEO", value_type="percent", space_aggregation="mean", unit_of_measure="%"),
        members=ind("DVM", value_type="count", space_aggregation="sum", time_aggregation="sum", unit_of_measure="người"),
        cells=ind("TCCS", value_type="percent", space_aggregation="mean", unit_of_measure="%"),
        ntm=ind("NTM", value_type="bool", space_aggregation="sum", unit_of_measure="xã"),
        empty=ind("TRONG", unit_of_measure="%"),
    )
    figures = []

    def put(indicator, unit, values: dict[int, float], kind="official"):
        figures.extend(ValueInput(indicator.id, unit.id, str(y), v, kind) for y, v in values.items())

    put(inds["forest"], dist, {2020: 50, 2021: 52, 2022: 54, 2023: 56})
    # production value reported by the communes only: the district figure is their sum
    put(inds["value"], a, {2020: 1000, 2021: 1100, 2022: 1200, 2023: 1300})
    put(inds["value"], b, {2020: 475, 2021: 500, 2022: 550, 2023: 600})
    put(inds["poverty"], dist, {2020: 22, 2021: 18.5, 2022: 15})
    put(inds["poverty"], dist, {2023: 12.4}, kind="estimated")
    put(inds["members"], dist, {2020: 80, 2021: 90, 2022: 110, 2023: 95})
    put(inds["cells"], dist, {2020: 78, 2021: 82, 2022: 85, 2023: 79})
    # new-rural communes: yes/no per commune, summed into a count at the district
    put(inds["ntm"], a, {2020: 1, 2021: 1, 2022: 1, 2023: 1})
    put(inds["ntm"], b, {2020: 0, 2021: 1, 2022: 1, 2023: 1})
    put(inds["ntm"], c, {2020: 0, 2021: 0, 2022: 0, 2023: 1})
    write_values(figures, is_sample=True, source="Dữ liệu mẫu")

    res = Resolution.objects.create(
        issuer=tree["body"], number="NQ-DH-XIX", title="Nghị quyết Đại hội XIX (dữ liệu mẫu)",
        term_start=2020, term_end=2025, is_sample=True,
    )
    common = dict(resolution=res, baseline_year=2020, target_year=2025)
    t = {}
    t["forest"] = Target.objects.create(code="CT01", text="Độ che phủ rừng đạt 62%", indicator=inds["forest"],
                                        kind="level", baseline_value=50, target_min=62, order=1, **common)
    t["value"] = Target.objects.create(code="CT02", text="GTSX tăng bình quân 9–10%/năm", indicator=inds["value"],
                                       kind="avg_growth", baseline_value=None, target_min=9, target_max=10,
                                       comparator="range", order=2, **common)
    t["poverty"] = Target.objects.create(code="CT03", text="Tỷ lệ hộ nghèo giảm bình quân 4%/năm",
                                         indicator=inds["poverty"], kind="avg_change", baseline_value=22,
                                         target_max=-4, comparator="lte", direction="decrease", order=3, **common)
    t["members"] = Target.objects.create(code="CT04", text="Kết nạp 500 đảng viên mới", indicator=inds["members"],
                                         kind="cumulative", target_min=500, order=4, **common)
    t["cells"] = Target.objects.create(code="CT05", text="Hằng năm ≥ 80% TCCS đảng hoàn thành tốt nhiệm vụ",
                                       indicator=inds["cells"], kind="every_year", baseline_value=78, target_min=80,
                                       order=5, **common)
    t["ntm"] = Target.objects.create(code="CT06", text="Có thêm 2 xã đạt chuẩn nông thôn mới", indicator=inds["ntm"],
                                     kind="count_units", baseline_value=1, target_min=3, order=6, **common)
    t["empty"] = Target.objects.create(code="CT07", text="Chỉ tiêu chưa có số liệu", indicator=inds["empty"],
                                       kind="level", baseline_value=10, target_min=20, order=7, **common)
    t["commune"] = Target.objects.create(code="CT08", text="GTSX thị trấn đạt 1.500 tỷ đồng", indicator=inds["value"],
                                         kind="level", baseline_value=1000, target_min=1500, scope_unit=a, order=8,
                                         **common)
    for key, value in (("forest", 55), ("value", 1950), ("poverty", 12), ("members", 100), ("ntm", 3)):
        AnnualPlan.objects.create(target=t[key], year=2023, value=value)
    AnnualPlan.objects.create(target=t["forest"], year=2022, value=53)
    return dict(res=res, targets=t, inds=inds)


# Hand calculation (docs/target-calculus.md has the formulas):
#  CT01 level 50 → 56 in 3 y: CAGR 3.8499 % vs required (62/50)^(1/5) − 1 = 4.3961 % → R 0.8757;
#       progress 6/12 = 0.5; plan 56/55 = 1.0182 exceeded; forecast 56·1.038499² = 60.3949
#  CT02 growth 1475 → 1900 (communes summed): CAGR (1900/1475)^(1/3) − 1 = 8.8063 %, R = 8.8063/9
#       = 0.9785; plan 1900/1950 = 0.9744 not met
#  CT03 poverty 22 → 12.4 (estimate): −3.2 points/y, R = 3.2/4 = 0.8; progress 9.6/20 = 0.48;
#       plan (decrease) 12/12.4 = 0.9677 not met; forecast 12.4 − 3.2·2 = 6.0
#  CT04 members 90+110+95 = 295 (2020 not counted): R = (295/3)/(500/5) = 0.9833; plan 95/100
#  CT05 every year ≥ 80: 82, 85, 79 → 2 of 3 → R 0.6667; implicit plan 79/80 = 0.9875
#  CT06 NTM communes 1 → 3 (1+1+1 in 2023) = target 3 → met; plan 3/3 = 1 met
#  CT07 no figures → no data
#  CT08 scope = township: 1000 → 1300: CAGR 9.1393 % vs (1.5)^(1/5) − 1 = 8.4472 % → R 1.0819
EXPECTED = {
    "CT01": dict(status="needs_acceleration", realised=56, anticipated=0.8757, term_progress=0.5,
                 plan_ratio=1.0182, plan_verdict="exceeded", forecast=60.3949, latest_year=2023),
    "CT02": dict(status="on_track", realised=8.8063, anticipated=0.9785, baseline_value=1475,
                 plan_ratio=0.9744, plan_verdict="not_met", latest_value=1900),
    "CT03": dict(status="needs_acceleration", realised=-3.2, anticipated=0.8, term_progress=0.48,
                 plan_ratio=0.9677, plan_verdict="not_met", forecast=6.0),
    "CT04": dict(status="on_track", realised=295, anticipated=0.9833, plan_ratio=0.95, plan_verdict="not_met"),
    "CT05": dict(status="needs_acceleration", years_met=2, years_judged=3, anticipated=0.6667,
                 plan_ratio=0.9875, plan_verdict="not_met"),
    "CT06": dict(status="met", realised=3, term_progress=1.0, plan_ratio=1.0, plan_verdict="met"),
    "CT07": dict(status="no_data", latest_year=None, plan_verdict=None),
    "CT08": dict(status="on_track", anticipated=1.0819, latest_value=1300, plan_verdict=None),
}


def check(result: progress.Evaluation, expected: dict) -> None:
    for key, want in expected.items():
        got = getattr(result, key)
        if isinstance(want, (int, float)) and not isinstance(want, bool) and got is not None:
            assert got == pytest.approx(want, abs=1e-4), key
        else:
            assert got == want, key


def test_every_kind_matches_hand_calculation(data):
    ev = evaluate_resolution(data["res"], 2023)
    assert [i.target.code for i in ev.items] == list(EXPECTED)
    for item in ev.items:
        check(item.result, EXPECTED[item.target.code])
    assert ev.status_counts == {
        "met": 1, "on_track": 3, "needs_acceleration": 3, "off_track": 0, "regressing": 0, "no_data": 1,
    }
    assert ev.summary == (
        "Có 2/8 chỉ tiêu đạt và vượt kế hoạch năm 2023; 4 chỉ tiêu không đạt; 1 chỉ tiêu chưa có số liệu; "
        "1 chỉ tiêu chưa có kế hoạch năm."
    )


def test_series_plans_and_readings_are_kept(data):
    item = evaluate_target(data["targets"]["value"], 2023)
    assert item.series == {2020: 1475, 2021: 1600, 2022: 1750, 2023: 1900}
    assert item.readings[2021].source == "children"
    assert item.plans == {2023: 1950}
    poverty = evaluate_target(data["targets"]["poverty"], 2023)
    assert poverty.estimated_years == [2023]
    assert evaluate_target(data["targets"]["empty"], 2021).series == {2020: None, 2021: None}


def test_a_body_issuer_is_judged_on_its_admin_unit_and_a_scope_on_the_scope(data, tree):
    forest = evaluate_target(data["targets"]["forest"], 2023)
    assert forest.readings[2023].value == 56  # the district's figure, not the Party committee's
    assert evaluate_target(data["targets"]["commune"], 2023).series[2023] == 1300


def test_earlier_year_ignores_later_figures(data):
    ev = evaluate_resolution(data["res"], 2022)
    forest = ev.items[0]
    assert forest.result.latest_value == 54
    assert max(forest.series) == 2022
    assert forest.result.plan_ratio == pytest.approx(54 / 53)
    ntm = ev.items[5]  # 2 communes in 2022: (2 − 1)/2 per year against (3 − 1)/5 → R 1.25
    check(ntm.result, dict(status="on_track", realised=2, anticipated=1.25))


def test_a_new_figure_changes_the_verdict_at_once(data, tree):
    write_values([ValueInput(data["inds"]["forest"].id, tree["dist"].id, "2023", 63)])
    item = evaluate_target(data["targets"]["forest"], 2023)
    assert item.result.status == "met"


def test_records_have_the_documented_keys_and_values(data):
    records = evaluation_records(evaluate_resolution(data["res"], 2023))
    assert [r["code"] for r in records] == list(EXPECTED)
    for r in records:
        assert list(r)[: len(RECORD_KEYS)] == list(RECORD_KEYS)
    by_code = {r["code"]: r for r in records}
    assert {k: by_code["CT01"][k] for k in RECORD_KEYS} == {
        "code": "CT01", "kind": "level", "baseline": 50, "target": 62, "latest_year": 2023, "latest_value": 56,
        "plan_ratio": 1.0182, "term_progress": 0.5, "anticipated": 0.8757, "status": "needs_acceleration",
        "forecast": 60.3949,
    }
    assert (by_code["CT01"]["unit_of_measure"], by_code["CT01"]["plan_verdict"]) == ("%", "exceeded")
    assert by_code["CT02"]["target"] == [9, 10]
    assert by_code["CT02"]["baseline"] == 1475  # taken from the 2020 figure
    assert by_code["CT03"]["target"] == -4
    assert by_code["CT07"]["status"] == "no_data" and by_code["CT07"]["latest_value"] is None
    json.dumps(records)  # plain data: no lazy strings, no inf/nan


def test_many_targets_use_a_constant_number_of_queries(data, tree, django_assert_max_num_queries):
    res, inds = data["res"], data["inds"]
    for i in range(12):  # 20 targets in all, over the same indicators and units
        Target.objects.create(
            resolution=res, code=f"CT{20 + i}", text="thêm", indicator=list(inds.values())[i % 6], kind="level",
            baseline_year=2020, target_year=2025, target_min=1, scope_unit=[tree["a"], tree["b"], None][i % 3],
        )
    assert res.targets.count() == 20
    # targets, plans, then read_values (rollups, months, time rules, successions): 6 today
    with django_assert_max_num_queries(8):
        ev = evaluate_resolution(res, 2023)
        evaluation_records(ev)
    assert len(ev.items) == 20


def test_several_resolutions_at_once(data, tree, django_assert_max_num_queries):
    other = Resolution.objects.create(issuer=tree["a"], number="NQ-TT", title="Thị trấn (mẫu)",
                                      term_start=2020, term_end=2025)
    Target.objects.create(resolution=other, code="A1", text="GTSX", indicator=data["inds"]["value"], kind="level",
                          baseline_year=2020, baseline_value=1000, target_year=2025, target_min=1500)
    with django_assert_max_num_queries(8):
        evs = evaluate_resolutions([data["res"], other], 2023)
    assert [len(e.items) for e in evs] == [8, 1]
    check(evs[1].items[0].result, EXPECTED["CT08"])
    assert evs[0].summary == evaluate_resolution(data["res"], 2023).summary


@pytest.mark.parametrize(
    "today, year",
    [
        (dt.date(2023, 5, 1), 2023),  # figures up to 2023
        (dt.date(2022, 5, 1), 2022),  # never a year still to come
        (dt.date(2031, 1, 1), 2023),  # after the term: its last year with figures, not an empty 2025
        (dt.date(2019, 6, 1), 2020),  # before the term: its first year
    ],
)
def test_default_year_is_the_latest_year_with_figures(data, today, year):
    assert default_year(data["res"], today) == year


def test_default_year_without_figures_is_this_year_within_the_term(data):
    empty = Resolution.objects.create(issuer=data["res"].issuer, number="NQ-EMPTY", title="Trống",
                                      term_start=2020, term_end=2025)
    assert default_year(empty, dt.date(2023, 5, 1)) == 2023
    assert default_year(empty, dt.date(2031, 5, 1)) == 2025


def test_status_and_verdict_words_in_both_languages():
    i18n.compile_all()
    with translation.override("vi"):
        for status, words in progress.STATUS_LABELS.items():
            assert status_label(status) == words
        for verdict, words in progress.VERDICT_LABELS.items():
            assert verdict_label(verdict) == words
    with translation.override("en"):
        assert status_label("off_track") == "Off track"
        assert verdict_label("not_met") == "Not met"
    assert verdict_label(None) == ""


def test_summary_sentence_follows_the_language(data):
    i18n.compile_all()
    with translation.override("vi"):
        assert evaluate_resolution(data["res"], 2023).summary.startswith("Có 2/8 chỉ tiêu đạt và vượt kế hoạch năm 2023; ")
    with translation.override("en"):
        summary = evaluate_resolution(data["res"], 2023).summary
    assert summary.startswith("2/8 targets met or exceeded the plan for 2023; 4 not met")
