"""Importing a resolution workbook in the browser (/nghi-quyet/nhap/): check, confirm, scope, rights.

Workbooks are written with the template module (test_import.build_workbook) on the personas'
tree: P51 (Quảng Ngãi) with communes X1 (official code 21484) and X2; P66 with X3.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse

from nghiquyet.indicators.models import DataValue, DataValueChange
from nghiquyet.resolutions import services
from nghiquyet.resolutions.models import AnnualPlan, Resolution, Target
from test_import import build_workbook, counts

pytestmark = pytest.mark.django_db

NUMBER = "NQ-P51-THU/ĐH"
IMPORT = "/nghi-quyet/nhap/"


def resolution_row(issuer="P51", number=NUMBER) -> dict:
    return {"issuer_code": issuer, "number": number, "title": "Nghị quyết thử của tỉnh (dữ liệu mẫu)",
            "term_start": 2025, "term_end": 2030, "adopted_on": dt.date(2025, 10, 1), "is_sample": "Có"}


def target_rows(scope="X1") -> list[dict]:
    return [
        {"code": "CT01", "text": "Tỷ lệ hộ nghèo giảm còn dưới 10%", "indicator_code": "M-POOR",
         "indicator_name": "Tỷ lệ hộ nghèo", "unit_of_measure": "%", "value_type": "Tỷ lệ (%)",
         "space_aggregation": "Trung bình", "kind": "Mức đạt được", "baseline_year": 2025, "baseline_value": 20,
         "target_year": 2030, "target_max": 10, "comparator": "≤", "indicator_min": 0, "indicator_max": 100},
        {"code": "CT02", "text": "Xã Ba Tơ có 500 hộ trồng rừng", "indicator_code": "M-FOREST",
         "indicator_name": "Số hộ trồng rừng", "value_type": "Số đếm", "kind": "level", "scope_unit_code": scope,
         "target_year": 2030, "target_min": 500},
    ]


def figure_rows(units=("P51", "21484", "X2")) -> list[dict]:
    return [{"indicator_code": "M-POOR", "unit_code": code, "period": "2025", "value": 18 + i}
            for i, code in enumerate(units)]


def workbook(tmp_path, name="nghi-quyet-tinh.xlsx", **kw):
    kw.setdefault("resolution", resolution_row())
    kw.setdefault("targets", target_rows())
    kw.setdefault("plans", [{"target_code": "CT01", "year": 2026, "value": 17}])
    kw.setdefault("figures", figure_rows())
    path = build_workbook(tmp_path / name, **kw)
    return path


def upload(client, path):
    with path.open("rb") as fh:
        return client.post(IMPORT, {"file": fh})


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def staged_files(media) -> list:
    root = media / "imports"
    return sorted(p for p in root.rglob("*.xlsx")) if root.exists() else []


def test_manager_checks_then_confirms_and_the_audit_names_them(client, personas, tree, tmp_path, media):
    manager = personas["province_manager"]
    client.force_login(manager)
    page = client.get(IMPORT)
    assert page.status_code == 200
    html = page.content.decode()
    assert reverse("resolutions:import_template") in html and 'id="import-form"' in html

    before = counts()
    response = upload(client, workbook(tmp_path))
    assert response.status_code == 302
    confirm_url = response["Location"]
    assert confirm_url.startswith(IMPORT) and confirm_url != IMPORT
    assert counts() == before  # the check is a dry run: nothing written
    assert len(staged_files(media)) == 1 and staged_files(media)[0].name == "nghi-quyet-tinh.xlsx"

    page = client.get(confirm_url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="btn-confirm"' in html and NUMBER in html and "Tỉnh Quảng Ngãi" in html
    assert counts() == before  # showing the plan writes nothing either
    assert '<tr data-kind="targets"><th scope="row">' in html

    response = client.post(confirm_url, {"action": "confirm"})
    assert response.status_code == 302
    res = Resolution.objects.get(number=NUMBER)
    assert response["Location"] == f"{IMPORT}?nghi-quyet={res.pk}"
    assert res.issuer == tree["P51"] and res.targets.count() == 2
    assert Target.objects.get(code="CT02").scope_unit == tree["X1"]
    assert AnnualPlan.objects.count() == 1 and DataValue.objects.count() == 3
    # every history row and figure audit row names the manager
    assert {h.history_user for h in Resolution.history.filter(number=NUMBER)} == {manager}
    assert {h.history_user for h in Target.history.filter(resolution_id=res.pk)} == {manager}
    assert {h.history_user for h in AnnualPlan.history.all()} == {manager}
    assert {c.changed_by for c in DataValueChange.objects.all()} == {manager}
    assert DataValue.objects.get(unit=tree["X1"]).source == "nghi-quyet-tinh.xlsx"
    assert staged_files(media) == []  # the staged file is gone
    done = client.get(response["Location"]).content.decode()
    assert 'id="imported-link"' in done and reverse("web:resolution", args=[res.pk]) in done
    # the token is spent
    assert client.get(confirm_url).status_code == 404


def test_other_province_gets_an_error_on_every_p51_cell_and_nothing_is_written(client, personas, tmp_path, media):
    client.force_login(personas["other_province"])
    before = counts()
    response = upload(client, workbook(tmp_path))
    assert response.status_code == 400
    html = response.content.decode()
    assert html.count("không thuộc phạm vi quản lý của bạn") == 5  # issuer, target scope, 3 figures
    assert "đơn vị &#x27;P51&#x27; không thuộc phạm vi quản lý" in html
    assert "Tỉnh Quảng Ngãi" not in html  # the refusal names the code, not the unit
    assert counts() == before and staged_files(media) == []
    # the same refusals, cell by cell, from the service
    result = services.import_workbook(workbook(tmp_path, "b.xlsx"), personas["other_province"], dry_run=True)
    cells = {(e.sheet, e.row, e.column) for e in result.errors}
    assert cells == {("NghiQuyet", 3, "A"), ("ChiTieu", 4, "K"), ("SoLieu", 3, "B"), ("SoLieu", 4, "B"),
                     ("SoLieu", 5, "B")}


def test_a_commune_figure_outside_the_scope_is_refused_even_for_an_own_resolution(personas, tree, tmp_path):
    wb = workbook(tmp_path, figures=figure_rows(("P51", "X3")))
    result = services.import_workbook(wb, personas["province_manager"], dry_run=False)
    assert [(e.sheet, e.row, e.column) for e in result.errors] == [("SoLieu", 4, "B")]
    assert "X3" in result.errors[0].message
    assert not Resolution.objects.exists() and not DataValue.objects.exists()


def test_a_number_taken_by_a_resolution_outside_the_scope_is_not_overwritten(personas, tree, tmp_path):
    other = Resolution.objects.create(issuer=tree["P66"], number=NUMBER, title="Của tỉnh khác",
                                      term_start=2025, term_end=2030)
    result = services.import_workbook(workbook(tmp_path), personas["province_manager"], dry_run=False)
    assert any(e.column == "B" and "ngoài phạm vi quản lý" in e.message for e in result.errors)
    other.refresh_from_db()
    assert other.issuer == tree["P66"] and other.title == "Của tỉnh khác" and not Target.objects.exists()


def test_the_cli_import_has_no_scope(tree, tmp_path):
    from nghiquyet.resolutions.importer import import_resolution_workbook

    result = import_resolution_workbook(workbook(tmp_path, figures=figure_rows(("P51", "X3"))))
    assert result.ok, result.summary


def test_a_broken_workbook_lists_each_error_by_sheet_row_and_column(client, personas, tmp_path, media):
    client.force_login(personas["province_manager"])
    bad_res = {**resolution_row(), "term_start": "năm nay"}
    bad_fig = figure_rows() + [{"indicator_code": "M-POOR", "unit_code": "X1", "period": "2025", "value": 140}]
    response = upload(client, workbook(tmp_path, resolution=bad_res, figures=bad_fig))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="import-errors"' in html
    rows = html.split('id="import-errors"')[1]
    assert "NghiQuyet" in rows and "không phải là năm" in rows
    assert "lớn hơn mức tối đa 100" in rows
    assert not Resolution.objects.exists() and staged_files(media) == []


@pytest.mark.parametrize("name, content, text", [
    ("ghi-chu.txt", b"hello", "Chỉ nhận tệp Excel .xlsx"),
    ("gia.xlsx", b"not a zip at all", "không phải là tệp Excel .xlsx hợp lệ"),
])
def test_files_that_are_not_workbooks_are_refused(client, personas, media, name, content, text):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(personas["province_manager"])
    response = client.post(IMPORT, {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 400 and text in response.content.decode()
    assert staged_files(media) == []


def test_cancel_forgets_the_file(client, personas, tmp_path, media):
    client.force_login(personas["province_manager"])
    confirm_url = upload(client, workbook(tmp_path))["Location"]
    assert client.post(confirm_url, {"action": "cancel"})["Location"] == IMPORT
    assert staged_files(media) == [] and not Resolution.objects.exists()
    assert client.get(confirm_url).status_code == 404


def test_a_checked_file_belongs_to_its_session(client, personas, tmp_path):
    client.force_login(personas["province_manager"])
    confirm_url = upload(client, workbook(tmp_path))["Location"]
    from django.test import Client

    other = Client()
    other.force_login(personas["admin"])  # even a superuser cannot import another session's file
    assert other.get(confirm_url).status_code == 404
    assert other.post(confirm_url, {"action": "confirm"}).status_code == 404
    assert not Resolution.objects.exists()
    assert client.get(IMPORT + "../../etc/").status_code == 404


def test_the_database_changed_since_the_check_shows_the_errors(client, personas, tree, tmp_path):
    client.force_login(personas["province_manager"])
    confirm_url = upload(client, workbook(tmp_path))["Location"]
    # meanwhile someone of another province takes the number
    Resolution.objects.create(issuer=tree["P66"], number=NUMBER, title="Trùng số", term_start=2025, term_end=2030)
    response = client.post(confirm_url, {"action": "confirm"})
    assert response.status_code == 400
    assert "ngoài phạm vi quản lý" in response.content.decode()
    assert not Target.objects.exists()


@pytest.mark.parametrize("persona", ["reporter", "viewer", "approver", "outsider"])
def test_users_without_a_manager_role_are_refused(client, personas, tmp_path, persona):
    client.force_login(personas[persona])
    assert client.get(IMPORT).status_code == 403
    assert client.get(reverse("resolutions:import_template")).status_code == 403
    assert upload(client, workbook(tmp_path)).status_code == 403
    assert client.get(IMPORT + "0123456789abcdef0123456789abcdef/").status_code == 403
    assert not Resolution.objects.exists()
    assert 'id="import-resolution"' not in client.get("/").content.decode()


def test_the_home_page_links_managers_to_the_import(client, personas):
    client.force_login(personas["province_manager"])
    assert 'id="import-resolution"' in client.get("/").content.decode()
    client.force_login(personas["admin"])
    assert 'id="import-resolution"' in client.get("/").content.decode()


def test_the_empty_template_downloads(client, personas):
    from python_calamine import CalamineWorkbook

    client.force_login(personas["province_manager"])
    response = client.get(reverse("resolutions:import_template"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    wb = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    assert {"NghiQuyet", "ChiTieu", "KeHoachNam", "SoLieu"} <= set(wb.sheet_names)


def test_web_resolution_routes_still_resolve():
    assert reverse("web:resolution", args=[7]) == "/nghi-quyet/7/"
    assert reverse("resolutions:import") == IMPORT


def test_stale_staged_files_are_purged(media, tmp_path):
    import os
    import time

    folder = media / "imports" / ("a" * 32)
    folder.mkdir(parents=True)
    (folder / "x.xlsx").write_bytes(b"PK")
    old = time.time() - 2 * 86400
    os.utime(folder, (old, old))
    fresh = media / "imports" / ("b" * 32)
    fresh.mkdir()
    assert services.purge_stale() == 1
    assert not folder.exists() and fresh.exists()
