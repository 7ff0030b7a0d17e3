"""Administrative units: the official tree, the Ba Tơ history pack, successions, bodies, search."""

from __future__ import annotations

import datetime as dt
import io
import textwrap
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nghiquyet import cli
from nghiquyet.units import loader
from nghiquyet.units.models import OrgUnit, Succession

REFORM = dt.date(2025, 7, 1)

# domain-facts §8: the 8 communes that took over Ba Tơ district's 19 units on 1 July 2025
BA_TO_MAP = {
    "21484": ("Xã Ba Tơ", ["Thị trấn Ba Tơ", "Xã Ba Cung", "Xã Ba Bích"]),
    "21529": ("Xã Ba Vì", ["Xã Ba Vì", "Xã Ba Tiêu", "Xã Ba Ngạc"]),
    "21523": ("Xã Ba Tô", ["Xã Ba Tô", "Xã Ba Lế", "Xã Ba Nam"]),
    "21499": ("Xã Ba Dinh", ["Xã Ba Dinh", "Xã Ba Giang"]),
    "21490": ("Xã Ba Vinh", ["Xã Ba Vinh", "Xã Ba Điền"]),
    "21496": ("Xã Ba Động", ["Xã Ba Động", "Xã Ba Liên", "Xã Ba Thành"]),
    "21520": ("Xã Đặng Thùy Trâm", ["Xã Ba Trang", "Xã Ba Khâm"]),
    "21538": ("Xã Ba Xa", ["Xã Ba Xa"]),
}


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """Load the whole tree once for this module (it is committed), and remove it afterwards."""
    with django_db_blocker.unblock():
        assert not OrgUnit.objects.exists(), "the units tests expect an empty units table"
        with CaptureQueriesContext(connection) as ctx:
            units = loader.load_units()
            history = loader.load_history()
        yield {"units": units, "history": history, "queries": len(ctx.captured_queries)}
        Succession.objects.all().delete()
        for depth in sorted(set(OrgUnit.objects.values_list("depth", flat=True)), reverse=True):
            OrgUnit.objects.filter(depth=depth).delete()


@pytest.fixture
def units(loaded, db):
    """Per-test access to the loaded tree; each test's own writes are rolled back."""
    return loaded


def u(code: str) -> OrgUnit:
    return OrgUnit.objects.get(code=code)


# --- the current tree -----------------------------------------------------------------------


def test_first_load_creates_the_whole_tree_in_a_bounded_number_of_queries(units):
    assert units["units"] == {
        "created": 1 + 34 + 3321, "updated": 0, "unchanged": 0,
        "provinces": 34, "communes": 3321, "commune": 2621, "ward": 687, "special_zone": 13,
    }
    assert units["history"] == {
        "created": 20, "updated": 0, "unchanged": 0, "successions_created": 19,
        "successions_updated": 0, "successions_unchanged": 0, "packs": ["ba-to-2025"],
    }
    # bulk writes in chunks of 500: ~80 statements for 3,376 units, not one per unit
    assert units["queries"] < 150


def test_current_tree_has_34_provinces_and_3321_communes_by_kind(units):
    current = OrgUnit.objects.current()
    assert current.filter(kind="province").count() == 34
    kinds = Counter(current.filter(depth=2).exclude(kind="district").values_list("kind", flat=True))
    assert kinds == {"commune": 2621, "ward": 687, "special_zone": 13}
    assert not current.filter(kind__in=["district", "township"]).exists()
    vn = u("VN")
    assert (vn.name, vn.kind, vn.parent_id, vn.depth) == ("Việt Nam", "nation", None, 0)
    assert set(OrgUnit.objects.filter(kind="province").values_list("parent_id", flat=True)) == {vn.pk}


@pytest.mark.parametrize(
    ("code", "official", "name", "short", "kind", "parent"),
    [
        ("P01", "01", "Thành phố Hà Nội", "Hà Nội", "province", "VN"),
        ("P51", "51", "Tỉnh Quảng Ngãi", "Quảng Ngãi", "province", "VN"),
        ("P66", "66", "Tỉnh Đắk Lắk", "Đắk Lắk", "province", "VN"),
        ("X21484", "21484", "Xã Ba Tơ", "Ba Tơ", "commune", "P51"),
        ("X21520", "21520", "Xã Đặng Thùy Trâm", "Đặng Thùy Trâm", "commune", "P51"),
        ("X21548", "21548", "Đặc khu Lý Sơn", "Lý Sơn", "special_zone", "P51"),
    ],
)
def test_codes_names_and_parents(units, code, official, name, short, kind, parent):
    unit = u(code)
    assert (unit.official_code, unit.name, unit.short_name, unit.kind) == (official, name, short, kind)
    assert unit.parent.code == parent
    assert unit.source and unit.verified


def test_communes_start_on_1_july_2025_with_their_legal_basis(units):
    assert not OrgUnit.objects.filter(depth=2, valid_to__isnull=True).exclude(valid_from=REFORM).exists()
    assert "NQ 1677/NQ-UBTVQH15" in u("X21484").source
    assert "CV 1027/CTK-CSCL" in u("X21484").source
    assert "NQ 202/2025/QH15" in u("P51").source
    assert u("P51").valid_from is None  # provinces are continuous, see loader docstring


def test_second_run_changes_nothing(units, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        again = loader.load_units()
        history = loader.load_history()
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 3356)
    assert history == {
        "created": 0, "updated": 0, "unchanged": 20, "successions_created": 0,
        "successions_updated": 0, "successions_unchanged": 19, "packs": ["ba-to-2025"],
    }
    assert OrgUnit.objects.count() == 3376 and Succession.objects.count() == 19


def test_reload_repairs_edited_units_and_drags_their_bodies_along(units):
    commune = u("X21484")
    body_du, _ = loader.ensure_bodies(commune)
    OrgUnit.objects.filter(code="X21520").update(name="Sai tên", search_name="sai ten")
    commune.parent = u("P01")  # a wrong move through save(): the subtree follows
    commune.save()
    assert OrgUnit.objects.get(pk=body_du.pk).path.startswith(u("P01").path)

    result = loader.load_units()

    assert (result["created"], result["updated"]) == (0, 2)
    assert u("X21520").name == "Xã Đặng Thùy Trâm" and u("X21520").search_name.startswith("xa dang thuy tram")
    commune = u("X21484")
    assert commune.parent.code == "P51" and commune.path == f"{u('P51').path}{commune.pk}/"
    body = OrgUnit.objects.get(pk=body_du.pk)
    assert body.path == f"{commune.path}{body.pk}/" and body.depth == 3


def test_paths_and_depths_are_consistent(units):
    parents = dict(OrgUnit.objects.values_list("pk", "path"))
    for pk, parent_id, path, depth in OrgUnit.objects.values_list("pk", "parent_id", "path", "depth"):
        expected = f"{parents[parent_id] if parent_id else '/'}{pk}/"
        assert (path, depth) == (expected, expected.count("/") - 2)
    old = u("X-OLD-21511")
    assert old.depth == 3
    assert old.ancestor_ids() == [u("VN").pk, u("P51").pk, u("H535").pk]
    subtree = set(OrgUnit.objects.subtree(u("P51")).values_list("code", flat=True))
    assert {"P51", "H535", "X-OLD-21511", "X21484"} <= subtree and "X00004" not in subtree
    assert OrgUnit.objects.subtree(u("P51")).filter(depth=2, valid_to__isnull=True).count() == 96


def test_search_name_is_the_same_as_save_computes(units):
    unit = OrgUnit(code="T-1", name="Thôn Gò Vàng", short_name="Gò Vàng", kind="village",
                   official_code="", parent=u("X21484"))
    unit.save()
    assert unit.search_name == loader.search_name("Thôn Gò Vàng", "Gò Vàng", "")


@pytest.mark.parametrize(
    ("query", "must_find"),
    [
        ("ba to", {"X21484", "H535", "X-OLD-21484", "X21523", "X-OLD-21523"}),  # Ba Tơ and Ba Tô
        ("Ba Tơ", {"X21484", "H535", "X-OLD-21484"}),
        ("dak lak", {"P66"}),
        ("ĐẮK LẮK", {"P66"}),
        ("dang thuy tram", {"X21520"}),
        ("21484", {"X21484", "X-OLD-21484"}),
        ("huyen ba to", {"H535"}),
    ],
)
def test_search_ignores_diacritics_and_case(units, query, must_find):
    found = set(OrgUnit.objects.search(query).values_list("code", flat=True))
    assert must_find <= found


# --- Ba Tơ before and after 1 July 2025 ---------------------------------------------------------


def test_ba_to_district_and_its_19_old_units(units):
    district = u("H535")
    assert (district.name, district.kind, district.official_code) == ("Huyện Ba Tơ", "district", "535")
    assert district.parent.code == "P51" and district.valid_to == REFORM
    old = list(OrgUnit.objects.filter(parent=district))
    assert len(old) == 19
    assert Counter(o.kind for o in old) == {"commune": 18, "township": 1}
    assert {o.name for o in old} == {name for _, olds in BA_TO_MAP.values() for name in olds}
    assert all(o.valid_to == REFORM and o.valid_from is None and o.verified for o in old)
    assert all(o.code == f"X-OLD-{o.official_code}" for o in old)
    assert u("X-OLD-21511").name == "Xã Ba Cung"


def test_successions_lead_to_the_8_new_communes(units):
    links = Succession.objects.select_related("old_unit", "new_unit")
    got: dict[str, tuple[str, set[str]]] = {}
    for s in links:
        assert s.date == REFORM and "NQ 1677/NQ-UBTVQH15" in s.legal_basis and s.share is None
        assert s.kind == ("rename" if s.new_unit.official_code == "21538" else "merge")
        name, olds = got.setdefault(s.new_unit.official_code, (s.new_unit.name, set()))
        olds.add(s.old_unit.name)
    assert got == {code: (name, set(olds)) for code, (name, olds) in BA_TO_MAP.items()}
    for code in BA_TO_MAP:
        new = u(f"X{code}")
        assert new.valid_from == REFORM and new.valid_to is None and new.parent.code == "P51"
    # every old unit has exactly one successor; the district itself has none (see the pack header)
    assert Counter(links.values_list("old_unit__code", flat=True)).most_common(1)[0][1] == 1
    assert not Succession.objects.filter(old_unit__code="H535").exists()


def test_valid_on_a_date(units):
    before = set(OrgUnit.objects.valid_on(dt.date(2024, 6, 30)).values_list("code", flat=True))
    after = set(OrgUnit.objects.valid_on(REFORM).values_list("code", flat=True))
    assert {"VN", "P51", "H535", "X-OLD-21484", "X-OLD-21538"} <= before
    assert not {"X21484", "X21538"} & before
    assert {"VN", "P51", "X21484", "X21538"} <= after
    assert not {"H535", "X-OLD-21484"} & after
    assert OrgUnit.objects.valid_on(dt.date(2030, 1, 1)).filter(depth=2).count() == 3321


# --- packs ------------------------------------------------------------------------------------


def test_a_bad_pack_is_refused_with_every_error_and_writes_nothing(units, tmp_path):
    (tmp_path / "a-good.yaml").write_text(textwrap.dedent("""
        pack: good
        legal_basis: NQ 1/2025
        date: 2025-07-01
        units:
          - {code: T-GOOD, name: Thôn Tốt, kind: village, parent: X21484}
    """), encoding="utf-8")
    (tmp_path / "b-bad.yaml").write_text(textwrap.dedent("""
        pack: bad
        date: 2025-13-01
        units:
          - {code: T-1, name: Thôn Một, kind: hamlet, parent: X21484, colour: red}
          - {code: T-2, kind: village, parent: X21484, valid_to: not-a-date}
          - {code: T-THIS-CODE-IS-FAR-TOO-LONG-FOR-THE-FIELD, name: Thôn Ba, kind: village, parent: X21484}
        successions:
          - {old: T-1}
          - {old: T-1, new: X21484, kind: swallow, share: 2}
    """), encoding="utf-8")
    before = OrgUnit.objects.count()
    with pytest.raises(ValueError) as err:
        loader.load_history(data_dir=tmp_path)
    message = str(err.value)
    for expected in ["thiếu khóa bắt buộc 'legal_basis'", "ngày không hợp lệ '2025-13-01'",
                     "loại đơn vị không hợp lệ 'hamlet'", "khóa không hỗ trợ colour",
                     "thiếu 'name'", "ngày không hợp lệ 'not-a-date'", "cần 'old' và 'new'",
                     "loại không hợp lệ 'swallow'", "tỷ lệ (share)", "'code' dài quá 32 ký tự"]:
        assert expected in message
    assert OrgUnit.objects.count() == before  # the good pack loaded first was rolled back too


def test_a_pack_needs_the_current_units_first(units, tmp_path):
    (tmp_path / "x.yaml").write_text(textwrap.dedent("""
        pack: x
        legal_basis: NQ 1/2025
        date: 2025-07-01
        units:
          - {code: H-999, name: Huyện Không Có, kind: district, parent: P99}
        successions:
          - {old: H-999, new: X99999}
    """), encoding="utf-8")
    with pytest.raises(ValueError, match="Không tìm thấy đơn vị cha 'P99'.*nghiquyet load-units"):
        loader.load_history(data_dir=tmp_path)


# --- bodies -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "party", "committee"),
    [
        ("X21484", "Đảng ủy xã Ba Tơ", "UBND xã Ba Tơ"),
        ("H535", "Huyện ủy Ba Tơ", "UBND huyện Ba Tơ"),
        ("X-OLD-21484", "Đảng ủy thị trấn Ba Tơ", "UBND thị trấn Ba Tơ"),
        ("P51", "Tỉnh ủy Quảng Ngãi", "UBND tỉnh Quảng Ngãi"),
        ("P01", "Thành ủy Hà Nội", "UBND thành phố Hà Nội"),
        ("X21548", "Đảng ủy đặc khu Lý Sơn", "UBND đặc khu Lý Sơn"),
    ],
)
def test_ensure_bodies_names_and_codes(units, code, party, committee):
    unit = u(code)
    du, ub = loader.ensure_bodies(unit)
    assert (du.code, du.name, du.kind) == (f"{code}-DU", party, "party_committee")
    assert (ub.code, ub.name, ub.kind) == (f"{code}-UB", committee, "peoples_committee")
    for body in (du, ub):
        assert body.parent_id == unit.pk and body.path == f"{unit.path}{body.pk}/"
        assert (body.valid_from, body.valid_to) == (unit.valid_from, unit.valid_to)


def test_ensure_bodies_is_idempotent_and_supports_council_and_front(units):
    unit = u("H535")
    first = loader.ensure_bodies(unit, kinds=("peoples_council", "fatherland_front"))
    count = OrgUnit.objects.count()
    second = loader.ensure_bodies(unit, kinds=("peoples_council", "fatherland_front"))
    assert [b.pk for b in first] == [b.pk for b in second] and OrgUnit.objects.count() == count
    assert [b.name for b in second] == ["HĐND huyện Ba Tơ", "Ủy ban MTTQ Việt Nam huyện Ba Tơ"]
    assert all(b.valid_to == REFORM for b in second)
    with pytest.raises(ValueError):
        loader.ensure_bodies(unit, kinds=("agency",))
    with pytest.raises(ValueError):
        loader.ensure_bodies(u("VN"))


# --- the command ------------------------------------------------------------------------------


def test_load_units_command_prints_a_vietnamese_report(units):
    out = io.StringIO()
    call_command("load_units", stdout=out)
    text = out.getvalue()
    assert "34 tỉnh/thành phố, 3.321 đơn vị cấp xã (2.621 xã, 687 phường, 13 đặc khu)" in text
    assert "không đổi 3.356" in text and "Gói lịch sử ba-to-2025" in text
    assert "không có thay đổi" in text


def test_cli_accepts_the_dashed_command_name(units, capsys):
    cli.main(["load-units", "--no-history", "--skip-checks"])
    assert "3.321 đơn vị cấp xã" in capsys.readouterr().out
    cli.main(["help", "load-units"])
    assert "vietnam-provinces" in capsys.readouterr().out
