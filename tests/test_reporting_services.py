"""Submissions: draft → submitted → approved / returned, rights, locking, rollups and the audit."""

from __future__ import annotations

import pytest

from nghiquyet.core.context import RequestInfo, reset, set_current
from nghiquyet.indicators.models import DataValue, DataValueChange, Indicator
from nghiquyet.indicators.services import ValueInput, get_value, write_values
from nghiquyet.reporting import services
from nghiquyet.reporting.models import (
    ReportingForm,
    ReportingFormItem,
    SubmissionEvent,
    ValidationRule,
)

PERIOD = "2026M05"


def make_form(tree, code="BC-T", extra_indicators: int = 0) -> tuple[ReportingForm, dict[str, Indicator]]:
    """A monthly form for the communes under P51: households, poor households, revenue, a rate."""
    specs = [
        ("so-ho", "Tổng số hộ", "count", "sum", 0, None, True),
        ("so-ho-ngheo", "Số hộ nghèo", "count", "sum", 0, None, True),
        ("thu", "Thu ngân sách", "money", "sum", 0, None, True),
        ("tl", "Tỷ lệ tiêm chủng", "percent", "mean", 0, 100, False),
    ]
    specs += [(f"ct-{i:02d}", f"Chỉ tiêu thêm {i}", "number", "sum", 0, None, False) for i in range(extra_indicators)]
    inds = {}
    form = ReportingForm.objects.create(code=code, name="Báo cáo tháng thử", periodicity="month",
                                        scope_unit=tree["P51"], unit_kinds=["commune"])
    for order, (c, name, vtype, space, lo, hi, required) in enumerate(specs):
        ind, _ = Indicator.objects.get_or_create(code=c, defaults=dict(
            name=name, value_type=vtype, space_aggregation=space, min_value=lo, max_value=hi,
            decimals=0 if vtype == "count" else 1, unit_of_measure="hộ" if vtype == "count" else ""))
        inds[c] = ind
        ReportingFormItem.objects.create(form=form, indicator=ind, order=order, required=required)
    ValidationRule.objects.create(form=form, left=inds["so-ho-ngheo"], comparator="lte", right=inds["so-ho"],
                                  message="Số hộ nghèo không vượt quá tổng số hộ")
    return form, inds


@pytest.fixture
def rform(tree):
    return make_form(tree)


def values(inds, hh=1000, poor=200, thu=1.5, tl=None):
    out = {inds["so-ho"].pk: hh, inds["so-ho-ngheo"].pk: poor, inds["thu"].pk: thu}
    if tl is not None:
        out[inds["tl"].pk] = tl
    return out


@pytest.fixture
def at_ip():
    token = set_current(RequestInfo(ip="10.1.2.3"))
    yield "10.1.2.3"
    reset(token)


def test_full_flow_rollup_changes_exactly_at_approval(tree, personas, rform, at_ip):
    form, inds = rform
    hh = inds["so-ho"].pk
    p51 = tree["P51"]
    write_values([ValueInput(hh, tree["X2"].pk, PERIOD, 500)])  # X2's approved figure is already there
    assert get_value(hh, p51.pk, PERIOD).value == 500

    result = services.save_draft((form, tree["X1"], PERIOD), values(inds), personas["reporter"])
    assert result.ok and result.written == 3
    sub = result.submission
    assert sub.status == "draft" and sub.due_on.isoformat() == "2026-05-18"
    assert (sub.period_start.isoformat(), sub.period_end.isoformat()) == ("2026-04-15", "2026-05-14")
    assert set(DataValue.objects.filter(unit=tree["X1"]).values_list("status", flat=True)) == {"draft"}
    assert get_value(hh, p51.pk, PERIOD).value == 500  # a draft does not roll up

    services.submit(sub, personas["reporter"])
    sub.refresh_from_db()
    assert sub.status == "submitted" and sub.submitted_by == personas["reporter"]
    assert get_value(hh, p51.pk, PERIOD).value == 500  # nor does a submitted report

    services.approve(sub, personas["approver"])
    sub.refresh_from_db()
    assert sub.status == "approved" and sub.approved_by == personas["approver"]
    assert get_value(hh, p51.pk, PERIOD).value == 1500  # the province total moves at approval
    assert get_value(inds["thu"].pk, p51.pk, PERIOD).value == 1.5

    steps = list(SubmissionEvent.objects.filter(submission=sub).values_list("action", "from_status", "to_status", "user__username", "ip"))
    assert steps == [
        ("created", "", "draft", "reporter", at_ip),
        ("saved", "draft", "draft", "reporter", at_ip),
        ("submitted", "draft", "submitted", "reporter", at_ip),
        ("approved", "submitted", "approved", "approver", at_ip),
    ]
    # the figures' own audit: entered as drafts, sent, approved — each by whom and from where
    audit = sorted(DataValueChange.objects.filter(unit=tree["X1"], indicator_id=hh).values_list(
        "old_value", "new_value", "old_status", "new_status", "changed_by__username", "ip"), key=str)
    assert audit == sorted([
        (None, 1000.0, "", "draft", "reporter", at_ip),
        (1000.0, 1000.0, "draft", "submitted", "reporter", at_ip),
        (1000.0, 1000.0, "submitted", "approved", "approver", at_ip),
    ], key=str)


def test_return_takes_figures_out_of_rollups_until_reapproved(tree, personas, rform):
    form, inds = rform
    hh, p51 = inds["so-ho"].pk, tree["P51"].pk
    sub = services.save_draft((form, tree["X1"], PERIOD), values(inds), personas["reporter"]).submission
    services.submit(sub, personas["reporter"])
    services.approve(sub, personas["approver"])
    assert get_value(hh, p51, PERIOD).value == 1000

    with pytest.raises(services.ReportingError, match="lý do"):
        services.return_submission(sub, personas["approver"], "  ")
    services.return_submission(sub, personas["approver"], "Số hộ nghèo chưa khớp rà soát")
    sub.refresh_from_db()
    assert sub.status == "returned" and sub.returned_reason == "Số hộ nghèo chưa khớp rà soát"
    assert sub.approved_by is None
    assert get_value(hh, p51, PERIOD).value is None
    ev = SubmissionEvent.objects.filter(submission=sub).last()
    assert (ev.action, ev.from_status, ev.to_status, ev.reason) == ("returned", "approved", "returned", sub.returned_reason)

    # unlocked: the reporter corrects and sends again; the figures come back at approval
    assert services.save_draft(sub, {inds["so-ho-ngheo"].pk: 150}, personas["reporter"]).written == 1
    services.submit(sub, personas["reporter"])
    assert get_value(hh, p51, PERIOD).value is None
    services.approve(sub, personas["approver"])
    assert get_value(inds["so-ho-ngheo"].pk, p51, PERIOD).value == 150


def test_locked_when_submitted_or_approved(tree, personas, rform):
    form, inds = rform
    sub = services.save_draft((form, tree["X1"], PERIOD), values(inds), personas["reporter"]).submission
    services.submit(sub, personas["reporter"])
    with pytest.raises(services.ReportingError, match="đang chờ duyệt"):
        services.save_draft(sub, {inds["so-ho"].pk: 1}, personas["reporter"])
    with pytest.raises(services.ReportingError):
        services.submit(sub, personas["reporter"])
    services.approve(sub, personas["approver"])
    sub.refresh_from_db()
    with pytest.raises(services.ReportingError, match="đã được duyệt: số liệu bị khóa"):
        services.save_draft(sub, {inds["so-ho"].pk: 1}, personas["admin"])
    with pytest.raises(services.ReportingError, match="Chỉ duyệt được báo cáo đã gửi"):
        services.approve(sub, personas["admin"])
    assert DataValue.objects.get(unit=tree["X1"], indicator=inds["so-ho"]).value == 1000


def test_permission_refusals(tree, personas, rform, django_user_model):
    form, inds = rform
    with pytest.raises(services.NotAllowed):  # another commune's reporter
        services.save_draft((form, tree["X1"], PERIOD), values(inds), personas["reporter2"])
    with pytest.raises(services.NotAllowed):  # an approver is not a reporter
        services.get_or_create_submission(form, tree["X1"], PERIOD, personas["approver"])
    sub2 = services.save_draft((form, tree["X2"], PERIOD), values(inds), personas["reporter2"]).submission
    with pytest.raises(services.NotAllowed):  # a viewer cannot submit
        services.submit(sub2, personas["viewer"])
    sub = services.save_draft((form, tree["X1"], PERIOD), values(inds), personas["reporter"]).submission
    services.submit(sub, personas["reporter"])
    for name in ("other_province", "reporter", "reporter2", "viewer", "province_manager", "outsider"):
        with pytest.raises(services.NotAllowed):
            services.approve(sub, personas[name])
        with pytest.raises(services.NotAllowed):
            services.return_submission(sub, personas[name], "lý do")
    assert DataValue.objects.filter(unit=tree["X1"], status="approved").count() == 0


def test_submitter_cannot_approve_own_report(tree, personas, rform, django_user_model):
    from nghiquyet.accounts.models import Membership

    form, inds = rform
    both = django_user_model.objects.create(username="both")
    Membership.objects.create(user=both, unit=tree["X1"], role="reporter")
    Membership.objects.create(user=both, unit=tree["X1"], role="approver")
    sub = services.save_draft((form, tree["X1"], PERIOD), values(inds), both).submission
    services.submit(sub, both)
    with pytest.raises(services.NotAllowed, match="không tự duyệt"):
        services.approve(sub, both)
    # a superuser may (e.g. a one-person installation), and it is recorded as such
    sub_x2 = services.save_draft((form, tree["X2"], PERIOD), values(inds), personas["admin"]).submission
    services.submit(sub_x2, personas["admin"])
    assert services.approve(sub_x2, personas["admin"]).status == "approved"


def test_invalid_figures_write_nothing(tree, personas, rform):
    form, inds = rform
    result = services.save_draft((form, tree["X1"], PERIOD), values(inds, hh=100, poor=150, tl=120), personas["reporter"])
    assert not result.ok and result.written == 0
    assert result.errors[inds["so-ho-ngheo"].pk][0].startswith("Số hộ nghèo không vượt quá tổng số hộ")
    assert result.errors[inds["tl"].pk] == ["Không được lớn hơn 100."]
    assert not DataValue.objects.filter(unit=tree["X1"]).exists()
    assert SubmissionEvent.objects.filter(action="saved").count() == 0
    # Not even the draft submission the first save would have opened.
    assert not services.find_submission(form, tree["X1"], PERIOD)
    assert not SubmissionEvent.objects.exists()


def test_submit_requires_required_items(tree, personas, rform):
    form, inds = rform
    sub = services.save_draft((form, tree["X1"], PERIOD), {inds["so-ho"].pk: 10}, personas["reporter"]).submission
    with pytest.raises(services.SubmissionInvalid) as exc:
        services.submit(sub, personas["reporter"])
    assert set(exc.value.outcome.errors) == {inds["so-ho-ngheo"].pk, inds["thu"].pk}
    sub.refresh_from_db()
    assert sub.status == "draft"


def test_clearing_a_figure_deletes_it(tree, personas, rform):
    form, inds = rform
    sub = services.save_draft((form, tree["X1"], PERIOD), values(inds, tl=90), personas["reporter"]).submission
    assert services.save_draft(sub, {inds["tl"].pk: None}, personas["reporter"]).written == 1
    assert not DataValue.objects.filter(unit=tree["X1"], indicator=inds["tl"]).exists()
    assert services.save_draft(sub, {inds["tl"].pk: None}, personas["reporter"]).written == 0


def test_bad_period_and_unit_refused(tree, personas, rform):
    form, inds = rform
    with pytest.raises(services.ReportingError, match="không phải kỳ báo cáo tháng"):
        services.get_or_create_submission(form, tree["X1"], "2026Q2", personas["admin"])
    for code in ("T1", "P51-UB", "X3", "P51"):
        with pytest.raises(services.ReportingError, match="không thuộc các đơn vị báo cáo"):
            services.get_or_create_submission(form, tree[code], PERIOD, personas["admin"])


def test_change_warning_against_previous_period(tree, personas, rform):
    form, inds = rform
    write_values([ValueInput(inds["so-ho"].pk, tree["X1"].pk, "2026M04", 1000)])
    result = services.save_draft((form, tree["X1"], PERIOD), values(inds, hh=2000, poor=100), personas["reporter"])
    assert result.ok and result.written == 3
    assert result.warnings[inds["so-ho"].pk][0].startswith("Cảnh báo: tăng 100%")


def test_previous_period_shows_last_months_report_before_it_is_approved(tree, personas, rform):
    form, inds = rform
    hh = inds["so-ho"].pk
    april = services.save_draft((form, tree["X1"], "2026M04"), values(inds, hh=1000), personas["reporter"]).submission
    services.submit(april, personas["reporter"])  # sent, not yet approved: no rollup has it
    assert get_value(hh, tree["X1"].pk, "2026M04").value is None
    assert services.previous_values(form, [tree["X1"].pk], PERIOD, [hh]) == {tree["X1"].pk: {hh: 1000}}
    result = services.save_draft((form, tree["X1"], PERIOD), values(inds, hh=2000), personas["reporter"])
    assert result.warnings[hh][0].startswith("Cảnh báo: tăng 100%")
    # X2 reported nothing for April: nothing to show, nothing to compare.
    assert services.previous_values(form, [tree["X2"].pk], PERIOD, [hh]) == {tree["X2"].pk: {hh: None}}


def test_dashboard_status_and_lateness(tree, personas, rform):
    import datetime as dt

    form, inds = rform
    sub = services.save_draft((form, tree["X1"], PERIOD), values(inds), personas["reporter"]).submission
    services.submit(sub, personas["reporter"])
    status = services.form_status(form, PERIOD, personas["approver"], today=dt.date(2026, 5, 19))
    assert [(r.unit.code, r.status) for r in status.rows] == [("X1", "submitted"), ("X2", "missing")]
    by_code = {r.unit.code: r for r in status.rows}
    assert by_code["X2"].late  # nothing sent, due 18/05 has passed
    counts = status.counts()
    assert counts["not_submitted"] == 1 and counts["submitted"] == 1
    # the reporter sees only their own commune
    assert [r.unit.code for r in services.form_status(form, PERIOD, personas["reporter"]).rows] == ["X1"]
    assert services.form_status(form, PERIOD, personas["outsider"]).rows == []
    assert list(services.visible_forms(personas["other_province"])) == []
    assert list(services.visible_forms(personas["reporter"])) == [form]


def test_demo_is_idempotent_and_sample(tree):
    from nghiquyet.reporting import demo
    from nghiquyet.reporting.models import Submission
    from nghiquyet.units.models import OrgUnit

    for code in ("so-ho", "dan-so", "thu-ngan-sach", "ocop-moi", "dang-vien-moi"):
        Indicator.objects.create(code=code, name=code, value_type="count" if code != "thu-ngan-sach" else "money")
    for code in ("X21484", "X21496"):
        OrgUnit.objects.create(code=code, name=code, kind="commune", parent=tree["P51"])
    first = demo.load()
    assert first["submissions"] == 8 and first["written"] == 8 * 9  # 4 months × 2 communes, 9 figures each
    statuses = dict(Submission.objects.filter(period="2026M11").values_list("unit__code", "status"))
    assert statuses == {"X21484": "submitted", "X21496": "returned"}
    assert not Submission.objects.filter(is_sample=False).exists()
    assert DataValue.objects.filter(is_sample=False).count() == 0
    assert demo.load() == {"submissions": 0, "written": 0, "indicators": 0}
    assert get_value(Indicator.objects.get(code="so-ho").pk, tree["P51"].pk, "2026M10").value is not None
    assert demo.reset() == 8 * 9 and not Submission.objects.exists()
