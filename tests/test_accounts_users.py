"""/tai-khoan/nguoi-dung/: a unit administrator manages the users of their subtree, nothing else."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from nghiquyet.accounts.models import AccessEvent, Membership

URL = "/tai-khoan/nguoi-dung/"


@pytest.fixture
def unit_admin(personas, tree):
    user = get_user_model().objects.create_user("p51.admin", password="x")
    Membership.objects.create(user=user, unit=tree["P51"], role="admin")
    return user


def _body(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize("persona", ["province_manager", "approver", "reporter", "viewer", "outsider"])
def test_only_admins_open_the_page(client, personas, persona):
    client.force_login(personas[persona])
    assert client.get(URL).status_code == 403
    assert AccessEvent.objects.filter(kind="refused", username=persona).exists()


def test_the_list_shows_users_of_the_subtree_only(client, personas, unit_admin):
    client.force_login(unit_admin)
    body = _body(client.get(URL))
    for name in ("province_manager", "approver", "reporter", "reporter2", "viewer"):
        assert f'data-user="{name}"' in body
    assert 'data-user="other_province"' not in body and "Đắk Lắk" not in body
    assert "Người dùng" in _body(client.get("/"))  # the header link


def test_superuser_sees_everyone(client, personas):
    client.force_login(personas["admin"])
    assert 'data-user="other_province"' in _body(client.get(URL))


def test_grant_a_role_to_an_existing_and_a_new_user(client, personas, unit_admin, tree):
    client.force_login(unit_admin)
    response = client.post(URL, {"action": "add", "username": "viewer", "unit": "X1", "role": "reporter"})
    assert response.status_code == 302
    assert Membership.objects.filter(user=personas["viewer"], unit=tree["X1"], role="reporter").exists()
    response = client.post(URL, {"action": "add", "username": "can.bo.moi", "unit": "X2", "role": "viewer",
                                 "full_name": "Cán bộ mới", "password": "mat-khau-dai-du"})
    assert response.status_code == 302
    new = get_user_model().objects.get(username="can.bo.moi")
    assert new.check_password("mat-khau-dai-du") and new.first_name == "Cán bộ mới"


@pytest.mark.parametrize("data,message", [
    ({"username": "viewer", "unit": "X3", "role": "viewer"}, "Không có đơn vị mã «X3» trong phạm vi bạn quản trị"),
    ({"username": "viewer", "unit": "KHONG", "role": "viewer"}, "Không có đơn vị mã «KHONG» trong phạm vi bạn quản trị"),
    ({"username": "ai.do", "unit": "X1", "role": "viewer"}, "Người dùng mới cần mật khẩu"),
])
def test_grant_errors_write_nothing(client, personas, unit_admin, data, message):
    client.force_login(unit_admin)
    before = Membership.objects.count(), get_user_model().objects.count()
    response = client.post(URL, {"action": "add", **data})
    assert response.status_code == 200 and message in _body(response)
    assert (Membership.objects.count(), get_user_model().objects.count()) == before


def test_remove_only_inside_the_subtree(client, personas, unit_admin):
    client.force_login(unit_admin)
    mine = Membership.objects.get(user=personas["reporter"])
    other = Membership.objects.get(user=personas["other_province"])
    assert client.post(URL, {"action": "remove", "membership": other.pk}).status_code == 404
    assert Membership.objects.filter(pk=other.pk).exists()
    assert AccessEvent.objects.filter(kind="refused", username="p51.admin").exists()
    assert client.post(URL, {"action": "remove", "membership": mine.pk}).status_code == 302
    assert not Membership.objects.filter(pk=mine.pk).exists()


def test_deactivate_a_user_of_the_subtree(client, personas, unit_admin):
    client.force_login(unit_admin)
    reporter = personas["reporter"]
    assert client.post(URL, {"action": "deactivate", "user": reporter.pk}).status_code == 302
    reporter.refresh_from_db()
    assert not reporter.is_active
    assert client.post(URL, {"action": "deactivate", "user": personas["other_province"].pk}).status_code == 404
    personas["other_province"].refresh_from_db()
    assert personas["other_province"].is_active
    # someone with a role elsewhere too cannot be locked from here
    Membership.objects.create(user=personas["viewer"], unit=personas["other_province"].memberships.get().unit, role="viewer")
    response = client.post(URL, {"action": "deactivate", "user": personas["viewer"].pk})
    assert response.status_code == 200 and "ngoài phạm vi bạn quản trị" in _body(response)
    personas["viewer"].refresh_from_db()
    assert personas["viewer"].is_active
