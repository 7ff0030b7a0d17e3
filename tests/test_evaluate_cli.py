"""`nghiquyet evaluate` after `nghiquyet import-resolution`: fields and verdicts by hand.

The workbook is the one of tests/test_import.py (sample data, term 2020–2025, judged at 2024:
t0 = 2020, t = 2024, e = 4, T = 2025, n = 5). Each expected value below is worked out from
the formulas of docs/target-calculus.md (resolutions/progress.py):

CT01 level, forest cover 50 → 58, goal ≥ 62:
     CAGR_obs = (58/50)^(1/4) − 1, CAGR_req = (62/50)^(1/5) − 1, R = 0.8599 → needs_acceleration;
     term_progress = (58 − 50)/(62 − 50) = 0.6667; forecast = 58·(1 + CAGR_obs) = 60.19;
     plan 2024 = 58 → plan_ratio 1.
CT02 avg_growth 9–10 %/yr, production 1,475 → 2,000 (700 + 600 + 700, the district's sum):
     realised 100·((2000/1475)^(1/4) − 1) = 7.91 %/yr, R = 0.0791/0.09 = 0.879 →
     needs_acceleration; term_progress = (2000 − 1475)/(1475·1.09^5 − 1475);
     forecast = 2000·1.0791; plan 2000 → 1.
CT03 avg_change −4 points/yr (decrease), poverty 22 → 6: rate (6 − 22)/4 = −4, R = −1·−4/4 = 1
     → on_track (not met yet: (6 − 22)/5 = −3.2 > −4); term_progress = −16/(−4·5) = 0.8;
     forecast 6 − 4 = 2; plan 6 → 1 (decrease: plan/actual).
CT04 cumulative ≥ 500 new members: 100 + 110 + 90 + 100 = 400, rate 100/yr, required 500/5 =
     100 → R = 1, on_track; term_progress 0.8; forecast 400 + 100 = 500; plan 100 → 1.
CT05 every_year ≥ 80 %: 82, 85, 78, 81 → 3 of 4 years met, R = 0.75 → needs_acceleration;
     term_progress = 3/5 = 0.6; forecast: line through (2021, 82) and (2024, 81) at 2025 =
     81 − 1/3; no plan: the goal 80 is the plan → plan_ratio 81/80 = 1.0125.
CT06 count_units ≥ 3 communes (1 in 2020): all three meet it in 2024 → count 3 → met;
     term_progress (3 − 1)/(3 − 1) = 1; R = ((3 − 1)/4)/((3 − 1)/5) = 1.25;
     forecast 3 + 0.5 = 3.5; plan 3 → 1.
CT07 level ≤ 15 % (decrease), malnutrition 20 → 21: CAGR_obs = (21/20)^(1/4) − 1 > 0,
     CAGR_req = (15/20)^(1/5) − 1 < 0, R = −CAGR_obs/|CAGR_req| = −0.2195 → regressing;
     term_progress = (21 − 20)/(15 − 20) = −0.2; plan 18 → 18/21 = 0.857 (not met).
CT08 level ≥ 60 %, same indicator as CT01, no baseline: x0 = the 2020 figure 50; R as CT01
     with 60: (58/50)^(1/4) − 1 over (60/50)^(1/5) − 1 → on_track; no plan → no plan_ratio.
Summary: 6 of 8 reach the 2024 plan (CT01–CT06), CT07 fails, CT08 has no plan.
"""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from test_import import NUMBER, build_workbook, units  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

R = lambda obs, req: obs / abs(req)  # noqa: E731
cagr = lambda a, b, years: (b / a) ** (1 / years) - 1  # noqa: E731

EXPECTED = {
    "CT01": {
        "kind": "level", "baseline": 50, "target": 62, "latest_year": 2024, "latest_value": 58,
        "plan_ratio": 1.0, "term_progress": 8 / 12, "anticipated": R(cagr(50, 58, 4), cagr(50, 62, 5)),
        "status": "needs_acceleration", "forecast": 58 * (1 + cagr(50, 58, 4)),
    },
    "CT02": {
        "kind": "avg_growth", "baseline": 1475, "target": [9, 10], "latest_year": 2024, "latest_value": 2000,
        "plan_ratio": 1.0, "term_progress": 525 / (1475 * 1.09**5 - 1475),
        "anticipated": cagr(1475, 2000, 4) / 0.09, "status": "needs_acceleration",
        "forecast": 2000 * (1 + cagr(1475, 2000, 4)),
    },
    "CT03": {
        "kind": "avg_change", "baseline": 22, "target": -4, "latest_year": 2024, "latest_value": 6,
        "plan_ratio": 1.0, "term_progress": 0.8, "anticipated": 1.0, "status": "on_track", "forecast": 2.0,
    },
    "CT04": {
        "kind": "cumulative", "baseline": None, "target": 500, "latest_year": 2024, "latest_value": 100,
        "plan_ratio": 1.0, "term_progress": 0.8, "anticipated": 1.0, "status": "on_track", "forecast": 500,
    },
    "CT05": {
        "kind": "every_year", "baseline": None, "target": 80, "latest_year": 2024, "latest_value": 81,
        "plan_ratio": 81 / 80, "term_progress": 0.6, "anticipated": 0.75, "status": "needs_acceleration",
        "forecast": 81 - 1 / 3,
    },
    "CT06": {
        "kind": "count_units", "baseline": 1, "target": 3, "latest_year": 2024, "latest_value": 3,
        "plan_ratio": 1.0, "term_progress": 1.0, "anticipated": 1.25, "status": "met", "forecast": 3.5,
    },
    "CT07": {
        "kind": "level", "baseline": 20, "target": 15, "latest_year": 2024, "latest_value": 21,
        "plan_ratio": 18 / 21, "term_progress": -0.2,
        "anticipated": -cagr(20, 21, 4) / abs(cagr(20, 15, 5)), "status": "regressing",
        "forecast": 21 * (1 + cagr(20, 21, 4)),
    },
    "CT08": {
        "kind": "level", "baseline": 50, "target": 60, "latest_year": 2024, "latest_value": 58,
        "plan_ratio": None, "term_progress": 0.8, "anticipated": R(cagr(50, 58, 4), cagr(50, 60, 5)),
        "status": "on_track", "forecast": 58 * (1 + cagr(50, 58, 4)),
    },
}
FIELDS = ("code", "kind", "baseline", "target", "latest_year", "latest_value", "plan_ratio",
          "term_progress", "anticipated", "status", "forecast")


@pytest.fixture
def imported(units, tmp_path):  # noqa: F811
    out = io.StringIO()
    call_command("import_resolution", str(build_workbook(tmp_path / "nq.xlsx")), stdout=out)
    return out.getvalue()


def _close(actual, expected) -> bool:
    if isinstance(expected, list):
        return isinstance(actual, list) and all(_close(a, e) for a, e in zip(actual, expected, strict=True))
    if expected is None or isinstance(expected, str):
        return actual == expected
    return actual is not None and actual == pytest.approx(expected, abs=2e-4)


def test_json_matches_hand_calculation_for_every_kind(imported):
    out = io.StringIO()
    call_command("evaluate", NUMBER, "--at", "2024", "--format", "json", stdout=out)
    doc = json.loads(out.getvalue())
    assert doc["at"] == 2024
    assert doc["resolution"]["number"] == NUMBER
    assert doc["resolution"]["issuer"]["code"] == "H535"
    assert (doc["resolution"]["term_start"], doc["resolution"]["term_end"]) == (2020, 2025)
    assert doc["summary"] == (
        "Có 6/8 chỉ tiêu đạt và vượt kế hoạch năm 2024; 1 chỉ tiêu không đạt; "
        "1 chỉ tiêu chưa có kế hoạch năm."
    )
    records = {r["code"]: r for r in doc["targets"]}
    assert list(records) == list(EXPECTED)
    assert {r["kind"] for r in records.values()} >= {
        "level", "avg_growth", "avg_change", "cumulative", "every_year", "count_units"}
    for code, expected in EXPECTED.items():
        record = records[code]
        assert set(FIELDS) <= set(record)
        for key, value in expected.items():
            assert _close(record[key], value), (code, key, record[key], value)


def test_csv_has_a_bom_a_header_and_one_row_per_target(imported, tmp_path):
    path = tmp_path / "danh-gia.csv"
    err = io.StringIO()
    call_command("evaluate", NUMBER, "--at", "2024", "--format", "csv", "--output", str(path), stderr=err)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert list(rows[0])[: len(FIELDS)] == list(FIELDS)
    assert [r["code"] for r in rows] == list(EXPECTED)
    by_code = {r["code"]: r for r in rows}
    assert by_code["CT02"]["target"] == "9–10"
    assert by_code["CT04"]["baseline"] == ""
    assert by_code["CT06"]["status"] == "met"
    assert float(by_code["CT03"]["term_progress"]) == pytest.approx(0.8)
    assert "Có 6/8 chỉ tiêu" in err.getvalue()  # the summary goes to stderr, not into the file


def test_csv_to_stdout(imported):
    out = io.StringIO()
    call_command("evaluate", NUMBER, "--at", "2024", "--format", "csv", stdout=out, stderr=io.StringIO())
    assert out.getvalue().startswith("\ufeffcode,kind,baseline,target")


def test_xlsx_is_a_formatted_sheet(imported, tmp_path):
    path = tmp_path / "danh-gia.xlsx"
    call_command("evaluate", NUMBER, "--at", "2024", "--format", "xlsx", "-o", str(path), stderr=io.StringIO())
    ws = openpyxl.load_workbook(path).active
    assert NUMBER in ws["A1"].value
    assert ws["A2"].value.startswith("Có 6/8 chỉ tiêu đạt và vượt kế hoạch năm 2024")
    headers = [c.value for c in ws[4]]
    assert headers[:3] == ["Mã chỉ tiêu", "Nội dung chỉ tiêu", "Loại chỉ tiêu"]
    assert ws.freeze_panes == "A5"
    codes = [ws.cell(r, 1).value for r in range(5, 13)]
    assert codes == list(EXPECTED)
    plan_col = headers.index("% kế hoạch năm") + 1
    assert ws.cell(5, plan_col).number_format == "0.0%"
    status_col = headers.index("Đánh giá") + 1
    assert ws.cell(10, status_col).value == "Đã đạt"  # CT06, in words


def test_xlsx_to_stdout_is_binary(imported):
    buffer = io.BytesIO()
    call_command("evaluate", NUMBER, "--at", "2024", "--format", "xlsx", stdout=buffer)
    assert buffer.getvalue()[:2] == b"PK"


def test_unknown_resolution_is_a_vietnamese_error(db):
    with pytest.raises(CommandError, match="Không tìm thấy nghị quyết số 'KHONG-CO'"):
        call_command("evaluate", "KHONG-CO", "--at", "2024")


def test_bad_year(imported):
    with pytest.raises(CommandError, match="Năm đánh giá 'hai nghìn' không hợp lệ"):
        call_command("evaluate", NUMBER, "--at", "hai nghìn")


def test_bad_format(imported):
    with pytest.raises(CommandError, match="Định dạng 'pdf' không hỗ trợ; chọn một trong: json, csv, xlsx"):
        call_command("evaluate", NUMBER, "--format", "pdf")


def test_unknown_template_name(db):
    with pytest.raises(CommandError, match="Không có mẫu 'plan'. Các mẫu hiện có: resolution"):
        call_command("template", "plan", stdout=io.BytesIO())
