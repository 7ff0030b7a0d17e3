"""The Excel round trip of a form: download, fill offline, upload all or nothing, idempotent."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from nghiquyet.indicators.models import DataValue, DataValueChange
from nghiquyet.reporting import excel, services
from nghiquyet.reporting.models import Submission, SubmissionEvent
from nghiquyet.units.models import OrgUnit
from test_reporting_services import PERIOD, make_form, values

pytestmark = pytest.mark.django_db


def _fill(data: bytes, fill) -> bytes:
    """Open a downloaded workbook, let `fill(ws, row, unit_code, keys)` write cells, save."""
    wb = load_workbook(io.BytesIO(data))
    ws = wb[excel.DATA_SHEET]
    keys = [c.value for c in ws[excel.KEY_ROW]]
    for r in range(excel.FIRST_DATA_ROW, ws.max_row + 1):
        code = ws.cell(r, 1).value
        if code:
            fill(ws, r, code, keys)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _col(keys, code) -> int:
    return keys.index(code) + 1


@pytest.fixture
def big(tree):
    """100 communes under P51 and a form of 30 indicators: 3,000 figures in one workbook."""
    p51 = tree["P51"]
    for i in range(98):
        OrgUnit.objects.create(code=f"XB{i:03d}", name=f"Xã Thử {i:03d}", kind="commune", parent=p51)
    form, inds = make_form(tree, code="BC-LON", extra_indicators=26)
    return form, inds


def _value(code: str, key: str, r: int) -> float:
    if key == "so-ho":
        return 1000 + r
    if key == "so-ho-ngheo":
        return 100 + r % 50
    if key == "tl":
        return 90.5
    return float(r % 7) + 0.5


def test_three_thousand_figures_one_bad_cell(tree, personas, big):
    form, inds = big
    admin = personas["admin"]
    units = services.download_units(form, PERIOD, admin, tree["P51"], all_below=True)
    assert len(units) == 100
    blank = services.form_workbook(form, PERIOD, units)
    assert len(form.items.all()) == 30

    bad_row = {}

    def fill(ws, r, code, keys):
        for key in keys[2:]:
            ws.cell(r, _col(keys, key), _value(code, key, r))
        if code == "XB050":
            ws.cell(r, _col(keys, "ct-10"), "12,3,4")  # the one bad cell among 3,000
            bad_row.update(row=r, col=ws.cell(r, _col(keys, "ct-10")).column_letter)

    bad = _fill(blank, fill)
    changes, events = DataValueChange.objects.count(), SubmissionEvent.objects.count()
    result = services.upload_workbook(bad, form, PERIOD, admin)
    assert not result.ok and result.written == 0
    assert [str(e) for e in result.errors] == [
        f"Sheet 'BaoCao', dòng {bad_row['row']}, cột {bad_row['col']}: “12,3,4” không phải là số (nhiều dấu phẩy)."
    ]
    assert result.summary == "Tệp có 1 lỗi: không có số liệu nào được ghi."
    assert DataValue.objects.count() == 0 and Submission.objects.count() == 0
    assert (DataValueChange.objects.count(), SubmissionEvent.objects.count()) == (changes, events)

    def fix(ws, r, code, keys):
        if code == "XB050":
            ws.cell(r, _col(keys, "ct-10"), 12.5)

    fixed = _fill(bad, fix)
    result = services.upload_workbook(fixed, form, PERIOD, admin)
    assert result.ok, [str(e) for e in result.errors[:5]]
    assert (result.written, result.changed_units, result.units) == (3000, 100, 100)
    assert DataValue.objects.filter(status="draft").count() == 3000
    assert Submission.objects.filter(form=form, status="draft").count() == 100

    changes, events = DataValueChange.objects.count(), SubmissionEvent.objects.count()
    again = services.upload_workbook(fixed, form, PERIOD, admin)
    assert again.ok and again.written == 0 and again.summary == "Không có gì thay đổi (100 đơn vị trong tệp)."
    assert (DataValueChange.objects.count(), SubmissionEvent.objects.count()) == (changes, events)


def test_upload_errors_are_listed_by_sheet_row_column(tree, personas):
    form, inds = make_form(tree)
    blank = services.form_workbook(form, PERIOD, [tree["X1"], tree["X2"]])

    def fill(ws, r, code, keys):
        ws.cell(r, _col(keys, "so-ho"), 100)
        ws.cell(r, _col(keys, "so-ho-ngheo"), 150 if code == "X1" else 10)  # X1 breaks the rule
        ws.cell(r, _col(keys, "tl"), 101 if code == "X2" else 50)  # X2 breaks the range

    data = _fill(blank, fill)
    # add a row for a unit outside the form and one repeated
    wb = load_workbook(io.BytesIO(data))
    ws = wb[excel.DATA_SHEET]
    ws.cell(7, 1, "X3")
    ws.cell(7, 3, 5)
    ws.cell(8, 1, "X1")
    out = io.BytesIO()
    wb.save(out)
    result = services.upload_workbook(out.getvalue(), form, PERIOD, personas["admin"])
    messages = [str(e) for e in result.errors]
    assert messages == [
        "Sheet 'BaoCao', dòng 5, cột D: Số hộ nghèo: Số hộ nghèo không vượt quá tổng số hộ: "
        "Số hộ nghèo (150) phải ≤ Tổng số hộ (100).",
        "Sheet 'BaoCao', dòng 6, cột F: Tỷ lệ tiêm chủng: Không được lớn hơn 100.",
        "Sheet 'BaoCao', dòng 7, cột A: Xã Ea Tu (X3) không thuộc các đơn vị báo cáo biểu mẫu này.",
        "Sheet 'BaoCao', dòng 8, cột A: Đơn vị X1 đã có ở dòng 5.",
    ]
    assert not DataValue.objects.exists()


def test_upload_respects_rights_period_and_locks(tree, personas):
    form, inds = make_form(tree)
    blank = services.form_workbook(form, PERIOD, [tree["X1"], tree["X2"]])

    def fill(ws, r, code, keys):
        for key, v in (("so-ho", 100), ("so-ho-ngheo", 10), ("thu", 1.5)):
            ws.cell(r, _col(keys, key), v)

    data = _fill(blank, fill)
    # the reporter of X1 may not write X2's row: refused as a whole
    result = services.upload_workbook(data, form, PERIOD, personas["reporter"])
    assert [str(e) for e in result.errors] == [
        "Sheet 'BaoCao', dòng 6, cột A: Bạn không có quyền nhập số liệu cho Xã Ba Vì (X2)."]
    # the workbook of another period is refused
    result = services.upload_workbook(data, form, "2026M06", personas["admin"])
    assert [str(e) for e in result.errors] == ["Sheet 'ThongTin', dòng 2, cột B: Tệp là của kỳ 2026M05, không phải kỳ 2026M06."]
    # submit too: both sent; re-upload changes nothing; a changed figure on a locked row is refused
    result = services.upload_workbook(data, form, PERIOD, personas["admin"], submit=True)
    assert result.ok and (result.written, result.submitted) == (6, 2)
    assert set(Submission.objects.values_list("status", flat=True)) == {"submitted"}
    again = services.upload_workbook(data, form, PERIOD, personas["admin"], submit=True)
    assert again.ok and (again.written, again.submitted) == (0, 0)

    def change(ws, r, code, keys):
        if code == "X2":
            ws.cell(r, _col(keys, "so-ho"), 120)

    result = services.upload_workbook(_fill(data, change), form, PERIOD, personas["admin"])
    assert len(result.errors) == 1 and "đang chờ duyệt" in str(result.errors[0])
    assert str(result.errors[0]).startswith("Sheet 'BaoCao', dòng 6, cột C:")


def test_downloaded_workbook_layout(tree, personas):
    form, inds = make_form(tree)
    services.save_draft((form, tree["X1"], PERIOD), values(inds), personas["reporter"])
    data = services.form_workbook(form, PERIOD, [tree["X1"], tree["X2"]])
    wb = load_workbook(io.BytesIO(data))
    ws = wb[excel.DATA_SHEET]
    assert ws.row_dimensions[excel.KEY_ROW].hidden
    assert [c.value for c in ws[excel.KEY_ROW]] == ["unit_code", "unit_name", "so-ho", "so-ho-ngheo", "thu", "tl"]
    assert ws.cell(excel.FIRST_DATA_ROW, 1).value == "X1" and ws.cell(excel.FIRST_DATA_ROW, 3).value == 1000
    assert ws.protection.sheet and not ws.cell(excel.FIRST_DATA_ROW, 3).protection.locked
    assert ws.cell(excel.HEADER_ROW, 3).value == "Tổng số hộ (hộ) *"
    info = wb[excel.INFO_SHEET]
    assert (info["B1"].value, info["B2"].value) == (form.code, PERIOD)
    assert ws.data_validations.dataValidation  # ranges checked in Excel too


def test_unreadable_file():
    from nghiquyet.reporting.models import ReportingForm  # noqa: F401

    parsed = excel.read_workbook(b"not a workbook")
    assert parsed.errors and parsed.errors[0].message.startswith("Không đọc được tệp Excel")
