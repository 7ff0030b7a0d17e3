"""The JSON API (/api/v1/): who sees and changes what, through tokens and sessions.

Scope is the pages' scope (accounts.access). Guessing the id of something outside it answers
404 with no data of that thing in the body; something seen but not changeable answers 403.
"""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from nghiquyet.api.models import ApiToken, hash_key
from nghiquyet.api.services import create_token, revoke_token
from nghiquyet.indicators.models import DataValue, DataValueChange, Indicator
from nghiquyet.indicators.services import ValueInput, get_value, write_values
from nghiquyet.reporting import services as reporting
from nghiquyet.reporting.models import ReportingForm, ReportingFormItem, Submission
from nghiquyet.resolutions.models import AnnualPlan, Resolution, Target

pytestmark = pytest.mark.django_db

API = "/api/v1"
ALL_PERSONAS = ["admin", "province_manager", "approver", "reporter", "reporter2", "viewer", "other_province", "outsider"]
P51_TREE = {"P51", "X1", "T1", "X2", "P51-UB"}
# What each persona sees of the `tree` (conftest): a membership at U shows U's subtree.
SEES = {
    "admin": {"VN", "P51", "X1", "T1", "X2", "P51-UB", "P66", "X3"},
    "province_manager": P51_TREE,
    "approver": P51_TREE,
    "reporter": {"X1", "T1"},
    "reporter2": {"X2"},
    "viewer": {"X2"},
    "other_province": {"P66", "X3"},
    "outsider": set(),
}


@pytest.fixture
def world(tree, personas):
    """Indicators, three resolutions (province body, commune X1, other province), figures, a form."""
    households = Indicator.objects.create(code="so-ho", name="Số hộ", value_type="count", unit_of_measure="hộ",
                                          time_aggregation="last", decimals=0)
    poor = Indicator.objects.create(code="ho-ngheo", name="Số hộ nghèo", value_type="count", unit_of_measure="hộ",
                                    time_aggregation="last", decimals=0)
    estimate_only = Indicator.objects.create(code="grdp", name="Tổng sản phẩm", unit_of_measure="tỷ đồng")
    r51 = Resolution.objects.create(issuer=tree["P51-UB"], number="NQ-51", title="Nghị quyết tỉnh Quảng Ngãi",
                                    term_start=2020, term_end=2025)
    rx1 = Resolution.objects.create(issuer=tree["X1"], number="NQ-X1", title="Nghị quyết xã Ba Tơ",
                                    term_start=2020, term_end=2025)
    r66 = Resolution.objects.create(issuer=tree["P66"], number="NQ-66", title="Nghị quyết bí mật Đắk Lắk",
                                    term_start=2020, term_end=2025)
    targets = {}
    for res, unit in ((r51, None), (rx1, None), (r66, None)):
        targets[res.number] = Target.objects.create(
            resolution=res, code="CT1", text="Giảm số hộ nghèo xuống dưới 5 hộ", indicator=poor, kind="level",
            baseline_year=2020, target_year=2025, target_max=5, comparator="lte", direction="decrease", scope_unit=unit,
        )
    AnnualPlan.objects.create(target=targets["NQ-X1"], year=2023, value=8)
    write_values([
        ValueInput(poor.pk, tree["X1"].pk, str(y), v) for y, v in ((2020, 12), (2021, 10), (2022, 9), (2023, 7))
    ] + [
        ValueInput(poor.pk, tree["X2"].pk, "2023", 4), ValueInput(poor.pk, tree["X3"].pk, "2023", 99),
        ValueInput(poor.pk, tree["P51"].pk, "2020", 30), ValueInput(poor.pk, tree["P66"].pk, "2020", 500),
    ])
    form = ReportingForm.objects.create(code="BM-HO", name="Hộ nghèo hằng năm", periodicity="year",
                                        scope_unit=tree["P51"], unit_kinds=["commune"])
    ReportingFormItem.objects.create(form=form, indicator=households, order=1)
    ReportingFormItem.objects.create(form=form, indicator=poor, order=2)
    form66 = ReportingForm.objects.create(code="BM-66", name="Biểu Đắk Lắk", periodicity="year",
                                          scope_unit=tree["P66"], unit_kinds=["commune"])
    ReportingFormItem.objects.create(form=form66, indicator=poor, order=1)
    return {
        "households": households, "poor": poor, "grdp": estimate_only, "r51": r51, "rx1": rx1, "r66": r66,
        "targets": targets, "form": form, "form66": form66, **tree, "users": personas,
    }


def token_client(user) -> tuple[Client, str]:
    _, secret = create_token(user, "kiểm thử")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}"), secret


@pytest.fixture
def as_user(world):
    """as_user(name) → a client authenticated by a fresh Bearer token of that persona."""
    return lambda name: token_client(world["users"][name])[0]


def codes(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {item["code"] for item in response.json()["items"]}


def assert_404_without_data(response, *secrets: str) -> None:
    assert response.status_code == 404, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.content.decode()
    assert "Không tìm thấy" in response.json()["detail"]
    for secret in secrets:
        assert secret not in body


# --------------------------------------------------------------------------- authentication


def test_no_credentials_is_401_json_not_a_login_redirect(world):
    for url in ("/units", "/indicators", "/resolutions", "/figures", "/submissions", "/forms"):
        r = Client().get(API + url)
        assert r.status_code == 401, url
        assert r.json()["detail"].startswith("Cần đăng nhập")
        assert r["WWW-Authenticate"].startswith("Bearer")
    r = Client().post(API + "/figures", data="[]", content_type="application/json")
    assert r.status_code == 401


def test_token_auth_and_revocation(world):
    user = world["users"]["reporter"]
    token, secret = create_token(user, "tập lệnh xã")
    assert token.key_hash == hash_key(secret) and secret not in (token.key_hash, token.prefix + "x")
    assert token.prefix == secret[:8]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert codes(client.get(f"{API}/units")) == SEES["reporter"]
    token.refresh_from_db()
    assert token.last_used_at is not None

    revoke_token(token, by=user)
    r = client.get(f"{API}/units")
    assert r.status_code == 401
    # an unknown or malformed token is refused, even next to a valid session
    for header in ("Bearer nope", "Bearer " + secret[:-1] + "x", "Bearer "):
        c = Client(HTTP_AUTHORIZATION=header)
        c.force_login(user)
        assert c.get(f"{API}/units").status_code == 401, header
    # an inactive user's token stops working
    other, secret2 = create_token(world["users"]["viewer"], "x")
    other.user.is_active = False
    other.user.save()
    assert Client(HTTP_AUTHORIZATION=f"Bearer {secret2}").get(f"{API}/units").status_code == 401


def test_create_token_command_prints_the_secret_once(world):
    out, err = StringIO(), StringIO()
    call_command("create_token", "reporter", name="nhập số liệu", stdout=out, stderr=err)
    secret = out.getvalue().strip()
    assert len(secret) >= 40 and "không hiện lại" in err.getvalue()
    stored = ApiToken.objects.get(user__username="reporter")
    assert stored.name == "nhập số liệu" and stored.key_hash == hash_key(secret)
    assert not ApiToken.objects.filter(key_hash=secret).exists()  # never stored in clear
    assert Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get(f"{API}/units").status_code == 200
    call_command("create_token", "reporter", revoke=secret[:8], stdout=StringIO())
    assert Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get(f"{API}/units").status_code == 401
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("create_token", "no-such-user", name="x", stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("create_token", "reporter", name="  ", stdout=StringIO())


def test_session_auth_reads_and_needs_csrf_to_write(world):
    user = world["users"]["reporter"]
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert codes(client.get(f"{API}/units")) == SEES["reporter"]
    body = json.dumps([{"indicator": "so-ho", "unit": "X1", "period": "2024", "value": 120}])
    r = client.post(f"{API}/figures", data=body, content_type="application/json")
    assert r.status_code == 403 and "CSRF" in r.json()["detail"]
    assert not DataValue.objects.filter(indicator=world["households"]).exists()
    client.get("/api/tokens/")  # a page with a form sets the CSRF cookie, as in the browser
    csrf = client.cookies["csrftoken"].value
    r = client.post(f"{API}/figures", data=body, content_type="application/json", HTTP_X_CSRFTOKEN=csrf)
    assert r.status_code == 200, r.content
    assert DataValue.objects.get(indicator=world["households"], unit=world["X1"]).value == 120


def test_schema_and_docs_are_public_and_offline(client):
    r = client.get(f"{API}/openapi.json")
    assert r.status_code == 200
    spec = r.json()
    paths = set(spec["paths"])
    for p in ("/api/v1/units", "/api/v1/units/{unit_id}", "/api/v1/units/{unit_id}/children", "/api/v1/indicators",
              "/api/v1/resolutions/{resolution_id}/targets", "/api/v1/targets/{target_id}", "/api/v1/figures",
              "/api/v1/submissions/{submission_id}/approve"):
        assert p in paths, p
    assert {"TokenAuth", "BrowserSession"} <= set(spec["components"]["securitySchemes"])
    docs = client.get(f"{API}/docs")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "swagger-ui-bundle.js" in html and "cdn" not in html.lower()  # ninja's bundled copy, no CDN


# --------------------------------------------------------------------------- units


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_units_list_is_the_personas_scope(as_user, persona):
    assert codes(as_user(persona).get(f"{API}/units?limit=500")) == SEES[persona]


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_guessing_a_unit_id(world, as_user, persona):
    client = as_user(persona)
    for code, unit in ((c, world[c]) for c in ("VN", "P51", "X1", "T1", "X2", "P51-UB", "P66", "X3")):
        r = client.get(f"{API}/units/{unit.pk}")
        if code in SEES[persona]:
            assert r.status_code == 200 and r.json()["code"] == code
        else:
            assert_404_without_data(r, unit.name)
        r = client.get(f"{API}/units/{unit.pk}/children")
        assert r.status_code == (200 if code in SEES[persona] else 404)
    assert_404_without_data(client.get(f"{API}/units/987654"))


def test_units_search_tree_and_filters(world, as_user):
    client = as_user("province_manager")
    assert codes(client.get(f"{API}/units", {"q": "ba to"})) == {"X1"}  # no diacritics needed
    assert codes(client.get(f"{API}/units", {"q": "ea tu"})) == set()  # other province: not found
    assert codes(client.get(f"{API}/units", {"parent": world["P51"].pk})) == {"X1", "X2", "P51-UB"}
    assert codes(client.get(f"{API}/units", {"kind": "commune"})) == {"X1", "X2"}
    assert client.get(f"{API}/units", {"parent": world["P66"].pk}).status_code == 404
    assert client.get(f"{API}/units", {"kind": "planet"}).status_code == 422
    children = client.get(f"{API}/units/{world['X1'].pk}/children").json()
    assert [c["code"] for c in children["items"]] == ["T1"] and children["count"] == 1
    detail = client.get(f"{API}/units/{world['X1'].pk}").json()
    assert [a["code"] for a in detail["ancestors"]] == ["P51"]  # VN is outside the manager's scope
    assert detail["children_count"] == 1 and detail["kind_label"]
    page = client.get(f"{API}/units", {"limit": 2, "offset": 1}).json()
    assert page["count"] == 5 and len(page["items"]) == 2
    assert client.get(f"{API}/units", {"limit": 501}).status_code == 422
    r = client.get(f"{API}/units/{2**40}")
    assert r.status_code == 422 and r.json()["detail"] == "Dữ liệu gửi lên không hợp lệ."


# --------------------------------------------------------------------------- indicators, resolutions, targets


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_indicator_definitions_are_shared(world, as_user, persona):
    client = as_user(persona)
    assert codes(client.get(f"{API}/indicators")) == {"so-ho", "ho-ngheo", "grdp"}
    r = client.get(f"{API}/indicators/{world['poor'].pk}")
    assert r.status_code == 200 and r.json()["value_type"] == "count"
    assert client.get(f"{API}/indicators", {"q": "ho ngheo"}).json()["count"] == 1


RESOLUTIONS_SEEN = {
    "admin": {"NQ-51", "NQ-X1", "NQ-66"},
    "province_manager": {"NQ-51", "NQ-X1"},
    "approver": {"NQ-51", "NQ-X1"},
    "reporter": {"NQ-X1"},
    "reporter2": set(),
    "viewer": set(),
    "other_province": {"NQ-66"},
    "outsider": set(),
}


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_resolutions_and_targets_by_scope(world, as_user, persona):
    client = as_user(persona)
    r = client.get(f"{API}/resolutions")
    assert {i["number"] for i in r.json()["items"]} == RESOLUTIONS_SEEN[persona]
    for key in ("r51", "rx1", "r66"):
        res = world[key]
        target = world["targets"][res.number]
        urls = (f"/resolutions/{res.pk}", f"/resolutions/{res.pk}/targets?year=2023", f"/targets/{target.pk}")
        for url in urls:
            r = client.get(API + url)
            if res.number in RESOLUTIONS_SEEN[persona]:
                assert r.status_code == 200, (url, r.content)
            else:
                assert_404_without_data(r, res.title, res.number)


def test_targets_come_with_their_evaluation(world, as_user):
    client = as_user("reporter")
    rx1 = world["rx1"]
    body = client.get(f"{API}/resolutions/{rx1.pk}/targets", {"year": 2023}).json()
    assert body["year"] == 2023 and body["resolution"]["number"] == "NQ-X1" and body["summary"]
    (t,) = body["targets"]
    assert t["unit"]["code"] == "X1" and t["latest_value"] == 7 and t["latest_year"] == 2023
    assert t["plan_value"] == 8 and t["plan_verdict"] in ("met", "exceeded")  # 7 households ≤ plan of 8
    assert t["status"] in ("on_track", "needs_acceleration", "off_track", "met") and t["status_label"]
    assert [p["value"] for p in t["series"]] == [12, 10, 9, 7]
    assert t["forecast"] is not None and 0 < t["progress"] < 1
    one = client.get(f"{API}/targets/{world['targets']['NQ-X1'].pk}", {"year": 2023}).json()
    assert one["status"] == t["status"] and one["forecast"] == t["forecast"]
    default = client.get(f"{API}/resolutions/{rx1.pk}").json()["default_year"]
    assert client.get(f"{API}/resolutions/{rx1.pk}/targets").json()["year"] == default
    assert client.get(f"{API}/resolutions/{rx1.pk}/targets", {"year": 99999}).status_code == 422


# --------------------------------------------------------------------------- figures: reading


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_figures_by_scope(world, as_user, persona):
    client = as_user(persona)
    r = client.get(f"{API}/figures", {"indicator": world["poor"].pk, "limit": 500})
    assert r.status_code == 200
    seen_units = {i["unit_code"] for i in r.json()["items"]}
    assert seen_units <= SEES[persona]
    for code in ("X1", "X3"):
        r = client.get(f"{API}/figures", {"unit": world[code].pk, "indicator": world["poor"].pk, "period": "2023"})
        if code in SEES[persona]:
            assert r.status_code == 200 and r.json()["items"][0]["value"] == (7 if code == "X1" else 99)
        else:
            assert_404_without_data(r, '"value": 99')
    entries = client.get(f"{API}/figures/entries", {"limit": 500}).json()["items"]
    assert {e["unit_code"] for e in entries} <= SEES[persona]


def test_figures_read_like_the_pages(world, as_user):
    client = as_user("province_manager")
    # the province's 2023 figure is the sum of its communes' (no own figure that year)
    (p51,) = client.get(f"{API}/figures", {"unit": world["P51"].pk, "indicator": world["poor"].pk,
                                           "period": "2023"}).json()["items"]
    assert p51["value"] == 11 and p51["source"] == "children" and p51["children_count"] == 2
    empty = client.get(f"{API}/figures", {"unit": world["X2"].pk, "indicator": world["poor"].pk, "period": "2020"})
    assert empty.json()["items"][0]["value"] is None
    r = client.get(f"{API}/figures", {"period": "2023M13"})
    assert r.status_code == 422 and "Mã kỳ báo cáo không hợp lệ" in r.json()["detail"]
    assert client.get(f"{API}/figures", {"indicator": 999999}).status_code == 404


# --------------------------------------------------------------------------- figures: writing


def post(client, items):
    return client.post(f"{API}/figures", data=json.dumps(items), content_type="application/json")


def test_reporter_writes_own_unit_as_draft_of_its_report(world, as_user):
    client = as_user("reporter")
    r = post(client, [
        {"indicator": "so-ho", "unit": "X1", "period": "2024", "value": 120},
        {"indicator": world["poor"].pk, "unit": world["X1"].pk, "period": "2024", "value": 6},
    ])
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["drafts"] == 2 and body["approved"] == 0 and body["changed"] == 2
    (sub_id,) = body["submissions"]
    sub = Submission.objects.get(pk=sub_id)
    assert (sub.unit, sub.period, sub.status) == (world["X1"], "2024", "draft")
    assert set(DataValue.objects.filter(unit=world["X1"], period="2024").values_list("status", flat=True)) == {"draft"}
    # a draft does not count: the page and the API still show no 2024 figure for X1
    assert get_value(world["poor"].pk, world["X1"].pk, "2024").value is None
    assert DataValueChange.objects.filter(unit=world["X1"], period="2024", changed_by=world["users"]["reporter"]).count() == 2


@pytest.mark.parametrize("persona,unit,status", [
    ("reporter", "X2", 422),  # another commune: out of scope, "not found"
    ("reporter", "X3", 422),
    ("reporter", "T1", 403),  # a village below: seen, but a reporter reports only their own unit
    ("reporter2", "X1", 422),
    ("viewer", "X2", 403),
    ("province_manager", "X1", 403),
    ("approver", "X1", 403),
    ("other_province", "X1", 422),
    ("outsider", "X1", 422),
])
def test_writes_refused_outside_ones_unit(world, as_user, persona, unit, status):
    before = DataValue.objects.count()
    r = post(as_user(persona), [{"indicator": "so-ho", "unit": unit, "period": "2024", "value": 1}])
    assert r.status_code == status, r.content
    assert r.json()["errors"][0]["index"] == 0
    if status == 422:
        assert "Không tìm thấy đơn vị" in r.json()["errors"][0]["message"]
        assert world[unit].name not in r.content.decode()
    assert DataValue.objects.count() == before


def test_batch_is_all_or_nothing_with_every_error_listed(world, as_user):
    client = as_user("reporter")
    r = post(client, [
        {"indicator": "so-ho", "unit": "X1", "period": "2024", "value": 120},  # fine alone
        {"indicator": "ho-ngheo", "unit": "X1", "period": "2024", "value": 2.5},  # not a whole number
        {"indicator": "khong-co", "unit": "X1", "period": "2024", "value": 1},
        {"indicator": "so-ho", "unit": "X1", "period": "2024M13", "value": 1},
        {"indicator": "so-ho", "unit": "X1", "period": "2024", "value": 1, "kind": "guess"},
    ])
    assert r.status_code == 422, r.content
    errors = r.json()["errors"]
    assert {e["index"] for e in errors} == {2, 3, 4} or {e["index"] for e in errors} == {1, 2, 3, 4}
    assert not DataValue.objects.filter(period="2024").exists()
    assert not Submission.objects.exists()
    # the type check of the form runs once the payload itself is sound
    r = post(client, [
        {"indicator": "so-ho", "unit": "X1", "period": "2024", "value": 120},
        {"indicator": "ho-ngheo", "unit": "X1", "period": "2024", "value": 2.5},
    ])
    assert r.status_code == 422 and r.json()["errors"][0]["index"] == 1
    assert "số nguyên" in r.json()["errors"][0]["message"]
    assert not DataValue.objects.filter(period="2024").exists() and not Submission.objects.exists()
    # malformed bodies
    assert post(client, []).status_code == 422
    assert post(client, [{"indicator": "so-ho"}]).status_code == 422
    assert client.post(f"{API}/figures", data="{not json", content_type="application/json").status_code == 400


def test_figures_outside_a_form_need_approval_rights(world, as_user):
    item = {"indicator": "grdp", "unit": "X1", "period": "2024", "value": 950.5, "kind": "estimated"}
    r = post(as_user("reporter"), [item])
    assert r.status_code == 403 and "quyền duyệt" in r.json()["errors"][0]["message"]
    assert not DataValue.objects.filter(indicator=world["grdp"]).exists()
    r = post(as_user("admin"), [item])
    assert r.status_code == 200 and r.json()["approved"] == 1
    assert get_value(world["grdp"].pk, world["X1"].pk, "2024").value == 950.5
    assert get_value(world["grdp"].pk, world["P51"].pk, "2024").value == 950.5  # rolled up at once


# --------------------------------------------------------------------------- submissions


def _draft(world, unit="X1", period="2024", values=None):
    reporter = world["users"]["reporter" if unit == "X1" else "reporter2"]
    values = values or {world["households"].pk: 100, world["poor"].pk: 5}
    result = reporting.save_draft((world["form"], world[unit], period), values, reporter)
    assert result.ok, result.errors
    return result.submission


def act(client, sub, action, **payload):
    return client.post(f"{API}/submissions/{sub.pk}/{action}", data=json.dumps(payload) if payload else None,
                       content_type="application/json")


def test_submit_approve_return_through_the_api(world, as_user):
    sub = _draft(world)
    reporter, approver = as_user("reporter"), as_user("approver")
    assert act(approver, sub, "approve").status_code == 422  # not submitted yet
    assert act(as_user("viewer"), sub, "submit").status_code == 404  # viewer@X2 does not see X1
    assert act(as_user("province_manager"), sub, "submit").status_code == 403  # sees it, may not report

    r = act(reporter, sub, "submit")
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "submitted" and r.json()["submitted_by"] == "reporter"
    assert act(reporter, sub, "approve").status_code == 403  # a reporter approves nothing
    assert act(as_user("other_province"), sub, "approve").status_code == 404

    r = act(approver, sub, "approve")
    assert r.status_code == 200 and r.json()["status"] == "approved"
    assert get_value(world["poor"].pk, world["X1"].pk, "2024").value == 5  # approved: it counts now
    assert [e["action"] for e in r.json()["events"]] == ["created", "saved", "submitted", "approved"]

    assert act(approver, sub, "return", reason="").status_code == 422
    r = act(approver, sub, "return", reason="Số hộ nghèo chưa khớp danh sách")
    assert r.status_code == 200 and r.json()["status"] == "returned"
    assert r.json()["returned_reason"] == "Số hộ nghèo chưa khớp danh sách"
    assert get_value(world["poor"].pk, world["X1"].pk, "2024").value is None
    assert act(approver, sub, "return").status_code == 422  # no body


def test_submission_lists_and_guessed_ids(world, as_user):
    s1 = _draft(world, "X1")
    s2 = _draft(world, "X2")
    for persona, expected in {
        "admin": {s1.pk, s2.pk}, "province_manager": {s1.pk, s2.pk}, "approver": {s1.pk, s2.pk},
        "reporter": {s1.pk}, "reporter2": {s2.pk}, "viewer": {s2.pk}, "other_province": set(), "outsider": set(),
    }.items():
        client = as_user(persona)
        r = client.get(f"{API}/submissions", {"limit": 500})
        assert {s["id"] for s in r.json()["items"]} == expected, persona
        for sub in (s1, s2):
            r = client.get(f"{API}/submissions/{sub.pk}")
            if sub.pk in expected:
                assert r.status_code == 200 and {v["value"] for v in r.json()["values"]} == {100, 5}
            else:
                assert_404_without_data(r, sub.unit.name)
    client = as_user("approver")
    assert {s["id"] for s in client.get(f"{API}/submissions", {"unit": world["X2"].pk}).json()["items"]} == {s2.pk}
    assert client.get(f"{API}/submissions", {"status": "approved"}).json()["count"] == 0
    assert client.get(f"{API}/submissions", {"period": "2024", "form": world["form"].pk}).json()["count"] == 2
    assert client.get(f"{API}/submissions", {"period": "20x4"}).status_code == 422
    assert client.get(f"{API}/submissions", {"unit": world["X3"].pk}).status_code == 404
    forms = {f["code"] for f in as_user("reporter").get(f"{API}/forms").json()["items"]}
    assert forms == {"BM-HO"}


def test_locked_report_refuses_figures(world, as_user):
    sub = _draft(world)
    reporting.submit(sub, world["users"]["reporter"])
    r = post(as_user("reporter"), [{"indicator": "so-ho", "unit": "X1", "period": "2024", "value": 130}])
    assert r.status_code == 422 and "chờ duyệt" in r.json()["errors"][0]["message"]
    assert DataValue.objects.get(indicator=world["households"], unit=world["X1"], period="2024").value == 100


# --------------------------------------------------------------------------- the token page


def test_token_page_creates_shows_once_and_revokes(world, client):
    assert client.get("/api/tokens/").status_code == 302  # log-in first
    user = world["users"]["reporter"]
    client.force_login(user)
    page = client.get("/api/tokens/")
    assert page.status_code == 200 and "Bạn chưa có mã truy cập nào" in page.content.decode()
    r = client.post("/api/tokens/", {"action": "create", "name": "Tập lệnh tháng"})
    html = r.content.decode()
    token = ApiToken.objects.get(user=user)
    secret = html.split('<code id="new-token">')[1].split("</code>")[0]
    assert hash_key(secret) == token.key_hash and "no-store" in r["Cache-Control"]
    assert secret not in client.get("/api/tokens/").content.decode()  # shown once only
    assert Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get(f"{API}/units").status_code == 200
    assert "Cần đặt tên" in client.post("/api/tokens/", {"action": "create", "name": " "}).content.decode()
    # someone else's token cannot be revoked from here (nor told apart from a missing one)
    other, _ = create_token(world["users"]["viewer"], "của người khác")
    assert client.post("/api/tokens/", {"action": "revoke", "token": other.pk}).status_code == 404
    assert client.post("/api/tokens/", {"action": "revoke", "token": "x"}).status_code == 404
    other.refresh_from_db()
    assert other.revoked_at is None
    r = client.post("/api/tokens/", {"action": "revoke", "token": token.pk})
    assert r.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get(f"{API}/units").status_code == 401
