"""People app: services (validation writes nothing, rights), scoped pages, matrix, rotations, Excel."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from nghiquyet.indicators.models import Field
from nghiquyet.people import services
from nghiquyet.people.models import Appointment, Person, Post, Responsibility, Training
from nghiquyet.units.models import OrgUnit

D = dt.date


@pytest.fixture
def data(tree, personas):
    """P51's Party committee with a standing committee of two, two communes, one rotation."""
    du = OrgUnit.objects.create(code="P51-DU", name="Tỉnh ủy Quảng Ngãi", kind="party_committee", parent=tree["P51"])
    x1_du = OrgUnit.objects.create(code="X1-DU", name="Đảng ủy xã Ba Tơ", kind="party_committee", parent=tree["X1"])
    econ = Field.objects.create(code="kinh-te", name="Kinh tế", order=1)
    social = Field.objects.create(code="van-hoa", name="Văn hóa – xã hội", order=2)
    secretary = Post.objects.create(unit=du, title="Bí thư Tỉnh ủy", order=1, is_standing_committee=True)
    member = Post.objects.create(unit=du, title="Ủy viên Ban Thường vụ", order=9, is_standing_committee=True)
    expert = Post.objects.create(unit=du, title="Chuyên viên Ban Tổ chức", order=30)
    commune_sec = Post.objects.create(unit=x1_du, title="Bí thư Đảng ủy xã Ba Tơ", order=1)
    an = Person.objects.create(full_name="Nguyễn Văn An", unit=du, birth_year=1968)
    binh = Person.objects.create(full_name="Phạm Thị Bình", unit=du, gender="female")
    dung = Person.objects.create(full_name="Trần Văn Dũng", unit=x1_du)
    far = Person.objects.create(full_name="Y Moan Êban", unit=tree["X3"])
    services.create_appointment(person=an, post=secretary, kind="election", start_on=D(2020, 10, 1))
    services.create_appointment(person=binh, post=member, kind="election", start_on=D(2020, 10, 1),
                                end_on=D(2024, 12, 31))
    services.create_appointment(person=dung, post=expert, start_on=D(2018, 1, 1), end_on=D(2022, 2, 28))
    services.create_appointment(person=dung, post=commune_sec, kind="rotation", start_on=D(2022, 3, 1),
                                decision_number="12-QĐ/TU")
    services.assign_responsibility(person=an, unit=tree["X1"], start_on=D(2020, 11, 1))
    services.assign_responsibility(person=an, field=econ, start_on=D(2020, 11, 1))
    services.assign_responsibility(person=binh, unit=tree["X1"], start_on=D(2020, 11, 1), end_on=D(2024, 12, 31))
    services.assign_responsibility(person=binh, field=social, start_on=D(2020, 11, 1), end_on=D(2024, 12, 31))
    return {
        "du": du, "x1_du": x1_du, "econ": econ, "social": social, "secretary": secretary, "member": member,
        "expert": expert, "commune_sec": commune_sec, "an": an, "binh": binh, "dung": dung, "far": far,
        **tree, "users": personas,
    }


def _counts() -> tuple[int, int, int]:
    return Appointment.objects.count(), Responsibility.objects.count(), Training.objects.count()


# --------------------------------------------------------------------------- services


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"start_on": D(2021, 5, 1), "end_on": D(2021, 4, 30)}, "không được trước ngày bắt đầu"),
    ({"start_on": D(2021, 5, 1), "kind": "promotion"}, "Hình thức bố trí không hợp lệ"),
    ({"start_on": D(2021, 5, 1), "kind": "election", "from_unit": "X1"}, "Chỉ ghi “đơn vị cũ”"),
    ({"start_on": D(2021, 5, 1), "kind": "rotation", "from_unit": "du"}, "trùng với đơn vị"),
    ({"start_on": None}, "Cần nhập ngày bắt đầu"),
])
def test_create_appointment_rejects_bad_input_and_writes_nothing(data, kwargs, message):
    before = _counts()
    if isinstance(kwargs.get("from_unit"), str):
        kwargs = {**kwargs, "from_unit": data[kwargs["from_unit"]]}
    with pytest.raises(ValidationError, match=message):
        services.create_appointment(person=data["binh"], post=data["expert"], user=data["users"]["province_manager"],
                                    **kwargs)
    assert _counts() == before


def test_the_same_person_cannot_hold_the_same_post_twice_at_once(data):
    before = _counts()
    with pytest.raises(ValidationError, match="đã giữ chức vụ “Bí thư Tỉnh ủy”"):
        services.create_appointment(person=data["an"], post=data["secretary"], start_on=D(2025, 1, 1))
    assert _counts() == before
    # After Bình's term ended she may take the same post again.
    services.create_appointment(person=data["binh"], post=data["member"], start_on=D(2025, 1, 1))


def test_a_post_at_a_unit_that_no_longer_exists_cannot_start(data):
    old = OrgUnit.objects.create(code="X-OLD-1", name="Xã Ba Cung", kind="commune", parent=data["P51"],
                                 valid_to=D(2025, 7, 1))
    post = Post.objects.create(unit=old, title="Chủ tịch UBND xã Ba Cung")
    with pytest.raises(ValidationError, match="đã thôi tồn tại từ ngày 01/07/2025"):
        services.create_appointment(person=data["binh"], post=post, start_on=D(2025, 7, 1))
    assert services.create_appointment(person=data["binh"], post=post, start_on=D(2025, 1, 1)).pk


def test_rights_to_write_appointments(data):
    users = data["users"]
    for name in ("reporter", "viewer", "approver", "outsider", "other_province"):
        with pytest.raises(PermissionDenied):
            services.create_appointment(person=data["binh"], post=data["expert"], start_on=D(2025, 1, 1),
                                        user=users[name])
    a = services.create_appointment(person=data["binh"], post=data["expert"], start_on=D(2025, 1, 1),
                                    user=users["province_manager"])
    # Audited: simple-history keeps who created it and who ended it.
    services.end_appointment(a, end_on=D(2025, 6, 30), user=users["admin"])
    history = list(a.history.order_by("history_date"))
    assert [h.history_type for h in history] == ["+", "~"]
    assert history[0].history_user == users["province_manager"]
    assert history[1].history_user == users["admin"] and history[1].end_on == D(2025, 6, 30)


def test_end_appointment_validation(data):
    a = Appointment.objects.get(person=data["an"])
    with pytest.raises(ValidationError, match="không được trước ngày bắt đầu"):
        services.end_appointment(a, end_on=D(2019, 1, 1))
    with pytest.raises(PermissionDenied):
        services.end_appointment(a, end_on=D(2025, 1, 1), user=data["users"]["reporter"])
    a.refresh_from_db()
    assert a.end_on is None
    services.end_appointment(a, end_on=D(2025, 1, 1))
    with pytest.raises(ValidationError, match="đã kết thúc ngày 01/01/2025"):
        services.end_appointment(a, end_on=D(2025, 2, 1))


def test_responsibility_rules(data):
    before = _counts()
    with pytest.raises(ValidationError, match="Chọn đúng một"):
        services.assign_responsibility(person=data["an"], unit=data["X2"], field=data["econ"], start_on=D(2021, 1, 1))
    with pytest.raises(ValidationError, match="Chọn đúng một"):
        services.assign_responsibility(person=data["an"], start_on=D(2021, 1, 1))
    # The same person twice for the same area over overlapping periods: an error.
    with pytest.raises(ValidationError, match="đã được phân công phụ trách Xã Ba Tơ"):
        services.assign_responsibility(person=data["an"], unit=data["X1"], start_on=D(2023, 1, 1))
    with pytest.raises(ValidationError, match="phụ trách Kinh tế"):
        services.assign_responsibility(person=data["an"], field=data["econ"], start_on=D(2023, 1, 1))
    with pytest.raises(PermissionDenied):
        services.assign_responsibility(person=data["an"], unit=data["X2"], start_on=D(2021, 1, 1),
                                       user=data["users"]["reporter2"])
    assert _counts() == before
    # Several leaders may share a commune; the same person may take it again after their period.
    services.assign_responsibility(person=data["dung"], unit=data["X1"], start_on=D(2023, 1, 1))
    services.assign_responsibility(person=data["binh"], unit=data["X1"], start_on=D(2025, 1, 1),
                                   user=data["users"]["province_manager"])
    r = Responsibility.objects.get(person=data["binh"], unit=data["X1"], start_on=D(2025, 1, 1))
    assert r.history.get().history_user == data["users"]["province_manager"]
    services.end_responsibility(r, end_on=D(2025, 6, 30))
    with pytest.raises(ValidationError, match="đã kết thúc"):
        services.end_responsibility(r, end_on=D(2025, 7, 30))


def test_add_training_rules(data):
    before = _counts()
    with pytest.raises(ValidationError, match="chỉ dùng cho lý luận chính trị"):
        services.add_training(person=data["an"], title="Tin học", kind="it", level="advanced", start_on=D(2021, 1, 1))
    with pytest.raises(ValidationError, match="Loại đào tạo không hợp lệ"):
        services.add_training(person=data["an"], title="X", kind="cooking", start_on=D(2021, 1, 1))
    with pytest.raises(ValidationError, match="tên khóa"):
        services.add_training(person=data["an"], title="  ", kind="it", start_on=D(2021, 1, 1))
    with pytest.raises(PermissionDenied):
        services.add_training(person=data["an"], title="Tin học", kind="it", start_on=D(2021, 1, 1),
                              user=data["users"]["other_province"])
    assert _counts() == before
    t = services.add_training(person=data["an"], title="Cao cấp lý luận chính trị", kind="political_theory",
                              level="advanced", start_on=D(2016, 9, 1), end_on=D(2018, 6, 30),
                              user=data["users"]["province_manager"])
    assert t.get_level_display() == "Cao cấp"


# --------------------------------------------------------------------------- pages: scope


def test_people_list_scoped_and_searchable_without_diacritics(client, data):
    client.force_login(data["users"]["province_manager"])
    page = client.get(reverse("people:list"), {"q": "nguyen van an"}).content.decode()
    assert "Nguyễn Văn An" in page and "Phạm Thị Bình" not in page
    page = client.get(reverse("people:list")).content.decode()
    assert "Trần Văn Dũng" in page and "Y Moan Êban" not in page  # P66 is outside
    page = client.get(reverse("people:list"), {"don-vi": data["X1"].pk}).content.decode()
    assert "Trần Văn Dũng" in page and "Nguyễn Văn An" not in page
    assert client.get(reverse("people:list"), {"don-vi": data["X3"].pk}).status_code == 404
    client.force_login(data["users"]["other_province"])
    page = client.get(reverse("people:list")).content.decode()
    assert "Y Moan Êban" in page and "Nguyễn Văn An" not in page


@pytest.mark.parametrize("name", ["outsider", "other_province", "reporter2"])
def test_a_person_of_p51_is_a_404_outside_its_scope(client, data, name):
    client.force_login(data["users"][name])
    an = data["an"]
    for url in ("people:person", "people:person_export", "people:leader", "people:leader_export"):
        assert client.get(reverse(url, args=[an.pk])).status_code == 404, url


def test_person_page(client, data):
    client.force_login(data["users"]["reporter"])  # reporter @X1 sees Dũng (unit X1-DU), not An
    assert client.get(reverse("people:person", args=[data["an"].pk])).status_code == 404
    page = client.get(reverse("people:person", args=[data["dung"].pk])).content.decode()
    assert "Quá trình công tác" in page
    assert page.index("Bí thư Đảng ủy xã Ba Tơ") < page.index("Chuyên viên Ban Tổ chức")  # newest first
    assert "12-QĐ/TU" in page and "Luân chuyển" in page
    assert "4 năm 2 tháng" in page  # 01/01/2018–28/02/2022


# --------------------------------------------------------------------------- the matrix


def test_matrix(client, data):
    client.force_login(data["users"]["province_manager"])
    url = reverse("people:matrix")
    page = client.get(url, {"don-vi": data["du"].pk, "ngay": "2023-06-30"}).content.decode()
    assert page.count('<tr data-person=') == 2  # An and Bình on 30/06/2023
    assert page.count("✔</td>") == 4  # X1 ×2, Kinh tế, Văn hóa
    assert "Xã Ba Vì" in page and "Địa bàn chưa có người phụ trách" in page  # X2 has nobody
    page = client.get(url, {"don-vi": data["du"].pk, "ngay": "30/06/2025"}).content.decode()
    assert page.count('<tr data-person=') == 1  # Bình's term ended
    page = client.get(url, {"ngay": "hôm qua"}).content.decode()
    assert "không phải là ngày" in page
    # Another province's committee is not selectable: 404.
    assert client.get(url, {"don-vi": data["P66"].pk}).status_code == 404
    client.force_login(data["users"]["outsider"])
    assert "Bạn chưa xem được cấp ủy nào" in client.get(url).content.decode()


def test_matrix_export(client, data):
    client.force_login(data["users"]["province_manager"])
    response = client.get(reverse("people:matrix_export"), {"don-vi": data["du"].pk, "ngay": "2023-06-30"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.content)).active
    headers = [c.value for c in ws[4]]
    assert headers[:2] == ["Ủy viên Ban Thường vụ", "Chức vụ"]
    assert "Xã Ba Tơ" in headers and "Lĩnh vực: Kinh tế" in headers
    rows = {r[0]: r for r in ws.iter_rows(min_row=5, values_only=True)}
    an = rows["Nguyễn Văn An"]
    assert an[headers.index("Xã Ba Tơ")] == "x" and an[headers.index("Lĩnh vực: Kinh tế")] == "x"
    assert an[headers.index("Xã Ba Vì")] in (None, "")
    assert rows["Số người phụ trách"][headers.index("Xã Ba Tơ")] == 2


# --------------------------------------------------------------------------- a leader's page


def test_leader_page_lists_areas_targets_and_tasks(client, data):
    from nghiquyet.indicators.models import Indicator
    from nghiquyet.plans.models import Task
    from nghiquyet.resolutions.models import Resolution, Target

    ind = Indicator.objects.create(code="thu-ngan-sach", name="Thu ngân sách", unit_of_measure="tỷ đồng",
                                   field=data["econ"])
    ntm = Indicator.objects.create(code="ntm", name="Đạt chuẩn nông thôn mới", value_type="bool")
    res = Resolution.objects.create(issuer=data["du"], number="NQ-01", title="Nghị quyết Đại hội",
                                    term_start=2020, term_end=2025)
    Target.objects.create(resolution=res, code="CT1", text="Thu ngân sách tăng 10%/năm", indicator=ind,
                          kind="avg_growth", target_year=2025, target_min=10, baseline_year=2020)
    Target.objects.create(resolution=res, code="CT2", text="Xã Ba Tơ đạt chuẩn nông thôn mới", indicator=ntm,
                          kind="level", target_year=2025, target_min=1, scope_unit=data["X1"])
    Target.objects.create(resolution=res, code="CT3", text="Xã Ba Vì đạt chuẩn", indicator=ntm,
                          kind="level", target_year=2025, target_min=1, scope_unit=data["X2"])
    Task.objects.create(title="Xây dựng trường học xã Ba Tơ", lead_unit=data["X1"], deadline=D(2021, 12, 31))
    Task.objects.create(title="Báo cáo sơ kết", lead_unit=data["du"], leader=data["an"],
                        deadline=D(2022, 6, 30), completed_on=D(2022, 6, 1))
    Task.objects.create(title="Việc của xã Ba Vì", lead_unit=data["X2"], deadline=D(2021, 12, 31))
    client.force_login(data["users"]["province_manager"])
    page = client.get(reverse("people:leader", args=[data["an"].pk]), {"ngay": "2023-06-30"}).content.decode()
    assert 'data-target="CT1"' in page  # field Kinh tế, at the committee's province
    assert 'data-target="CT2"' in page  # area Xã Ba Tơ
    assert 'data-target="CT3"' not in page  # another commune, no field in charge
    assert "Xây dựng trường học xã Ba Tơ" in page and "Quá hạn" in page
    assert "Báo cáo sơ kết" in page and "Hoàn thành đúng hạn" in page
    assert "Việc của xã Ba Vì" not in page
    wb = load_workbook(io.BytesIO(client.get(
        reverse("people:leader_export", args=[data["an"].pk]), {"ngay": "2023-06-30"}).content))
    assert wb.sheetnames == ["DiaBan", "ChiTieu", "NhiemVu"]
    assert {r[1] for r in wb["ChiTieu"].iter_rows(min_row=5, values_only=True)} == {"CT1", "CT2"}
    assert len(list(wb["NhiemVu"].iter_rows(min_row=5, values_only=True))) == 2


# --------------------------------------------------------------------------- rotations


def test_rotation_report_counts_and_export(client, data):
    P51 = data["P51"]
    x2_ub = OrgUnit.objects.create(code="X2-UB", name="UBND xã Ba Vì", kind="peoples_committee", parent=data["X2"])
    p51_ub = data["P51-UB"]
    up = Post.objects.create(unit=p51_ub, title="Phó Giám đốc Sở")
    side = Post.objects.create(unit=x2_ub, title="Phó Chủ tịch UBND xã Ba Vì")
    binh2 = Person.objects.create(full_name="Đinh Văn Sơn", unit=x2_ub)
    # 2023: a commune cadre up to the province; 2023: sideways between communes (origin inferred).
    services.create_appointment(person=binh2, post=side, start_on=D(2019, 1, 1), end_on=D(2022, 12, 31))
    services.create_appointment(person=binh2, post=up, kind="rotation", start_on=D(2023, 1, 1),
                                end_on=D(2024, 12, 31))
    services.create_appointment(person=data["dung"], post=side, kind="transfer", start_on=D(2023, 6, 1),
                                from_unit=data["x1_du"])
    assert P51  # the P51 manager sees all of it
    client.force_login(data["users"]["province_manager"])
    page = client.get(reverse("people:rotations")).content.decode()
    assert page.count('data-direction="down"') == 1  # Dũng 2022, province → commune
    assert page.count('data-direction="up"') == 1  # Sơn 2023, commune → province
    assert page.count('data-direction="sideways"') == 0  # the transfer is left out by default
    assert "2 năm" in page  # Sơn: 01/01/2023–31/12/2024
    page = client.get(reverse("people:rotations"), {"dieu-dong": "1"}).content.decode()
    assert page.count('data-direction="sideways"') == 1
    page = client.get(reverse("people:rotations"), {"tu-nam": "2023"}).content.decode()
    assert 'data-direction="down"' not in page
    wb = load_workbook(io.BytesIO(client.get(reverse("people:rotations_export"), {"dieu-dong": "1"}).content))
    rows = list(wb["LuanChuyen"].iter_rows(min_row=5, values_only=True))
    assert [(r[0], r[1], r[6]) for r in rows] == [
        (2022, "Trần Văn Dũng", "Xuống cơ sở"), (2023, "Đinh Văn Sơn", "Lên cấp trên"),
        (2023, "Trần Văn Dũng", "Ngang cấp"),
    ]
    assert rows[1][9] == 24  # months
    summary = list(wb["TongHop"].iter_rows(min_row=5, values_only=True))
    assert summary[-1] == ("Tổng", 1, 1, 1, 0, 3)
    # Outside the scope: nothing.
    client.force_login(data["users"]["other_province"])
    assert "data-direction" not in client.get(reverse("people:rotations")).content.decode()


def test_people_and_person_exports(client, data):
    client.force_login(data["users"]["province_manager"])
    ws = load_workbook(io.BytesIO(client.get(reverse("people:list_export")).content)).active
    names = [r[1] for r in ws.iter_rows(min_row=5, values_only=True)]
    assert names == ["Nguyễn Văn An", "Phạm Thị Bình", "Trần Văn Dũng"]
    wb = load_workbook(io.BytesIO(client.get(reverse("people:person_export", args=[data["dung"].pk])).content))
    assert wb.sheetnames == ["QuaTrinhCongTac", "PhuTrach", "DaoTao"]
    posts = list(wb["QuaTrinhCongTac"].iter_rows(min_row=5, values_only=True))
    assert [p[0] for p in posts] == ["Bí thư Đảng ủy xã Ba Tơ", "Chuyên viên Ban Tổ chức"]
    assert posts[0][2] == "Luân chuyển" and posts[1][6] == 50
