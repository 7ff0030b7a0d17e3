"""Excel import of a resolution (resolutions/importer.py, `nghiquyet import-resolution`).

The workbook is written from the template (`resolutions.template`) with openpyxl, exactly as a
user fills it, then read back with python-calamine by the importer. The units are created here
directly: a province, a district with three pre-2025 communes, and a post-2025 commune that kept
the official code of one of them (as xã Ba Tơ kept 21484). All figures are sample data.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from python_calamine import CalamineWorkbook

from nghiquyet.indicators.models import DataValue, DataValueChange, Field, Indicator
from nghiquyet.resolutions.importer import (
    ImportError,
    import_resolution_workbook,
    parse_number,
)
from nghiquyet.resolutions.models import AnnualPlan, Resolution, Target
from nghiquyet.resolutions.template import (
    FIGURE_SHEET,
    SHEETS,
    TARGET_SHEET,
    build_resolution_template,
    fill_sheet,
)
from nghiquyet.units.models import OrgUnit

pytestmark = pytest.mark.django_db

NUMBER = "TEST-01-NQ/ĐH"
OLD = dt.date(2025, 7, 1)


# ----------------------------------------------------------------------------- fixtures


@pytest.fixture
def units() -> dict[str, OrgUnit]:
    province = OrgUnit.objects.create(code="P51", official_code="51", name="Tỉnh Quảng Ngãi", kind="province")
    district = OrgUnit.objects.create(code="H535", official_code="535", name="Huyện Ba Tơ (mẫu)",
                                      kind="district", parent=province, valid_to=OLD)
    c1 = OrgUnit.objects.create(code="X-OLD-21484", official_code="21484", name="Thị trấn Ba Tơ (mẫu)",
                                kind="township", parent=district, valid_to=OLD)
    c2 = OrgUnit.objects.create(code="X-OLD-21487", official_code="21487", name="Xã Ba Điền (mẫu)",
                                kind="commune", parent=district, valid_to=OLD)
    c3 = OrgUnit.objects.create(code="X-OLD-21490", official_code="21490", name="Xã Ba Vinh (mẫu)",
                                kind="commune", parent=district, valid_to=OLD)
    new = OrgUnit.objects.create(code="X21484", official_code="21484", name="Xã Ba Tơ (mẫu)",
                                 kind="commune", parent=province, valid_from=OLD)
    return {"province": province, "district": district, "c1": c1, "c2": c2, "c3": c3, "new": new}


RESOLUTION_ROW = {
    "issuer_code": "H535", "number": NUMBER,
    "title": "Nghị quyết Đại hội Đảng bộ huyện (dữ liệu mẫu để kiểm thử)",
    "term_start": 2020, "term_end": 2025, "adopted_on": dt.date(2020, 6, 15),
    "source": "Dữ liệu mẫu", "issuer_kind": "Đại hội Đảng bộ", "is_sample": "Có",
}

# Seven targets covering the six kinds (and a regressing decrease). Hand calculations are in
# tests/test_evaluate_cli.py.
TARGET_ROWS = [
    {"code": "CT01", "text": "Đến năm 2025 độ che phủ rừng đạt 62%", "indicator_code": "T-FOREST",
     "indicator_name": "Độ che phủ rừng", "unit_of_measure": "%", "value_type": "Tỷ lệ (%)",
     "space_aggregation": "Trung bình", "time_aggregation": "Số cuối kỳ (tồn lượng)", "kind": "Mức đạt được",
     "field": "Nông nghiệp (mẫu)", "baseline_year": 2020, "baseline_value": 50, "target_year": 2025,
     "target_min": 62, "comparator": "≥", "direction": "Tăng là tốt", "indicator_min": 0, "indicator_max": 100},
    {"code": "CT02", "text": "Giá trị sản xuất tăng bình quân 9–10%/năm", "indicator_code": "T-PROD",
     "indicator_name": "Giá trị sản xuất", "unit_of_measure": "tỷ đồng", "value_type": "money",
     "space_aggregation": "sum", "time_aggregation": "sum", "kind": "avg_growth", "field": "Kinh tế (mẫu)",
     "baseline_year": 2020, "baseline_value": 1475, "target_year": 2025, "target_min": 9, "target_max": 10,
     "comparator": "khoảng"},
    {"code": "CT03", "text": "Tỷ lệ hộ nghèo giảm bình quân 4%/năm", "indicator_code": "T-POOR",
     "indicator_name": "Tỷ lệ hộ nghèo", "unit_of_measure": "%", "value_type": "percent",
     "space_aggregation": "mean", "kind": "Thay đổi bình quân", "baseline_year": 2020, "baseline_value": 22,
     "target_year": 2025, "target_min": -4, "direction": "Giảm là tốt"},
    {"code": "CT04", "text": "Kết nạp 500 đảng viên mới trong nhiệm kỳ", "indicator_code": "T-NEWMEM",
     "indicator_name": "Số đảng viên mới kết nạp", "unit_of_measure": "người", "value_type": "Số đếm",
     "space_aggregation": "Tổng", "time_aggregation": "Cộng dồn (lưu lượng)", "kind": "Cộng dồn cả nhiệm kỳ",
     "baseline_year": 2020, "target_year": 2025, "target_min": 500},
    {"code": "CT05", "text": "Hằng năm có ≥ 80% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ",
     "indicator_code": "T-PARTY", "indicator_name": "Tỷ lệ TCCS đảng hoàn thành tốt nhiệm vụ",
     "unit_of_measure": "%", "value_type": "percent", "space_aggregation": "mean", "kind": "Hằng năm",
     "baseline_year": 2020, "target_year": 2025, "target_min": 80},
    {"code": "CT06", "text": "Có thêm 2 xã đạt chuẩn nông thôn mới (tổng 3 xã)", "indicator_code": "T-NTM",
     "indicator_name": "Xã đạt chuẩn nông thôn mới", "value_type": "Có/không", "space_aggregation": "Tổng",
     "kind": "Số đơn vị đạt chuẩn", "baseline_year": 2020, "baseline_value": 1, "target_year": 2025,
     "target_min": 3},
    {"code": "CT07", "text": "Tỷ lệ trẻ em suy dinh dưỡng dưới 15%", "indicator_code": "T-MALN",
     "indicator_name": "Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng", "unit_of_measure": "%",
     "value_type": "percent", "space_aggregation": "mean", "kind": "level", "baseline_year": 2020,
     "baseline_value": 20, "target_year": 2025, "target_max": 15, "comparator": "≤"},
    # a second target on an existing-in-file indicator: must agree (it does: empty cells inherit)
    {"code": "CT08", "text": "Năm 2025 độ che phủ rừng không dưới 60%", "indicator_code": "T-FOREST",
     "kind": "level", "target_year": 2025, "target_min": 60},
]

PLAN_ROWS = [
    {"target_code": "CT01", "year": 2024, "value": 58},
    {"target_code": "CT01", "year": 2025, "value": 62},
    {"target_code": "CT02", "year": 2024, "value": 2000},
    {"target_code": "CT03", "year": 2024, "value": 6},
    {"target_code": "CT04", "year": 2024, "value": 100},
    {"target_code": "CT06", "year": 2024, "value": 3},
    {"target_code": "CT07", "year": 2024, "value": 18},
]


def figure_rows() -> list[dict]:
    rows: list[dict] = []
    for year, value in {2020: 50, 2021: 52, 2022: 54, 2023: 56, 2024: 58}.items():
        rows.append({"indicator_code": "T-FOREST", "unit_code": "H535", "period": str(year), "value": value})
    # production value per commune (the district reads their sum); a bare official code for one
    for code, value in (("21484", 700), ("X-OLD-21487", 600), ("21490", 700)):
        rows.append({"indicator_code": "T-PROD", "unit_code": code, "period": "2024", "value": value})
    rows.append({"indicator_code": "T-POOR", "unit_code": "H535", "period": "2024", "value": "6,0",
                 "value_kind": "Chính thức"})
    rows.append({"indicator_code": "T-POOR", "unit_code": "H535", "period": "2024S1", "value": 7,
                 "value_kind": "ước tính", "note": "số ước 6 tháng"})
    for year, value in {2021: 100, 2022: 110, 2023: 90, 2024: 100}.items():
        rows.append({"indicator_code": "T-NEWMEM", "unit_code": "H535", "period": year, "value": value})
    for year, value in {2021: 82, 2022: 85, 2023: 78, 2024: 81}.items():
        rows.append({"indicator_code": "T-PARTY", "unit_code": "H535", "period": str(year), "value": value})
    for code, v2020, v2024 in (("X-OLD-21484", 1, 1), ("X-OLD-21487", "không", "có"), ("X-OLD-21490", 0, 1)):
        rows.append({"indicator_code": "T-NTM", "unit_code": code, "period": "2020", "value": v2020})
        rows.append({"indicator_code": "T-NTM", "unit_code": code, "period": "2024", "value": v2024})
    rows.append({"indicator_code": "T-MALN", "unit_code": "H535", "period": "2024", "value": 21})
    rows.append({"indicator_code": "T-MALN", "unit_code": "H535", "period": "2024M09", "value": 21.5,
                 "value_kind": "estimated"})
    return rows


def build_workbook(path: Path, *, resolution=None, targets=None, plans=None, figures=None) -> Path:
    wb = build_resolution_template()
    fill_sheet(wb, "NghiQuyet", [resolution or RESOLUTION_ROW])
    fill_sheet(wb, "ChiTieu", TARGET_ROWS if targets is None else targets)
    fill_sheet(wb, "KeHoachNam", PLAN_ROWS if plans is None else plans)
    fill_sheet(wb, "SoLieu", figure_rows() if figures is None else figures)
    wb.save(path)
    return path


def counts() -> tuple[int, ...]:
    return (Resolution.objects.count(), Target.objects.count(), AnnualPlan.objects.count(),
            DataValue.objects.count(), Indicator.objects.count(), Field.objects.count())


# ----------------------------------------------------------------------------- template


def test_template_command_writes_the_documented_sheets(tmp_path):
    out = tmp_path / "mau.xlsx"
    call_command("template", "resolution", "--output", str(out), stderr=io.StringIO())
    wb = CalamineWorkbook.from_path(str(out))
    assert wb.sheet_names == ["HuongDan", "NghiQuyet", "ChiTieu", "KeHoachNam", "SoLieu", "DanhMuc"]
    for spec in SHEETS:
        grid = wb.get_sheet_by_name(spec.name).to_python(skip_empty_area=False)
        assert [h.rstrip(" *") for h in grid[0]] == [c.header for c in spec.columns]
        assert grid[1] == [c.key for c in spec.columns]
    assert FIGURE_SHEET.letter("unit_code") == "B"
    # dropdown lists for the vocabularies
    ws = openpyxl.load_workbook(out)["ChiTieu"]
    formulas = {dv.formula1 for dv in ws.data_validations.dataValidation}
    assert any(f.startswith("DanhMuc!") for f in formulas)


def test_template_to_stdout_is_binary(tmp_path):
    buffer = io.BytesIO()
    call_command("template", "resolution", stdout=buffer)
    assert buffer.getvalue()[:2] == b"PK"  # a zip container


# ----------------------------------------------------------------------------- happy path


def test_import_creates_everything_and_reimport_changes_nothing(units, tmp_path):
    path = build_workbook(tmp_path / "nq.xlsx")
    result = import_resolution_workbook(path)
    assert result.ok, result.summary
    assert result.resolution_action == "created"
    res = Resolution.objects.get(number=NUMBER)
    assert res.issuer == units["district"] and res.term_start == 2020 and res.is_sample
    assert res.adopted_on == dt.date(2020, 6, 15)
    assert res.targets.count() == 8
    assert result.counts["targets_created"] == 8
    assert result.counts["indicators_created"] == 7
    assert result.counts["plans_created"] == 7
    n_values = len(figure_rows())
    assert result.counts["values_created"] == n_values == DataValue.objects.count()

    ct02 = res.targets.get(code="CT02")
    assert (ct02.kind, ct02.comparator, ct02.target_min, ct02.target_max) == ("avg_growth", "range", 9, 10)
    ct03 = res.targets.get(code="CT03")
    assert (ct03.direction, ct03.comparator, ct03.target_min, ct03.target_max) == ("decrease", "lte", None, -4)
    ct07 = res.targets.get(code="CT07")
    assert (ct07.comparator, ct07.direction, ct07.target_max) == ("lte", "decrease", 15)
    ntm = Indicator.objects.get(code="T-NTM")
    assert (ntm.value_type, ntm.space_aggregation, ntm.min_value, ntm.max_value) == ("bool", "sum", 0, 1)
    forest = Indicator.objects.get(code="T-FOREST")
    assert forest.field.name == "Nông nghiệp (mẫu)" and forest.time_aggregation == "last"
    # the bare official code 21484 for 2024 is the pre-2025 township, not the new commune
    assert DataValue.objects.get(indicator__code="T-PROD", unit=units["c1"], period="2024").value == 700
    assert DataValue.objects.get(indicator__code="T-POOR", period="2024S1").kind == "estimated"
    assert DataValue.objects.get(indicator__code="T-NTM", unit=units["c2"], period="2020").value == 0
    dv = DataValue.objects.get(indicator__code="T-FOREST", period="2024")
    assert dv.source == "nq.xlsx" and dv.is_sample

    before, audit, stamp = counts(), DataValueChange.objects.count(), dv.updated_at
    again = import_resolution_workbook(path)
    assert again.ok and not again.changed
    assert again.resolution_action == "unchanged"
    assert again.counts["values_unchanged"] == n_values
    assert again.counts["targets_unchanged"] == 8 and again.counts["plans_unchanged"] == 7
    assert counts() == before and DataValueChange.objects.count() == audit
    assert DataValue.objects.get(pk=dv.pk).updated_at == stamp
    assert "Không có gì thay đổi" in again.summary


def test_reimport_of_an_edited_file_updates_in_place(units, tmp_path):
    import_resolution_workbook(build_workbook(tmp_path / "a.xlsx"))
    targets = [dict(r) for r in TARGET_ROWS]
    targets[0]["target_min"] = 63
    figures = figure_rows()
    figures[0]["value"] = 51
    plans = [*PLAN_ROWS, {"target_code": "CT05", "year": 2024, "value": 80}]
    result = import_resolution_workbook(build_workbook(tmp_path / "b.xlsx", targets=targets, plans=plans,
                                                       figures=figures))
    assert result.ok, result.summary
    c = result.counts
    assert (c["targets_updated"], c["targets_unchanged"]) == (1, 7)
    assert (c["plans_created"], c["plans_unchanged"]) == (1, 7)
    assert (c["values_updated"], c["values_created"]) == (1, 0)
    assert Target.objects.get(code="CT01").target_min == 63
    assert DataValue.objects.get(indicator__code="T-FOREST", period="2020").value == 51
    assert Resolution.objects.count() == 1


def test_dry_run_writes_nothing(units, tmp_path):
    path = build_workbook(tmp_path / "nq.xlsx")
    before = counts()
    result = import_resolution_workbook(path, dry_run=True)
    assert result.ok and result.dry_run
    assert result.counts["values_created"] == len(figure_rows())
    assert counts() == before
    assert "chưa ghi gì" in result.summary
    assert f"Nghị quyết {NUMBER}: tạo mới" in result.summary
    assert result.as_dict()["counts"]["targets_created"] == 8


def test_command_prints_a_vietnamese_summary(units, tmp_path):
    path = build_workbook(tmp_path / "nq.xlsx")
    out = io.StringIO()
    call_command("import_resolution", str(path), stdout=out)
    text = out.getvalue()
    assert f"Nghị quyết {NUMBER}: tạo mới" in text
    assert "Chỉ tiêu: 8 mới" in text
    assert f"Số liệu: {len(figure_rows())} mới" in text


def test_existing_indicator_must_agree(units, tmp_path):
    Indicator.objects.create(code="T-FOREST", name="Độ che phủ rừng", unit_of_measure="%",
                             value_type="percent", space_aggregation="mean")
    targets = [dict(TARGET_ROWS[0], indicator_min=None, indicator_max=None)]
    result = import_resolution_workbook(build_workbook(tmp_path / "ok.xlsx", targets=targets, plans=[],
                                                       figures=[]))
    assert result.ok, result.summary
    assert result.counts["indicators_created"] == 0

    targets = [dict(TARGET_ROWS[0], indicator_min=None, indicator_max=None, space_aggregation="Tổng")]
    result = import_resolution_workbook(build_workbook(tmp_path / "bad.xlsx", targets=targets, plans=[],
                                                       figures=[]))
    [error] = result.errors
    assert (error.sheet, error.row, error.column) == ("ChiTieu", 3, TARGET_SHEET.letter("space_aggregation"))
    assert "đã có cộng gộp theo đơn vị là 'Trung bình', khác 'Tổng'" in error.message


# ----------------------------------------------------------------------------- bad input


def test_every_error_is_listed_and_nothing_is_written(units, tmp_path):
    targets = [dict(r) for r in TARGET_ROWS]
    targets[7] = dict(targets[7], code="CT01")  # duplicate target code (row 10)
    targets[6] = dict(targets[6], target_year=2030)  # target year outside the term (row 9)
    plans = [*PLAN_ROWS, {"target_code": "CT02", "year": 2027, "value": 2500}]  # row 10
    figures = figure_rows()
    figures[11] = dict(figures[11], unit_code="X99999")  # row 14
    figures[2] = dict(figures[2], value="năm mươi tư")  # row 5
    figures[3] = dict(figures[3], period="2023M13")  # row 6
    figures[4] = dict(figures[4], value=140)  # row 7: above the indicator's max (100)
    figures.append({"indicator_code": "T-UNKNOWN", "unit_code": "H535", "period": "2024", "value": 1})
    figures.append({"indicator_code": "T-NTM", "unit_code": "X-OLD-21490", "period": "2023", "value": 2})
    figures.append({"indicator_code": "T-PARTY", "unit_code": "X21484", "period": "2024", "value": 80})
    figures.append({"indicator_code": "T-PARTY", "unit_code": "H535", "period": "2024", "value": 81,
                    "value_kind": "sai loại"})
    figures.append({"indicator_code": "T-PARTY", "unit_code": "H535", "period": "2024", "value": 81})
    figures.append({"indicator_code": "T-PARTY", "unit_code": "", "period": "2024", "value": 81})
    path = build_workbook(tmp_path / "loi.xlsx", targets=targets, plans=plans, figures=figures)
    before = counts()
    result = import_resolution_workbook(path)
    assert counts() == before
    assert not result.ok
    found = {(e.sheet, e.row, e.column): e for e in result.errors}
    last = 2 + len(figures)
    expected = {
        ("ChiTieu", 10, "A"): "mã chỉ tiêu 'CT01' bị trùng (đã có ở dòng 3)",
        ("ChiTieu", 9, "N"): "năm 2030 nằm ngoài nhiệm kỳ 2020–2025",
        ("KeHoachNam", 10, "B"): "năm 2027 nằm ngoài nhiệm kỳ 2020–2025",
        ("SoLieu", 14, "B"): "không tìm thấy đơn vị có mã 'X99999'",
        ("SoLieu", 5, "D"): "'năm mươi tư' không phải là số",
        ("SoLieu", 6, "C"): "mã kỳ '2023M13' không hợp lệ",
        ("SoLieu", 7, "D"): "giá trị 140 lớn hơn mức tối đa 100 của chỉ số 'T-FOREST'",
        ("SoLieu", last - 5, "A"): "không tìm thấy chỉ số có mã 'T-UNKNOWN'",
        ("SoLieu", last - 4, "D"): "chỉ số 'T-NTM' là chỉ số có/không",
        ("SoLieu", last - 3, "B"): "không tồn tại trong kỳ Năm 2024",
        ("SoLieu", last - 2, "E"): "'sai loại' không hợp lệ; chọn một trong: Chính thức; Ước tính",
        ("SoLieu", last - 1, "C"): "số liệu bị trùng",
        ("SoLieu", last, "B"): "thiếu giá trị",
    }
    for where, text in expected.items():
        assert where in found, (where, [str(e) for e in result.errors])
        assert text in found[where].message, (where, found[where].message)
    assert len(result.errors) == len(expected), "\n".join(str(e) for e in result.errors)
    assert str(found[("SoLieu", 14, "B")]) == (
        "Sheet SoLieu, dòng 14, cột B (Mã đơn vị): không tìm thấy đơn vị có mã 'X99999'"
    )
    assert found[("SoLieu", 14, "B")].header == "Mã đơn vị"
    assert ImportError is type(result.errors[0])
    # sorted in sheet order, then row
    order = [(e.sort_key) for e in result.errors]
    assert order == sorted(order)


def test_command_lists_errors_in_vietnamese_and_exits_non_zero(units, tmp_path):
    figures = figure_rows()
    figures[11] = dict(figures[11], unit_code="X99999")
    path = build_workbook(tmp_path / "loi.xlsx", figures=figures)
    err = io.StringIO()
    with pytest.raises(CommandError) as info:
        call_command("import_resolution", str(path), stderr=err)
    assert str(info.value) == "Không nhập tệp loi.xlsx: có 1 lỗi, chưa ghi gì vào hệ thống."
    assert type(info.value).__name__ == "Lỗi"
    assert "Sheet SoLieu, dòng 14, cột B (Mã đơn vị): không tìm thấy đơn vị có mã 'X99999'" in err.getvalue()
    assert Resolution.objects.count() == 0


@pytest.mark.parametrize(
    ("change", "where", "text"),
    [
        ({"comparator": "khoảng", "target_max": None}, ("ChiTieu", 3, "P"), "cần cả"),
        ({"target_min": 70, "target_max": 65, "comparator": "range"}, ("ChiTieu", 3, "P"), "lớn hơn"),
        ({"target_min": None}, ("ChiTieu", 3, "O"), "cần giá trị mục tiêu"),
        ({"comparator": "≤"}, ("ChiTieu", 3, "Q"), "mâu thuẫn"),
        ({"kind": "tăng nhanh"}, ("ChiTieu", 3, "I"), "không hợp lệ; chọn một trong: Mức đạt được"),
        ({"baseline_year": 2025}, ("ChiTieu", 3, "L"), "năm gốc 2025 phải trước năm mục tiêu 2025"),
        ({"baseline_value": "n/a"}, ("ChiTieu", 3, "M"), "'n/a' không phải là số"),
        ({"text": None}, ("ChiTieu", 3, "B"), "thiếu giá trị"),
        ({"indicator_name": None}, ("ChiTieu", 3, "D"), "chỉ số mới 'T-FOREST' cần có tên"),
        ({"scope_unit_code": "Q1"}, ("ChiTieu", 3, "K"), "không tìm thấy đơn vị có mã 'Q1'"),
        ({"baseline_value": 120}, ("ChiTieu", 3, "M"), "lớn hơn mức tối đa 100"),
    ],
)
def test_target_row_errors(units, tmp_path, change, where, text):
    targets = [dict(TARGET_ROWS[0], **change)]
    result = import_resolution_workbook(build_workbook(tmp_path / "x.xlsx", targets=targets, plans=[],
                                                       figures=[]))
    found = {(e.sheet, e.row, e.column): e.message for e in result.errors}
    assert where in found, [str(e) for e in result.errors]
    assert text in found[where]
    assert Resolution.objects.count() == 0


def test_decrease_targets_are_written_as_negative_changes(units, tmp_path):
    targets = [dict(TARGET_ROWS[2], target_min=4)]
    result = import_resolution_workbook(build_workbook(tmp_path / "x.xlsx", targets=targets, plans=[],
                                                       figures=[]))
    [error] = result.errors
    assert "ghi -4" in error.message


def test_count_units_needs_a_yes_no_indicator(units, tmp_path):
    targets = [dict(TARGET_ROWS[5], value_type="Số đếm")]
    result = import_resolution_workbook(build_workbook(tmp_path / "x.xlsx", targets=targets, plans=[],
                                                       figures=[]))
    [error] = result.errors
    assert error.column == "I" and "Có/không" in error.message


def test_resolution_sheet_errors(units, tmp_path):
    row = dict(RESOLUTION_ROW, issuer_code="Z1", term_start=2025, term_end=2020, parent_number="KHONG-CO",
               adopted_on="31/02/2020")
    result = import_resolution_workbook(build_workbook(tmp_path / "x.xlsx", resolution=row, targets=[],
                                                       plans=[], figures=[]))
    found = {(e.sheet, e.row, e.column): e.message for e in result.errors}
    assert "không tìm thấy đơn vị có mã 'Z1'" in found[("NghiQuyet", 3, "A")]
    assert "năm cuối nhiệm kỳ (2020) phải sau năm đầu (2025)" in found[("NghiQuyet", 3, "E")]
    assert "không phải là ngày hợp lệ" in found[("NghiQuyet", 3, "F")]
    assert "không tìm thấy nghị quyết cấp trên số 'KHONG-CO'" in found[("NghiQuyet", 3, "G")]


def test_missing_sheet_and_unreadable_file(tmp_path):
    bad = tmp_path / "rong.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Khac"
    wb.save(bad)
    result = import_resolution_workbook(bad)
    assert {e.message.split(" (")[0] for e in result.errors} == {"thiếu sheet 'NghiQuyet'", "thiếu sheet 'ChiTieu'"}
    text = tmp_path / "x.xlsx"
    text.write_text("không phải Excel")
    result = import_resolution_workbook(text)
    assert len(result.errors) == 1 and "không đọc được tệp Excel" in str(result.errors[0])


def test_columns_are_found_by_key_in_any_order(units, tmp_path):
    """Row 2 keys locate the columns, so a user may reorder them."""
    path = build_workbook(tmp_path / "nq.xlsx", plans=[], figures=[])
    wb = openpyxl.load_workbook(path)
    ws = wb["ChiTieu"]
    ws.move_range("A1:A20", cols=30)  # "code" column moves to the far right
    wb.save(path)
    result = import_resolution_workbook(path)
    assert result.ok, result.summary
    assert Target.objects.filter(code="CT08").exists()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(22, 22.0), ("22", 22.0), ("22,5", 22.5), ("1.475,5", 1475.5), ("1,475.5", 1475.5),
     ("1.000.000", 1e6), ("1,000,000", 1e6), ("22%", 22.0), (" −4 ", -4.0), (True, 1.0)],
)
def test_numbers_in_text_cells(raw, expected):
    assert parse_number(raw) == expected


@pytest.mark.parametrize("raw", ["abc", "1,2,3", "", "nan", "inf", dt.date(2020, 1, 1)])
def test_not_numbers(raw):
    from nghiquyet.resolutions.importer import _Invalid

    with pytest.raises(_Invalid):
        parse_number(raw)


# ----------------------------------------------------------------------------- scale


def test_three_thousand_figures_with_one_bad_cell_are_rejected_whole(units, tmp_path):
    district = units["district"]
    communes = [
        OrgUnit(code=f"X-T{i:03d}", official_code=f"9{i:04d}", name=f"Xã mẫu {i}", kind="commune",
                parent=district, valid_to=OLD)
        for i in range(50)
    ]
    OrgUnit.objects.bulk_create(communes)
    for unit in OrgUnit.objects.filter(code__startswith="X-T"):
        unit.save()  # computes path
    months = [f"{y}M{m:02d}" for y in range(2020, 2025) for m in range(1, 13)]
    figures = [
        {"indicator_code": "T-PROD", "unit_code": f"X-T{i:03d}", "period": p, "value": 10 + i}
        for i in range(50) for p in months
    ]
    assert len(figures) == 3000
    figures[1777]["value"] = "12,3,4"
    path = build_workbook(tmp_path / "lon.xlsx", targets=[TARGET_ROWS[1]], plans=[], figures=figures)
    before = counts()
    result = import_resolution_workbook(path)
    assert [(e.sheet, e.row, e.column) for e in result.errors] == [("SoLieu", 1780, "D")]
    assert counts() == before


def test_blank_indicator_cells_take_the_shape_of_the_target_kind(units, tmp_path):
    targets = [
        {"code": "A", "text": "Có thêm xã đạt chuẩn", "indicator_code": "N-NTM", "indicator_name": "Xã đạt chuẩn",
         "kind": "count_units", "target_year": 2025, "target_min": 3},
        {"code": "B", "text": "Kết nạp đảng viên", "indicator_code": "N-MEM", "indicator_name": "Đảng viên mới",
         "kind": "cumulative", "target_year": 2025, "target_min": 500},
    ]
    result = import_resolution_workbook(build_workbook(tmp_path / "x.xlsx", targets=targets, plans=[],
                                                       figures=[]))
    assert result.ok, result.summary
    ntm, mem = Indicator.objects.get(code="N-NTM"), Indicator.objects.get(code="N-MEM")
    assert (ntm.value_type, ntm.space_aggregation, ntm.max_value) == ("bool", "sum", 1)
    assert (mem.value_type, mem.time_aggregation) == ("number", "sum")


def test_an_official_code_shared_by_two_current_units_is_ambiguous(units, tmp_path):
    for code in ("A1", "A2"):
        OrgUnit.objects.create(code=code, official_code="77777", name=f"Đơn vị {code}", kind="commune",
                               parent=units["province"])
    figures = [{"indicator_code": "T-FOREST", "unit_code": "77777", "period": "2026", "value": 1}]
    result = import_resolution_workbook(build_workbook(tmp_path / "x.xlsx", targets=[TARGET_ROWS[0]],
                                                       plans=[], figures=figures))
    [error] = result.errors
    assert "mã '77777' ứng với nhiều đơn vị" in error.message and error.column == "B"


def test_a_missing_file_is_reported(tmp_path):
    result = import_resolution_workbook(tmp_path / "khong-co.xlsx")
    assert [str(e) for e in result.errors] == ["Tệp khong-co.xlsx: không tìm thấy tệp"]
