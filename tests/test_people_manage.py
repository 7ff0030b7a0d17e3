"""People app, entering records: people, posts, appointments, responsibilities, training.

Rights: a manager of the person's unit (province_manager for P51's subtree) writes; viewers,
approvers and reporters get 403 on people they see; another province gets 404 on P51's people
and a form error when it picks a P51 unit. Bad input writes nothing and says why in Vietnamese.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from nghiquyet.indicators.models import Field
from nghiquyet.people import services
from nghiquyet.people.models import Appointment, Person, Post, Responsibility, Training
from nghiquyet.units.models import OrgUnit

D = dt.date


@pytest.fixture
def data(tree, personas):
    du = OrgUnit.objects.create(code="P51-DU", name="Tỉnh ủy Quảng Ngãi", kind="party_committee", parent=tree["P51"])
    x1_du = OrgUnit.objects.create(code="X1-DU", name="Đảng ủy xã Ba Tơ", kind="party_committee", parent=tree["X1"])
    econ = Field.objects.create(code="kinh-te", name="Kinh tế", order=1)
    deputy = Post.objects.create(unit=du, title="Phó Bí thư Tỉnh ủy", order=2, is_standing_committee=True)
    commune_sec = Post.objects.create(unit=x1_du, title="Bí thư Đảng ủy xã Ba Tơ", order=1)
    an = Person.objects.create(full_name="Nguyễn Văn An", unit=du, birth_year=1970)
    dung = Person.objects.create(full_name="Trần Văn Dũng", unit=x1_du)
    return {**tree, "du": du, "x1_du": x1_du, "econ": econ, "deputy": deputy, "commune_sec": commune_sec,
            "an": an, "dung": dung, "users": personas}


def _counts() -> tuple[int, ...]:
    return (Person.objects.count(), Post.objects.count(), Appointment.objects.count(),
            Responsibility.objects.count(), Training.objects.count())


def _login(client, data, name):
    client.force_login(data["users"][name])
    return data["users"][name]


# --------------------------------------------------------------------------- services


def test_create_and_update_person_services(data):
    manager = data["users"]["province_manager"]
    with pytest.raises(ValidationError, match="Cần nhập họ và tên"):
        services.create_person(full_name="   ", unit=data["du"], user=manager)
    with pytest.raises(ValidationError, match="Năm sinh phải trong khoảng"):
        services.create_person(full_name="Lê Văn Tám", unit=data["du"], birth_year=1850, user=manager)
    with pytest.raises(PermissionDenied):
        services.create_person(full_name="Lê Văn Tám", unit=data["du"], user=data["users"]["approver"])
    with pytest.raises(PermissionDenied):
        services.create_person(full_name="Lê Văn Tám", unit=data["du"], user=data["users"]["other_province"])
    assert not Person.objects.filter(full_name="Lê Văn Tám").exists()
    person = services.create_person(full_name="  Lê   Văn Tám ", unit=data["x1_du"], birth_year=1980, user=manager)
    assert person.full_name == "Lê Văn Tám" and person.search_name == "le van tam"
    # Moving the person to another province needs the right over both lists.
    with pytest.raises(PermissionDenied):
        services.update_person(person, full_name="Lê Văn Tám", unit=data["X3"], user=manager)
    services.update_person(person, full_name="Lê Văn Tám", unit=data["du"], birth_year=1981, user=manager)
    person.refresh_from_db()
    assert person.unit == data["du"] and person.birth_year == 1981
    assert [h.history_type for h in person.history.order_by("history_date")] == ["+", "~"]
    assert {h.history_user for h in person.history.all()} == {manager}
    # Saving unchanged details writes no history row.
    services.update_person(person, full_name="Lê Văn Tám", unit=data["du"], birth_year=1981, user=manager)
    assert person.history.count() == 2


def test_create_post_service(data):
    manager = data["users"]["province_manager"]
    post = services.create_post(unit=data["du"], title="Ủy viên Ban Thường vụ Tỉnh ủy", is_standing_committee=True,
                                user=manager)
    assert post.is_executive_committee  # a standing committee member sits on the executive committee
    assert post.order == 3  # after "Phó Bí thư" (order 2)
    assert post.history.get().history_user == manager
    with pytest.raises(ValidationError, match="đã có chức vụ “Ủy viên Ban Thường vụ Tỉnh ủy”"):
        services.create_post(unit=data["du"], title="ủy viên ban thường vụ tỉnh ủy", user=manager)
    with pytest.raises(PermissionDenied):
        services.create_post(unit=data["du"], title="Chánh Văn phòng", user=data["users"]["reporter"])
    assert Post.objects.filter(unit=data["du"]).count() == 2


# --------------------------------------------------------------------------- a new cadre


def test_manager_adds_a_cadre_through_the_page(client, data):
    manager = _login(client, data, "province_manager")
    listing = client.get(reverse("people:list")).content.decode()
    assert "Thêm cán bộ" in listing
    page = client.get(reverse("people:person_create"))
    assert page.status_code == 200
    units = {u.code for u in page.context["form"].fields["unit"].queryset}
    assert {"P51", "X1", "P51-DU", "X1-DU"} <= units and "X3" not in units
    response = client.post(reverse("people:person_create"), {
        "full_name": "Đinh Thị Hoa", "unit": data["x1_du"].pk, "birth_year": "1985", "gender": "female",
        "ethnicity": "Hrê", "is_party_member": "on",
    })
    hoa = Person.objects.get(full_name="Đinh Thị Hoa")
    assert response.status_code == 302 and response["Location"] == reverse("people:person", args=[hoa.pk])
    assert hoa.unit == data["x1_du"] and hoa.gender == "female" and hoa.is_party_member
    assert hoa.history.get().history_user == manager
    page = client.get(response["Location"]).content.decode()
    assert "Đã thêm Đinh Thị Hoa vào danh sách cán bộ." in page


@pytest.mark.parametrize("name", ["viewer", "approver", "reporter", "outsider"])
def test_who_cannot_write_gets_403_and_no_button(client, data, name):
    _login(client, data, name)
    before = _counts()
    assert "Thêm cán bộ" not in client.get(reverse("people:list")).content.decode()
    assert client.get(reverse("people:person_create")).status_code == 403
    assert client.post(reverse("people:person_create"),
                       {"full_name": "Ai Đó", "unit": data["X1"].pk}).status_code == 403
    assert client.post(reverse("people:posts"), {"unit": data["X1"].pk, "title": "Chức vụ mới"}).status_code == 403
    assert _counts() == before


def test_other_province_picking_a_p51_unit_is_a_form_error(client, data):
    _login(client, data, "other_province")
    before = _counts()
    response = client.post(reverse("people:person_create"), {"full_name": "Y Bih", "unit": data["du"].pk})
    assert response.status_code == 200
    assert "Đơn vị đã chọn không thuộc phạm vi bạn được chọn." in response.content.decode()
    response = client.post(reverse("people:posts"), {"unit": data["du"].pk, "title": "Chánh Văn phòng"})
    assert response.status_code == 200
    assert "Đơn vị đã chọn không thuộc phạm vi bạn được chọn." in response.content.decode()
    assert _counts() == before


@pytest.mark.parametrize("name", ["other_province", "outsider", "viewer"])
def test_p51_people_are_404_outside_the_scope(client, data, name):
    _login(client, data, name)
    an = data["an"]
    appointment = services.create_appointment(person=an, post=data["deputy"], start_on=D(2021, 1, 1))
    resp = services.assign_responsibility(person=an, unit=data["X1"], start_on=D(2021, 1, 1))
    before = _counts()
    for url, args in [
        ("people:person_edit", [an.pk]), ("people:appointment_add", [an.pk]),
        ("people:appointment_end", [an.pk, appointment.pk]), ("people:responsibility_add", [an.pk]),
        ("people:responsibility_end", [an.pk, resp.pk]), ("people:training_add", [an.pk]),
    ]:
        assert client.get(reverse(url, args=args)).status_code == 404, url
        assert client.post(reverse(url, args=args), {"end_on": "2025-01-01"}).status_code == 404, url
    assert _counts() == before


def test_seen_but_not_managed_is_403_and_the_buttons_are_hidden(client, data):
    dung = data["dung"]
    for name in ("approver", "reporter"):  # both see Trần Văn Dũng (unit X1-DU)
        _login(client, data, name)
        page = client.get(reverse("people:person", args=[dung.pk])).content.decode()
        assert "Trần Văn Dũng" in page
        assert 'id="person-edit"' not in page and 'id="appointment-add"' not in page
        assert 'id="training-add"' not in page
        assert client.get(reverse("people:person_edit", args=[dung.pk])).status_code == 403
        response = client.post(reverse("people:training_add", args=[dung.pk]),
                               {"title": "Tin học", "kind": "it", "start_on": "2024-01-01"})
        assert response.status_code == 403
    assert not Training.objects.exists()
    _login(client, data, "province_manager")
    page = client.get(reverse("people:person", args=[dung.pk])).content.decode()
    for marker in ('id="person-edit"', 'id="appointment-add"', 'id="responsibility-add"', 'id="training-add"'):
        assert marker in page


def test_edit_a_person(client, data):
    manager = _login(client, data, "province_manager")
    an = data["an"]
    page = client.get(reverse("people:person_edit", args=[an.pk]))
    assert page.context["form"].initial["full_name"] == "Nguyễn Văn An"
    response = client.post(reverse("people:person_edit", args=[an.pk]), {
        "full_name": "Nguyễn Văn Ân", "unit": data["du"].pk, "birth_year": "1971",
    })
    assert response.status_code == 302
    an.refresh_from_db()
    assert an.full_name == "Nguyễn Văn Ân" and an.birth_year == 1971 and not an.is_party_member
    last = an.history.latest("history_date")
    assert last.history_type == "~" and last.history_user == manager
    # A person listed at a unit that has since ended keeps it when their details are corrected.
    old = OrgUnit.objects.create(code="H1-DU", name="Huyện ủy cũ", kind="party_committee", parent=data["P51"],
                                 valid_to=D(2025, 7, 1))
    dung = data["dung"]
    Person.objects.filter(pk=dung.pk).update(unit=old)
    assert old not in client.get(reverse("people:person_create")).context["form"].fields["unit"].queryset
    response = client.post(reverse("people:person_edit", args=[dung.pk]),
                           {"full_name": "Trần Văn Dũng", "unit": old.pk, "birth_year": "1975"})
    assert response.status_code == 302
    dung.refresh_from_db()
    assert dung.unit == old and dung.birth_year == 1975
    response = client.post(reverse("people:person_edit", args=[an.pk]),
                           {"full_name": "Nguyễn Văn Ân", "unit": data["du"].pk, "birth_year": "năm 70"})
    assert response.status_code == 200 and "Nhập năm sinh bằng số" in response.content.decode()


# --------------------------------------------------------------------------- appointments


def test_add_a_rotation_and_end_it_through_the_pages(client, data):
    manager = _login(client, data, "province_manager")
    dung = data["dung"]
    url = reverse("people:appointment_add", args=[dung.pk])
    posts = set(client.get(url).context["form"].fields["post"].queryset)
    assert posts == {data["deputy"], data["commune_sec"]}
    response = client.post(url, {
        "post": data["commune_sec"].pk, "kind": "rotation", "from_unit": data["du"].pk,
        "start_on": "01/03/2022", "decision_number": "12-QĐ/TU", "decision_date": "2022-02-20",
    })
    assert response.status_code == 302
    a = Appointment.objects.get(person=dung)
    assert (a.kind, a.from_unit, a.start_on, a.end_on) == ("rotation", data["du"], D(2022, 3, 1), None)
    assert a.history.get().history_user == manager
    page = client.get(reverse("people:person", args=[dung.pk])).content.decode()
    assert "Đã ghi: Bí thư Đảng ủy xã Ba Tơ." in page
    assert f'data-end-appointment="{a.pk}"' in page
    # Ending it before it started: refused, nothing written.
    end_url = reverse("people:appointment_end", args=[dung.pk, a.pk])
    response = client.post(end_url, {"end_on": "2022-02-01"})
    assert response.status_code == 200
    assert "Ngày kết thúc (01/02/2022) không được trước ngày bắt đầu (01/03/2022)." in response.content.decode()
    assert "Chưa có gì được lưu." in response.content.decode()
    a.refresh_from_db()
    assert a.end_on is None
    assert client.post(end_url, {"end_on": "2025-06-30"}).status_code == 302
    a.refresh_from_db()
    assert a.end_on == D(2025, 6, 30)
    assert a.history.latest("history_date").history_user == manager
    assert f'data-end-appointment="{a.pk}"' not in client.get(reverse("people:person", args=[dung.pk])).content.decode()
    # An appointment of another person cannot be reached through this person's address.
    assert client.get(reverse("people:appointment_end", args=[data["an"].pk, a.pk])).status_code == 404


def test_bad_appointments_write_nothing(client, data):
    _login(client, data, "province_manager")
    url = reverse("people:appointment_add", args=[data["dung"].pk])
    before = _counts()
    cases = [
        ({"start_on": "2024-05-01", "end_on": "2024-04-30"}, "không được trước ngày bắt đầu"),
        ({"start_on": "2024-05-01", "kind": "election", "from_unit": data["du"].pk}, "Chỉ ghi “đơn vị cũ”"),
        ({"start_on": ""}, "Mục này là bắt buộc."),
        ({"start_on": "2024-05-01", "post": 999999}, "Chức vụ đã chọn không thuộc đơn vị bạn được quản lý."),
    ]
    for extra, message in cases:
        body = {"post": data["commune_sec"].pk, "kind": "appointment", **extra}
        response = client.post(url, body)
        assert response.status_code == 200, extra
        assert message in response.content.decode(), extra
    assert _counts() == before


# --------------------------------------------------------------------------- responsibilities, training


def test_responsibilities_through_the_pages(client, data):
    manager = _login(client, data, "province_manager")
    an = data["an"]
    url = reverse("people:responsibility_add", args=[an.pk])
    before = _counts()
    response = client.post(url, {"unit": data["X1"].pk, "field": data["econ"].pk, "start_on": "2021-01-01"})
    assert response.status_code == 200 and "Chọn đúng một trong hai" in response.content.decode()
    response = client.post(url, {"unit": data["X3"].pk, "start_on": "2021-01-01"})
    assert response.status_code == 200 and "không thuộc phạm vi" in response.content.decode()
    assert _counts() == before
    assert client.post(url, {"unit": data["X1"].pk, "role": "phụ trách", "start_on": "2021-01-01"}).status_code == 302
    assert client.post(url, {"field": data["econ"].pk, "start_on": "2021-01-01"}).status_code == 302
    area = Responsibility.objects.get(person=an, unit=data["X1"])
    assert area.history.get().history_user == manager
    field = Responsibility.objects.get(person=an, field=data["econ"])
    assert field.role == "phụ trách"  # an empty role is the usual "phụ trách"
    end_url = reverse("people:responsibility_end", args=[an.pk, area.pk])
    response = client.post(end_url, {"end_on": "2020-12-31"})
    assert response.status_code == 200 and "không được trước ngày bắt đầu" in response.content.decode()
    assert client.post(end_url, {"end_on": "2024-12-31"}).status_code == 302
    area.refresh_from_db()
    assert area.end_on == D(2024, 12, 31)
    page = client.get(reverse("people:person", args=[an.pk])).content.decode()
    assert f'data-end-responsibility="{field.pk}"' in page and f'data-end-responsibility="{area.pk}"' not in page


def test_training_through_the_page(client, data):
    manager = _login(client, data, "province_manager")
    url = reverse("people:training_add", args=[data["an"].pk])
    response = client.post(url, {"title": "Tin học văn phòng", "kind": "it", "level": "advanced",
                                 "start_on": "2021-01-01"})
    assert response.status_code == 200 and "chỉ dùng cho lý luận chính trị" in response.content.decode()
    assert not Training.objects.exists()
    response = client.post(url, {"title": "Cao cấp lý luận chính trị", "kind": "political_theory",
                                 "level": "advanced", "institution": "Học viện Chính trị khu vực III",
                                 "start_on": "2016-09-01", "end_on": "2018-06-30"})
    assert response.status_code == 302
    training = Training.objects.get()
    assert training.history.get().history_user == manager
    page = client.get(reverse("people:person", args=[data["an"].pk])).content.decode()
    assert "Cao cấp lý luận chính trị" in page and "Học viện Chính trị khu vực III" in page


# --------------------------------------------------------------------------- posts


def test_posts_page_lists_and_adds_posts(client, data):
    manager = _login(client, data, "province_manager")
    url = reverse("people:posts")
    page = client.get(url)
    assert page.status_code == 200 and page.context["form"] is not None
    assert "Phó Bí thư Tỉnh ủy" in page.content.decode()
    response = client.post(f"{url}?don-vi={data['du'].pk}", {
        "unit": data["du"].pk, "title": "Ủy viên Ban Thường vụ Tỉnh ủy", "is_standing_committee": "on",
    })
    assert response.status_code == 302
    post = Post.objects.get(title="Ủy viên Ban Thường vụ Tỉnh ủy")
    assert post.is_standing_committee and post.is_executive_committee
    assert post.history.get().history_user == manager
    page = client.get(response["Location"]).content.decode()
    assert "Đã thêm chức vụ Ủy viên Ban Thường vụ Tỉnh ủy tại Tỉnh ủy Quảng Ngãi." in page
    response = client.post(url, {"unit": data["du"].pk, "title": "Phó Bí thư Tỉnh ủy"})
    assert response.status_code == 200
    assert "Tỉnh ủy Quảng Ngãi đã có chức vụ “Phó Bí thư Tỉnh ủy”." in response.content.decode()
    assert Post.objects.filter(unit=data["du"]).count() == 2
    # Viewers see the posts of their scope but no form.
    _login(client, data, "viewer")
    page = client.get(url)
    assert page.context["form"] is None and "Phó Bí thư Tỉnh ủy" not in page.content.decode()
    assert client.get(url, {"don-vi": data["du"].pk}).status_code == 404


# --------------------------------------------------------------------------- in a browser


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_enter_a_cadre_in_chromium(page, live_server, artifacts_dir, data):
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(data["users"]["province_manager"])
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "url": live_server.url,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    page.goto(live_server.url + reverse("people:list"))
    page.click("#person-add")
    page.fill("#id_full_name", "Đinh Thị Hoa")
    page.select_option("#id_unit", label="Đảng ủy xã Ba Tơ")
    page.fill("#id_birth_year", "1985")
    page.select_option("#id_gender", "female")
    page.fill("#id_ethnicity", "Hrê")
    page.screenshot(path=str(artifacts_dir / "people-manage-new-person.png"), full_page=True)
    page.click("#person-form button[type=submit]")
    page.wait_for_selector("text=Đã thêm Đinh Thị Hoa vào danh sách cán bộ.")

    page.click("#appointment-add")
    page.select_option("#id_post", label="Bí thư Đảng ủy xã Ba Tơ — Đảng ủy xã Ba Tơ")
    page.select_option("#id_kind", "rotation")
    page.select_option("#id_from_unit", label="Tỉnh ủy Quảng Ngãi")
    page.fill("#id_start_on", "2025-07-01")
    page.fill("#id_end_on", "2025-06-01")  # before the start: refused
    page.click("#appointment-form button[type=submit]")
    page.wait_for_selector(".form-errors")
    assert "không được trước ngày bắt đầu" in page.locator(".form-errors").inner_text()
    page.screenshot(path=str(artifacts_dir / "people-manage-appointment-error.png"), full_page=True)
    page.fill("#id_end_on", "")
    page.click("#appointment-form button[type=submit]")
    page.wait_for_selector("#posts-timeline")
    assert "Luân chuyển" in page.locator("#posts-timeline").inner_text()

    page.click("#responsibility-add")
    page.select_option("#id_unit", label="Xã Ba Vì")
    page.fill("#id_start_on", "2025-07-15")
    page.click("#responsibility-form button[type=submit]")
    page.wait_for_selector("#resps-table")
    page.click("#training-add")
    page.fill("#id_title", "Trung cấp lý luận chính trị")
    page.select_option("#id_kind", "political_theory")
    page.select_option("#id_level", "intermediate")
    page.fill("#id_start_on", "2019-03-01")
    page.fill("#id_end_on", "2020-01-15")
    page.click("#training-form button[type=submit]")
    page.wait_for_selector("#trainings-table")
    assert "Xã Ba Vì" in page.locator("#resps-table").inner_text()
    page.screenshot(path=str(artifacts_dir / "people-manage-person.png"), full_page=True)
    hoa = Person.objects.get(full_name="Đinh Thị Hoa")
    assert (hoa.appointments.count(), hoa.responsibilities.count(), hoa.trainings.count()) == (1, 1, 1)

    page.goto(live_server.url + reverse("people:posts"))
    page.click("#post-create summary")
    page.select_option("#id_unit", label="Tỉnh ủy Quảng Ngãi")
    page.fill("#id_title", "Ủy viên Ban Thường vụ Tỉnh ủy")
    page.check("#id_is_standing_committee")
    page.click("#post-form button[type=submit]")
    page.wait_for_selector("text=Đã thêm chức vụ Ủy viên Ban Thường vụ Tỉnh ủy tại Tỉnh ủy Quảng Ngãi.")
    page.screenshot(path=str(artifacts_dir / "people-manage-posts.png"), full_page=True)
    assert errors == []
