"""Sample oversight data for `nghiquyet demo` (huyện Ba Tơ): inspections, obstacles, briefings.

Runs after the base demo (units, resolutions) and the people and plans demos. Reads
`data/demo/ba-to-oversight.yaml`; everything is marked sample data (`is_sample=True`). Writes go
through `oversight.services` (which create the tasks through `plans.services`) acting as the
system (`user=None, check=False`). Idempotent: an inspection is matched by its decision number,
a recommendation by (inspection, order), an obstacle by (reporting unit, title), a briefing by
(resolution, unit, day); what exists is left alone, so a second run changes nothing.

Briefing attendance is generated from seeded random streams keyed by unit code, so every run
produces the same numbers.
"""

from __future__ import annotations

import datetime as dt
import random
import zlib
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from django.utils import timezone

from nghiquyet.indicators.models import Field
from nghiquyet.people.models import Person
from nghiquyet.plans import services as task_services
from nghiquyet.resolutions.models import Resolution
from nghiquyet.units import loader
from nghiquyet.units.models import OrgUnit, UnitKind

from . import services
from .models import Briefing, Inspection, Obstacle

PACK = Path(__file__).resolve().parent / "data" / "demo" / "ba-to-oversight.yaml"
DISTRICT = "H535"
NEW_COMMUNE = "X21484"
DISTRICT_RESOLUTION = "NQ-DH-XIX-BT"
COMMUNE_RESOLUTION = "NQ-DH-I-XBT"
OLD_PREFIX = "X-OLD-"
UBKT_CODE = "H535-UBKT"


def _say(stdout, text: str) -> None:
    if stdout is not None:
        stdout.write(text + "\n")


def _day(value: Any, today: dt.date, days: Any = None) -> dt.date | None:
    if days is not None:
        return today + dt.timedelta(days=int(days))
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _unit(code: str) -> OrgUnit:
    return OrgUnit.objects.get(code=code)


def _bodies(district: OrgUnit) -> None:
    """The district's Party committee, People's Committee and Council, and its inspection commission."""
    loader.ensure_bodies(district, kinds=(UnitKind.PARTY_COMMITTEE, UnitKind.PEOPLES_COMMITTEE,
                                          UnitKind.PEOPLES_COUNCIL))
    OrgUnit.objects.get_or_create(code=UBKT_CODE, defaults={
        "name": "Ủy ban Kiểm tra Huyện ủy Ba Tơ", "kind": UnitKind.AGENCY, "parent": district,
        "valid_from": district.valid_from, "valid_to": district.valid_to, "verified": False,
        "source": "Dữ liệu mẫu (cơ quan tham mưu của Huyện ủy; tạo bởi nghiquyet demo)",
    })


def _people(rows: list[dict]) -> dict[str, Person]:
    people = {}
    for row in rows:
        person, _ = Person.objects.get_or_create(
            full_name=row["name"], is_sample=True,
            defaults={"unit": OrgUnit.objects.filter(code=row.get("unit", "")).first(),
                      "birth_year": row.get("birth_year"), "gender": row.get("gender", ""),
                      "ethnicity": row.get("ethnicity", ""), "is_party_member": True},
        )
        people[row["name"]] = person
    return people


def _inspections(rows: list[dict], people: dict[str, Person], today: dt.date) -> tuple[int, int]:
    made = recs_made = 0
    for row in rows:
        inspection = Inspection.objects.filter(decision_number=row["decision_number"], is_sample=True).first()
        if inspection is None:
            inspection = services.create_inspection(
                user=None, check=False, kind=row["kind"], mode=row["mode"], body=_unit(row["body"]),
                units=[_unit(c) for c in row["units"]], title=" ".join(row["title"].split()),
                period_start=_day(row["period_start"], today), period_end=_day(row["period_end"], today),
                decision_number=row["decision_number"], decision_date=_day(row.get("decision_date"), today),
                findings=row.get("findings", "").strip(), conclusion_number=row.get("conclusion_number", ""),
                conclusion_date=_day(row.get("conclusion_date"), today),
                resolution=Resolution.objects.filter(number=row.get("resolution", "")).first(),
                is_sample=True,
            )
            made += 1
        existing = set(inspection.recommendations.values_list("order", flat=True))
        for order, rec_row in enumerate(row.get("recommendations") or [], start=1):
            if order in existing:
                continue
            rec = services.add_recommendation(
                inspection, _unit(rec_row["unit"]), rec_row["text"],
                _day(rec_row.get("deadline"), today, rec_row.get("deadline_days")), None,
                leader=people.get(rec_row.get("leader", "")), order=order, check=False,
                assigned_on=inspection.conclusion_date,
            )
            done = _day(rec_row.get("completed_on"), today)
            if done is not None:
                task_services.complete_task(rec.task, None, done, "Báo cáo khắc phục (dữ liệu mẫu).", check=False)
            recs_made += 1
    return made, recs_made


def _obstacles(rows: list[dict], people: dict[str, Person], today: dt.date) -> int:
    made = 0
    fields = {f.code: f for f in Field.objects.all()}
    for row in rows:
        reporter = _unit(row["reported_by"])
        if Obstacle.objects.filter(reported_by=reporter, title=row["title"], is_sample=True).exists():
            continue
        reported_on = _day(row["reported_on"], today)
        obstacle = services.report_obstacle(
            user=None, check=False, reported_by=reporter, title=row["title"],
            description=row.get("description", ""), reported_on=reported_on,
            field=fields.get(row.get("field", "")),
            resolution=Resolution.objects.filter(number=DISTRICT_RESOLUTION).first(),
            escalated_to=_unit(row["escalated_to"]) if row.get("escalated_to") else None, is_sample=True,
        )
        if row.get("assignee_unit"):
            services.assign_obstacle(
                obstacle, unit=_unit(row["assignee_unit"]), user=None, check=False,
                resolve_by=_day(row.get("resolve_by"), today, row.get("resolve_days")),
                assignee=people.get(row.get("assignee", "")),
                assigned_on=_day(row.get("assigned_on"), today),
            )
        if row.get("answer"):
            services.answer_obstacle(obstacle, " ".join(row["answer"].split()), None, check=False,
                                     on=_day(row["answered_on"], today))
        made += 1
    return made


def _attendance(code: str, cadres: tuple[int, int], members: tuple[int, int]) -> dict[str, int]:
    """Seeded, plausible attendance: 85–100 % of cadres, 78–98 % of members."""
    rng = random.Random(zlib.crc32(code.encode()))
    ce = rng.randint(*cadres)
    me = rng.randint(*members)
    return {
        "cadres_expected": ce, "cadres_present": round(ce * rng.uniform(0.85, 1.0)),
        "members_expected": me, "members_present": round(me * rng.uniform(0.78, 0.98)),
    }


def _briefing(resolution: Resolution, unit: OrgUnit, held_on: dt.date, counts: dict[str, int], note: str) -> int:
    if Briefing.objects.filter(resolution=resolution, unit=unit, held_on=held_on).exists():
        return 0
    services.record_briefing(user=None, check=False, resolution=resolution, unit=unit, held_on=held_on,
                             note=note, is_sample=True, **counts)
    return 1


def _briefings() -> int:
    made = 0
    district_res = Resolution.objects.filter(number=DISTRICT_RESOLUTION).first()
    if district_res is not None:
        district = _unit(DISTRICT)
        du = _unit(f"{DISTRICT}-DU")
        made += _briefing(district_res, du, dt.date(2020, 9, 15),
                          _attendance("H535-DU", (150, 170), (150, 170)),
                          "Hội nghị cán bộ chủ chốt huyện (dữ liệu mẫu)")
        communes = OrgUnit.objects.filter(parent=district, code__startswith=OLD_PREFIX).order_by("official_code")
        for i, commune in enumerate(communes):
            held = dt.date(2020, 10, 5) + dt.timedelta(days=3 * i)
            if i == 17:  # one commune held it late, after the district's reminder
                held = dt.date(2021, 2, 24)
            counts = _attendance(commune.code, (18, 30), (60, 240))
            made += _briefing(district_res, commune, held, counts, "")
            if i == 4:  # a make-up session (học bù) for those absent
                absent = counts["members_expected"] - counts["members_present"]
                made += _briefing(district_res, commune, held + dt.timedelta(days=21), {
                    "cadres_expected": counts["cadres_expected"], "cadres_present": 0,
                    "members_expected": counts["members_expected"], "members_present": absent // 2,
                }, "Học bù cho đảng viên vắng mặt")
    commune_res = Resolution.objects.filter(number=COMMUNE_RESOLUTION).first()
    new_commune = OrgUnit.objects.filter(code=NEW_COMMUNE).first()
    if commune_res is not None and new_commune is not None:
        made += _briefing(commune_res, new_commune, dt.date(2025, 9, 18),
                          {"cadres_expected": 42, "cadres_present": 40, "members_expected": 512,
                           "members_present": 463},
                          "Hội nghị học tập, quán triệt Nghị quyết Đại hội Đảng bộ xã lần thứ I")
    return made


@transaction.atomic
def load(stdout=None) -> dict[str, int]:
    """Load the sample oversight data of Ba Tơ; safe to run again (nothing changes)."""
    district = OrgUnit.objects.filter(code=DISTRICT).first()
    if district is None:
        _say(stdout, "Bỏ qua dữ liệu mẫu kiểm tra, giám sát: chưa có huyện Ba Tơ (H535).")
        return {}
    data = yaml.safe_load(PACK.read_text(encoding="utf-8"))
    today = timezone.localdate()
    _bodies(district)
    people = _people(data.get("people") or [])
    inspections, recs = _inspections(data.get("inspections") or [], people, today)
    obstacles = _obstacles(data.get("obstacles") or [], people, today)
    briefings = _briefings()
    result = {"inspections": inspections, "recommendations": recs, "obstacles": obstacles,
              "briefings": briefings}
    _say(stdout, f"Dữ liệu mẫu kiểm tra, giám sát: thêm {inspections} cuộc kiểm tra, giám sát, "
                 f"{recs} kiến nghị, {obstacles} khó khăn vướng mắc, {briefings} hội nghị học tập nghị quyết.")
    return result
