"""Audit: every change of a figure, a submission, a resolution, a target or a plan is recorded
(who, when in UTC, from which address, old → new) and shown read-only."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from nghiquyet.core import context
from nghiquyet.indicators.admin import DataValueChangeAdmin
from nghiquyet.indicators.models import DataValue, DataValueChange, Indicator
from nghiquyet.indicators.services import ValueInput, delete_values, get_value, write_values
from nghiquyet.resolutions.models import AnnualPlan, Resolution, Target
from nghiquyet.web.history import local_and_utc
from test_import import NUMBER, build_workbook, units  # noqa: F401  (units is a fixture)

REPORTER_IP, APPROVER_IP = "203.0.113.7", "2001:db8::42"


@pytest.fixture
def ind(db):
    return Indicator.objects.create(code="LUA", name="Diện tích lúa", unit_of_measure="ha", decimals=1)


class as_request:
    """Run service calls as if inside a request from `ip` by `user` (what the middleware does)."""

    def __init__(self, ip: str | None, user=None):
        self.info = context.RequestInfo(ip=ip, user_id=getattr(user, "pk", None), path="/test/")

    def __enter__(self):
        self.token = context.set_current(self.info)

    def __exit__(self, *exc):
        context.reset(self.token)


def _report_and_approve(ind, unit, reporter, approver, period="2025M09", value=12.5):
    """The done-when story: a commune reporter enters and submits, the approver above approves."""
    item = [ValueInput(ind.id, unit.id, period, value)]
    with as_request(REPORTER_IP, reporter):
        write_values(item, user=reporter, status="draft", source="Biểu 01")
        write_values(item, user=reporter, status="submitted", source="Biểu 01")
    with as_request(APPROVER_IP, approver):
        write_values(item, user=approver, status="approved", source="Biểu 01")


# --------------------------------------------------------------------------- figures


def test_each_step_of_a_figure_is_recorded_with_user_address_and_status(personas, tree, ind):
    x1, p51 = tree["X1"], tree["P51"]
    item = [ValueInput(ind.id, x1.id, "2025M09", 12.5)]
    reporter, approver = personas["reporter"], personas["approver"]
    with as_request(REPORTER_IP, reporter):
        write_values(item, user=reporter, status="draft")
        write_values(item, user=reporter, status="submitted")
    assert get_value(ind.id, p51.id, "2025M09").value is None  # not approved: no rollup yet
    with as_request(APPROVER_IP, approver):
        before = timezone.now()
        write_values(item, user=approver, status="approved")
    assert get_value(ind.id, p51.id, "2025M09").value == 12.5  # the rollup moves at approval
    rows = list(DataValueChange.objects.order_by("id").values_list(
        "old_value", "new_value", "old_status", "new_status", "changed_by__username", "ip"))
    assert rows == [
        (None, 12.5, "", "draft", "reporter", REPORTER_IP),
        (12.5, 12.5, "draft", "submitted", "reporter", REPORTER_IP),
        (12.5, 12.5, "submitted", "approved", "approver", APPROVER_IP),
    ]
    last = DataValueChange.objects.order_by("-id").first()
    assert last.changed_at >= before and last.changed_at.utcoffset() == dt.timedelta(0)  # stored in UTC
    # rewriting the same figure with the same status records nothing
    with as_request(APPROVER_IP, approver):
        assert write_values(item, user=approver, status="approved") == 0
    assert DataValueChange.objects.count() == 3


def test_delete_records_the_old_value_and_status(personas, tree, ind):
    x1 = tree["X1"]
    write_values([ValueInput(ind.id, x1.id, "2025", 7)], user=personas["admin"], status="submitted")
    with as_request("192.0.2.1", personas["admin"]):
        assert delete_values([(ind.id, x1.id, "2025", "official")], user=personas["admin"], source="xoá") == 1
    change = DataValueChange.objects.order_by("-id").first()
    assert (change.old_value, change.new_value, change.old_status, change.new_status) == (7, None, "submitted", "")
    assert (change.ip, change.changed_by, change.source) == ("192.0.2.1", personas["admin"], "xoá")


def test_an_address_that_is_not_one_does_not_break_a_write(tree, ind):
    with as_request("unknown, 10.0.0.1"):
        write_values([ValueInput(ind.id, tree["X1"].id, "2025", 1)])
    assert DataValueChange.objects.get().ip is None
    write_values([ValueInput(ind.id, tree["X1"].id, "2025", 2)])  # no request at all (CLI)
    assert DataValueChange.objects.order_by("-id").first().ip is None


# --------------------------------------------------------------------------- figure history page


def _history_url(ind, unit, period="2025M09"):
    return reverse("web:figure_history", args=[ind.id, unit.id, period])


def test_figure_history_page_shows_every_step(client, personas, tree, ind):
    _report_and_approve(ind, tree["X1"], personas["reporter"], personas["approver"])
    client.force_login(personas["reporter"])
    response = client.get(_history_url(ind, tree["X1"]))
    assert response.status_code == 200
    html = response.content.decode()
    rows = response.context["rows"]
    assert [(r["old_status_code"], r["new_status_code"]) for r in rows] == [
        ("submitted", "approved"), ("draft", "submitted"), ("", "draft")]
    assert [r["ip"] for r in rows] == [APPROVER_IP, REPORTER_IP, REPORTER_IP]
    for word in ("Đã duyệt", "Đã gửi", "Nháp", "approver", "reporter", REPORTER_IP, APPROVER_IP, "UTC", "12,5"):
        assert word in html, word
    change = DataValueChange.objects.order_by("id").first()
    local, utc = local_and_utc(change.changed_at)
    assert local in html and utc in html
    # the approver above sees it too, and can export it
    client.force_login(personas["approver"])
    xlsx = client.get(_history_url(ind, tree["X1"]) + "?xuat=xlsx")
    assert xlsx.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == 4 + 3


def test_local_time_is_hanoi_and_utc_is_stated():
    moment = dt.datetime(2026, 11, 27, 20, 5, tzinfo=dt.UTC)
    assert local_and_utc(moment) == ("28/11/2026 03:05", "27/11/2026 20:05 UTC")


@pytest.mark.parametrize("who", ["outsider", "other_province", "reporter2", "viewer"])
def test_figure_history_is_hidden_outside_the_view_scope(client, personas, tree, ind, who):
    _report_and_approve(ind, tree["X1"], personas["reporter"], personas["approver"])
    client.force_login(personas[who])
    assert client.get(_history_url(ind, tree["X1"])).status_code == 404


def test_figure_history_rejects_bad_periods_and_writes(client, personas, tree, ind):
    _report_and_approve(ind, tree["X1"], personas["reporter"], personas["approver"])
    client.force_login(personas["admin"])
    assert client.get(_history_url(ind, tree["X1"], "2025M13")).status_code == 404
    before = list(DataValueChange.objects.values_list("id", "new_value"))
    for method in (client.post, client.put, client.delete, client.patch):
        assert method(_history_url(ind, tree["X1"])).status_code == 405
        assert method(reverse("web:audit_log")).status_code == 405
    assert list(DataValueChange.objects.values_list("id", "new_value")) == before
    assert DataValue.objects.count() == 1


def test_unit_page_links_each_entered_figure_to_its_history(client, personas, tree, ind):
    _report_and_approve(ind, tree["X1"], personas["reporter"], personas["approver"], period="2025")
    client.force_login(personas["reporter"])
    html = client.get(reverse("web:unit", args=[tree["X1"].pk])).content.decode()
    assert _history_url(ind, tree["X1"], "2025") in html


# --------------------------------------------------------------------------- resolutions, targets, plans


def _resolution(issuer, number="NQ-01", **kw) -> Resolution:
    return Resolution.objects.create(issuer=issuer, number=number, title="Nghị quyết thử", term_start=2025,
                                     term_end=2030, **kw)


def test_every_change_of_a_resolution_target_and_plan_has_a_history_row(personas, tree, ind):
    manager = personas["province_manager"]
    with as_request("198.51.100.20", manager):
        res = _resolution(tree["P51"])
        target = Target.objects.create(resolution=res, code="CT1", text="Lúa", indicator=ind, kind="level",
                                       target_year=2030, target_min=100)
        plan = AnnualPlan.objects.create(target=target, year=2026, value=80)
        res.title = "Nghị quyết đã sửa"
        res.save()
        target.target_min = 120
        target.save()
        plan.value = 85
        plan.save()
        plan.delete()
        target.delete()
        res.delete()
    for model in (Resolution, Target, AnnualPlan):
        rows = list(model.history.order_by("history_id"))
        assert [r.history_type for r in rows] == ["+", "~", "-"], model
        for r in rows:
            assert r.history_user == manager
            assert r.ip_address == "198.51.100.20"
            assert r.history_date.utcoffset() == dt.timedelta(0)
    changed = Resolution.history.filter(history_type="~").get()
    delta = changed.diff_against(changed.prev_record)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [("title", "Nghị quyết thử", "Nghị quyết đã sửa")]


def test_admin_changes_record_the_user_and_address(client, personas, tree):
    client.force_login(personas["admin"])
    meta = {"REMOTE_ADDR": "203.0.113.99"}
    data = {"issuer": tree["P51"].pk, "issuer_kind": "congress", "number": "NQ-AD", "title": "Qua trang quản trị",
            "term_start": 2025, "term_end": 2030, "source": ""}
    response = client.post(reverse("admin:resolutions_resolution_add"), data, **meta)
    assert response.status_code == 302, response.content.decode()[:2000]
    res = Resolution.objects.get(number="NQ-AD")
    response = client.post(reverse("admin:resolutions_resolution_change", args=[res.pk]),
                           {**data, "title": "Đã đổi"}, **meta)
    assert response.status_code == 302
    response = client.post(reverse("admin:resolutions_resolution_delete", args=[res.pk]), {"post": "yes"}, **meta)
    assert response.status_code == 302
    rows = list(Resolution.history.order_by("history_id").values_list("history_type", "history_user__username",
                                                                        "ip_address", "title"))
    assert rows == [("+", "admin", "203.0.113.99", "Qua trang quản trị"), ("~", "admin", "203.0.113.99", "Đã đổi"),
                    ("-", "admin", "203.0.113.99", "Đã đổi")]


def test_the_audit_cannot_be_changed_in_the_admin(client, personas, tree, ind):
    write_values([ValueInput(ind.id, tree["X1"].id, "2025", 3)], user=personas["reporter"])
    change = DataValueChange.objects.get()
    res = _resolution(tree["P51"])
    hist = Resolution.history.get()
    client.force_login(personas["admin"])
    assert client.get(reverse("admin:indicators_datavaluechange_changelist")).status_code == 200
    url = reverse("admin:indicators_datavaluechange_change", args=[change.pk])
    assert client.get(url).status_code == 200  # shown read-only
    assert client.post(url, {"new_value": 999}).status_code == 403
    assert client.post(reverse("admin:indicators_datavaluechange_delete", args=[change.pk]),
                       {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:indicators_datavaluechange_add")).status_code == 403
    hist_url = reverse("admin:resolutions_historicalresolution_change", args=[hist.pk])
    assert client.post(hist_url, {"title": "x"}).status_code == 403
    assert client.post(reverse("admin:resolutions_historicalresolution_delete", args=[hist.pk]),
                       {"post": "yes"}).status_code == 403
    change.refresh_from_db()
    assert change.new_value == 3 and Resolution.history.count() == 1 and res.pk
    model_admin = DataValueChangeAdmin(DataValueChange, admin.site)
    assert not model_admin.has_change_permission(None) and not model_admin.has_delete_permission(None)


def test_import_of_a_workbook_writes_history_with_the_acting_user(django_user_model, tmp_path, units):  # noqa: F811
    from nghiquyet.resolutions.importer import import_resolution_workbook

    user = django_user_model.objects.create(username="admin", is_superuser=True)
    path = build_workbook(tmp_path / "nq.xlsx")
    with as_request("192.0.2.55"):  # e.g. an upload through a page: the address is known
        result = import_resolution_workbook(path, user=user)
    assert result.ok, result.summary
    res = Resolution.objects.get(number=NUMBER)
    for model, count in ((Resolution, 1), (Target, res.targets.count()),
                         (AnnualPlan, AnnualPlan.objects.filter(target__resolution=res).count())):
        rows = list(model.history.values_list("history_type", "history_user__username", "ip_address",
                                              "history_change_reason"))
        assert len(rows) == count > 0, model
        assert set(rows) == {("+", "admin", "192.0.2.55", "nq.xlsx")}, model


# --------------------------------------------------------------------------- the audit log


def _two_provinces(personas, tree, ind):
    """Events in P51 (X1) and in P66 (X3): figures, resolutions, targets, plans, a submission."""
    _report_and_approve(ind, tree["X1"], personas["reporter"], personas["approver"])
    with as_request("198.51.100.66", personas["other_province"]):
        write_values([ValueInput(ind.id, tree["X3"].id, "2025M09", 99)], user=personas["other_province"])
        far = _resolution(tree["P66"], number="NQ-DL")
        Target.objects.create(resolution=far, code="DL1", text="Cà phê", indicator=ind, kind="level",
                              target_year=2030, target_min=1)
    with as_request("198.51.100.51", personas["province_manager"]):
        near = _resolution(tree["P51"], number="NQ-QN")
        t = Target.objects.create(resolution=near, code="QN1", text="Lúa", indicator=ind, kind="level",
                                  target_year=2030, target_min=1)
        plan = AnnualPlan.objects.create(target=t, year=2026, value=5)
        t.target_min, plan.value = 2, 6
        t.save()
        plan.save()
        near.title = "Nghị quyết Quảng Ngãi"
        near.save()


def _log(client, user, **params):
    client.force_login(user)
    response = client.get(reverse("web:audit_log"), params)
    assert response.status_code == 200
    return response


def test_audit_log_is_scoped_to_the_managers_units(client, personas, tree, ind):
    _two_provinces(personas, tree, ind)
    near = _log(client, personas["province_manager"])
    subjects = " ".join(e.subject for e in near.context["entries"])
    seen = {e.unit.code for e in near.context["entries"] if e.unit}
    assert seen <= {"P51", "X1"} and "X3" not in seen and "P66" not in seen
    assert "NQ-QN" in subjects and "NQ-DL" not in subjects and "Cà phê" not in subjects
    kinds = {e.kind for e in near.context["entries"]}
    assert {"figure", "resolution", "target", "plan"} <= kinds
    html = near.content.decode()
    assert "Nghị quyết Quảng Ngãi" in html and "198.51.100.51" in html and "198.51.100.66" not in html
    # the resolution's change is shown field by field
    changed = [e for e in near.context["entries"] if e.kind == "resolution" and e.changes]
    assert changed and changed[0].changes[0][1:] == ("Nghị quyết thử", "Nghị quyết Quảng Ngãi")

    far = _log(client, personas["other_province"])
    far_units = {e.unit.code for e in far.context["entries"] if e.unit}
    assert far_units == {"X3", "P66"}
    everything = _log(client, personas["admin"])

    def business(response):  # log-ins aside: each persona's own log-in lands in the log too
        return len([e for e in response.context["entries"] if e.kind != "access"])

    assert business(everything) == business(near) + business(far)


@pytest.mark.parametrize("who", ["reporter", "viewer", "approver", "outsider"])
def test_audit_log_is_for_managers_only(client, personas, who):
    client.force_login(personas[who])
    assert client.get(reverse("web:audit_log")).status_code == 403


def test_audit_log_filters(client, personas, tree, ind):
    _two_provinces(personas, tree, ind)
    admin_user = personas["admin"]
    only_figures = _log(client, admin_user, loai="figure").context["entries"]
    assert only_figures and {e.kind for e in only_figures} == {"figure"}
    at_x1 = _log(client, admin_user, don_vi="X1").context["entries"]
    assert {e.unit.code for e in at_x1 if e.unit} == {"X1"} and len([e for e in at_x1 if e.unit]) == 3
    by_approver = _log(client, admin_user, nguoi="approver").context["entries"]
    assert len(by_approver) == 1 and by_approver[0].changes[-1][1:] == ("Đã gửi", "Đã duyệt")
    today = timezone.localdate()
    assert _log(client, admin_user, tu=today.isoformat(), den=today.isoformat()).context["total"] > 0
    tomorrow = (today + dt.timedelta(days=1)).strftime("%d/%m/%Y")
    assert _log(client, admin_user, tu=tomorrow).context["total"] == 0
    assert _log(client, admin_user, tu="hôm qua").context["errors"]
    # a unit outside the manager's scope is refused, not silently emptied
    client.force_login(personas["province_manager"])
    assert client.get(reverse("web:audit_log"), {"don_vi": "X3"}).status_code == 404


def test_audit_log_includes_submission_steps(client, personas, tree, ind):
    from nghiquyet.reporting.models import EventAction, ReportingForm, Submission, SubmissionEvent

    form = ReportingForm.objects.create(code="B01", name="Biểu 01 tháng", periodicity="month",
                                        scope_unit=tree["P51"])
    sub = Submission.objects.create(form=form, unit=tree["X1"], period="2025M09", status="approved",
                                    period_start=dt.date(2025, 8, 15), period_end=dt.date(2025, 9, 14),
                                    due_on=dt.date(2025, 9, 20))
    SubmissionEvent.objects.create(submission=sub, action="submitted", from_status="draft", to_status="submitted",
                                   user=personas["reporter"], ip=REPORTER_IP, changed=2)
    SubmissionEvent.objects.create(submission=sub, action="approved", from_status="submitted",
                                   to_status="approved", user=personas["approver"], ip=APPROVER_IP)
    entries = _log(client, personas["province_manager"], loai="submission").context["entries"]
    assert [(e.action, e.user, e.ip) for e in entries] == [
        (str(EventAction.APPROVED.label), "approver", APPROVER_IP),
        (str(EventAction.SUBMITTED.label), "reporter", REPORTER_IP)]
    from nghiquyet.reporting.models import SubmissionStatus

    assert entries[1].changes[0][1:] == (str(SubmissionStatus.DRAFT.label), str(SubmissionStatus.SUBMITTED.label))
    assert "Biểu 01 tháng" in entries[0].subject and entries[0].unit == tree["X1"]
    assert entries[0].subject_url == reverse("reporting:entry", args=["B01", "2025M09", tree["X1"].pk])
    assert _log(client, personas["other_province"], loai="submission").context["total"] == 0


def test_audit_log_pages_cost_a_fixed_number_of_queries(client, personas, tree, ind):
    _two_provinces(personas, tree, ind)
    client.force_login(personas["admin"])
    url = reverse("web:audit_log")
    kinds = ("figure", "resolution", "target", "plan")

    def cost(kind):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {"loai": kind})
        assert response.context["entries"], kind
        return len(queries)

    small = {kind: cost(kind) for kind in kinds}
    for i in range(30):
        with as_request("192.0.2.9", personas["province_manager"]):
            write_values([ValueInput(ind.id, tree["X2"].id, f"2024M{(i % 12) + 1:02d}", i)],
                         user=personas["province_manager"], status="draft")
            res = _resolution(tree["P51"], number=f"NQ-{i}")
            res.title = f"Đổi {i}"
            res.save()
            t = Target.objects.create(resolution=res, code="A", text="x", indicator=ind, kind="level",
                                      target_year=2030)
            t.target_min = i
            t.save()
            AnnualPlan.objects.create(target=t, year=2026, value=i)
    assert {kind: cost(kind) for kind in kinds} == small
    response = client.get(url)
    assert len(response.context["entries"]) == 50
    page2 = client.get(url, {"trang": 2})
    assert page2.context["entries"][0].at <= response.context["entries"][-1].at


def test_audit_log_export_has_the_filtered_rows(client, personas, tree, ind):
    _two_provinces(personas, tree, ind)
    client.force_login(personas["province_manager"])
    response = client.get(reverse("web:audit_log"), {"loai": "figure", "xuat": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=5)]
    assert len(values) == 3 and all(v[2] == "Số liệu" for v in values)
    assert {v[4] for v in values} == {"Xã Ba Tơ"}


def test_audit_pages_do_a_bounded_number_of_queries(client, personas, tree, ind, django_assert_max_num_queries):
    # 29 and 11 queries today, session, user and memberships included; the sizes do not matter
    # (see test_audit_log_pages_cost_a_fixed_number_of_queries).
    _two_provinces(personas, tree, ind)
    client.force_login(personas["province_manager"])
    with django_assert_max_num_queries(35):
        assert client.get(reverse("web:audit_log")).status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get(_history_url(ind, tree["X1"])).status_code == 200


def test_the_navigation_test_for_the_log(personas):
    from nghiquyet.web.templatetags.audit import can_read_audit_log

    allowed = {name for name, user in personas.items() if can_read_audit_log(user)}
    assert allowed == {"admin", "province_manager", "other_province"}


@pytest.mark.parametrize("meta, trust, expected", [
    ({"REMOTE_ADDR": "203.0.113.7"}, False, "203.0.113.7"),
    ({"REMOTE_ADDR": "2001:db8::1"}, False, "2001:db8::1"),
    ({}, False, None),
    ({"REMOTE_ADDR": "unix-socket"}, False, None),
    ({"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.4, 10.0.0.1"}, True, "198.51.100.4"),
    ({"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.4"}, False, "10.0.0.1"),
    ({"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "<script>"}, True, None),
    ({"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": ""}, True, "10.0.0.1"),
])
def test_client_address_is_an_address_or_nothing(rf, monkeypatch, meta, trust, expected):
    """Every audit table stores the address in an address column: junk must never reach it."""
    if trust:
        monkeypatch.setenv("NGHIQUYET_TRUST_X_FORWARDED_FOR", "1")
    else:
        monkeypatch.delenv("NGHIQUYET_TRUST_X_FORWARDED_FOR", raising=False)
    request = rf.get("/")
    request.META.pop("REMOTE_ADDR", None)
    request.META.update(meta)
    assert context.client_ip(request) == expected
