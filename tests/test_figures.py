"""Figures written through the service show at once in every ancestor, without scanning values."""

import datetime as dt

import pytest

from nghiquyet.indicators import services
from nghiquyet.indicators.models import DataValue, DataValueChange, Indicator, RollupValue
from nghiquyet.indicators.services import ValueInput, read_values, write_values
from nghiquyet.units.models import OrgUnit, Succession

pytestmark = pytest.mark.django_db

MERGE_DAY = dt.date(2025, 7, 1)


@pytest.fixture
def tree():
    """VN → province → old district → 3 old communes; province → new commune that took over two of them."""
    vn = OrgUnit.objects.create(code="VN", name="Việt Nam", kind="nation")
    prov = OrgUnit.objects.create(code="P51", name="Tỉnh Quảng Ngãi", kind="province", parent=vn)
    dist = OrgUnit.objects.create(code="H-BT", name="Huyện Ba Tơ", kind="district", parent=prov, valid_to=MERGE_DAY)
    a = OrgUnit.objects.create(code="O-A", name="Thị trấn Ba Tơ", kind="township", parent=dist, valid_to=MERGE_DAY)
    b = OrgUnit.objects.create(code="O-B", name="Xã Ba Cung", kind="commune", parent=dist, valid_to=MERGE_DAY)
    c = OrgUnit.objects.create(code="O-C", name="Xã Ba Xa", kind="commune", parent=dist, valid_to=MERGE_DAY)
    new = OrgUnit.objects.create(code="X21484", name="Xã Ba Tơ", kind="commune", parent=prov, valid_from=MERGE_DAY)
    body = OrgUnit.objects.create(code="H-BT-DU", name="Huyện ủy Ba Tơ", kind="party_committee", parent=dist)
    for old in (a, b):
        Succession.objects.create(old_unit=old, new_unit=new, date=MERGE_DAY, kind="merge")
    return dict(vn=vn, prov=prov, dist=dist, a=a, b=b, c=c, new=new, body=body)


@pytest.fixture
def inds():
    households = Indicator.objects.create(code="HH", name="Tổng số hộ", space_aggregation="sum", time_aggregation="last")
    return dict(
        value=Indicator.objects.create(code="GTSX", name="Giá trị sản xuất", space_aggregation="sum", time_aggregation="sum"),
        households=households,
        poverty=Indicator.objects.create(
            code="NGHEO", name="Tỷ lệ hộ nghèo", value_type="percent", space_aggregation="weighted_mean",
            weight_indicator=households, time_aggregation="last",
        ),
        cover=Indicator.objects.create(code="CPR", name="Độ che phủ rừng", space_aggregation="mean"),
        worst=Indicator.objects.create(code="MIN", name="Thấp nhất", space_aggregation="min"),
        none=Indicator.objects.create(code="NONE", name="Không cộng", space_aggregation="none"),
    )


def w(ind, unit, period, value, kind="official"):
    return ValueInput(indicator_id=ind.id, unit_id=unit.id, period=period, value=value, kind=kind)


def val(ind, unit, period):
    return services.get_value(ind.id, unit.id, period)


def test_a_saved_figure_is_visible_in_every_ancestor_at_once(tree, inds):
    write_values([w(inds["value"], tree["a"], "2023", 100), w(inds["value"], tree["b"], "2023", 50)])
    assert val(inds["value"], tree["dist"], "2023").value == 150
    assert val(inds["value"], tree["prov"], "2023").value == 150
    assert val(inds["value"], tree["vn"], "2023").value == 150
    write_values([w(inds["value"], tree["c"], "2023", 25)])
    assert val(inds["value"], tree["vn"], "2023").value == 175
    r = val(inds["value"], tree["dist"], "2023")
    assert (r.source, r.children_count, r.conflict) == ("children", 3, False)
    # a correction flows up too
    write_values([w(inds["value"], tree["a"], "2023", 10)])
    assert val(inds["value"], tree["vn"], "2023").value == 85


def test_own_figure_wins_and_a_differing_children_sum_is_flagged(tree, inds):
    write_values([w(inds["value"], tree["a"], "2023", 100), w(inds["value"], tree["b"], "2023", 50)])
    write_values([w(inds["value"], tree["dist"], "2023", 160)])
    r = val(inds["value"], tree["dist"], "2023")
    assert (r.value, r.own_value, r.children_value, r.conflict, r.source) == (160, 160, 150, True, "own")
    assert val(inds["value"], tree["prov"], "2023").value == 160  # ancestors use what the district shows


def test_weighted_mean_uses_the_weight_indicator_and_follows_weight_changes(tree, inds):
    write_values([
        w(inds["households"], tree["a"], "2023", 100), w(inds["households"], tree["b"], "2023", 300),
        w(inds["poverty"], tree["a"], "2023", 20), w(inds["poverty"], tree["b"], "2023", 10),
    ])
    assert val(inds["poverty"], tree["dist"], "2023").value == pytest.approx(12.5)
    write_values([w(inds["households"], tree["b"], "2023", 100)])  # only the weight changes
    assert val(inds["poverty"], tree["dist"], "2023").value == pytest.approx(15)


@pytest.mark.parametrize(("key", "expected"), [("cover", 15), ("worst", 10), ("none", None)])
def test_other_space_rules(tree, inds, key, expected):
    write_values([w(inds[key], tree["a"], "2023", 10), w(inds[key], tree["b"], "2023", 20)])
    assert val(inds[key], tree["dist"], "2023").value == expected


def test_bodies_keep_their_figures_out_of_the_admin_rollup(tree, inds):
    write_values([w(inds["value"], tree["a"], "2023", 100), w(inds["value"], tree["body"], "2023", 999)])
    assert val(inds["value"], tree["body"], "2023").value == 999
    assert val(inds["value"], tree["dist"], "2023").value == 100


def test_a_year_reads_from_its_months_by_the_time_rule(tree, inds):
    write_values([w(inds["value"], tree["a"], f"2024M{m:02d}", 10) for m in range(1, 10)])
    write_values([w(inds["households"], tree["a"], "2024M03", 98), w(inds["households"], tree["a"], "2024M08", 101)])
    assert val(inds["value"], tree["a"], "2024").value == 90  # flow: sum so far
    assert val(inds["value"], tree["vn"], "2024N9").value == 90
    assert val(inds["value"], tree["vn"], "2024S1").value == 60
    assert val(inds["value"], tree["dist"], "2024Q2").value == 30
    assert val(inds["households"], tree["a"], "2024").value == 101  # stock: the latest month
    assert val(inds["value"], tree["a"], "2024").source == "months"


def test_official_beats_estimated(tree, inds):
    write_values([w(inds["value"], tree["a"], "2024", 80, kind="estimated")])
    assert (val(inds["value"], tree["a"], "2024").value, val(inds["value"], tree["a"], "2024").kind) == (80, "estimated")
    write_values([w(inds["value"], tree["a"], "2024", 85)])
    assert (val(inds["value"], tree["a"], "2024").value, val(inds["value"], tree["a"], "2024").kind) == (85, "official")


def test_a_merged_commune_reads_its_history_through_its_predecessors(tree, inds):
    write_values([
        w(inds["value"], tree["a"], "2024", 100), w(inds["value"], tree["b"], "2024", 50),
        w(inds["value"], tree["c"], "2024", 7),
        w(inds["households"], tree["a"], "2024", 100), w(inds["households"], tree["b"], "2024", 300),
        w(inds["poverty"], tree["a"], "2024", 20), w(inds["poverty"], tree["b"], "2024", 10),
    ])
    r = val(inds["value"], tree["new"], "2024")
    assert (r.value, r.source) == (150, "predecessors")
    assert val(inds["poverty"], tree["new"], "2024").value == pytest.approx(12.5)
    # after the merger the new commune's own figures count; the old ones are history
    write_values([w(inds["value"], tree["new"], "2026", 170)])
    assert val(inds["value"], tree["new"], "2026").value == 170
    assert val(inds["value"], tree["prov"], "2026").value == 170
    assert val(inds["value"], tree["prov"], "2024").value == 157  # history still shows the district


def test_every_change_is_audited_and_rewriting_the_same_figure_writes_nothing(tree, inds):
    assert write_values([w(inds["value"], tree["a"], "2023", 100)]) == 1
    assert write_values([w(inds["value"], tree["a"], "2023", 100)]) == 0
    write_values([w(inds["value"], tree["a"], "2023", 120)])
    changes = list(DataValueChange.objects.order_by("id").values_list("old_value", "new_value"))
    assert changes == [(None, 100), (100, 120)]
    services.delete_values([(inds["value"].id, tree["a"].id, "2023", "official")])
    assert val(inds["value"], tree["vn"], "2023").value is None
    assert not RollupValue.objects.filter(indicator=inds["value"]).exists()
    assert DataValueChange.objects.count() == 3


def test_a_bad_period_writes_nothing(tree, inds):
    with pytest.raises(ValueError):
        write_values([w(inds["value"], tree["a"], "2023", 1), w(inds["value"], tree["a"], "2023M13", 1)])
    assert DataValue.objects.count() == 0


def test_reads_use_a_bounded_number_of_queries(tree, inds, django_assert_max_num_queries):
    units = [tree["a"], tree["b"], tree["c"], tree["dist"], tree["prov"], tree["vn"]]
    write_values([w(i, u, str(y), 1) for i in inds.values() for u in units[:3] for y in range(2020, 2025)])
    keys = [(i.id, u.id, str(y)) for i in inds.values() for u in units for y in range(2019, 2026)]
    with django_assert_max_num_queries(12):
        readings = read_values(keys)
    assert len(readings) == len(keys)


def test_children_readings_show_the_units_of_the_period(tree, inds):
    write_values([w(inds["value"], tree["a"], "2023", 1), w(inds["value"], tree["new"], "2026", 2)])
    names_2023 = [u.code for u, _ in services.children_readings(inds["value"].id, tree["prov"], "2023")]
    names_2026 = [u.code for u, _ in services.children_readings(inds["value"].id, tree["prov"], "2026")]
    assert names_2023 == ["H-BT"]
    assert names_2026 == ["X21484"]


def test_sample_data_is_flagged_up_the_tree_until_a_real_figure_replaces_it(tree, inds):
    write_values([w(inds["value"], tree["a"], "2023", 100)], is_sample=True)
    write_values([w(inds["value"], tree["b"], "2023", 50)])
    assert val(inds["value"], tree["a"], "2023").is_sample
    assert not val(inds["value"], tree["b"], "2023").is_sample
    assert val(inds["value"], tree["dist"], "2023").is_sample  # built partly from sample data
    assert val(inds["value"], tree["vn"], "2023").is_sample
    write_values([w(inds["value"], tree["dist"], "2023", 150)], source="Báo cáo chính thức")
    assert not val(inds["value"], tree["dist"], "2023").is_sample  # the district's own real figure is shown
    assert not val(inds["value"], tree["vn"], "2023").is_sample
    assert val(inds["value"], tree["new"], "2023").is_sample  # read through predecessor a
