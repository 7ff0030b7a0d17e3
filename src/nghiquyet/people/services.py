"""Writes of the people app: people, posts, appointments, responsibilities, trainings.

Every function is atomic, checks the user's rights first (`accounts.access`: a manager of the
unit's subtree) and validates before writing; a bad input raises `ValidationError` with a
Vietnamese message and writes nothing. `user=None` is the system itself (the demo loader, a
management command); views always pass `request.user`.

Every model written here is audited by django-simple-history (who, when, old, new);
its middleware records the request's user, and `_history_user` covers calls outside a request.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from nghiquyet.accounts import access
from nghiquyet.core.text import fold
from nghiquyet.indicators.models import Field
from nghiquyet.units.models import OrgUnit

from . import tenure
from .models import (
    MOVE_KINDS,
    Appointment,
    AppointmentKind,
    Gender,
    Person,
    Post,
    Responsibility,
    Training,
    TrainingKind,
    TrainingLevel,
)


def _fmt(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "—"


def _require_manage(user, unit: OrgUnit | None) -> None:
    if user is None:  # the system (demo, CLI)
        return
    if unit is None or not access.can_manage(user, unit):
        raise PermissionDenied("Bạn không có quyền quản lý cán bộ của đơn vị này.")


def _check_dates(start_on: dt.date | None, end_on: dt.date | None) -> None:
    if not isinstance(start_on, dt.date):
        raise ValidationError("Cần nhập ngày bắt đầu.")
    if end_on is not None and end_on < start_on:
        raise ValidationError(
            f"Ngày kết thúc ({_fmt(end_on)}) không được trước ngày bắt đầu ({_fmt(start_on)})."
        )


def _check_unit_alive(unit: OrgUnit, start_on: dt.date, what: str) -> None:
    """A period cannot start after its unit ceased to exist (a merged commune, the old district)."""
    if unit.valid_to is not None and start_on >= unit.valid_to:
        raise ValidationError(
            f"{what} {unit.name} đã thôi tồn tại từ ngày {_fmt(unit.valid_to)}; "
            f"không thể bắt đầu từ ngày {_fmt(start_on)}."
        )
    if unit.valid_from is not None and start_on < unit.valid_from:
        raise ValidationError(f"{what} {unit.name} chỉ tồn tại từ ngày {_fmt(unit.valid_from)}.")


def _audit_user(obj, user) -> None:
    # simple-history reads `_history_user` when no request is active (CLI, tests).
    if user is not None and getattr(user, "is_authenticated", False):
        obj._history_user = user


# --------------------------------------------------------------------------- people

# A cadre on a list is at least 16 (the youngest age for Party admission is 18, for Youth Union
# cadres 16); anyone born before 1920 is a typing error on a list of serving cadres.
OLDEST_BIRTH_YEAR = 1920
YOUNGEST_AGE = 16


def _person_fields(
    *, full_name: str, unit: OrgUnit | None, birth_year: int | None, gender: str, ethnicity: str, email: str,
) -> dict:
    full_name = " ".join((full_name or "").split())
    if not full_name:
        raise ValidationError("Cần nhập họ và tên.")
    if len(full_name) > 120:
        raise ValidationError("Họ và tên dài quá 120 ký tự.")
    if unit is None:
        raise ValidationError("Cần chọn đơn vị công tác của cán bộ.")
    if birth_year is not None:
        latest = timezone.localdate().year - YOUNGEST_AGE
        if not OLDEST_BIRTH_YEAR <= birth_year <= latest:
            raise ValidationError(f"Năm sinh phải trong khoảng {OLDEST_BIRTH_YEAR}–{latest}.")
    if gender and gender not in Gender.values:
        raise ValidationError(f"Giới tính không hợp lệ: {gender!r}.")
    return {
        "full_name": full_name, "unit": unit, "birth_year": birth_year, "gender": gender or "",
        "ethnicity": (ethnicity or "").strip(), "email": (email or "").strip(),
    }


@transaction.atomic
def create_person(
    *, full_name: str, unit: OrgUnit, birth_year: int | None = None, gender: str = "", ethnicity: str = "",
    is_party_member: bool = True, email: str = "", user=None, is_sample: bool = False,
) -> Person:
    """Put a person on the cadre list of `unit` (a manager of the unit's subtree)."""
    _require_manage(user, unit)
    values = _person_fields(full_name=full_name, unit=unit, birth_year=birth_year, gender=gender,
                            ethnicity=ethnicity, email=email)
    person = Person(**values, is_party_member=bool(is_party_member), is_sample=is_sample)
    _audit_user(person, user)
    person.save()
    return person


@transaction.atomic
def update_person(
    person: Person, *, full_name: str, unit: OrgUnit, birth_year: int | None = None, gender: str = "",
    ethnicity: str = "", is_party_member: bool = True, email: str = "", user=None,
) -> Person:
    """Correct a person's details or move them to another unit's list.

    Moving needs the right to manage both lists: the one they leave and the one they join.
    """
    person = Person.objects.select_for_update(of=("self",)).select_related("unit").get(pk=person.pk)
    _require_manage(user, person.unit)
    if unit is not None and unit.pk != person.unit_id:
        _require_manage(user, unit)
    values = _person_fields(full_name=full_name, unit=unit, birth_year=birth_year, gender=gender,
                            ethnicity=ethnicity, email=email)
    values["is_party_member"] = bool(is_party_member)
    changed = [k for k, v in values.items() if getattr(person, k) != v]
    if not changed:
        return person
    for key in changed:
        setattr(person, key, values[key])
    _audit_user(person, user)
    person.save()
    return person


# --------------------------------------------------------------------------- posts


@transaction.atomic
def create_post(
    *, unit: OrgUnit, title: str, is_standing_committee: bool = False, is_executive_committee: bool = False,
    order: int | None = None, user=None, is_sample: bool = False,
) -> Post:
    """A position at `unit` ("Phó Bí thư Đảng ủy xã"), listed after the unit's other posts by default.

    A unit that no longer exists may still get a post: its past appointments are entered after
    the fact (the appointment itself checks the dates against the unit's existence).
    """
    _require_manage(user, unit)
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError("Cần nhập tên chức vụ.")
    if len(title) > 200:
        raise ValidationError("Tên chức vụ dài quá 200 ký tự.")
    same = Post.objects.select_for_update().filter(unit=unit)
    folded = fold(title)
    for other in same.only("title"):
        if fold(other.title) == folded:
            raise ValidationError(f"{unit.name} đã có chức vụ “{other.title}”.")
    if is_standing_committee:
        # A standing committee member is a member of the executive committee too.
        is_executive_committee = True
    if order is None:
        order = max((p.order for p in same.only("order")), default=0) + 1
    post = Post(
        unit=unit, title=title, is_standing_committee=bool(is_standing_committee),
        is_executive_committee=bool(is_executive_committee), order=order, is_sample=is_sample,
    )
    _audit_user(post, user)
    post.save()
    return post


# --------------------------------------------------------------------------- appointments


@transaction.atomic
def create_appointment(
    *, person: Person, post: Post, kind: str = AppointmentKind.APPOINTMENT, start_on: dt.date,
    end_on: dt.date | None = None, from_unit: OrgUnit | None = None, decision_number: str = "",
    decision_date: dt.date | None = None, note: str = "", user=None, is_sample: bool = False,
) -> Appointment:
    """Record that `person` holds `post` from `start_on` (appointment, election, transfer…)."""
    _require_manage(user, post.unit)
    if kind not in AppointmentKind.values:
        raise ValidationError(f"Hình thức bố trí không hợp lệ: {kind!r}.")
    _check_dates(start_on, end_on)
    if decision_date is not None and decision_date > start_on + dt.timedelta(days=366):
        raise ValidationError("Ngày quyết định cách ngày bắt đầu quá một năm; hãy kiểm tra lại.")
    if from_unit is not None and kind not in MOVE_KINDS:
        raise ValidationError("Chỉ ghi “đơn vị cũ” cho điều động, luân chuyển hoặc biệt phái.")
    if from_unit is not None and from_unit.pk == post.unit_id:
        raise ValidationError("Đơn vị cũ trùng với đơn vị của chức vụ mới.")
    _check_unit_alive(post.unit, start_on, "Đơn vị")
    clash = (
        Appointment.objects.select_for_update()
        .filter(person=person, post=post)
        .only("start_on", "end_on")
    )
    for other in clash:
        if tenure.overlaps(start_on, end_on, other.start_on, other.end_on):
            raise ValidationError(
                f"{person.full_name} đã giữ chức vụ “{post.title}” trong thời gian này "
                f"(từ {_fmt(other.start_on)} đến {_fmt(other.end_on)})."
            )
    appointment = Appointment(
        person=person, post=post, kind=kind, from_unit=from_unit, start_on=start_on, end_on=end_on,
        decision_number=decision_number.strip(), decision_date=decision_date, note=note.strip(),
        is_sample=is_sample,
    )
    _audit_user(appointment, user)
    appointment.save()
    return appointment


@transaction.atomic
def end_appointment(appointment: Appointment, *, end_on: dt.date, user=None) -> Appointment:
    """Close a running appointment on `end_on` (the last day in post)."""
    appointment = Appointment.objects.select_for_update(of=("self",)).select_related("post__unit", "person").get(pk=appointment.pk)
    _require_manage(user, appointment.post.unit)
    if appointment.end_on is not None:
        raise ValidationError(f"Chức vụ này đã kết thúc ngày {_fmt(appointment.end_on)}.")
    _check_dates(appointment.start_on, end_on)
    appointment.end_on = end_on
    _audit_user(appointment, user)
    appointment.save(update_fields=["end_on"])
    return appointment


# --------------------------------------------------------------------------- responsibilities


@transaction.atomic
def assign_responsibility(
    *, person: Person, unit: OrgUnit | None = None, field: Field | None = None, role: str = "phụ trách",
    start_on: dt.date, end_on: dt.date | None = None, decision_number: str = "", user=None,
    is_sample: bool = False,
) -> Responsibility:
    """Put `person` in charge of an area (`unit`) or a `field` from `start_on`.

    Several leaders may be in charge of the same commune at once (in practice a standing
    committee member and a district deputy both follow a difficult commune), but the same
    person twice for the same area over overlapping periods is an error.
    """
    if (unit is None) == (field is None):
        raise ValidationError("Chọn đúng một trong hai: địa bàn (đơn vị) hoặc lĩnh vực phụ trách.")
    # A field has no unit: the person's own unit decides who may assign it.
    _require_manage(user, unit if unit is not None else person.unit)
    _check_dates(start_on, end_on)
    if unit is not None:
        _check_unit_alive(unit, start_on, "Địa bàn")
    same = Responsibility.objects.select_for_update().filter(person=person)
    same = same.filter(unit=unit) if unit is not None else same.filter(field=field)
    for other in same.only("start_on", "end_on"):
        if tenure.overlaps(start_on, end_on, other.start_on, other.end_on):
            area = unit.name if unit is not None else field.name  # type: ignore[union-attr]
            raise ValidationError(
                f"{person.full_name} đã được phân công phụ trách {area} trong thời gian này "
                f"(từ {_fmt(other.start_on)} đến {_fmt(other.end_on)})."
            )
    resp = Responsibility(
        person=person, unit=unit, field=field, role=(role or "phụ trách").strip(), start_on=start_on,
        end_on=end_on, decision_number=decision_number.strip(), is_sample=is_sample,
    )
    _audit_user(resp, user)
    resp.save()
    return resp


@transaction.atomic
def end_responsibility(resp: Responsibility, *, end_on: dt.date, user=None) -> Responsibility:
    resp = Responsibility.objects.select_for_update(of=("self",)).select_related("unit", "person__unit").get(pk=resp.pk)
    _require_manage(user, resp.unit if resp.unit_id else resp.person.unit)
    if resp.end_on is not None:
        raise ValidationError(f"Phân công này đã kết thúc ngày {_fmt(resp.end_on)}.")
    _check_dates(resp.start_on, end_on)
    resp.end_on = end_on
    _audit_user(resp, user)
    resp.save(update_fields=["end_on"])
    return resp


# --------------------------------------------------------------------------- trainings


@transaction.atomic
def add_training(
    *, person: Person, title: str, kind: str, start_on: dt.date, end_on: dt.date | None = None,
    level: str = "", institution: str = "", certificate: str = "", user=None, is_sample: bool = False,
) -> Training:
    """Record a course a person attended (political theory, state management, IT…)."""
    _require_manage(user, person.unit)
    title = (title or "").strip()
    if not title:
        raise ValidationError("Cần nhập tên khóa đào tạo, bồi dưỡng.")
    if kind not in TrainingKind.values:
        raise ValidationError(f"Loại đào tạo không hợp lệ: {kind!r}.")
    if level and level not in TrainingLevel.values:
        raise ValidationError(f"Trình độ không hợp lệ: {level!r}.")
    if level and kind != TrainingKind.POLITICAL_THEORY:
        raise ValidationError("Trình độ sơ cấp / trung cấp / cao cấp chỉ dùng cho lý luận chính trị.")
    _check_dates(start_on, end_on)
    training = Training(
        person=person, title=title, kind=kind, level=level, institution=institution.strip(),
        start_on=start_on, end_on=end_on, certificate=certificate.strip(), is_sample=is_sample,
    )
    _audit_user(training, user)
    training.save()
    return training
