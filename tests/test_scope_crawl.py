"""Every route, walked as users from elsewhere: nothing of the Ba Tơ demo leaks.

The demo (all apps) is loaded in Quảng Ngãi (P51). A superuser first finds, for every URL
pattern of the project, which concrete URLs show something (200). Then a manager of another
province and a user with no membership open the same URLs: a page about an object must answer
403/404, never the data; a POST to it must be refused before anything is written; a list page
or an Excel export may answer, but must not mention Ba Tơ. New routes are covered without
editing this test.
"""

from __future__ import annotations

import io
import itertools
import re
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver

from nghiquyet.accounts.models import Membership
from nghiquyet.indicators.models import DataValue
from nghiquyet.reporting.models import Submission
from nghiquyet.units.models import OrgUnit

# Ids start at 1 on PostgreSQL too, so the walk below finds objects behind "<int:…>" routes.
pytestmark = pytest.mark.django_db(transaction=True, reset_sequences=True)

SKIP_PREFIXES = ("quan-tri/", "i18n/", "static/", "favicon", "tai-khoan/dang-xuat")
LEAK = "Ba Tơ"
# Definitions every logged-in user may read (indicators); what they show must still be scoped.
PUBLIC = ("chi-so/", "api/v1/indicators")
PARAM = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<name>[^>]+)>")


@dataclass(frozen=True)
class Route:
    template: str  # "nhiem-vu/<int:pk>/"
    params: tuple[tuple[str, str], ...]  # (converter, name)


def _routes(patterns, prefix: str = "") -> list[Route]:
    out: list[Route] = []
    for p in patterns:
        route = str(p.pattern)
        if not hasattr(p.pattern, "converters") or route.startswith("^"):
            continue  # regex patterns (Django's own): none of ours
        if isinstance(p, URLResolver):
            out += _routes(p.url_patterns, prefix + route)
        elif isinstance(p, URLPattern):
            full = prefix + route
            params = tuple((m.group("conv") or "str", m.group("name")) for m in PARAM.finditer(full))
            out.append(Route(full, params))
    return out


def _candidates(conv: str, name: str, known: dict[str, list]) -> list:
    if name in known:
        return known[name]
    if conv == "int":
        return [1, 2, 3]
    return known["_str"]


def _urls(route: Route, known: dict[str, list]) -> list[str]:
    choices = [_candidates(conv, name, known) for conv, name in route.params]
    urls = []
    for combo in itertools.islice(itertools.product(*choices), 30):
        url = route.template
        for (_conv, name), value in zip(route.params, combo, strict=True):
            url = re.sub(r"<(?:[^>:]+:)?" + re.escape(name) + ">", str(value), url, count=1)
        urls.append("/" + url)
    return urls


def _text(response) -> str:
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        from openpyxl import load_workbook

        wb = load_workbook(io.BytesIO(response.content), read_only=True)
        return "\n".join(str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if c)
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


@pytest.fixture
def world(django_user_model):
    call_command("demo", units="ba-to", stdout=io.StringIO())
    vn = OrgUnit.objects.get(code="VN")
    p66 = OrgUnit.objects.create(code="P66", name="Tỉnh Đắk Lắk", kind="province", parent=vn, official_code="66")
    OrgUnit.objects.create(code="X-EATU", name="Xã Ea Tu", kind="commune", parent=p66)
    admin = django_user_model.objects.create(username="crawl-admin", is_superuser=True, is_staff=True)
    elsewhere = django_user_model.objects.create(username="crawl-daklak")
    Membership.objects.create(user=elsewhere, unit=p66, role="admin")
    nobody = django_user_model.objects.create(username="crawl-nobody")
    value = DataValue.objects.filter(unit__code="X21484").order_by("pk").first()
    sub = Submission.objects.filter(unit__code="X21484").order_by("pk").first()
    known = {
        "indicator_id": [value.indicator_id], "unit_id": [value.unit_id, sub.unit_id],
        "period": [value.period, sub.period], "code": [sub.form.code], "_str": ["x"],
    }
    return {"admin": admin, "elsewhere": elsewhere, "nobody": nobody, "known": known}


def test_no_route_shows_ba_to_to_users_from_elsewhere(client, world):
    routes = [r for r in _routes(get_resolver().url_patterns) if not r.template.startswith(SKIP_PREFIXES)]
    assert len(routes) > 60  # the walk found the project's routes

    client.force_login(world["admin"])
    visible: list[tuple[Route, str]] = []
    for route in routes:
        for url in _urls(route, world["known"]):
            response = client.get(url)
            assert response.status_code < 500, url
            if response.status_code == 200:
                visible.append((route, url))
                if not route.params:
                    break
    detail = [(r, u) for r, u in visible if r.params]
    assert len(detail) > 40  # enough objects exist for the check below to mean something

    for who in ("elsewhere", "nobody"):
        client.force_login(world[who])
        for route, url in visible:
            response = client.get(url)
            if route.params and not route.template.startswith(PUBLIC):
                assert response.status_code in (403, 404), (who, url, response.status_code)
                post = client.post(url, {})
                assert post.status_code in (403, 404, 405), (who, "POST", url, post.status_code)
            elif response.status_code == 200:
                assert LEAK not in _text(response), (who, url)
