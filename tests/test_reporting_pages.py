"""Pages of periodic reports through the Django client: scope (404), rights (403), the flow."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from nghiquyet.indicators.models import DataValue
from nghiquyet.indicators.services import get_value
from nghiquyet.reporting import excel, services
from nghiquyet.reporting.models import Submission
from test_reporting_services import PERIOD, make_form, values

pytestmark = pytest.mark.django_db


@pytest.fixture
def rform(tree):
    return make_form(tree)


def entry_url(form, unit, period=PERIOD):
    return reverse("reporting:entry", args=[form.code, period, unit.pk])


def post_values(inds, action, **kw):
    data = {f"v-{k}": v for k, v in values(inds, **kw).items()}
    data["action"] = action
    return data


def test_entry_flow_through_pages(client, tree, personas, rform):
    form, inds = rform
    url = entry_url(form, tree["X1"])
    client.force_login(personas["reporter"])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="btn-submit"' in html and f'name="v-{inds["so-ho"].pk}"' in html

    # an invalid figure: 400, message beside it, nothing written
    bad = post_values(inds, "save", poor=2000)
    response = client.post(url, bad)
    assert response.status_code == 400
    assert "Số hộ nghèo không vượt quá tổng số hộ" in response.content.decode()
    assert not DataValue.objects.exists() and not Submission.objects.exists()
    response = client.post(url, {**post_values(inds, "save"), f"v-{inds['thu'].pk}": "1,5x"})
    assert response.status_code == 400 and "không phải là số" in response.content.decode()

    response = client.post(url, {**post_values(inds, "save"), f"v-{inds['thu'].pk}": "1,5"})
    assert response.status_code == 302
    assert DataValue.objects.get(unit=tree["X1"], indicator=inds["thu"]).value == 1.5
    response = client.post(url, post_values(inds, "submit"))
    assert response.status_code == 302
    assert Submission.objects.get().status == "submitted"
    page = client.get(url).content.decode()
    assert 'id="btn-submit"' not in page and "Báo cáo đã gửi và đang chờ duyệt" in page

    # the approver sees Duyệt / Trả lại; the reporter cannot approve
    assert client.post(url, {"action": "approve"}).status_code == 403
    client.force_login(personas["approver"])
    assert 'id="btn-approve"' in client.get(url).content.decode()
    assert get_value(inds["so-ho"].pk, tree["P51"].pk, PERIOD).value is None
    assert client.post(url, {"action": "approve"}).status_code == 302
    assert get_value(inds["so-ho"].pk, tree["P51"].pk, PERIOD).value == 1000
    response = client.post(url, {"action": "return", "reason": ""})
    assert response.status_code == 400 and "lý do" in response.content.decode()
    assert client.post(url, {"action": "return", "reason": "Sai số hộ"}).status_code == 302
    sub = Submission.objects.get()
    assert sub.status == "returned"
    history = client.get(url).content.decode()
    for action in ("created", "saved", "submitted", "approved", "returned"):
        assert f'data-action="{action}"' in history
    assert "Sai số hộ" in history


def test_entry_scope_and_rights(client, tree, personas, rform):
    form, inds = rform
    url = entry_url(form, tree["X1"])
    for name in ("outsider", "other_province"):
        client.force_login(personas[name])
        assert client.get(url).status_code == 404
    client.force_login(personas["viewer"])  # viewer of X2 does not see X1
    assert client.get(url).status_code == 404
    x2 = entry_url(form, tree["X2"])
    assert client.get(x2).status_code == 200
    assert 'id="btn-save"' not in client.get(x2).content.decode()
    assert client.post(x2, post_values(inds, "save")).status_code == 403
    client.force_login(personas["reporter2"])
    assert client.get(url).status_code == 404
    client.force_login(personas["reporter"])
    assert client.get(entry_url(form, tree["X1"], "2026Q2")).status_code == 404  # not a monthly period
    assert client.get(entry_url(form, tree["T1"])).status_code == 404  # a village does not report
    assert client.get(reverse("reporting:form_status", args=["KHONG-CO"])).status_code == 404


def test_dashboard_and_export(client, tree, personas, rform):
    form, inds = rform
    sub = services.save_draft((form, tree["X1"], PERIOD), values(inds), personas["reporter"]).submission
    services.submit(sub, personas["reporter"])
    client.force_login(personas["approver"])
    index = client.get(reverse("reporting:index"))
    assert index.status_code == 200 and form.name in index.content.decode()
    url = reverse("reporting:form_status", args=[form.code]) + f"?ky={PERIOD}"
    page = client.get(url).content.decode()
    assert 'data-unit="X1" data-status="submitted"' in page and 'data-unit="X2" data-status="missing"' in page
    assert '<span class="count" data-count="submitted">1</span>' in page
    export = client.get(url + "&xuat=xlsx")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(export.content)).active
    rows = {ws.cell(r, 1).value: ws.cell(r, 3).value for r in range(5, ws.max_row + 1)}
    assert rows == {"X1": "Đã gửi, chờ duyệt", "X2": "Chưa nhập"}
    client.force_login(personas["outsider"])
    assert client.get(url).status_code == 404
    assert form.name not in client.get(reverse("reporting:index")).content.decode()


def test_download_and_upload_pages(client, tree, personas, rform):
    form, inds = rform
    client.force_login(personas["reporter"])
    dl = client.get(reverse("reporting:download", args=[form.code, PERIOD]) + f"?don-vi={tree['X1'].pk}")
    assert dl.status_code == 200
    wb = load_workbook(io.BytesIO(dl.content))
    ws = wb[excel.DATA_SHEET]
    assert ws.cell(excel.FIRST_DATA_ROW, 1).value == "X1" and ws.max_row == excel.FIRST_DATA_ROW
    ws.cell(excel.FIRST_DATA_ROW, 3, 500)
    ws.cell(excel.FIRST_DATA_ROW, 4, 600)  # more poor households than households
    buf = io.BytesIO()
    wb.save(buf)
    upload_url = reverse("reporting:upload", args=[form.code, PERIOD])
    assert client.get(upload_url).status_code == 200
    buf.name = "bao-cao.xlsx"
    buf.seek(0)
    response = client.post(upload_url, {"file": buf})
    assert response.status_code == 400
    assert "Sheet &#x27;BaoCao&#x27;, dòng 5, cột D" in response.content.decode()
    ws.cell(excel.FIRST_DATA_ROW, 4, 60)
    buf = io.BytesIO()
    wb.save(buf)
    buf.name = "bao-cao.xlsx"
    buf.seek(0)
    response = client.post(upload_url, {"file": buf})
    assert response.status_code == 200 and "Đã ghi 2 số liệu của 1 đơn vị" in response.content.decode()
    buf.seek(0)
    response = client.post(upload_url, {"file": buf})
    assert "Không có gì thay đổi" in response.content.decode()
    # another province's manager cannot even see the form
    client.force_login(personas["other_province"])
    assert client.get(upload_url).status_code == 404
    assert client.get(reverse("reporting:download", args=[form.code, PERIOD])).status_code == 404
