"""The target calculus (resolutions/progress.py): every kind, hand-calculated.

Term 2020–2025 throughout (t0 = 2020, T = 2025, n = 5) unless a case says otherwise. The
expected numbers were worked out by hand from the formulas in docs/target-calculus.md, e.g.
forest cover 50 → 56 in 3 years: CAGR_obs = (56/50)^(1/3) − 1 = 3.8499 %, CAGR_req =
(62/50)^(1/5) − 1 = 4.3961 %, R = 0.8757.
"""

from __future__ import annotations

import pytest

from nghiquyet.resolutions.progress import (
    STATUS_CLASSES,
    STATUS_COLOURS,
    STATUS_LABELS,
    STATUSES,
    VERDICT_LABELS,
    Evaluation,
    TargetSpec,
    count_statuses,
    evaluate,
    judge,
    plan_judgement,
    status_for,
    summarize,
)


def spec(**kw) -> TargetSpec:
    base = dict(
        kind="level", baseline_year=2020, baseline_value=50.0, target_year=2025, target_min=62.0,
        target_max=None, comparator="gte", direction="increase", term_start=2020,
    )
    base.update(kw)
    return TargetSpec(**base)


FOREST = dict()  # "đến 2025 độ che phủ rừng đạt 62 %", baseline 50 % in 2020
POVERTY_LEVEL = dict(baseline_value=22.0, target_min=None, target_max=10.0, comparator="lte", direction="decrease")
GROWTH = dict(kind="avg_growth", baseline_value=1475.0, target_min=9.0, target_max=10.0, comparator="range")
GROWTH_DOWN = dict(kind="avg_growth", baseline_value=200.0, target_min=None, target_max=-5.0, comparator="lte", direction="decrease")
POVERTY_CHANGE = dict(kind="avg_change", baseline_value=22.0, target_min=None, target_max=-4.0, comparator="lte", direction="decrease")
TRAINED = dict(kind="avg_change", baseline_value=40.0, target_min=2.0)
POVERTY_RANGE = dict(kind="avg_change", baseline_value=22.0, target_min=-4.0, target_max=-3.0, comparator="range", direction="decrease")
MEMBERS = dict(kind="cumulative", baseline_value=None, target_min=500.0)
ACCIDENTS = dict(kind="cumulative", baseline_value=None, target_min=None, target_max=100.0, comparator="lte", direction="decrease")
PARTY_CELLS = dict(kind="every_year", baseline_value=78.0, target_min=80.0)
MALNUTRITION = dict(kind="every_year", baseline_value=11.0, target_min=None, target_max=10.0, comparator="lte", direction="decrease")
NTM = dict(kind="count_units", baseline_value=3.0, target_min=8.0)  # "có thêm 5 xã" with 3 in 2020


CASES = [
    # ---- level, increasing, compound rate
    pytest.param(FOREST, {2021: 52, 2022: 54, 2023: 56}, {2023: 55}, 2023, dict(
        method="cagr", realised=56, latest_year=2023, latest_value=56, observed_rate=3.8499,
        required_rate=4.3961, anticipated=0.8757, status="needs_acceleration", term_progress=0.5,
        expected_progress=0.6, pace=0.8333, forecast=60.3949, forecast_verdict="not_met",
        plan_ratio=1.0182, plan_verdict="exceeded", final_verdict=None,
    ), id="level-up-needs-acceleration"),
    pytest.param(FOREST, {2021: 52, 2022: 56, 2023: 63}, {}, 2023, dict(
        status="met", term_progress=1.0833, plan_verdict=None, plan_value=None,
    ), id="level-up-met-early"),
    pytest.param(FOREST, {2021: 52, 2022: 50, 2023: 48}, {}, 2023, dict(
        anticipated=-0.3074, status="regressing", term_progress=-0.1667, forecast=46.7113,
    ), id="level-up-regressing"),
    pytest.param(FOREST, {2021: 52, 2024: 58, 2025: 70}, {}, 2024, dict(
        latest_year=2024, latest_value=58, missing_years=(2022, 2023), anticipated=0.8599,
        status="needs_acceleration", term_progress=0.6667, pace=0.8333, forecast=60.1925,
    ), id="level-missing-years-later-values-ignored"),
    pytest.param(dict(baseline_value=None), {2021: 52, 2023: 56}, {}, 2023, dict(
        baseline_year=2021, baseline_value=52, anticipated=0.8397, term_progress=0.4, pace=0.8,
        notes=("baseline_from_series", "missing_years"),
    ), id="level-missing-baseline-taken-from-series"),
    pytest.param(dict(baseline_value=None), {2020: 50, 2023: 56}, {}, 2023, dict(
        baseline_year=2020, baseline_value=50, anticipated=0.8757,
    ), id="level-missing-baseline-value-of-baseline-year"),
    pytest.param(dict(baseline_value=0.0, target_min=4.0), {2022: 1, 2023: 2}, {}, 2023, dict(
        method="linear", observed_rate=0.6667, required_rate=0.8, anticipated=0.8333,
        status="needs_acceleration", term_progress=0.5, forecast=3.3333,
    ), id="level-zero-baseline-linear"),
    pytest.param(FOREST, {2025: 61.99}, {}, 2025, dict(
        final_verdict="met", status="met",
    ), id="level-final-met-within-tolerance"),
    pytest.param(FOREST, {2025: 61.9}, {}, 2025, dict(
        final_verdict="not_met", anticipated=0.9923, status="off_track",
    ), id="level-final-near-miss-is-off-track-not-on-track"),
    pytest.param(FOREST, {2025: 62.5}, {2025: 62}, 2026, dict(
        final_verdict="exceeded", status="met", notes=("after_target_year", "missing_years"),
        missing_years=(2021, 2022, 2023, 2024), plan_verdict=None,
    ), id="level-final-exceeded-read-after-T"),
    pytest.param(dict(target_min=62.0, target_max=65.0, comparator="range"), {2025: 66}, {}, 2025, dict(
        final_verdict="exceeded", status="met",
    ), id="level-range-above-exceeded"),
    pytest.param(dict(target_min=62.0, target_max=65.0, comparator="range"), {2025: 63}, {}, 2025, dict(
        final_verdict="met", status="met",
    ), id="level-range-within-met"),
    pytest.param(dict(target_min=62.0, target_max=65.0, comparator="range"), {2025: 61}, {}, 2025, dict(
        final_verdict="not_met", status="off_track",
    ), id="level-range-below-not-met"),
    # ---- level, decreasing ("tỷ lệ hộ nghèo dưới 10 %")
    pytest.param(POVERTY_LEVEL, {2021: 19, 2022: 16.5, 2023: 14}, {2023: 15}, 2023, dict(
        method="cagr", observed_rate=-13.9861, required_rate=-14.5887, anticipated=0.9587,
        status="on_track", term_progress=0.6667, pace=1.1111, forecast=10.3577,
        plan_ratio=1.0714, plan_verdict="exceeded",
    ), id="level-down-on-track"),
    pytest.param(POVERTY_LEVEL, {2021: 12, 2022: 9.5}, {}, 2022, dict(
        status="met",
    ), id="level-down-met-early"),
    pytest.param(POVERTY_LEVEL, {2021: 23, 2022: 24}, {2022: 20}, 2022, dict(
        status="regressing", plan_ratio=0.8333, plan_verdict="not_met",
    ), id="level-down-regressing"),
    pytest.param(dict(POVERTY_LEVEL, target_max=0.0), {2022: 14}, {}, 2022, dict(
        method="linear", observed_rate=-4.0, required_rate=-4.4, anticipated=0.9091, status="needs_acceleration",
    ), id="level-down-to-zero-linear"),
    # ---- avg_growth, "tăng bình quân 9–10 %/năm"
    pytest.param(GROWTH, {2021: 1600, 2022: 1750, 2023: 1900}, {2023: 1950}, 2023, dict(
        method="cagr", realised=8.8063, observed_rate=8.8063, required_rate=9.0, anticipated=0.9785,
        status="on_track", term_progress=0.5349, expected_progress=0.5477, pace=0.9766,
        forecast=2249.3722, forecast_verdict="not_met", plan_ratio=0.9744, plan_verdict="not_met",
    ), id="growth-range-on-track"),
    pytest.param(dict(GROWTH, baseline_value=100.0), {2025: 165}, {}, 2025, dict(
        realised=10.5342, final_verdict="exceeded", status="met",
    ), id="growth-range-final-exceeded"),
    pytest.param(dict(GROWTH, baseline_value=100.0), {2025: 155}, {}, 2025, dict(
        final_verdict="met", status="met",
    ), id="growth-range-final-within"),
    pytest.param(dict(GROWTH, baseline_value=100.0), {2023: 170}, {}, 2023, dict(
        status="met", forecast_verdict="exceeded",
    ), id="growth-met-early-level-of-path-reached"),
    pytest.param(dict(GROWTH, baseline_value=100.0), {2023: 95}, {}, 2023, dict(
        status="regressing",
    ), id="growth-regressing"),
    pytest.param(GROWTH_DOWN, {2022: 185}, {}, 2022, dict(
        realised=-3.8231, anticipated=0.7646, status="needs_acceleration", term_progress=0.3315,
        expected_progress=0.4310, forecast=164.5828,
    ), id="growth-decrease-needs-acceleration"),
    pytest.param(dict(GROWTH, baseline_value=0.0), {2022: 10}, {}, 2022, dict(
        realised=None, anticipated=None, status="no_data", notes=("growth_undefined", "missing_years"),
    ), id="growth-zero-baseline-undefined"),
    # ---- avg_change, "tỷ lệ hộ nghèo giảm bình quân 4 %/năm" (−4 points a year)
    pytest.param(POVERTY_CHANGE, {2021: 18.5, 2022: 15, 2023: 12.4}, {2023: 12}, 2023, dict(
        method="linear", realised=-3.2, anticipated=0.8, status="needs_acceleration", term_progress=0.48,
        pace=0.8, forecast=6.0, forecast_verdict="not_met", plan_ratio=0.9677, plan_verdict="not_met",
    ), id="change-down-needs-acceleration"),
    pytest.param(POVERTY_CHANGE, {2022: 23}, {}, 2022, dict(
        realised=0.5, anticipated=-0.125, status="regressing",
    ), id="change-down-regressing"),
    pytest.param(POVERTY_CHANGE, {2023: 1.5}, {}, 2023, dict(
        status="met", forecast_verdict="exceeded",
    ), id="change-down-met-early"),
    pytest.param(TRAINED, {2022: 45}, {}, 2022, dict(
        realised=2.5, anticipated=1.25, status="on_track", term_progress=0.5, forecast=52.5,
        forecast_verdict="exceeded",
    ), id="change-up-on-track"),
    pytest.param(POVERTY_RANGE, {2025: 5}, {}, 2025, dict(
        realised=-3.4, final_verdict="met", status="met",
    ), id="change-range-within"),
    pytest.param(POVERTY_RANGE, {2025: 1}, {}, 2025, dict(
        realised=-4.2, final_verdict="exceeded", status="met",
    ), id="change-range-beyond-exceeded"),
    pytest.param(POVERTY_RANGE, {2025: 10}, {}, 2025, dict(
        realised=-2.4, final_verdict="not_met", anticipated=0.8, status="off_track",
    ), id="change-range-short-not-met"),
    # ---- cumulative, "kết nạp 500 đảng viên mới trong nhiệm kỳ"
    pytest.param(MEMBERS, {2020: 80, 2021: 90, 2022: 110, 2023: 95}, {2023: 100}, 2023, dict(
        method="cumulative", realised=295, latest_value=95, observed_rate=98.3333, required_rate=100,
        anticipated=0.9833, status="on_track", term_progress=0.59, pace=0.9833, forecast=491.6667,
        forecast_verdict="not_met", plan_ratio=0.95, plan_verdict="not_met",
    ), id="cumulative-on-track-baseline-year-not-counted"),
    pytest.param(MEMBERS, {2021: 200, 2022: 200, 2023: 150}, {}, 2023, dict(
        realised=550, status="met",
    ), id="cumulative-met-early"),
    pytest.param(MEMBERS, {2021: 90, 2023: 95}, {}, 2023, dict(
        realised=185, missing_years=(2022,), anticipated=0.6167, status="needs_acceleration",
        forecast=308.3333, plan_verdict=None,
    ), id="cumulative-missing-year"),
    pytest.param(MEMBERS, {y: 100 for y in range(2021, 2026)}, {}, 2025, dict(
        realised=500, final_verdict="met", status="met",
    ), id="cumulative-final-met"),
    pytest.param(dict(MEMBERS, baseline_year=None), {2021: 90, 2022: 110}, {}, 2022, dict(
        baseline_year=2020, realised=200, anticipated=1.0, status="on_track",
    ), id="cumulative-term-start-when-no-baseline-year"),
    pytest.param(ACCIDENTS, {2021: 25, 2022: 22}, {2022: 20}, 2022, dict(
        method="cap", realised=47, anticipated=0.8511, status="needs_acceleration", term_progress=0.47,
        forecast=117.5, forecast_verdict="not_met", plan_ratio=0.9091, plan_verdict="not_met",
    ), id="cumulative-cap-decreasing"),
    pytest.param(ACCIDENTS, {2021: 0, 2022: 0}, {}, 2022, dict(
        anticipated=None, status="on_track", forecast=0,
    ), id="cumulative-cap-no-flow"),
    pytest.param(ACCIDENTS, {2021: 20, 2022: 15, 2023: 20, 2024: 20, 2025: 20}, {}, 2025, dict(
        realised=95, final_verdict="exceeded", status="met",
    ), id="cumulative-cap-final-under-budget"),
    # ---- every_year, "hằng năm ≥ 80 % TCCS đảng hoàn thành tốt nhiệm vụ"
    pytest.param(PARTY_CELLS, {2021: 82, 2022: 85, 2023: 79}, {}, 2023, dict(
        method="years", years_met=2, years_judged=3, anticipated=0.6667, pace=0.6667,
        status="needs_acceleration", term_progress=0.4, forecast=79.6667, forecast_verdict="not_met",
        plan_value=80, plan_ratio=0.9875, plan_verdict="not_met", notes=("implicit_plan",),
    ), id="every-year-one-year-failed"),
    pytest.param(PARTY_CELLS, {2021: 82, 2022: 85}, {2022: 84}, 2022, dict(
        years_met=2, anticipated=1.0, status="on_track", plan_ratio=1.0119, plan_verdict="exceeded",
        forecast_verdict="exceeded",
    ), id="every-year-on-track"),
    pytest.param(PARTY_CELLS, {2021: 82, 2022: 85, 2023: 83, 2024: 84, 2025: 86}, {}, 2025, dict(
        years_met=5, final_verdict="exceeded", status="met", term_progress=1.0,
    ), id="every-year-all-years-exceeded"),
    pytest.param(PARTY_CELLS, {2021: 80, 2022: 85, 2023: 83, 2024: 84, 2025: 86}, {}, 2025, dict(
        final_verdict="met", status="met",
    ), id="every-year-all-years-met"),
    pytest.param(PARTY_CELLS, {2021: 82, 2022: 75, 2023: 83, 2024: 84, 2025: 86}, {}, 2025, dict(
        final_verdict="not_met", status="off_track", years_met=4,
    ), id="every-year-one-failure-fails-the-term"),
    pytest.param(PARTY_CELLS, {2021: 82, 2023: 83}, {}, 2025, dict(
        final_verdict=None, missing_years=(2022,), anticipated=1.0, status="on_track",
    ), id="every-year-missing-years-no-final-verdict"),
    pytest.param(MALNUTRITION, {2021: 9.0, 2022: 9.5}, {}, 2022, dict(
        years_met=2, status="on_track", plan_ratio=1.0526, plan_verdict="exceeded", forecast=7.25,  # 9.5 − 0.75·3
    ), id="every-year-decreasing"),
    # ---- count_units, "đến 2025 có 8 xã đạt chuẩn NTM (thêm 5)"
    pytest.param(NTM, {2021: 4, 2022: 5, 2023: 5}, {2023: 6}, 2023, dict(
        method="linear", realised=5, observed_rate=0.6667, required_rate=1.0, anticipated=0.6667,
        status="needs_acceleration", term_progress=0.4, pace=0.6667, forecast=6.3333,
        plan_ratio=0.8333, plan_verdict="not_met",
    ), id="count-needs-acceleration"),
    pytest.param(NTM, {2021: 4, 2024: 8}, {}, 2024, dict(
        status="met", term_progress=1.0,
    ), id="count-met-early"),
    pytest.param(dict(NTM, baseline_value=0.0, target_min=2.0), {2022: 0}, {}, 2022, dict(
        anticipated=0.0, status="off_track",
    ), id="count-zero-baseline-no-progress"),
    # ---- no data
    pytest.param(FOREST, {}, {2023: 55}, 2023, dict(
        status="no_data", latest_year=None, realised=None, plan_verdict=None, forecast=None,
    ), id="no-data-at-all"),
    pytest.param(dict(baseline_value=None), {2020: 50}, {}, 2020, dict(
        status="no_data", latest_year=2020, anticipated=None,
    ), id="no-data-only-the-baseline"),
    pytest.param(MEMBERS, {2020: 80}, {}, 2023, dict(status="no_data", realised=None), id="no-data-cumulative"),
    pytest.param(PARTY_CELLS, {}, {}, 2023, dict(status="no_data", years_judged=0), id="no-data-every-year"),
    pytest.param(FOREST, {2021: 52, 2022: None}, {}, 2022, dict(
        latest_year=2021, missing_years=(), status="needs_acceleration",
    ), id="none-values-are-missing"),
]


@pytest.mark.parametrize("kw, series, plans, at_year, expected", CASES)
def test_evaluate(kw, series, plans, at_year, expected):
    ev = evaluate(spec(**kw), series, plans, at_year)
    assert isinstance(ev, Evaluation)
    for key, want in expected.items():
        got = getattr(ev, key)
        if isinstance(want, float) or (isinstance(want, int) and not isinstance(want, bool) and isinstance(got, float)):
            assert got == pytest.approx(want, abs=1e-4), key
        else:
            assert got == want, key


# ---------------------------------------------------------------- verdicts and plan ratios


@pytest.mark.parametrize("kw, value, verdict", [
    (dict(), 62.0, "met"),
    (dict(), 62.03, "met"),  # within 0.05 % of 62 (0.031)
    (dict(), 62.05, "exceeded"),
    (dict(), 61.97, "met"),
    (dict(), 61.9, "not_met"),
    (POVERTY_LEVEL, 10.0, "met"),
    (POVERTY_LEVEL, 9.0, "exceeded"),
    (POVERTY_LEVEL, 10.5, "not_met"),
    (dict(target_min=100.0, comparator="eq"), 100.0, "met"),
    (dict(target_min=100.0, comparator="eq"), 101.0, "not_met"),
    (dict(target_min=100.0, comparator="eq"), 99.0, "not_met"),
    (GROWTH, 8.99, "not_met"),
    (GROWTH, 9.0, "met"),
    (GROWTH, 10.0, "met"),
    (GROWTH, 10.2, "exceeded"),
    (POVERTY_RANGE, -3.0, "met"),
    (POVERTY_RANGE, -4.5, "exceeded"),
    (POVERTY_RANGE, -2.0, "not_met"),
    (dict(target_min=None, target_max=0.0, comparator="lte", direction="decrease"), 0.0, "met"),
    (dict(target_min=None, target_max=0.0, comparator="lte", direction="decrease"), 0.1, "not_met"),
    (dict(), None, None),
])
def test_judge(kw, value, verdict):
    assert judge(value, spec(**kw)) == verdict


@pytest.mark.parametrize("actual, plan, direction, ratio, verdict", [
    (110, 100, "increase", 1.1, "exceeded"),
    (100, 100, "increase", 1.0, "met"),
    (99.96, 100, "increase", 0.9996, "met"),
    (99.9, 100, "increase", 0.999, "not_met"),
    (14, 15, "decrease", 15 / 14, "exceeded"),  # poverty 14 % against a plan of 15 %: less is better
    (16, 15, "decrease", 0.9375, "not_met"),
    (0, 5, "decrease", None, "exceeded"),
    (0, 0, "decrease", None, "met"),
    (5, 0, "increase", None, "exceeded"),
    (-2, 3, "increase", None, "not_met"),
    (None, 5, "increase", None, None),
    (5, None, "increase", None, None),
])
def test_plan_judgement(actual, plan, direction, ratio, verdict):
    got_ratio, got_verdict = plan_judgement(actual, plan, direction)
    assert got_verdict == verdict
    if ratio is None:
        assert got_ratio is None
    else:
        assert got_ratio == pytest.approx(ratio)


@pytest.mark.parametrize("r, status", [
    (None, "no_data"), (1.2, "on_track"), (0.95, "on_track"), (0.9499, "needs_acceleration"),
    (0.60, "needs_acceleration"), (0.5999, "off_track"), (0.0, "off_track"), (-0.01, "regressing"),
])
def test_status_thresholds(r, status):
    assert status_for(r) == status


@pytest.mark.parametrize("kw, message", [
    (dict(kind="ratio"), "Loại chỉ tiêu"),
    (dict(comparator="gt"), "Phép so sánh"),
    (dict(direction="up"), "Chiều"),
    (dict(target_min=None, target_max=None), "giá trị mục tiêu"),
    (dict(comparator="range", target_max=None), "khoảng"),
    (dict(comparator="range", target_min=10.0, target_max=9.0), "lớn hơn"),
])
def test_spec_rejects_bad_input(kw, message):
    with pytest.raises(ValueError, match=message):
        spec(**kw)


def test_zero_required_change_not_met_is_regressing():
    # "duy trì 100 % xã có điện": baseline already 100, the latest figure slipped.
    ev = evaluate(spec(baseline_value=100.0, target_min=100.0), {2022: 98}, {}, 2022)
    assert ev.status == "regressing"
    assert "zero_required" in ev.notes


# ---------------------------------------------------------------- summary and labels


def _ev(plan_verdict, plan_actual=1.0, status="on_track"):
    return Evaluation(
        kind="level", at_year=2025, method=None, baseline_year=None, baseline_value=None, target_year=2025,
        target_value=1.0, realised=None, latest_year=None, latest_value=None, observed_rate=None,
        required_rate=None, plan_year=2025, plan_value=None, plan_actual=plan_actual, plan_ratio=None,
        plan_verdict=plan_verdict, term_progress=None, expected_progress=None, pace=None, anticipated=None,
        status=status, forecast=None, forecast_verdict=None, final_verdict=None,
    )


@pytest.mark.parametrize("verdicts, sentence", [
    (["exceeded"] * 8 + ["met"] * 7 + ["not_met"] * 5,
     "Có 15/20 chỉ tiêu đạt và vượt kế hoạch năm 2025; 5 chỉ tiêu không đạt."),
    (["met"] * 3, "Có 3/3 chỉ tiêu đạt và vượt kế hoạch năm 2025."),
    (["met", "not_met", "no_data", "no_data", "no_plan"],
     "Có 1/5 chỉ tiêu đạt và vượt kế hoạch năm 2025; 1 chỉ tiêu không đạt; 2 chỉ tiêu chưa có số liệu; "
     "1 chỉ tiêu chưa có kế hoạch năm."),
    (["no_data"], "Có 0/1 chỉ tiêu đạt và vượt kế hoạch năm 2025; 1 chỉ tiêu chưa có số liệu."),
    ([], "Chưa có chỉ tiêu nào để đánh giá năm 2025."),
])
def test_summarize(verdicts, sentence):
    evs = [
        _ev(None, plan_actual=None) if v == "no_data" else _ev(None) if v == "no_plan" else _ev(v)
        for v in verdicts
    ]
    assert summarize(evs, 2025) == sentence


def test_labels_cover_every_status_and_verdict():
    assert set(STATUS_LABELS) == set(STATUSES) == set(STATUS_CLASSES) == set(STATUS_COLOURS)
    assert STATUS_LABELS["met"] == "Đã đạt" and STATUS_LABELS["off_track"] == "Khó đạt"
    assert VERDICT_LABELS == {"exceeded": "Vượt", "met": "Đạt", "not_met": "Không đạt"}
    ev = evaluate(spec(), {2023: 63}, {2023: 60}, 2023)
    assert (ev.status_label, ev.status_class, ev.plan_verdict_label) == ("Đã đạt", "status-met", "Vượt")


def test_count_statuses():
    evs = [_ev(None, status=s) for s in ("met", "met", "no_data")]
    assert count_statuses(evs) == {
        "met": 2, "on_track": 0, "needs_acceleration": 0, "off_track": 0, "regressing": 0, "no_data": 1,
    }
