"""Figures: read what units show (approved figures and rollups), list entries, write figures.

Reads go through indicators.services.read_values, so the API shows exactly what the pages
show: only approved figures count, a year without its own figure is built from its months, a
merged unit's past from its predecessors. Writes: see `write_figures`.
"""

from django.db import transaction
from ninja import Query, Router
from ninja.errors import HttpError

from nghiquyet.accounts import access
from nghiquyet.indicators import periods
from nghiquyet.indicators.models import DataValue, Indicator, RollupValue, ValueKind, ValueStatus
from nghiquyet.indicators.services import ValueInput, read_values, write_values
from nghiquyet.reporting import schedule, validation
from nghiquyet.reporting import services as reporting
from nghiquyet.reporting.models import ReportingForm
from nghiquyet.units.models import OrgUnit

from .common import READ_ERRORS, WRITE_ERRORS, clean, not_found, visible_unit
from .schemas import MAX_ID, EntryOut, Field, FigureIn, FigurePage, FigureWriteOut, Page, Schema

MAX_ITEMS = 5000

router = Router(tags=["Số liệu"])


class FigureFilter(Schema):
    unit: int | None = Field(None, ge=1, le=MAX_ID, description="Đơn vị (id); bỏ trống: mọi đơn vị được xem.")
    indicator: int | None = Field(None, ge=1, le=MAX_ID, description="Chỉ tiêu thống kê (id).")
    period: str = Field("", max_length=20, description="Kỳ: 2025, 2025S1, 2025N9, 2025Q3, 2025M09.")


class EntryFilter(FigureFilter):
    status: ValueStatus | None = None


def _period(code: str) -> str:
    code = clean(code)
    if not code:
        return ""
    try:
        return periods.normalize(code)
    except ValueError as exc:
        raise HttpError(422, str(exc)) from exc


def _indicator(indicator_id: int | None) -> Indicator | None:
    if indicator_id is None:
        return None
    indicator = Indicator.objects.filter(pk=indicator_id).first()
    if indicator is None:
        raise not_found("chỉ tiêu thống kê")
    return indicator


@router.get("/figures", response={200: FigurePage, **READ_ERRORS}, summary="Số liệu của các đơn vị (đã duyệt, có tổng hợp)")
def list_figures(request, filters: Query[FigureFilter], page: Query[Page]):
    """With `unit`, `indicator` and `period` all given: that one reading, even when it is derived
    (a year from its months, a merged commune from its predecessors) or empty. Otherwise every
    stored reading matching the filters, in the caller's scope."""
    user = request.auth
    unit = visible_unit(request, filters.unit) if filters.unit is not None else None
    indicator = _indicator(filters.indicator)
    period = _period(filters.period)
    if unit and indicator and period:
        keys = [(indicator.pk, unit.pk, period)]
        count = 1
        keys = keys[page.offset: page.offset + page.limit]
    else:
        rows = RollupValue.objects.filter(access.unit_q(user, "unit__"), value__isnull=False)
        if unit:
            rows = rows.filter(unit=unit)
        if indicator:
            rows = rows.filter(indicator=indicator)
        if period:
            rows = rows.filter(period=period)
        distinct = rows.values_list("indicator_id", "unit_id", "period").distinct().order_by("unit_id", "indicator_id", "period")
        count = distinct.count()
        keys = list(distinct[page.offset: page.offset + page.limit])
    readings = read_values(keys)
    indicators = dict(Indicator.objects.filter(pk__in={k[0] for k in keys}).values_list("pk", "code"))
    units = dict(OrgUnit.objects.filter(pk__in={k[1] for k in keys}).values_list("pk", "code"))
    items = []
    for key in keys:
        r = readings[key]
        items.append({
            "indicator_id": key[0], "indicator_code": indicators[key[0]], "unit_id": key[1], "unit_code": units[key[1]],
            "period": key[2], "period_label": periods.label(key[2]), "value": r.value, "kind": r.kind,
            "source": r.source, "own_value": r.own_value, "children_value": r.children_value,
            "children_count": r.children_count, "conflict": r.conflict, "is_sample": r.is_sample,
        })
    return {"items": items, "count": count}


class EntryPage(Schema):
    items: list[EntryOut]
    count: int


@router.get("/figures/entries", response={200: EntryPage, **READ_ERRORS}, summary="Số liệu đã nhập, mọi trạng thái")
def list_entries(request, filters: Query[EntryFilter], page: Query[Page]):
    """The figures as entered (drafts and submitted ones too), for units the caller sees."""
    user = request.auth
    qs = DataValue.objects.filter(access.unit_q(user, "unit__"))
    if filters.unit is not None:
        qs = qs.filter(unit=visible_unit(request, filters.unit))
    if filters.indicator is not None:
        qs = qs.filter(indicator=_indicator(filters.indicator))
    period = _period(filters.period)
    if period:
        qs = qs.filter(period=period)
    if filters.status:
        qs = qs.filter(status=filters.status)
    count = qs.count()
    rows = qs.select_related("indicator", "unit").order_by("unit_id", "indicator_id", "period", "kind")
    items = [
        {
            "indicator_id": v.indicator_id, "indicator_code": v.indicator.code, "unit_id": v.unit_id,
            "unit_code": v.unit.code, "period": v.period, "kind": v.kind, "value": v.value, "status": v.status,
            "is_sample": v.is_sample, "source": v.source, "note": v.note, "updated_at": v.updated_at,
        }
        for v in rows[page.offset: page.offset + page.limit]
    ]
    return {"items": items, "count": count}



# --------------------------------------------------------------------------- writes


class _Refused(Exception):
    """Raised inside the write transaction to undo everything when any item fails."""


def _indicator_of(ref: int | str) -> Indicator | None:
    if isinstance(ref, int):
        return Indicator.objects.filter(pk=ref).first() if 1 <= ref <= MAX_ID else None
    return Indicator.objects.filter(code=clean(ref)).first()


def _unit_of(ref: int | str) -> OrgUnit | None:
    if isinstance(ref, int):
        return OrgUnit.objects.filter(pk=ref).first() if 1 <= ref <= MAX_ID else None
    return OrgUnit.objects.filter(code=clean(ref)).first()


def _spec(indicator: Indicator) -> validation.IndicatorSpec:
    return validation.IndicatorSpec(
        id=indicator.pk, code=indicator.code, name=indicator.name, value_type=indicator.value_type,
        min_value=indicator.min_value, max_value=indicator.max_value, decimals=indicator.decimals,
        unit_of_measure=indicator.unit_of_measure,
    )


def _form_for(indicator: Indicator, unit: OrgUnit, period: str, kind: str) -> ReportingForm | None:
    """The active reporting form this figure belongs to: the unit reports it, for this kind of
    period. Reports carry official figures only, so an estimate never belongs to a form."""
    if kind != reporting.KIND:
        return None
    forms = ReportingForm.objects.filter(active=True, items__indicator=indicator).select_related("scope_unit")
    for form in forms.order_by("code"):
        if schedule.period_matches(form.periodicity, period) and reporting.is_reporting_unit(form, unit, period):
            return form
    return None


@router.post(
    "/figures", response={200: FigureWriteOut, **WRITE_ERRORS}, summary="Ghi số liệu (tất cả hoặc không gì cả)",
)
def write_figures(request, items: list[FigureIn]):
    """Write figures of units the caller reports for; all or nothing, every error listed.

    * A figure that belongs to a reporting form the unit reports (an official figure of an
      indicator of an active form, for a period of the form's periodicity) is saved into the
      unit's submission through reporting.services.save_draft: it stays a draft, out of every
      total, until the report is submitted and approved (POST /submissions/{id}/submit, /approve).
    * Any other figure has no approval step, so only a caller who may also approve for the unit
      (an administrator) may write it; it is written approved, directly. A reporter gets 403.

    Rights come from accounts.access: can_report for every unit (a reporter: their own unit
    only), can_approve for figures outside a form. A unit out of scope is "not found".
    """
    user = request.auth
    errors: list[dict] = []
    forbidden = False
    by_submission: dict[tuple[int, int, str], dict] = {}
    direct: list[tuple[int, ValueInput]] = []
    units_seen: dict[int, OrgUnit] = {}

    def error(index: int, field: str, message: str) -> None:
        errors.append({"index": index, "field": field, "message": message})

    if not items:
        raise HttpError(422, "Danh sách số liệu trống.")
    if len(items) > MAX_ITEMS:
        raise HttpError(422, f"Mỗi lần gửi tối đa {MAX_ITEMS} số liệu.")
    # A batch names the same few indicators, units and forms over and over: look each up once.
    indicator_cache: dict[int | str, Indicator | None] = {}
    unit_cache: dict[int | str, OrgUnit | None] = {}
    form_cache: dict[tuple[int, int, str, str], ReportingForm | None] = {}
    for i, item in enumerate(items):
        if item.indicator not in indicator_cache:
            indicator_cache[item.indicator] = _indicator_of(item.indicator)
        if item.unit not in unit_cache:
            unit_cache[item.unit] = _unit_of(item.unit)
        indicator, unit = indicator_cache[item.indicator], unit_cache[item.unit]
        if indicator is None:
            error(i, "indicator", f"Không có chỉ tiêu thống kê {item.indicator!r}.")
        if unit is None or not access.can_view_unit(user, unit):
            error(i, "unit", f"Không tìm thấy đơn vị {item.unit!r} hoặc bạn không có quyền xem.")
            unit = None
        try:
            period = periods.normalize(clean(item.period))
        except ValueError as exc:
            error(i, "period", str(exc))
            period = None
        if item.kind not in ValueKind.values:
            error(i, "kind", f"Loại số liệu phải là official (chính thức) hoặc estimated (ước), không phải {item.kind!r}.")
        if indicator is None or unit is None or period is None or item.kind not in ValueKind.values:
            continue
        if periods.parse(period).kind == periods.TERM:
            error(i, "period", "Số liệu nhập theo năm, 6 tháng, 9 tháng, quý hoặc tháng, không theo nhiệm kỳ.")
            continue
        if not access.can_report(user, unit):
            forbidden = True
            error(i, "unit", f"Bạn không có quyền nhập số liệu cho {unit.name}.")
            continue
        units_seen[unit.pk] = unit
        form_key = (indicator.pk, unit.pk, period, item.kind)
        if form_key not in form_cache:
            form_cache[form_key] = _form_for(indicator, unit, period, item.kind)
        form = form_cache[form_key]
        if form is not None:
            group = by_submission.setdefault((form.pk, unit.pk, period), {"form": form, "unit": unit, "period": period,
                                                                          "values": {}, "index": {}})
            group["values"][indicator.pk] = item.value
            group["index"][indicator.pk] = i
            continue
        if not access.can_approve(user, unit):
            forbidden = True
            error(i, "indicator", (
                f"{indicator.name} kỳ {period} không thuộc biểu mẫu báo cáo nào của {unit.name}: "
                "chỉ người có quyền duyệt mới ghi trực tiếp được số liệu này."
            ))
            continue
        problems = validation.check_value(_spec(indicator), item.value)
        for message in problems:
            error(i, "value", f"{indicator.name}: {message}")
        if not problems:
            direct.append((i, ValueInput(indicator.pk, unit.pk, period, item.value, item.kind, item.note)))

    out = {"received": len(items), "changed": 0, "drafts": 0, "approved": 0, "submissions": [], "warnings": []}
    if errors:
        _refuse(errors, forbidden)
    try:
        with transaction.atomic():
            for group in by_submission.values():
                try:
                    result = reporting.save_draft((group["form"], group["unit"], group["period"]), group["values"], user)
                except reporting.NotAllowed as exc:
                    forbidden = True
                    index = next(iter(group["index"].values()))
                    errors.extend({"index": index, "field": "unit", "message": m} for m in exc.errors)
                    continue
                except reporting.ReportingError as exc:
                    index = next(iter(group["index"].values()))
                    errors.extend({"index": index, "field": "period", "message": m} for m in exc.errors)
                    continue
                for ind_id, messages in result.errors.items():
                    index = group["index"].get(ind_id, next(iter(group["index"].values())))
                    errors.extend({"index": index, "field": "value", "message": m} for m in messages)
                for ind_id, messages in result.warnings.items():
                    if ind_id in group["index"]:
                        out["warnings"].extend(
                            {"index": group["index"][ind_id], "field": "value", "message": m} for m in messages
                        )
                out["changed"] += result.written
                out["drafts"] += len(group["values"])
                out["submissions"].append(result.submission.pk)
            if errors:
                raise _Refused
            if direct:
                out["changed"] += write_values(
                    [v for _, v in direct], user=user, source=f"API ({user.get_username()})", status=ValueStatus.APPROVED,
                )
                out["approved"] = len(direct)
    except _Refused:
        _refuse(errors, forbidden)
    return out


def _refuse(errors: list[dict], forbidden: bool):
    errors.sort(key=lambda e: (e["index"] if e["index"] is not None else -1))
    status = 403 if forbidden else 422
    detail = (
        "Không có quyền ghi một số số liệu: không số liệu nào được ghi." if forbidden
        else f"Có {len(errors)} lỗi: không số liệu nào được ghi."
    )
    raise ItemsRefused(status, detail, errors)


class ItemsRefused(HttpError):
    """A refused batch: the status, a sentence, and one entry per problem (rendered by api.py)."""

    def __init__(self, status_code: int, message: str, errors: list[dict]):
        super().__init__(status_code, message)
        self.errors = errors
