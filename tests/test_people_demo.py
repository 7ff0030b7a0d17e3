"""The sample cadres of Ba Tơ (people/demo.py): idempotent, the standing committee, the matrix, rotations."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.db import transaction

from nghiquyet.people import demo, queries, tenure
from nghiquyet.people.models import Appointment, Person, Post, Responsibility, Training
from nghiquyet.resolutions import demo as base_demo
from nghiquyet.units.models import OrgUnit

MEMBERS = [
    "Nguyễn Văn An", "Phạm Thị Bình", "Đinh Văn Cường", "Đinh Thị Hoa", "Phạm Văn Hùng", "Lê Văn Khánh",
    "Đinh Văn Lâm", "Võ Thị Mai", "Hồ Văn Nam",
]


def _snapshot() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Person, Post, Appointment, Responsibility, Training))


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        base_demo.load_demo(units="ba-to")
        first = demo.load()
        before = _snapshot()
        second = demo.load()
        yield {"first": first, "second": second, "before": before, "after": _snapshot()}
        transaction.set_rollback(True)


def test_the_demo_is_idempotent_and_sample(loaded):
    assert loaded["first"]["appointments"] > 30 and loaded["first"]["responsibilities"] > 25
    assert set(loaded["second"].values()) == {0}
    assert loaded["before"] == loaded["after"]
    for model in (Person, Post, Appointment, Responsibility, Training):
        assert not model.objects.filter(is_sample=False).exists(), model


def test_the_standing_committee_and_its_matrix(loaded):
    committee = OrgUnit.objects.select_related("parent").get(code="H535-DU")
    day = queries.matrix_day(committee, None, dt.date(2026, 11, 28))
    assert day == dt.date(2025, 6, 30)  # the district ended on 01/07/2025
    matrix = queries.build_matrix(committee, day)
    assert [m.person.full_name for m in matrix.members] == MEMBERS
    assert len(matrix.areas) == 19 and all(a.code.startswith("X-OLD-") for a in matrix.areas)
    assert matrix.uncovered_areas == []
    for member in matrix.members:
        areas = [k for k in member.marks if k[0] == "unit"]
        fields = [k for k in member.marks if k[0] == "field"]
        assert 1 <= len(areas) <= 3 and 1 <= len(fields) <= 2, member.person
    # Xã Ba Động passed from Lê Văn Khánh to Võ Thị Mai on 01/01/2023.
    ba_dong = OrgUnit.objects.get(code="X-OLD-21496")
    early = queries.build_matrix(committee, dt.date(2022, 6, 1))
    assert [m.person.full_name for m in early.members if ("unit", ba_dong.pk) in m.marks] == ["Lê Văn Khánh"]
    assert [m.person.full_name for m in matrix.members if ("unit", ba_dong.pk) in m.marks] == ["Võ Thị Mai"]


def test_rotations_are_scoped(loaded, django_user_model):
    assert queries.rotations(None, dt.date(2026, 11, 28)) == []  # no user, no scope
    nobody = django_user_model.objects.create(username="nobody")
    assert queries.rotations(nobody, dt.date(2026, 11, 28)) == []


def test_a_dozen_rotations_2021_2025(loaded, django_user_model):
    admin = django_user_model.objects.create(username="root", is_superuser=True)
    moves = queries.rotations(admin, dt.date(2026, 11, 28))
    assert len(moves) == 12
    assert Counter(m.year for m in moves) == {2021: 2, 2022: 3, 2023: 3, 2024: 2, 2025: 2}
    assert Counter(m.direction for m in moves) == {tenure.DOWN: 7, tenure.UP: 3, tenure.SIDEWAYS: 2}
    tuan = next(m for m in moves if m.appointment.person.full_name == "Hồ Văn Tuấn")
    # Rotated to xã Ba Xa with no end recorded: the stay ends when the old commune ended.
    assert tuan.origin_inferred and tuan.last_day == dt.date(2025, 6, 30) and not tuan.running
    assert tuan.months == 39
    with_transfers = queries.rotations(admin, dt.date(2026, 11, 28), kinds=("rotation", "transfer", "secondment"))
    assert len(with_transfers) == 15


def test_the_secretary_in_charge_of_targets(loaded, django_user_model):
    admin = django_user_model.objects.create(username="root2", is_superuser=True)
    an = Person.objects.get(full_name="Nguyễn Văn An", is_sample=True)
    day = queries.leader_day(an, None, dt.date(2026, 11, 28))
    assert day == dt.date(2025, 6, 30)
    resps = queries.responsibilities_on(an, day)
    codes = {t.code for t in queries.leader_targets(an, resps, admin, day)}
    assert {"CT10", "CT13"} <= codes  # targets of thị trấn Ba Tơ, one of his communes
    items = queries.evaluate_for_leader(queries.leader_targets(an, resps, admin, day))
    assert all(i.status for i in items)
