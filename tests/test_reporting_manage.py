"""Managing reporting forms: settings, items and checks — rights, scope, validation and audit."""

from __future__ import annotations

import pytest
from django.urls import reverse

from nghiquyet.indicators.models import DataValue, Indicator
from nghiquyet.reporting import schedule, services
from nghiquyet.reporting.models import ReportingForm, ReportingFormItem, ValidationRule
from test_reporting_services import PERIOD, make_form, values

pytestmark = pytest.mark.django_db


def settings_for(tree, **over) -> dict:
    base = {
        "code": "BC-QUY", "name": "Báo cáo quý thử", "periodicity": "quarter", "cutoff_day": 14, "due_days": 3,
        "due_in_working_days": True, "scope_unit": tree["P51"], "unit_kinds": ["commune"],
        "change_warning_percent": 25.0, "description": "Thử", "legal_basis": "NĐ 09/2019/NĐ-CP", "active": True,
    }
    return {**base, **over}


def post_settings(tree, **over) -> dict:
    data = settings_for(tree, **over)
    data["scope_unit"] = data["scope_unit"].pk if hasattr(data["scope_unit"], "pk") else data["scope_unit"]
    data["action"] = "settings"
    data["change_warning_percent"] = "" if data["change_warning_percent"] is None else str(
        data["change_warning_percent"]).replace(".", ",")
    for key in ("due_in_working_days", "active"):
        if not data[key]:
            del data[key]
    return data


# ----------------------------------------------------------------------------- pure checks


@pytest.mark.parametrize("day, ok", [(1, True), (14, True), (31, True), (0, False), (32, False), (-1, False),
                                     (True, False), ("14", False)])
def test_cutoff_day_range(day, ok):
    if ok:
        assert schedule.check_cutoff_day(day) == day
    else:
        with pytest.raises(ValueError, match="Ngày chốt số liệu phải từ 1 đến 31"):
            schedule.check_cutoff_day(day)


@pytest.mark.parametrize("days, ok", [(1, True), (2, True), (90, True), (0, False), (91, False), (None, False),
                                      (False, False)])
def test_due_days_range(days, ok):
    if ok:
        assert schedule.check_due_days(days) == days
    else:
        with pytest.raises(ValueError, match="Hạn gửi phải sau ngày chốt số liệu"):
            schedule.check_due_days(days)


# ----------------------------------------------------------------------------- services


def test_manager_creates_and_edits_a_form_and_history_names_them(tree, personas):
    manager = personas["province_manager"]
    form = services.create_form(manager, **settings_for(tree))
    assert (form.code, form.periodicity, form.scope_unit, form.due_days) == ("BC-QUY", "quarter", tree["P51"], 3)
    h = form.history.get()
    assert (h.history_type, h.history_user) == ("+", manager)

    changed = services.update_form(form, manager, cutoff_day=20, name="Báo cáo quý (sửa)", scope_unit=tree["X1"])
    assert set(changed) == {"cutoff_day", "name", "scope_unit"}
    form.refresh_from_db()
    assert (form.cutoff_day, form.scope_unit) == (20, tree["X1"])
    latest = form.history.order_by("-history_id").first()
    assert (latest.history_type, latest.history_user, latest.cutoff_day, latest.prev_record.cutoff_day) == (
        "~", manager, 20, 14)
    assert services.update_form(form, manager, cutoff_day=20) == []  # nothing changed: no history row
    assert form.history.count() == 2


@pytest.mark.parametrize("over, field, text", [
    ({"cutoff_day": 40}, "cutoff_day", "Ngày chốt số liệu phải từ 1 đến 31"),
    ({"cutoff_day": 0}, "cutoff_day", "Ngày chốt số liệu phải từ 1 đến 31"),
    ({"due_days": 0}, "due_days", "Hạn gửi phải sau ngày chốt số liệu"),
    ({"periodicity": "week"}, "periodicity", "Loại kỳ báo cáo không hợp lệ"),
    ({"code": "BC QUÝ"}, "code", "Mã biểu mẫu gồm chữ không dấu"),
    ({"name": "  "}, "name", "Không được để trống"),
    ({"unit_kinds": []}, "unit_kinds", "Chọn ít nhất một loại đơn vị"),
    ({"unit_kinds": ["planet"]}, "unit_kinds", "Loại đơn vị không hợp lệ"),
    ({"change_warning_percent": -5.0}, "change_warning_percent", "Ngưỡng cảnh báo phải lớn hơn 0"),
    ({"scope_unit": None}, "scope_unit", "Chọn đơn vị phạm vi"),
])
def test_bad_settings_are_refused_in_vietnamese_and_nothing_is_written(tree, personas, over, field, text):
    with pytest.raises(services.FormInvalid) as caught:
        services.create_form(personas["province_manager"], **settings_for(tree, **over))
    assert text in " ".join(caught.value.field_errors[field])
    assert not ReportingForm.objects.exists() and not ReportingForm.history.exists()


def test_a_scope_outside_the_manage_scope_is_refused(tree, personas):
    for unit in (tree["P66"], tree["VN"]):
        with pytest.raises(services.FormInvalid) as caught:
            services.create_form(personas["province_manager"], **settings_for(tree, scope_unit=unit))
        assert caught.value.field_errors["scope_unit"] == ["Đơn vị phạm vi phải thuộc các đơn vị bạn quản lý."]
    form = services.create_form(personas["province_manager"], **settings_for(tree))
    with pytest.raises(services.FormInvalid):
        services.update_form(form, personas["province_manager"], scope_unit=tree["X3"])
    form.refresh_from_db()
    assert form.scope_unit == tree["P51"]


@pytest.mark.parametrize("persona", ["reporter", "viewer", "approver", "outsider"])
def test_only_managers_create_forms(tree, personas, persona):
    with pytest.raises(services.NotAllowed):
        services.create_form(personas[persona], **settings_for(tree))
    assert not ReportingForm.objects.exists()


def test_another_province_cannot_edit(tree, personas):
    form, inds = make_form(tree)
    for persona in ("other_province", "approver", "reporter"):
        with pytest.raises(services.NotAllowed):
            services.update_form(form, personas[persona], name="X")
        with pytest.raises(services.NotAllowed):
            services.set_items(form, [], personas[persona])
        with pytest.raises(services.NotAllowed):
            services.add_rule(form, personas[persona], inds["thu"].pk, "lte", inds["so-ho"].pk)
    assert ReportingForm.objects.get().name == "Báo cáo tháng thử"


def test_duplicate_code_is_refused(tree, personas):
    make_form(tree, code="BC-T")
    with pytest.raises(services.FormInvalid) as caught:
        services.create_form(personas["province_manager"], **settings_for(tree, code="bc-t"))
    assert "đã được dùng" in caught.value.field_errors["code"][0]


def approved_report(tree, personas, form, inds):
    result = services.save_draft((form, tree["X1"], PERIOD), values(inds), personas["reporter"])
    services.submit(result.submission, personas["reporter"])
    services.approve(result.submission, personas["approver"])
    return result.submission


def test_items_add_remove_reorder_are_audited_and_leave_approved_figures_alone(tree, personas):
    manager = personas["province_manager"]
    form, inds = make_form(tree)
    sub = approved_report(tree, personas, form, inds)
    figures = sorted(DataValue.objects.values_list("indicator_id", "unit_id", "period", "value", "status"))
    extra = Indicator.objects.create(code="lao-dong", name="Lao động có việc làm mới", value_type="count")

    wanted = [
        services.ItemInput(inds["so-ho-ngheo"].pk, 5, True),
        services.ItemInput(inds["so-ho"].pk, 6, True),
        services.ItemInput(extra.pk, 7, False),
    ]  # "thu" and "tl" removed, poor households first, one added
    assert services.set_items(form, wanted, manager) == 5
    assert list(form.items.order_by("order").values_list("indicator__code", "order", "required")) == [
        ("so-ho-ngheo", 5, True), ("so-ho", 6, True), ("lao-dong", 7, False)]
    history = ReportingFormItem.history.filter(form_id=form.pk).exclude(history_user=None)
    assert {(h.history_type, h.indicator_id) for h in history} == {
        ("-", inds["thu"].pk), ("-", inds["tl"].pk), ("~", inds["so-ho-ngheo"].pk), ("~", inds["so-ho"].pk),
        ("+", extra.pk)}
    assert {h.history_user for h in history} == {manager}
    # the approved report and its figures are untouched
    assert sorted(DataValue.objects.values_list("indicator_id", "unit_id", "period", "value", "status")) == figures
    sub.refresh_from_db()
    assert sub.status == "approved"
    assert services.set_items(form, wanted, manager) == 0  # the same list again: nothing to do


def test_items_used_by_a_rule_cannot_be_removed_and_duplicates_are_refused(tree, personas):
    manager = personas["province_manager"]
    form, inds = make_form(tree)
    keep = [services.ItemInput(inds["so-ho"].pk, 1), services.ItemInput(inds["thu"].pk, 2)]
    with pytest.raises(services.ReportingError, match="đang dùng trong quy tắc kiểm tra"):
        services.set_items(form, keep, manager)
    with pytest.raises(services.ReportingError, match="có hai lần"):
        services.set_items(form, keep + [services.ItemInput(inds["thu"].pk, 3)], manager)
    assert form.items.count() == 4 and not ReportingFormItem.history.exclude(history_user=None).exists()


def test_rules_added_and_removed_are_audited(tree, personas):
    manager = personas["province_manager"]
    form, inds = make_form(tree)
    rule = services.add_rule(form, manager, inds["thu"].pk, "gte", inds["tl"].pk, "  Thu  không nhỏ hơn tỷ lệ ")
    assert rule.message == "Thu không nhỏ hơn tỷ lệ"
    for left, right, cmp, text in [
        (inds["thu"].pk, inds["thu"].pk, "lte", "hai chỉ tiêu khác nhau"),
        (inds["thu"].pk, 999999, "lte", "phải là chỉ tiêu có trong biểu mẫu"),
        (inds["thu"].pk, inds["tl"].pk, "gte", "Quy tắc này đã có"),
        (inds["thu"].pk, inds["tl"].pk, "~", "Phép so sánh không hợp lệ"),
    ]:
        with pytest.raises(services.ReportingError, match=text):
            services.add_rule(form, manager, left, cmp, right)
    services.remove_rule(form, rule.pk, manager)
    assert form.rules.count() == 1
    hist = ValidationRule.history.filter(id=rule.pk).order_by("history_id")
    assert [(h.history_type, h.history_user) for h in hist] == [("+", manager), ("-", manager)]
    with pytest.raises(services.ReportingError, match="Không tìm thấy quy tắc"):
        services.remove_rule(form, rule.pk, manager)


def test_a_form_with_reports_keeps_its_code_and_periodicity(tree, personas):
    manager = personas["province_manager"]
    form, inds = make_form(tree)
    approved_report(tree, personas, form, inds)
    with pytest.raises(services.FormInvalid) as caught:
        services.update_form(form, manager, periodicity="quarter", code="BC-KHAC")
    assert set(caught.value.field_errors) == {"periodicity", "code"}
    assert services.update_form(form, manager, due_days=5, active=False) == ["due_days", "active"]


# ----------------------------------------------------------------------------- pages


def test_create_page_rights_and_validation(client, tree, personas):
    url = reverse("reporting:form_create")
    for persona in ("reporter", "viewer", "approver", "outsider"):
        client.force_login(personas[persona])
        assert client.get(url).status_code == 403
        assert client.post(url, post_settings(tree)).status_code == 403
    client.force_login(personas["province_manager"])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert f'<option value="{tree["P51"].pk}"' in html and f'value="{tree["P66"].pk}"' not in html

    response = client.post(url, post_settings(tree, cutoff_day=45))
    assert response.status_code == 400
    assert "Ngày chốt số liệu phải từ 1 đến 31" in response.content.decode()
    response = client.post(url, post_settings(tree, scope_unit=tree["P66"]))
    assert response.status_code == 400
    assert "Đơn vị phạm vi phải thuộc các đơn vị bạn quản lý" in response.content.decode()
    response = client.post(url, post_settings(tree, cutoff_day="mười"))
    assert response.status_code == 400
    assert not ReportingForm.objects.exists()

    response = client.post(url, post_settings(tree, change_warning_percent=12.5))
    assert response.status_code == 302 and response["Location"] == reverse("reporting:form_edit", args=["BC-QUY"])
    form = ReportingForm.objects.get()
    assert form.change_warning_percent == 12.5 and form.history.get().history_user == personas["province_manager"]


def test_edit_page_scope_and_rights(client, tree, personas):
    form, _inds = make_form(tree)
    url = reverse("reporting:form_edit", args=[form.code])
    expected = {"province_manager": 200, "admin": 200, "approver": 403, "reporter": 403, "viewer": 403,
                "other_province": 404, "outsider": 404}
    for persona, status in expected.items():
        client.force_login(personas[persona])
        assert client.get(url).status_code == status, persona
        if status != 200:
            assert client.post(url, post_settings(tree, code=form.code)).status_code == status, persona
    assert ReportingForm.objects.get().name == "Báo cáo tháng thử"
    assert client.get(reverse("reporting:form_edit", args=["KHONG-CO"])).status_code == 404


def test_edit_page_flow(client, tree, personas):
    manager = personas["province_manager"]
    form, inds = make_form(tree)
    url = reverse("reporting:form_edit", args=[form.code])
    client.force_login(manager)
    html = client.get(url).content.decode()
    assert 'id="items-table"' in html and 'id="rules-table"' in html and 'id="form-history"' in html

    # settings: a bad cut-off day is refused in Vietnamese, nothing written
    response = client.post(url, post_settings(tree, code=form.code, periodicity="month", cutoff_day=0))
    assert response.status_code == 400 and "Ngày chốt số liệu phải từ 1 đến 31" in response.content.decode()
    assert ReportingForm.objects.get().cutoff_day == 14 and not form.history.exclude(history_user=None).exists()
    response = client.post(url, post_settings(tree, code=form.code, periodicity="month", cutoff_day=20))
    assert response.status_code == 302
    assert ReportingForm.objects.get().cutoff_day == 20

    # items: reorder, drop "tl", add a new indicator
    extra = Indicator.objects.create(code="ocop", name="Sản phẩm OCOP mới", value_type="count")
    data = {"action": "items", "add": extra.pk, "add_order": "9", "add_required": "on"}
    for i, code in enumerate(["so-ho", "so-ho-ngheo", "thu", "tl"]):
        data[f"order_{inds[code].pk}"] = str(10 - i)
        data[f"required_{inds[code].pk}"] = "on"
    data[f"remove_{inds['tl'].pk}"] = "on"
    response = client.post(url, data)
    assert response.status_code == 302
    assert list(form.items.order_by("order").values_list("indicator__code", flat=True)) == [
        "thu", "so-ho-ngheo", "ocop", "so-ho"]
    # removing an indicator a rule uses: the page says why, nothing changes
    data = {"action": "items", f"order_{inds['so-ho'].pk}": "1", f"remove_{inds['so-ho'].pk}": "on"}
    for code in ("so-ho-ngheo", "thu"):
        data[f"order_{inds[code].pk}"] = "2"
    data[f"order_{extra.pk}"] = "3"
    response = client.post(url, data)
    assert response.status_code == 400 and "hãy xóa quy tắc trước" in response.content.decode()
    assert form.items.count() == 4

    # rules: add then remove
    response = client.post(url, {"action": "add_rule", "left": inds["thu"].pk, "comparator": "gte",
                                 "right": extra.pk, "message": "Thử"})
    assert response.status_code == 302
    rule = ValidationRule.objects.get(message="Thử")
    assert client.post(url, {"action": "add_rule", "left": inds["thu"].pk, "comparator": "gte",
                             "right": inds["thu"].pk}).status_code == 400
    assert client.post(url, {"action": "remove_rule", "rule": rule.pk}).status_code == 302
    assert not ValidationRule.objects.filter(pk=rule.pk).exists()
    history = client.get(url).content.decode().split('id="form-history"')[1]
    assert history.count('data-type="-"') == 2 and "province_manager" in history


def test_dashboard_links_for_managers_only(client, tree, personas):
    form, _inds = make_form(tree)
    edit = reverse("reporting:form_edit", args=[form.code])
    client.force_login(personas["province_manager"])
    html = client.get(reverse("reporting:index")).content.decode()
    assert edit in html and reverse("reporting:form_create") in html
    for persona in ("reporter", "approver", "viewer"):
        client.force_login(personas[persona])
        html = client.get(reverse("reporting:index")).content.decode()
        assert form.name in html and edit not in html and reverse("reporting:form_create") not in html
    # a form no longer in use stays reachable for its manager
    services.update_form(form, personas["province_manager"], active=False)
    client.force_login(personas["province_manager"])
    html = client.get(reverse("reporting:index")).content.decode()
    assert 'id="inactive-forms"' in html and edit in html
    assert client.get(edit).status_code == 200
