"""`nghiquyet demo`: a sample monthly report of the communes of Quảng Ngãi, with submissions.

Reads `reporting/data/demo/bao-cao-thang.yaml`: the form "Báo cáo tháng — kinh tế xã hội" for the
communes, wards and the special zone under P51, its items and validation rules (poor households
≤ households …), and sample submissions of the eight new communes of the Ba Tơ area for
August–November 2026 in every status (approved, submitted, returned, draft, missing, late).

Everything is sample data (`is_sample=True`). Idempotent: the form is matched by code, an
existing submission is left as it is, and figures go through `write_values`, which skips
unchanged ones. Sample submissions are built directly with their past timestamps (the services
stamp "now"); their figures still go through `indicators.services.write_values`.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo

import yaml
from django.contrib.auth import get_user_model
from django.db import transaction

from nghiquyet.indicators.models import Field, Indicator
from nghiquyet.indicators.services import ValueInput, write_values
from nghiquyet.units.models import OrgUnit

from .models import (
    EventAction,
    ReportingForm,
    ReportingFormItem,
    Submission,
    SubmissionEvent,
    SubmissionStatus,
    ValidationRule,
)
from .services import KIND, VALUE_STATUS

PACK = Path(__file__).resolve().parent / "data" / "demo" / "bao-cao-thang.yaml"
SOURCE = "Dữ liệu mẫu do lệnh `nghiquyet demo` sinh ra (không phải số liệu thật)"
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
REPORTER = {"X21484": "xabato.baocao"}  # demo users (accounts.demo), when they exist
APPROVER = "tinh.duyet"


def _rng(*parts: object) -> random.Random:
    return random.Random(":".join(str(p) for p in parts))


def _indicators(rows: list[dict[str, Any]]) -> int:
    created = 0
    for row in rows:
        defaults = {
            "name": row["name"], "unit_of_measure": row.get("unit", ""), "value_type": row.get("type", "number"),
            "space_aggregation": row.get("space", "sum"), "time_aggregation": row.get("time", "last"),
            "decimals": row.get("decimals", 1), "min_value": row.get("min"), "max_value": row.get("max"),
            "field": Field.objects.filter(code=row.get("field")).first(),
        }
        ind = Indicator.objects.filter(code=row["code"]).first()
        if ind is None:
            Indicator.objects.create(code=row["code"], **defaults)
            created += 1
        elif any(getattr(ind, k) != v for k, v in defaults.items()):
            for k, v in defaults.items():
                setattr(ind, k, v)
            ind.save()
    return created


def _form(spec: dict[str, Any], scope: OrgUnit, legal_basis: str) -> ReportingForm:
    fields = {
        "name": spec["name"], "periodicity": spec["periodicity"], "cutoff_day": spec["cutoff_day"],
        "due_days": spec["due_days"], "due_in_working_days": spec.get("due_in_working_days", True),
        "scope_unit": scope, "unit_kinds": spec["unit_kinds"],
        "change_warning_percent": spec.get("change_warning_percent", 30),
        "description": spec.get("description", ""), "legal_basis": legal_basis, "is_sample": True, "active": True,
    }
    form = ReportingForm.objects.filter(code=spec["code"]).first()
    if form is None:
        form = ReportingForm.objects.create(code=spec["code"], **fields)
    elif any(getattr(form, k) != v for k, v in fields.items()):
        for k, v in fields.items():
            setattr(form, k, v)
        form.save()
    codes = [code for code, _req in spec["items"]]
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=codes + [
        r[k] for r in spec.get("rules", []) for k in ("left", "right")])}
    for order, (code, required) in enumerate(spec["items"], start=1):
        item, created = ReportingFormItem.objects.get_or_create(
            form=form, indicator=indicators[code], defaults={"order": order, "required": required})
        if not created and (item.order, item.required) != (order, required):  # no history row when unchanged
            item.order, item.required = order, required
            item.save()
    for rule in spec.get("rules", []):
        ValidationRule.objects.get_or_create(
            form=form, left=indicators[rule["left"]], comparator=rule["comparator"], right=indicators[rule["right"]],
            defaults={"message": rule.get("message", "")},
        )
    return form


def sample_figures(unit_code: str, period: str, jump: bool = False) -> dict[str, float]:
    """Plausible monthly figures of a commune, the same on every run (seeded by unit and month)."""
    base = _rng("bao-cao-thang", unit_code)
    households = base.randint(1800, 4200)
    month = _rng("bao-cao-thang", unit_code, period)
    households += month.randint(0, 12) * int(period[-2:])  # a few new households each month
    poor_share = base.uniform(0.12, 0.3) * (1.6 if jump else 1.0)
    return {
        "so-ho": households,
        "dan-so": round(households * base.uniform(3.9, 4.5)),
        "so-ho-ngheo": round(households * poor_share),
        "so-ho-can-ngheo": round(households * base.uniform(0.06, 0.14)),
        "thu-ngan-sach": round(month.uniform(0.3, 1.6), 1),
        "lao-dong-viec-lam-moi": month.randint(5, 45),
        "ocop-moi": 1 if month.random() < 0.15 else 0,
        "dang-vien-moi": month.randint(0, 3),
        "tiem-chung-day-du": round(month.uniform(86, 99.5), 1),
    }


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


@transaction.atomic
def load(stdout: TextIO | None = None) -> dict[str, int]:
    data = yaml.safe_load(PACK.read_text(encoding="utf-8"))
    scope = OrgUnit.objects.filter(code=data["form"]["scope_unit"]).first()
    if scope is None:
        if stdout is not None:
            stdout.write("Báo cáo định kỳ mẫu: bỏ qua (chưa có đơn vị P51).")
        return {}
    added_indicators = _indicators(data.get("indicators", []))
    form = _form(data["form"], scope, data.get("legal_basis", ""))
    users = {u.username: u for u in get_user_model().objects.filter(username__in=[*REPORTER.values(), APPROVER])}
    approver = users.get(APPROVER)
    indicators = {i.code: i.pk for i in Indicator.objects.filter(form_items__form=form)}
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=data["submissions"]["units"])}
    created = written = 0
    for period, plan in data["submissions"]["periods"].items():
        schedule = form.schedule_for(period)
        for code in data["submissions"]["units"]:
            unit = units.get(code)
            entry = plan.get(code, plan.get("default"))
            if unit is None or entry is None:
                continue
            entry = {"status": entry} if isinstance(entry, str) else entry
            status = entry["status"]
            if status == "missing":
                continue
            figures = sample_figures(code, period, jump=status == SubmissionStatus.RETURNED)
            items = [ValueInput(indicators[c], unit.pk, period, float(v), KIND) for c, v in figures.items()
                     if c in indicators]
            if Submission.objects.filter(form=form, unit=unit, period=period).exists():
                continue  # left as it is: someone may have approved or returned it since
            written += write_values(items, source=SOURCE, is_sample=True, status=VALUE_STATUS[status])
            reporter = users.get(REPORTER.get(code, ""))
            sent = schedule.due_on + dt.timedelta(days=entry.get("late", -1))
            sub = Submission(form=form, unit=unit, period=period, status=status, period_start=schedule.start,
                             period_end=schedule.end, due_on=schedule.due_on, is_sample=True)
            events = [(EventAction.CREATED, "", "draft", reporter, _at(sent - dt.timedelta(days=2), 8, 30), ""),
                      (EventAction.SAVED, "draft", "draft", reporter, _at(sent - dt.timedelta(days=2), 9, 10), "")]
            if status != SubmissionStatus.DRAFT:
                sub.submitted_at, sub.submitted_by = _at(sent, 15, 20), reporter
                events.append((EventAction.SUBMITTED, "draft", "submitted", reporter, sub.submitted_at, ""))
            if status == SubmissionStatus.APPROVED:
                sub.approved_at, sub.approved_by = _at(sent + dt.timedelta(days=1), 10, 5), approver
                events.append((EventAction.APPROVED, "submitted", "approved", approver, sub.approved_at, ""))
            if status == SubmissionStatus.RETURNED:
                sub.returned_reason = entry.get("reason", "")
                events.append((EventAction.RETURNED, "submitted", "returned", approver,
                               _at(sent + dt.timedelta(days=1), 10, 5), sub.returned_reason))
            sub.save()
            SubmissionEvent.objects.bulk_create([
                SubmissionEvent(submission=sub, action=a, from_status=f, to_status=t, user=u, at=at, reason=r)
                for a, f, t, u, at, r in events
            ])
            created += 1
    if stdout is not None:
        stdout.write(
            f"Báo cáo định kỳ mẫu: biểu «{form.name}» ({form.code}, {form.items.count()} chỉ tiêu, "
            f"{form.rules.count()} quy tắc kiểm tra); {created} báo cáo mẫu mới, {written} số liệu ghi mới hoặc thay đổi"
            + (f"; {added_indicators} chỉ số mới" if added_indicators else "") + "."
        )
    return {"submissions": created, "written": written, "indicators": added_indicators}


@transaction.atomic
def reset(stdout: TextIO | None = None) -> int:
    """Remove the sample submissions and their figures (rollups kept in step); returns figures removed.

    For `nghiquyet demo --reset`: only submissions marked sample are touched, with their events.
    """
    from nghiquyet.indicators.models import DataValue
    from nghiquyet.indicators.services import delete_values

    subs = list(Submission.objects.filter(is_sample=True).values_list("form_id", "unit_id", "period"))
    keys = []
    for form_id, unit_id, period in subs:
        ids = ReportingFormItem.objects.filter(form_id=form_id).values_list("indicator_id", flat=True)
        keys += [(ind, unit_id, period, kind) for ind, kind in DataValue.objects.filter(
            unit_id=unit_id, period=period, indicator_id__in=ids, is_sample=True).values_list("indicator_id", "kind")]
    removed = delete_values(keys, source="nghiquyet demo --reset")
    Submission.objects.filter(is_sample=True).delete()
    if stdout is not None:
        stdout.write(f"Báo cáo định kỳ mẫu: đã xóa {len(subs)} báo cáo mẫu và {removed} số liệu của chúng.")
    return removed
