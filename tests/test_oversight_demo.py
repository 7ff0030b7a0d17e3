"""The oversight sample data of Ba Tơ: loads after the base demo, idempotently, and tells a story."""

from __future__ import annotations

import importlib

import pytest
from django.db import transaction
from django.utils import timezone

from nghiquyet.oversight import demo, states
from nghiquyet.oversight.models import Briefing, Inspection, Obstacle, Recommendation
from nghiquyet.oversight.views import obstacle_row, rec_rows
from nghiquyet.plans.models import Task, TaskSource
from nghiquyet.resolutions import demo as base_demo
from nghiquyet.units.models import OrgUnit

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        "inspections": Inspection.objects.count(), "recommendations": Recommendation.objects.count(),
        "obstacles": Obstacle.objects.count(), "briefings": Briefing.objects.count(),
        "tasks": Task.objects.filter(source__in=[TaskSource.RECOMMENDATION, TaskSource.OBSTACLE]).count(),
        "history": sum(m.history.count() for m in (Inspection, Recommendation, Obstacle, Briefing)),
    }


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        base_demo.load_demo(units="ba-to")
        for app in ("people", "plans"):  # the order of `nghiquyet demo`
            try:
                importlib.import_module(f"nghiquyet.{app}.demo").load()
            except ModuleNotFoundError:
                pass
        first = demo.load()
        before = _counts()
        second = demo.load()
        after = _counts()
        yield {"first": first, "second": second, "before": before, "after": after}
        transaction.set_rollback(True)


def test_loads_once_and_a_second_run_changes_nothing(loaded):
    assert loaded["first"] == {"inspections": 2, "recommendations": 9, "obstacles": 5, "briefings": 22}
    assert loaded["second"] == {"inspections": 0, "recommendations": 0, "obstacles": 0, "briefings": 0}
    assert loaded["after"] == loaded["before"]


def test_everything_is_sample_data(loaded):
    assert not Inspection.objects.filter(is_sample=False).exists()
    assert not Obstacle.objects.filter(is_sample=False).exists()
    assert not Briefing.objects.filter(is_sample=False).exists()
    assert not Task.objects.filter(recommendation__isnull=False, is_sample=False).exists()


def test_recommendations_are_tasks_with_every_state(loaded):
    today = timezone.localdate()
    recs = Recommendation.objects.select_related("task", "unit")
    for rec in recs:
        assert rec.task.lead_unit == rec.unit
        assert rec.task.source == TaskSource.RECOMMENDATION
    found = {r.state for r in rec_rows(recs, today)}
    assert {states.FIXED, states.FIXED_LATE, states.FIXING, states.OVERDUE} <= found


def test_obstacles_escalated_to_the_district_two_answered_one_overdue(loaded):
    today = timezone.localdate()
    district = OrgUnit.objects.get(code="H535")
    obstacles = list(Obstacle.objects.select_related("task", "escalated_to"))
    assert len(obstacles) == 5
    assert all(o.escalated_to.admin_unit == district for o in obstacles)
    found = [obstacle_row(o, today).state for o in obstacles]
    assert found.count(states.ANSWERED) + found.count(states.ANSWERED_LATE) == 2
    assert states.HANDLING_OVERDUE in found and states.WAITING in found


def test_briefings_cover_the_district_and_its_19_old_communes(loaded):
    district = OrgUnit.objects.get(code="H535")
    units = set(Briefing.objects.filter(resolution__number="NQ-DH-XIX-BT").values_list("unit__code", flat=True))
    old = set(OrgUnit.objects.filter(parent=district, code__startswith="X-OLD-").values_list("code", flat=True))
    assert len(old) == 19 and old <= units
    assert "H535-DU" in units
    assert Briefing.objects.filter(resolution__number="NQ-DH-I-XBT", unit__code="X21484").exists()
