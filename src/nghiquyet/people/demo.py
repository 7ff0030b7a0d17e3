"""Sample cadres for `nghiquyet demo`: the Ba Tơ district standing committee 2020–2025, its
assignment matrix, a dozen rotations 2021–2025 and some trainings (people/data/demo/ba-to-people.yaml).

All names are fictional and every row is `is_sample=True`. Idempotent: people are matched on
(full_name, is_sample=True) — the plans demo uses the same names —, posts on (unit, title),
appointments on (person, post, start), responsibilities on (person, area, start), trainings on
(person, title, start); missing rows are written through `services`, so the sample data obeys
the same validation as user input.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, TextIO

import yaml
from django.db import transaction

from nghiquyet.indicators.models import Field
from nghiquyet.units import loader
from nghiquyet.units.models import OrgUnit

from . import services
from .models import Appointment, Person, Post, Responsibility, Training

PACK = Path(__file__).resolve().parent / "data" / "demo" / "ba-to-people.yaml"
_SUFFIX_KIND = {"DU": "party_committee", "UB": "peoples_committee", "HD": "peoples_council", "MT": "fatherland_front"}


class DemoError(ValueError):
    """The pack does not match the database (message in Vietnamese)."""


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


class _Units:
    """Units by code; bodies ("<unit>-DU", "-UB", "-MT") created on demand with ensure_bodies."""

    def __init__(self) -> None:
        self.cache: dict[str, OrgUnit] = {}

    def __call__(self, code: str) -> OrgUnit:
        if code in self.cache:
            return self.cache[code]
        unit = OrgUnit.objects.select_related("parent").filter(code=code).first()
        if unit is None:
            base, _, suffix = code.rpartition("-")
            parent = OrgUnit.objects.filter(code=base).first() if suffix in _SUFFIX_KIND else None
            if parent is None:
                raise DemoError(
                    f"Không tìm thấy đơn vị {code}; hãy nạp dữ liệu mẫu đơn vị trước (nghiquyet demo)."
                )
            loader.ensure_bodies(parent, kinds=(_SUFFIX_KIND[suffix],))
            unit = OrgUnit.objects.select_related("parent").get(code=code)
        self.cache[code] = unit
        return unit


def read_pack(path: Path = PACK) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DemoError(f"Không đọc được gói dữ liệu mẫu {path.name}: {exc}") from exc
    if not isinstance(data, dict) or "people" not in data:
        raise DemoError(f"Gói dữ liệu mẫu {path.name} thiếu mục people.")
    return data


@transaction.atomic
def load(stdout: TextIO | None = None, path: Path = PACK) -> dict[str, int]:
    """Load the sample cadres; returns how many rows this run created, by kind."""
    data = read_pack(path)
    unit = _Units()
    created = dict.fromkeys(("people", "posts", "appointments", "responsibilities", "trainings"), 0)

    posts: dict[str, Post] = {}
    for row in data.get("posts") or []:
        post, new = Post.objects.get_or_create(
            unit=unit(row["unit"]), title=row["title"],
            defaults={
                "order": row.get("order", 0), "is_standing_committee": bool(row.get("standing")),
                "is_executive_committee": bool(row.get("executive")), "is_sample": True,
            },
        )
        created["posts"] += new
        posts[f"{row['unit']}: {row['title']}"] = post

    people: dict[str, Person] = {}
    for row in data["people"]:
        wanted = {
            "birth_year": row.get("birth"), "gender": row.get("gender", ""), "ethnicity": row.get("ethnicity", ""),
            "unit": unit(row["unit"]) if row.get("unit") else None, "is_party_member": True,
        }
        person, new = Person.objects.get_or_create(full_name=row["name"], is_sample=True, defaults=wanted)
        created["people"] += new
        # Another demo (plans) may have created the person first with fewer details: complete them.
        missing = {k: v for k, v in wanted.items() if v and not getattr(person, k)}
        if not new and missing:
            for k, v in missing.items():
                setattr(person, k, v)
            person.save()
        people[row["name"]] = person
        for a in row.get("appointments") or []:
            if a["post"] not in posts:
                raise DemoError(f"{row['name']}: chức vụ {a['post']!r} không có trong mục posts.")
            post, start = posts[a["post"]], _date(a["start"])
            if Appointment.objects.filter(person=person, post=post, start_on=start).exists():
                continue
            services.create_appointment(
                person=person, post=post, kind=a.get("kind", "appointment"), start_on=start,
                end_on=_date(a.get("end")), from_unit=unit(a["from"]) if a.get("from") else None,
                decision_number=a.get("decision", ""), decision_date=_date(a.get("decision_date")),
                note=a.get("note", ""), user=None, is_sample=True,
            )
            created["appointments"] += 1
        for t in row.get("trainings") or []:
            start = _date(t["start"])
            if Training.objects.filter(person=person, title=t["title"], start_on=start).exists():
                continue
            services.add_training(
                person=person, title=t["title"], kind=t["kind"], level=t.get("level", ""),
                institution=t.get("institution", ""), start_on=start, end_on=_date(t.get("end")),
                certificate=t.get("certificate", ""), user=None, is_sample=True,
            )
            created["trainings"] += 1

    created["responsibilities"] = _load_responsibilities(data.get("responsibilities") or {}, people, unit)
    if stdout is not None:
        stdout.write(
            f"Đã nạp dữ liệu mẫu cán bộ (tên hư cấu): {len(people)} người, {len(posts)} chức vụ; "
            f"ghi mới lần này: {created['appointments']} lượt bố trí, "
            f"{created['responsibilities']} phân công phụ trách, {created['trainings']} khóa đào tạo.\n"
        )
    return created


def _load_responsibilities(spec: dict[str, Any], people: dict[str, Person], unit: _Units) -> int:
    defaults = spec.get("defaults") or {}
    district = unit(spec.get("district", "H535"))
    communes = {u.official_code: u for u in OrgUnit.objects.filter(parent=district)}
    fields = {f.code: f for f in Field.objects.all()}
    items: list[tuple[str, OrgUnit | None, Field | None, dict[str, Any]]] = []
    for name, member in (spec.get("members") or {}).items():
        for code in member.get("communes") or []:
            items.append((name, _commune(communes, code), None, defaults))
        for code in member.get("fields") or []:
            if code not in fields:
                raise DemoError(f"Không tìm thấy lĩnh vực {code!r}; hãy nạp dữ liệu mẫu chỉ tiêu trước.")
            items.append((name, None, fields[code], defaults))
    for change in spec.get("changes") or []:
        items.append((change["member"], _commune(communes, change["commune"]), None, {**defaults, **change}))
    count = 0
    for name, area, field_, when in items:
        if name not in people:
            raise DemoError(f"Phân công: {name!r} không có trong mục people.")
        person, start = people[name], _date(when["start"])
        if Responsibility.objects.filter(person=person, unit=area, field=field_, start_on=start).exists():
            continue
        services.assign_responsibility(
            person=person, unit=area, field=field_, start_on=start, end_on=_date(when.get("end")),
            decision_number=when.get("decision", ""), user=None, is_sample=True,
        )
        count += 1
    return count


def _commune(communes: dict[str, OrgUnit], code: str) -> OrgUnit:
    if str(code) not in communes:
        raise DemoError(f"Không tìm thấy xã cũ mã {code} của huyện Ba Tơ; hãy nạp gói lịch sử đơn vị.")
    return communes[str(code)]
