"""Pages and exports show each role only what its memberships cover (accounts.access).

A tiny dataset on the shared `tree`: a resolution issued at P51 (province), one at X1 (commune
of P51) and one at X3 (commune of P66), one target each with figures that are unique numbers,
so "the body contains none of the data" is a plain substring check.
"""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse

from nghiquyet.accounts.models import AccessEvent
from nghiquyet.indicators.models import Indicator
from nghiquyet.indicators.services import ValueInput, write_values
from nghiquyet.resolutions.models import Resolution, Target

# What each resolution shows: its number, title words and its figures as the pages format them.
SECRETS = {
    "P51": ["NQ-TINH-51", "Nghị quyết tỉnh Quảng Ngãi thử", "7.531", "7.777"],
    "X1": ["NQ-XA-BATO", "Nghị quyết xã Ba Tơ thử", "4.242"],
    "X3": ["NQ-XA-EATU", "Nghị quyết xã Ea Tu thử", "6.363"],
}

# persona → issuers of the resolutions they may see
VISIBLE = {
    "admin": {"P51", "X1", "X3"},
    "province_manager": {"P51", "X1"},
    "approver": {"P51", "X1"},
    "reporter": {"X1"},
    "reporter2": set(),
    "viewer": set(),
    "other_province": {"X3"},
    "outsider": set(),
}
# persona → units whose pages they may open (of X1, X2, X3, P51, P66)
UNITS_VISIBLE = {
    "admin": {"P51", "X1", "X2", "P66", "X3"},
    "province_manager": {"P51", "X1", "X2"},
    "approver": {"P51", "X1", "X2"},
    "reporter": {"X1"},
    "reporter2": {"X2"},
    "viewer": {"X2"},
    "other_province": {"P66", "X3"},
    "outsider": set(),
}
PERSONAS = list(VISIBLE)


@pytest.fixture
def world(tree, personas):
    ind = Indicator.objects.create(
        code="SCOPE", name="Chỉ số phạm vi", unit_of_measure="ha", value_type="number",
        space_aggregation="sum", decimals=0,
    )
    resolutions, targets = {}, {}
    for code in ("P51", "X1", "X3"):
        number, title = SECRETS[code][:2]
        res = Resolution.objects.create(issuer=tree[code], number=number, title=title, term_start=2020, term_end=2025)
        resolutions[code] = res
        targets[code] = Target.objects.create(
            resolution=res, code="1", text=f"Chỉ tiêu của {title}", indicator=ind, kind="level",
            target_min=10_000, target_year=2025, baseline_year=2020,
        )
    write_values([
        ValueInput(ind.id, tree["X1"].id, "2024", 4242),
        ValueInput(ind.id, tree["X2"].id, "2024", 3289),  # P51 = 4242 + 3289 = 7531 (rolled up)
        ValueInput(ind.id, tree["P51"].id, "2023", 7777),
        ValueInput(ind.id, tree["X3"].id, "2024", 6363),
    ], source="kiểm thử phạm vi")
    return {"tree": tree, "users": personas, "res": resolutions, "targets": targets, "ind": ind}


def _client(client, world, persona):
    client.force_login(world["users"][persona])
    return client


def _text(response) -> str:
    return response.content.decode()


def _assert_hidden(body: str, codes) -> None:
    for code in codes:
        for secret in SECRETS[code]:
            assert secret not in body, (code, secret)


# --------------------------------------------------------------------------- log-in required


@pytest.mark.parametrize("name,args", [
    ("web:home", []), ("web:units", []), ("web:indicators", []), ("web:search", []),
    ("web:resolution", [1]), ("web:resolution_export", [1]), ("web:target", [1]), ("web:unit", [1]),
    ("web:indicator", [1]), ("accounts:password_change", []),
])
def test_every_page_needs_log_in(client, db, name, args):
    url = reverse(name, args=args)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login") + "?next=")


def test_public_things_stay_public(client, db):
    assert client.get(reverse("accounts:login")).status_code == 200
    assert client.get("/favicon.ico").status_code == 301
    response = client.post(reverse("set_language"), {"language": "en", "next": "/tai-khoan/dang-nhap/"})
    assert response.status_code == 302 and response["Location"] == "/tai-khoan/dang-nhap/"
    # the API authenticates itself: no redirect to the log-in page
    response = client.get("/api/")
    assert not (response.status_code == 302 and "dang-nhap" in response.get("Location", ""))


# --------------------------------------------------------------------------- the matrix


@pytest.mark.parametrize("persona", PERSONAS)
def test_home_lists_only_resolutions_in_scope(client, world, persona):
    body = _text(_client(client, world, persona).get(reverse("web:home")))
    for code in VISIBLE[persona]:
        assert SECRETS[code][0] in body
    _assert_hidden(body, {"P51", "X1", "X3"} - VISIBLE[persona])


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("issuer", ["P51", "X1", "X3"])
def test_resolution_page_export_and_target(client, world, persona, issuer):
    c = _client(client, world, persona)
    res, target = world["res"][issuer], world["targets"][issuer]
    page = c.get(reverse("web:resolution", args=[res.pk]), {"nam": 2024})
    export = c.get(reverse("web:resolution_export", args=[res.pk]), {"nam": 2024})
    target_page = c.get(reverse("web:target", args=[target.pk]), {"nam": 2024})
    if issuer in VISIBLE[persona]:
        assert page.status_code == export.status_code == target_page.status_code == 200
        assert SECRETS[issuer][0] in _text(page)
        assert SECRETS[issuer][2] in _text(target_page)
        book = openpyxl.load_workbook(io.BytesIO(export.content))
        cells = " ".join(str(v) for row in book.active.iter_rows(values_only=True) for v in row if v is not None)
        assert SECRETS[issuer][0] in cells
    else:
        # Guessing another unit's resolution/target id: 404, and no trace of its data.
        for response in (page, export, target_page):
            assert response.status_code == 404
            _assert_hidden(_text(response), [issuer])
        assert AccessEvent.objects.filter(kind="refused", username=persona).count() == 3


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("code", ["P51", "X1", "X2", "P66", "X3"])
def test_unit_pages(client, world, persona, code):
    response = _client(client, world, persona).get(reverse("web:unit", args=[world["tree"][code].pk]))
    if code in UNITS_VISIBLE[persona]:
        assert response.status_code == 200
        body = _text(response)
        _assert_hidden(body, {"P51", "X1", "X3"} - VISIBLE[persona])
    else:
        assert response.status_code == 404
        assert world["tree"][code].name not in _text(response)


# The unit list shows the top of the user's tree: the roots and their admin children.
UNIT_LIST = {**UNITS_VISIBLE, "admin": {"P51", "P66"}}


@pytest.mark.parametrize("persona", PERSONAS)
def test_unit_list_shows_the_users_subtree(client, world, persona):
    body = _text(_client(client, world, persona).get(reverse("web:units")))
    names = {code: world["tree"][code].name for code in ("P51", "X1", "X2", "P66", "X3")}
    for code, name in names.items():
        if code in UNIT_LIST[persona]:
            assert name in body, (persona, code)
        else:
            assert name not in body, (persona, code)


@pytest.mark.parametrize("persona", PERSONAS)
def test_indicator_pages_show_definitions_but_targets_in_scope_only(client, world, persona):
    c = _client(client, world, persona)
    listing = c.get(reverse("web:indicators"))
    assert listing.status_code == 200 and "Chỉ số phạm vi" in _text(listing)
    detail = c.get(reverse("web:indicator", args=[world["ind"].pk]))
    assert detail.status_code == 200
    body = _text(detail)
    for code in VISIBLE[persona]:
        assert SECRETS[code][0] in body
    _assert_hidden(body, {"P51", "X1", "X3"} - VISIBLE[persona])


@pytest.mark.parametrize("persona", PERSONAS)
def test_search_is_limited_to_scope(client, world, persona):
    c = _client(client, world, persona)
    body = _text(c.get(reverse("web:search"), {"q": "nghi quyet thu"}))
    for code in VISIBLE[persona]:
        assert SECRETS[code][0] in body
    _assert_hidden(body, {"P51", "X1", "X3"} - VISIBLE[persona])
    units = _text(c.get(reverse("web:search"), {"q": "xa"}))
    for code in ("X1", "X2", "X3"):
        assert (world["tree"][code].name in units) == (code in UNITS_VISIBLE[persona]), (persona, code)


def test_target_children_table_shows_only_children_in_scope(client, world):
    """The province target lists X1 and X2 for the province; a unit guessed by id stays hidden."""
    c = _client(client, world, "province_manager")
    body = _text(c.get(reverse("web:target", args=[world["targets"]["P51"].pk]), {"nam": 2024}))
    assert "Xã Ba Tơ" in body and "Xã Ba Vì" in body and "4.242" in body and "3.289" in body


def test_refused_guess_is_logged_with_path_and_user(client, world):
    c = _client(client, world, "reporter")
    url = reverse("web:unit", args=[world["tree"]["X3"].pk])
    assert c.get(url).status_code == 404
    event = AccessEvent.objects.get(kind="refused")
    assert event.user == world["users"]["reporter"] and event.path == url
    # A missing id is a 404 too, but nothing was refused: not logged.
    assert c.get(reverse("web:unit", args=[987654])).status_code == 404
    assert AccessEvent.objects.filter(kind="refused").count() == 1


def test_query_counts_stay_bounded_for_a_scoped_user(client, world, django_assert_max_num_queries):
    c = _client(client, world, "province_manager")
    # the web tests' limits + session read, user read, memberships, session save (with savepoints)
    with django_assert_max_num_queries(20):
        assert c.get(reverse("web:home")).status_code == 200
    with django_assert_max_num_queries(20):
        assert c.get(reverse("web:resolution", args=[world["res"]["P51"].pk])).status_code == 200
    with django_assert_max_num_queries(20):
        assert c.get(reverse("web:target", args=[world["targets"]["P51"].pk])).status_code == 200
