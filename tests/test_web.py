"""Web pages: Vietnamese content, sample-data banners, search without accents, bounded queries."""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import pytest
from django.urls import reverse

from nghiquyet.indicators.models import Field, Indicator
from nghiquyet.indicators.services import ValueInput, write_values
from nghiquyet.resolutions.models import AnnualPlan, Resolution, Target
from nghiquyet.units.models import OrgUnit, Succession
from nghiquyet.web import chart, formats

MERGE_DAY = dt.date(2025, 7, 1)
YEARS = range(2020, 2025)


def _unit(code: str, name: str, kind: str, parent: OrgUnit | None = None, **kw) -> OrgUnit:
    return OrgUnit.objects.create(code=code, name=name, kind=kind, parent=parent, **kw)


def _add_communes(district: OrgUnit, n: int, start: int = 0) -> list[OrgUnit]:
    return [
        _unit(f"O-{start + i}", f"Xã Thử {start + i}", "commune", district, valid_to=MERGE_DAY)
        for i in range(n)
    ]


def _write_commune_figures(indicators: dict[str, Indicator], communes: list[OrgUnit]) -> None:
    """Yearly figures per commune, growing over the term (sample data)."""
    items = []
    for k, c in enumerate(communes):
        for y in YEARS:
            i = y - 2020
            items += [
                ValueInput(indicators["gtsx"].id, c.id, str(y), 300 + 30 * k + 28 * i),
                ValueInput(indicators["forest"].id, c.id, str(y), 55 + 1.2 * i + k),
                ValueInput(indicators["poverty"].id, c.id, str(y), 22 - 3.5 * i),
                ValueInput(indicators["members"].id, c.id, str(y), 20 + k + i),
                ValueInput(indicators["ntm"].id, c.id, str(y), 1 if i >= 2 + k else 0),
                ValueInput(indicators["cells"].id, c.id, str(y), 82 + i - k),
            ]
    write_values(items, source="kiểm thử", is_sample=True)


@pytest.fixture
def data(db):
    return build_dataset()


def build_dataset() -> dict:
    """Units with a merger, six indicators, a sample resolution with one target of each kind."""
    vn = _unit("VN", "Việt Nam", "nation")
    qn = _unit("P51", "Tỉnh Quảng Ngãi", "province", vn, official_code="51")
    daklak = _unit("P66", "Tỉnh Đắk Lắk", "province", vn, official_code="66")
    district = _unit("H-BT", "Huyện Ba Tơ", "district", qn, valid_to=MERGE_DAY)
    town = _unit("O-TT", "Thị trấn Ba Tơ", "township", district, valid_to=MERGE_DAY)
    ba_cung = _unit("O-BC", "Xã Ba Cung", "commune", district, valid_to=MERGE_DAY)
    committee = _unit("H-BT-HU", "Huyện ủy Ba Tơ", "party_committee", district)
    new = _unit("X21484", "Xã Ba Tơ", "commune", qn, official_code="21484", valid_from=MERGE_DAY)
    for old in (town, ba_cung):
        Succession.objects.create(old_unit=old, new_unit=new, date=MERGE_DAY, kind="merge")

    economy = Field.objects.create(code="kinh-te", name="Kinh tế", order=1)
    party = Field.objects.create(code="xay-dung-dang", name="Xây dựng Đảng", order=2)
    ind = {
        "gtsx": Indicator.objects.create(
            code="GTSX", name="Giá trị sản xuất", unit_of_measure="tỷ đồng", value_type="money",
            space_aggregation="sum", time_aggregation="sum", decimals=1, field=economy,
        ),
        "forest": Indicator.objects.create(
            code="CPR", name="Độ che phủ rừng", unit_of_measure="%", value_type="percent",
            space_aggregation="mean", decimals=1, field=economy,
        ),
        "poverty": Indicator.objects.create(
            code="NGHEO", name="Tỷ lệ hộ nghèo", unit_of_measure="%", value_type="percent",
            space_aggregation="mean", decimals=2, field=economy,
        ),
        "members": Indicator.objects.create(
            code="DVM", name="Số đảng viên mới kết nạp", unit_of_measure="đảng viên", value_type="count",
            space_aggregation="sum", time_aggregation="sum", decimals=0, field=party,
        ),
        "ntm": Indicator.objects.create(
            code="NTM", name="Xã đạt chuẩn nông thôn mới", value_type="bool", space_aggregation="sum",
            decimals=0, unit_of_measure="xã",
        ),
        "cells": Indicator.objects.create(
            code="TCCS", name="Tỷ lệ tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ", unit_of_measure="%",
            value_type="percent", space_aggregation="mean", decimals=1, field=party,
        ),
    }
    res = Resolution.objects.create(
        issuer=committee, number="01-NQ/ĐH", title="Nghị quyết Đại hội Đảng bộ huyện Ba Tơ lần thứ XX",
        term_start=2020, term_end=2025, adopted_on=dt.date(2020, 7, 15), is_sample=True,
    )
    specs = [
        ("1", "Giá trị sản xuất tăng bình quân 9–10%/năm", "gtsx", "avg_growth",
         dict(baseline_value=None, target_min=9, target_max=10, comparator="range")),
        ("2", "Độ che phủ rừng đạt 62%", "forest", "level", dict(target_min=62)),
        ("3", "Tỷ lệ hộ nghèo giảm bình quân 4%/năm", "poverty", "avg_change",
         dict(target_max=-4, comparator="lte", direction="decrease")),
        ("4", "Kết nạp 500 đảng viên mới", "members", "cumulative", dict(target_min=500)),
        ("5", "Có thêm 2 xã đạt chuẩn nông thôn mới", "ntm", "count_units", dict(baseline_value=0, target_min=2)),
        ("6", "Hằng năm có trên 80% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ", "cells", "every_year",
         dict(target_min=80)),
    ]
    targets = {}
    for order, (code, text, key, kind, kw) in enumerate(specs):
        kw = {"baseline_year": 2020, **kw}
        targets[code] = Target.objects.create(
            resolution=res, code=code, text=text, indicator=ind[key], kind=kind, target_year=2025,
            order=order, **kw,
        )
    for y in range(2021, 2026):
        AnnualPlan.objects.create(target=targets["2"], year=y, value=56 + y - 2021)
        AnnualPlan.objects.create(target=targets["4"], year=y, value=100)
        AnnualPlan.objects.create(target=targets["1"], year=y, value=600 + 60 * (y - 2021))
    communes = [town, ba_cung]
    _write_commune_figures(ind, communes)
    # The district's own production value for 2024 differs from its communes' sum: a data-quality flag.
    write_values([ValueInput(ind["gtsx"].id, district.id, "2024", 999)], source="kiểm thử", is_sample=True)
    return dict(vn=vn, qn=qn, daklak=daklak, district=district, town=town, ba_cung=ba_cung,
                committee=committee, new=new, res=res, targets=targets, ind=ind, communes=communes)


@pytest.fixture(autouse=True)
def _logged_in(client, db, django_user_model):
    """Every page needs log-in: these tests look as a superuser (scope: tests/test_scope_pages.py)."""
    user = django_user_model.objects.create_superuser("web-admin", password="matkhau-thu-nghiem")
    client.force_login(user)


# Logged in, every request also reads the session and the user and saves the session (idle
# timeout: SESSION_SAVE_EVERY_REQUEST; an UPDATE between SAVEPOINT/RELEASE inside the test
# transaction): 5 queries on top of what the page itself needs (a superuser has no memberships
# query; a scoped user adds one, see test_scope_pages.py).
SESSION_QUERIES = 5


def _text(response) -> str:
    return response.content.decode()


# --------------------------------------------------------------------------- formats (pure)


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1234.5, 1, "1.234,5"),
        (1475, 0, "1.475"),
        (1234567.891, 2, "1.234.567,89"),
        (0, 1, "0,0"),
        (-0.04, 1, "0,0"),  # no "-0,0"
        (-1234.56, 1, "-1.234,6"),
        (None, 1, "—"),
        (float("nan"), 1, "—"),
        (float("inf"), 1, "—"),
        (999.96, 1, "1.000,0"),
        (12, 3, "12,000"),
    ],
)
def test_format_number_uses_vietnamese_separators(value, decimals, expected):
    assert formats.format_number(value, decimals) == expected


@pytest.mark.parametrize(
    ("ratio", "decimals", "expected"),
    [(0.853, 1, "85,3%"), (1.2, 0, "120%"), (0, 1, "0,0%"), (None, 1, "—"), (12.3456, 1, "1.234,6%")],
)
def test_format_percent(ratio, decimals, expected):
    assert formats.format_percent(ratio, decimals) == expected


@pytest.mark.parametrize(
    ("value", "expected"), [(62.0, "62"), (9.5, "9,5"), (1475.25, "1.475,25"), (None, "—"), (-4, "-4")]
)
def test_format_compact_drops_trailing_zeros(value, expected):
    assert formats.format_compact(value, 2) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [(dt.date(2025, 7, 1), "01/07/2025"), (dt.datetime(2020, 12, 31, 23, 0), "31/12/2020"), (None, "—")],
)
def test_format_date(day, expected):
    assert formats.format_date(day) == expected


# --------------------------------------------------------------------------- chart (pure)

BASE = dict(term_start=2020, target_year=2025, baseline_year=2020, at_year=2024, plans={})


def _chart(**kw):
    return chart.target_chart(**{**BASE, **kw})


@pytest.mark.parametrize(
    ("kw", "column", "expected"),
    [
        # level, linear: a straight path from the baseline to the target
        (dict(kind="level", series={2020: 10, 2022: 14}, baseline_value=10, target_value=20, method="linear",
              latest_year=2022, latest_value=14, forecast=20),
         "path", [10, 12, 14, 16, 18, 20]),
        # level, cagr: the compound path doubles in 5 years at 2^(1/5) a year
        (dict(kind="level", series={2020: 100}, baseline_value=100, target_value=200, method="cagr"),
         "path", [round(100 * 2 ** (i / 5), 6) for i in range(6)]),
        # forecast starts at the latest figure and ends at the forecast value
        (dict(kind="level", series={2020: 10, 2022: 14}, baseline_value=10, target_value=20, method="linear",
              latest_year=2022, latest_value=14, forecast=20),
         "forecast", [None, None, 14, 16, 18, 20]),
        # avg_growth: the level path grows by the target rate (near edge of a range)
        (dict(kind="avg_growth", series={2020: 100}, baseline_value=100, target_value=10, target_min=10,
              target_max=12, comparator="range"),
         "path", [round(100 * 1.1 ** i, 6) for i in range(6)]),
        (dict(kind="avg_growth", series={2020: 100}, baseline_value=100, target_value=10, target_min=10,
              target_max=12, comparator="range"),
         "path_upper", [round(100 * 1.12 ** i, 6) for i in range(6)]),
        # avg_change in points a year, decreasing
        (dict(kind="avg_change", series={2020: 22}, baseline_value=22, target_value=-4, direction="decrease"),
         "path", [22, 18, 14, 10, 6, 2]),
        # cumulative: running totals from 0, missing years add nothing
        (dict(kind="cumulative", series={2021: 100, 2023: 50}, baseline_value=None, target_value=500,
              latest_year=2023, realised=150, forecast=250),
         "realised", [0, 100, 100, 150, None, None]),
        (dict(kind="cumulative", series={2021: 100, 2023: 50}, baseline_value=None, target_value=500),
         "path", [0, 100, 200, 300, 400, 500]),
        (dict(kind="cumulative", series={2021: 100, 2023: 50}, baseline_value=None, target_value=500),
         "flows", [None, 100, None, 50, None, None]),
        # every_year: a flat threshold over the judged years
        (dict(kind="every_year", series={2021: 81, 2022: 79}, baseline_value=None, target_value=80),
         "threshold", [None, 80, 80, 80, 80, 80]),
        # figures after the assessment year are not drawn
        (dict(kind="level", series={2020: 1, 2024: 2, 2025: 3}, baseline_value=1, target_value=3, at_year=2024),
         "realised", [1, None, None, None, 2, None]),
        # zero baseline: no compound path, a straight one
        (dict(kind="count_units", series={2020: 0, 2022: 1}, baseline_value=0, target_value=5, method="cagr"),
         "path", [0, 1, 2, 3, 4, 5]),
        # no baseline value: nothing to draw a path from
        (dict(kind="level", series={}, baseline_value=None, target_value=5), "path", [None] * 6),
    ],
)
def test_chart_series(kw, column, expected):
    data = _chart(**kw)
    assert data["years"] == [str(y) for y in range(2020, 2026)]
    assert data[column] == pytest.approx(expected)


def test_chart_data_is_json_serialisable_and_plans_are_aligned():
    data = _chart(kind="level", series={2020: 10}, baseline_value=10, target_value=20, plans={2021: 12, 2025: 20})
    assert json.loads(json.dumps(data))["plans"] == [None, 12, None, None, None, 20]


# --------------------------------------------------------------------------- pages


def test_home_lists_resolutions_with_status_summary(client, data, django_assert_max_num_queries):
    with django_assert_max_num_queries(14 + SESSION_QUERIES):
        response = client.get(reverse("web:home"))
    assert response.status_code == 200
    html = _text(response)
    assert "Nghị Quyết" in html
    assert "01-NQ/ĐH" in html and "Huyện ủy Ba Tơ" in html
    assert "2020–2025" in html
    assert "chỉ tiêu đạt và vượt kế hoạch năm 2024" in html  # the latest year with figures
    assert "Dữ liệu mẫu" in html
    assert 'class="status status-' in html


def test_home_queries_do_not_grow_with_resolutions(client, data, django_assert_max_num_queries):
    for n in range(3):
        res = Resolution.objects.create(
            issuer=data["committee"], number=f"0{n + 2}-NQ/HU", title=f"Nghị quyết chuyên đề {n}",
            term_start=2020, term_end=2025,
        )
        for t in data["targets"].values():
            Target.objects.create(
                resolution=res, code=t.code, text=t.text, indicator=t.indicator, kind=t.kind,
                baseline_year=t.baseline_year, baseline_value=t.baseline_value, target_year=2025,
                target_min=t.target_min, target_max=t.target_max, comparator=t.comparator, direction=t.direction,
            )
    with django_assert_max_num_queries(14 + SESSION_QUERIES):
        response = client.get(reverse("web:home"))
    assert response.status_code == 200
    assert _text(response).count('class="resolution-card"') == 4


def test_home_without_resolutions_explains_how_to_load_them(client, db):
    response = client.get(reverse("web:home"))
    assert response.status_code == 200
    assert "nghiquyet demo" in _text(response)


def test_resolution_page_shows_every_target_with_vietnamese_numbers(client, data, django_assert_max_num_queries):
    url = reverse("web:resolution", args=[data["res"].pk])
    with django_assert_max_num_queries(14 + SESSION_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    html = _text(response)
    rows = re.findall(r'<tr data-target="([^"]+)"', html)
    assert rows == ["1", "2", "3", "4", "5", "6"]
    assert "Có " in html and "chỉ tiêu đạt và vượt kế hoạch năm 2024" in html
    assert "Dữ liệu mẫu" in html
    # grouped by field; a target without a field stays in the group before it
    assert html.count('class="group-row"') == 2
    assert "Kinh tế" in html and "Xây dựng Đảng" in html
    assert "9–10" in html  # the range target
    assert "2.025" not in html  # years are never grouped like numbers
    # poverty rate 22 → 8 over 4 years, shown with the indicator's 2 decimals
    assert "8,00" in html
    # every status is a word, not only a colour
    for label in re.findall(r'<span class="status status-[a-z-]+">([^<]+)</span>', html):
        assert label.strip()
    assert 'name="nam"' in html and "?nam=2024" in html


def test_resolution_page_queries_do_not_grow_with_targets(client, data, django_assert_max_num_queries):
    res = data["res"]
    for n in range(12):
        Target.objects.create(
            resolution=res, code=f"X{n}", text=f"Chỉ tiêu thêm {n}", indicator=data["ind"]["forest"], kind="level",
            baseline_year=2020, target_year=2025, target_min=60 + n, order=100 + n,
        )
    with django_assert_max_num_queries(14 + SESSION_QUERIES):
        response = client.get(reverse("web:resolution", args=[res.pk]))
    assert response.status_code == 200
    assert _text(response).count("<tr data-target=") == 18


def test_resolution_page_year_selector(client, data):
    url = reverse("web:resolution", args=[data["res"].pk])
    html = _text(client.get(url, {"nam": "2022"}))
    assert "kế hoạch năm 2022" in html
    assert '<option value="2022" selected>' in html
    # a year outside the term or garbage falls back to the default year
    for bad in ("1999", "abc", ""):
        assert "kế hoạch năm 2024" in _text(client.get(url, {"nam": bad}))


def test_resolution_excel_export(client, data):
    from openpyxl import load_workbook

    response = client.get(reverse("web:resolution_export", args=[data["res"].pk]), {"nam": "2023"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    wb = load_workbook(io.BytesIO(response.content))
    text = " ".join(str(c.value) for row in wb.active.iter_rows() for c in row if c.value is not None)
    assert "01-NQ/ĐH" in text and "2023" in text


def test_target_page_has_chart_data_plans_and_children(client, data, django_assert_max_num_queries):
    target = data["targets"]["1"]
    with django_assert_max_num_queries(14 + SESSION_QUERIES):
        response = client.get(reverse("web:target", args=[target.pk]), {"nam": "2024"})
    assert response.status_code == 200
    html = _text(response)
    assert 'id="target-chart"' in html and "echarts.min.js" in html
    payload = re.search(r'<script id="chart-data" type="application/json">(.*?)</script>', html, re.S)
    assert payload, "chart data must come through json_script"
    chart_data = json.loads(payload.group(1))
    assert chart_data["years"][0] == "2020" and chart_data["years"][-1] == "2025"
    assert chart_data["realised"][0] == pytest.approx(630)  # 300 + 330, the two communes in 2020
    assert any(v is not None for v in chart_data["path"])
    # per-commune table for the year, with rollup flags and the data-quality warning
    assert "Thị trấn Ba Tơ" in html and "Xã Ba Cung" in html
    assert "tự nhập" in html
    assert "Chất lượng dữ liệu" in html  # the district's own 999 differs from its communes' sum
    assert "999,0" in html
    assert "Dữ liệu mẫu" in html
    assert "Tăng trưởng kép" in html  # the method used


def test_target_page_of_a_rolled_up_unit_says_so(client, data):
    """A province's children are rolled up from their own communes: 'tổng hợp từ cấp dưới'."""
    target = Target.objects.create(
        resolution=Resolution.objects.create(
            issuer=data["qn"], number="05-NQ/TU", title="Nghị quyết tỉnh", term_start=2020, term_end=2025,
        ),
        code="1", text="Kết nạp đảng viên", indicator=data["ind"]["members"], kind="cumulative",
        baseline_year=2020, target_year=2025, target_min=1000,
    )
    html = _text(client.get(reverse("web:target", args=[target.pk]), {"nam": "2023"}))
    assert "Huyện Ba Tơ" in html
    assert "tổng hợp từ cấp dưới" in html


def test_target_page_queries_do_not_grow_with_children(client, data, django_assert_max_num_queries):
    extra = _add_communes(data["district"], 15)
    _write_commune_figures(data["ind"], extra)
    target = data["targets"]["4"]
    with django_assert_max_num_queries(14 + SESSION_QUERIES):
        response = client.get(reverse("web:target", args=[target.pk]))
    assert response.status_code == 200
    assert _text(response).count("Xã Thử") >= 15


def test_every_kind_of_target_page_renders(client, data):
    for target in data["targets"].values():
        for year in (2020, 2022, 2025):  # the baseline year, mid-term, a year without figures
            response = client.get(reverse("web:target", args=[target.pk]), {"nam": year})
            assert response.status_code == 200, (target.kind, year)
            assert target.text in _text(response)


def test_yes_no_indicator_children_read_as_words(client, data):
    html = _text(client.get(reverse("web:target", args=[data["targets"]["5"].pk]), {"nam": "2022"}))
    assert "đạt chuẩn" in html and "chưa đạt" in html


def test_decreasing_rate_targets_read_naturally(client, data):
    html = _text(client.get(reverse("web:target", args=[data["targets"]["3"].pk])))
    assert "giảm bình quân ≥ 4 điểm %/năm" in html
    html = _text(client.get(reverse("web:target", args=[data["targets"]["1"].pk])))
    assert "tăng bình quân 9–10 %/năm" in html


def test_unit_page_shows_history_figures_and_resolutions(client, data, django_assert_max_num_queries):
    with django_assert_max_num_queries(12 + SESSION_QUERIES):
        response = client.get(reverse("web:unit", args=[data["town"].pk]))
    assert response.status_code == 200
    html = _text(response)
    # breadcrumbs through the parent chain
    assert "Tỉnh Quảng Ngãi" in html and "Huyện Ba Tơ" in html
    assert "01/07/2025" in html
    assert reverse("web:unit", args=[data["new"].pk]) in html  # successor link
    assert "Giá trị sản xuất" in html and "Năm 2024" in html  # latest figure per indicator
    assert "01-NQ/ĐH" in html  # issued by a body of its district
    assert "Dữ liệu mẫu" in html


def test_unit_page_of_a_merged_unit_lists_its_predecessors(client, data):
    html = _text(client.get(reverse("web:unit", args=[data["new"].pk])))
    assert "Thị trấn Ba Tơ" in html and "Xã Ba Cung" in html
    assert "01-NQ/ĐH" in html  # its predecessors' district resolution concerns it


def test_unit_page_of_a_district_flags_conflicting_figures(client, data):
    html = _text(client.get(reverse("web:unit", args=[data["district"].pk])))
    assert "999,0" in html
    assert "khác số tổng hợp" in html


def test_unit_page_queries_do_not_grow_with_indicators(client, data, django_assert_max_num_queries):
    extra = [
        Indicator.objects.create(code=f"EX{i}", name=f"Chỉ số thêm {i}", space_aggregation="sum") for i in range(10)
    ]
    write_values([ValueInput(i.id, data["town"].id, "2023", 5) for i in extra])
    with django_assert_max_num_queries(12 + SESSION_QUERIES):
        response = client.get(reverse("web:unit", args=[data["district"].pk]))
    assert response.status_code == 200
    assert "Chỉ số thêm 9" in _text(response)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ba to", "Huyện Ba Tơ"),
        ("BA TO", "Thị trấn Ba Tơ"),
        ("dak lak", "Tỉnh Đắk Lắk"),
        ("Đắk Lắk", "Tỉnh Đắk Lắk"),
        ("lak dak", "Tỉnh Đắk Lắk"),  # every word, in any order
        ("21484", "Xã Ba Tơ"),  # official code
        ("ho ngheo", "Tỷ lệ hộ nghèo"),  # indicator
        ("dai hoi dang bo", "01-NQ/ĐH"),  # resolution title
    ],
)
def test_search_ignores_diacritics(client, data, query, expected, django_assert_max_num_queries):
    with django_assert_max_num_queries(4 + SESSION_QUERIES):
        response = client.get(reverse("web:search"), {"q": query})
    assert response.status_code == 200
    assert expected in _text(response)


def test_search_without_results_and_empty_query(client, data):
    assert "Không tìm thấy" in _text(client.get(reverse("web:search"), {"q": "zzzz"}))
    response = client.get(reverse("web:search"), {"q": "  "})
    assert response.status_code == 200 and "Không tìm thấy" not in _text(response)


def test_lists_and_indicator_page(client, data):
    html = _text(client.get(reverse("web:units")))
    assert "Tỉnh Quảng Ngãi" in html and "Tỉnh Đắk Lắk" in html
    html = _text(client.get(reverse("web:indicators")))
    assert "Độ che phủ rừng" in html
    html = _text(client.get(reverse("web:indicator", args=[data["ind"]["forest"].pk])))
    assert "Độ che phủ rừng đạt 62%" in html


@pytest.mark.parametrize("name", ["web:resolution", "web:resolution_export", "web:target", "web:unit", "web:indicator"])
def test_unknown_ids_are_404(client, db, name):
    response = client.get(reverse(name, args=[987654]))
    assert response.status_code == 404
    assert "Không tìm thấy" in response.content.decode()  # the site's own page, in Vietnamese


def test_pages_have_print_stylesheet_and_search_box(client, data):
    html = _text(client.get(reverse("web:resolution", args=[data["res"].pk])))
    assert 'media="print"' in html and "print.css" in html
    assert 'role="search"' in html


def test_vietnamese_whatever_the_browser_says(client, data):
    html = _text(client.get(reverse("web:resolution", args=[data["res"].pk]), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"))
    assert "Dữ liệu mẫu" in html and "Sample data" not in html


def test_english_is_available(client, data):
    client.cookies["django_language"] = "en"
    html = _text(client.get(reverse("web:resolution", args=[data["res"].pk])))
    assert "Baseline" in html and "Sample data" in html
