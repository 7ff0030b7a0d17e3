"""Read-only audit pages: one figure's history, and the audit log of a manager's units.

The audit rows themselves are written elsewhere (indicators.services for figures,
simple-history for resolutions/targets/plans, reporting for submission steps, accounts for
log-ins); these views only read them. Every view is GET-only: nothing here edits or deletes
an audit row. Queries are bounded: a page costs a fixed number of queries whatever its size.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db.models import Model, OuterRef, Q, QuerySet, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_safe

from nghiquyet.accounts import access
from nghiquyet.core import xlsx
from nghiquyet.core.forms import parse_day
from nghiquyet.indicators import periods
from nghiquyet.indicators.models import (
    DataValue,
    DataValueChange,
    Indicator,
    ValueKind,
    ValueStatus,
)
from nghiquyet.indicators.services import get_value
from nghiquyet.resolutions.models import AnnualPlan, Resolution, Target
from nghiquyet.units.models import OrgUnit

from . import formats

PAGE_SIZE = 50
MAX_OFFSET = 5000  # deeper than this, narrow the filter (each source is read up to offset + page)
EXPORT_LIMIT = 5000
FIGURE_HISTORY_LIMIT = 1000


# --------------------------------------------------------------------------- time display


def local_and_utc(moment: dt.datetime | None) -> tuple[str, str]:
    """("28/11/2026 08:15", "01:15 UTC"): shown in local time, stored and stated in UTC."""
    if moment is None:
        return formats.DASH, ""
    local = timezone.localtime(moment)
    utc = moment.astimezone(dt.UTC)
    return f"{formats.format_date(local)} {local:%H:%M}", f"{formats.format_date(utc)} {utc:%H:%M} UTC"


def _user_label(user) -> str:
    if user is None:
        return pgettext("audit", "system")
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return f"{full} ({user.get_username()})" if full else user.get_username()


def _status_label(status: str) -> str:
    return str(dict(ValueStatus.choices).get(status, status)) if status else formats.DASH


# --------------------------------------------------------------------------- figure history


@require_safe
def figure_history(request: HttpRequest, indicator_id: int, unit_id: int, period: str) -> HttpResponse:
    unit = get_object_or_404(OrgUnit.objects.select_related("parent"), pk=unit_id)
    if not access.can_view_unit(request.user, unit):
        raise Http404
    indicator = get_object_or_404(Indicator, pk=indicator_id)
    try:
        periods.parse(period)
    except ValueError as exc:
        raise Http404 from exc
    figures = list(
        DataValue.objects.filter(indicator=indicator, unit=unit, period=period)
        .select_related("entered_by").order_by("kind")
    )
    changes = list(
        DataValueChange.objects.filter(indicator=indicator, unit=unit, period=period)
        .select_related("changed_by").order_by("-changed_at", "-id")[:FIGURE_HISTORY_LIMIT]
    )
    rows = [_figure_change_row(c, indicator.decimals) for c in changes]
    if request.GET.get("xuat") == "xlsx":
        title = f"{indicator.code} — {unit.name} — {periods.label(period)}"
        return _xlsx_response(
            f"lich-su-{indicator.code}-{unit.code}-{period}.xlsx".lower(), title,
            [_("Time (local)"), _("Time (UTC)"), _("User"), _("Address"), _("Kind"), _("Old value"),
             _("New value"), _("Old status"), _("New status"), _("Source")],
            [[r["when"], r["when_utc"], r["who"], r["ip"], r["kind"], r["old_value"], r["new_value"],
              r["old_status"], r["new_status"], r["source"]] for r in rows],
        )
    return render(request, "web/history_figure.html", {
        "indicator": indicator, "unit": unit, "period": period, "period_label": periods.label(period),
        "figures": figures, "reading": get_value(indicator.id, unit.id, period), "rows": rows,
        "truncated": len(changes) == FIGURE_HISTORY_LIMIT, "limit": FIGURE_HISTORY_LIMIT,
        "nav": "units",
    })


def _figure_change_row(c: DataValueChange, decimals: int) -> dict[str, Any]:
    when, when_utc = local_and_utc(c.changed_at)
    if c.old_value is None and c.new_value is not None:
        action = pgettext("audit", "entered")
    elif c.new_value is None:
        action = pgettext("audit", "deleted")
    elif c.old_value != c.new_value:
        action = pgettext("audit", "changed")
    else:
        action = pgettext("audit", "status changed")
    return {
        "at": c.changed_at, "when": when, "when_utc": when_utc, "who": _user_label(c.changed_by),
        "ip": c.ip or "", "kind": str(dict(ValueKind.choices).get(c.kind, c.kind)), "action": action,
        "old_value": formats.format_number(c.old_value, decimals),
        "new_value": formats.format_number(c.new_value, decimals),
        "old_status": _status_label(c.old_status), "new_status": _status_label(c.new_status),
        "old_status_code": c.old_status, "new_status_code": c.new_status,
        "value_changed": c.old_value != c.new_value, "status_changed": c.old_status != c.new_status,
        "source": c.source,
    }


def figure_history_url(indicator_id: int, unit_id: int, period: str) -> str:
    return reverse("web:figure_history", args=[indicator_id, unit_id, period])


# --------------------------------------------------------------------------- audit log


@dataclass
class Entry:
    at: dt.datetime
    kind: str
    kind_label: str
    user: str = ""
    ip: str = ""
    unit: OrgUnit | None = None
    subject: str = ""
    subject_url: str = ""
    action: str = ""
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    note: str = ""

    @property
    def when(self) -> str:
        return local_and_utc(self.at)[0]

    @property
    def when_utc(self) -> str:
        return local_and_utc(self.at)[1]


@dataclass(frozen=True)
class Filters:
    unit: OrgUnit | None = None
    user: str = ""
    start: dt.datetime | None = None  # inclusive, aware
    end: dt.datetime | None = None  # exclusive, aware
    kind: str = ""


KINDS = ("figure", "submission", "resolution", "target", "plan", "access")


def _kind_labels() -> dict[str, str]:
    return {
        "figure": pgettext("audit", "Figure"), "submission": _("Report submission"), "resolution": _("Resolution"),
        "target": _("Target"), "plan": _("Annual plan"), "access": _("Log-in / access"),
    }


def _optional_model(app_label: str, name: str) -> type[Model] | None:
    """Models other parts of the project add; the log works without them."""
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


class Source:
    """One kind of audit row: its scoped, filtered queryset and how a row reads as an Entry."""

    kind = ""
    time_field = ""

    def __init__(self, user, filters: Filters):
        self.user, self.filters = user, filters

    def queryset(self) -> QuerySet:
        raise NotImplementedError

    def filtered(self) -> QuerySet:
        qs = self.queryset()
        if self.filters.start:
            qs = qs.filter(**{f"{self.time_field}__gte": self.filters.start})
        if self.filters.end:
            qs = qs.filter(**{f"{self.time_field}__lt": self.filters.end})
        return qs

    def entries(self, pks: list[int]) -> dict[int, Entry]:
        raise NotImplementedError


def _scope(user, prefix: str) -> Q:
    return access.unit_q(user, prefix, access.MANAGE_ROLES)


class FigureSource(Source):
    kind, time_field = "figure", "changed_at"

    def queryset(self) -> QuerySet:
        qs = DataValueChange.objects.filter(_scope(self.user, "unit__"))
        if self.filters.unit:
            qs = qs.filter(unit__path__startswith=self.filters.unit.path)
        if self.filters.user:
            qs = qs.filter(changed_by__username__icontains=self.filters.user)
        return qs

    def entries(self, pks: list[int]) -> dict[int, Entry]:
        out = {}
        for c in DataValueChange.objects.filter(pk__in=pks).select_related("indicator", "unit", "changed_by"):
            row = _figure_change_row(c, c.indicator.decimals)
            changes = []
            if row["value_changed"]:
                changes.append((_("Value"), row["old_value"], row["new_value"]))
            if row["status_changed"]:
                changes.append((pgettext("audit", "Status"), row["old_status"], row["new_status"]))
            out[c.pk] = Entry(
                at=c.changed_at, kind=self.kind, kind_label=_kind_labels()[self.kind], user=row["who"],
                ip=c.ip or "", unit=c.unit, action=row["action"],
                subject=f"{c.indicator.name} · {periods.label(c.period)} · {row['kind']}",
                subject_url=figure_history_url(c.indicator_id, c.unit_id, c.period),
                changes=changes, note=c.source,
            )
        return out


def _resolution_history_ids(user, filters: Filters) -> QuerySet:
    """Ids of resolutions (deleted ones too) whose issuer is in scope and in the unit filter."""
    qs = Resolution.history.filter(_scope(user, "issuer__"))
    if filters.unit:
        qs = qs.filter(issuer__path__startswith=filters.unit.path)
    return qs.values("id")


class HistorySource(Source):
    """A simple-history model: each row is diffed against the previous version of the same object."""

    time_field = "history_date"
    model: type[Model] = Resolution
    skip_fields = ("id",)

    def scoped(self) -> QuerySet:
        raise NotImplementedError

    def queryset(self) -> QuerySet:
        qs = self.scoped()
        if self.filters.user:
            qs = qs.filter(history_user__username__icontains=self.filters.user)
        return qs

    def entries(self, pks: list[int]) -> dict[int, Entry]:
        history = self.model.history.model
        # The previous version of each row, found in the same query (no query per row).
        prev_id = Subquery(
            history.objects.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id"))
            .order_by("-history_id").values("history_id")[:1]
        )
        records = list(history.objects.filter(history_id__in=pks).select_related("history_user")
                       .annotate(prev_history_id=prev_id))
        previous = history.objects.in_bulk([r.prev_history_id for r in records if r.prev_history_id])
        diffs = {}
        for r in records:
            prev = previous.get(r.prev_history_id)
            diffs[r.history_id] = r.diff_against(prev).changes if prev is not None and r.history_type == "~" else []
        names = self._related_names(records, diffs)
        ctx = self.prepare(records)
        labels = _kind_labels()
        actions = {"+": pgettext("audit", "created"), "~": pgettext("audit", "changed"), "-": pgettext("audit", "deleted")}
        out = {}
        for r in records:
            changes = [
                (self._field_label(c.field), self._show(c.field, c.old, names), self._show(c.field, c.new, names))
                for c in diffs[r.history_id] if c.field not in self.skip_fields
            ]
            out[r.history_id] = Entry(
                at=r.history_date, kind=self.kind, kind_label=labels[self.kind], user=_user_label(r.history_user),
                ip=r.ip_address or "", unit=self.unit_of(r, ctx), action=actions.get(r.history_type, ""),
                subject=self.describe(r, ctx), subject_url=self.url(r, ctx), changes=changes,
                note=r.history_change_reason or "",
            )
        return out

    # presentation helpers --------------------------------------------------------------

    def _field_label(self, name: str) -> str:
        f = self.model._meta.get_field(name)
        return str(f.verbose_name).capitalize()

    def _related_names(self, records: list, diffs: dict) -> dict[tuple[str, Any], str]:
        """Names of the related objects the diffs mention, one query per related model."""
        wanted: dict[type[Model], set] = {}
        for r in records:
            for c in diffs[r.history_id]:
                f = self.model._meta.get_field(c.field)
                if f.is_relation and f.related_model is not None:
                    wanted.setdefault(f.related_model, set()).update(v for v in (c.old, c.new) if v is not None)
        names = {}
        for related, ids in wanted.items():
            for pk, obj in related._default_manager.in_bulk(list(ids)).items():
                names[(related._meta.label, pk)] = str(obj)
        return names

    def _show(self, name: str, value: Any, names: dict) -> str:
        f = self.model._meta.get_field(name)
        if value is None or value == "":
            return formats.DASH
        if f.is_relation and f.related_model is not None:
            return names.get((f.related_model._meta.label, value), f"#{value}")
        if f.choices:
            return str(dict(f.flatchoices).get(value, value))
        if isinstance(value, bool):
            return pgettext("audit", "yes") if value else pgettext("audit", "no")
        if isinstance(value, float):
            return formats.format_compact(value, 4)
        if isinstance(value, dt.date):
            return formats.format_date(value)
        text = str(value)
        return text if len(text) <= 200 else text[:199] + "…"

    def prepare(self, records: list) -> dict[str, Any]:
        """Whatever the rows of a page need to read well, fetched once for the page."""
        return {}

    def unit_of(self, record, ctx: dict) -> OrgUnit | None:
        return None

    def describe(self, record, ctx: dict) -> str:
        return str(record.instance)

    def url(self, record, ctx: dict) -> str:
        return ""


class ResolutionSource(HistorySource):
    kind, model = "resolution", Resolution

    def scoped(self) -> QuerySet:
        qs = Resolution.history.filter(_scope(self.user, "issuer__"))
        if self.filters.unit:
            qs = qs.filter(issuer__path__startswith=self.filters.unit.path)
        return qs

    def prepare(self, records: list) -> dict[str, Any]:
        return {"units": OrgUnit.objects.in_bulk({r.issuer_id for r in records})}

    def unit_of(self, record, ctx: dict) -> OrgUnit | None:
        return ctx["units"].get(record.issuer_id)

    def describe(self, record, ctx: dict) -> str:
        return f"{record.number} — {record.title}"

    def url(self, record, ctx: dict) -> str:
        return reverse("web:resolution", args=[record.id]) if record.history_type != "-" else ""


class TargetSource(HistorySource):
    kind, model = "target", Target

    def scoped(self) -> QuerySet:
        return Target.history.filter(resolution_id__in=_resolution_history_ids(self.user, self.filters))

    def prepare(self, records: list) -> dict[str, Any]:
        return {"resolutions": Resolution.objects.select_related("issuer").in_bulk({r.resolution_id for r in records})}

    def unit_of(self, record, ctx: dict) -> OrgUnit | None:
        res = ctx["resolutions"].get(record.resolution_id)
        return res.issuer if res else None

    def describe(self, record, ctx: dict) -> str:
        text = record.text if len(record.text) <= 120 else record.text[:119] + "…"
        res = ctx["resolutions"].get(record.resolution_id)
        return f"{res.number + ' · ' if res else ''}{record.code}: {text}"

    def url(self, record, ctx: dict) -> str:
        return reverse("web:target", args=[record.id]) if record.history_type != "-" else ""


class PlanSource(HistorySource):
    kind, model = "plan", AnnualPlan

    def scoped(self) -> QuerySet:
        targets = Target.history.filter(
            resolution_id__in=_resolution_history_ids(self.user, self.filters)
        ).values("id")
        return AnnualPlan.history.filter(target_id__in=targets)

    def prepare(self, records: list) -> dict[str, Any]:
        return {"targets": Target.objects.select_related("resolution", "resolution__issuer")
                .in_bulk({r.target_id for r in records})}

    def unit_of(self, record, ctx: dict) -> OrgUnit | None:
        target = ctx["targets"].get(record.target_id)
        return target.resolution.issuer if target else None

    def describe(self, record, ctx: dict) -> str:
        target = ctx["targets"].get(record.target_id)
        code = f"{target.resolution.number} · {target.code}" if target else f"#{record.target_id}"
        return _("Plan for %(year)s, target %(code)s") % {"year": record.year, "code": code}

    def url(self, record, ctx: dict) -> str:
        return reverse("web:target", args=[record.target_id]) if record.target_id in ctx["targets"] else ""


class SubmissionSource(Source):
    kind, time_field = "submission", "at"

    def __init__(self, user, filters: Filters, model: type[Model]):
        super().__init__(user, filters)
        self.model = model

    def queryset(self) -> QuerySet:
        qs = self.model._default_manager.filter(_scope(self.user, "submission__unit__"))
        if self.filters.unit:
            qs = qs.filter(submission__unit__path__startswith=self.filters.unit.path)
        if self.filters.user:
            qs = qs.filter(user__username__icontains=self.filters.user)
        return qs

    def entries(self, pks: list[int]) -> dict[int, Entry]:
        out = {}
        rows = self.model._default_manager.filter(pk__in=pks).select_related(
            "submission", "submission__form", "submission__unit", "user"
        )
        status_field = self.model._meta.get_field("submission").related_model._meta.get_field("status")
        statuses = dict(status_field.flatchoices)
        for e in rows:
            sub = e.submission
            changes = []
            if e.from_status != e.to_status:
                changes.append((pgettext("audit", "Status"), str(statuses.get(e.from_status, e.from_status or formats.DASH)),
                                str(statuses.get(e.to_status, e.to_status or formats.DASH))))
            changed = getattr(e, "changed", None)
            note = e.reason or ""
            if changed:
                note = (note + " · " if note else "") + _("%(n)s figures changed") % {"n": changed}
            out[e.pk] = Entry(
                at=e.at, kind=self.kind, kind_label=_kind_labels()[self.kind], user=_user_label(e.user),
                ip=e.ip or "", unit=sub.unit, action=e.get_action_display(),
                subject=f"{sub.form.name} · {periods.label(sub.period)}", subject_url=_submission_url(sub),
                changes=changes, note=note,
            )
        return out


def _submission_url(submission) -> str:
    from django.urls import NoReverseMatch

    try:
        return reverse("reporting:entry", args=[submission.form.code, submission.period, submission.unit_id])
    except NoReverseMatch:
        return ""


class AccessSource(Source):
    kind, time_field = "access", "at"

    def __init__(self, user, filters: Filters, model: type[Model]):
        super().__init__(user, filters)
        self.model = model

    def queryset(self) -> QuerySet:
        from nghiquyet.accounts.models import Membership

        qs = self.model._default_manager.all()
        if not access.is_superadmin(self.user):
            # A manager sees the log-ins of the people holding a role in the units they manage.
            members = Membership.objects.filter(_scope(self.user, "unit__")).values("user_id")
            qs = qs.filter(user_id__in=members)
        if self.filters.unit:
            members = Membership.objects.filter(unit__path__startswith=self.filters.unit.path).values("user_id")
            qs = qs.filter(user_id__in=members)
        if self.filters.user:
            qs = qs.filter(username__icontains=self.filters.user)
        return qs

    def entries(self, pks: list[int]) -> dict[int, Entry]:
        out = {}
        for e in self.model._default_manager.filter(pk__in=pks).select_related("user"):
            out[e.pk] = Entry(
                at=e.at, kind=self.kind, kind_label=_kind_labels()[self.kind],
                user=_user_label(e.user) if e.user else (e.username or formats.DASH), ip=e.ip or "",
                action=e.get_kind_display(), subject=e.path, note=e.detail,
            )
        return out


def sources(user, filters: Filters) -> list[Source]:
    found: list[Source] = [
        FigureSource(user, filters), ResolutionSource(user, filters), TargetSource(user, filters),
        PlanSource(user, filters),
    ]
    submission_event = _optional_model("reporting", "SubmissionEvent")
    if submission_event is not None:
        found.append(SubmissionSource(user, filters, submission_event))
    access_event = _optional_model("accounts", "AccessEvent")
    if access_event is not None:
        found.append(AccessSource(user, filters, access_event))
    if filters.kind:
        found = [s for s in found if s.kind == filters.kind]
    return found


def collect(user, filters: Filters, offset: int, limit: int) -> tuple[list[Entry], int]:
    """The entries [offset, offset + limit) of the merged log, newest first, and the total count.

    Each source gives its newest offset + limit (time, id) keys; the merge picks the page;
    only the page's rows are then read in full: three queries per source.
    """
    keyed: list[tuple[dt.datetime, int, int, Source]] = []
    total = 0
    for rank, source in enumerate(sources(user, filters)):
        qs = source.filtered()
        total += qs.count()
        for at, pk in qs.order_by(f"-{source.time_field}", "-pk").values_list(source.time_field, "pk")[
            : offset + limit
        ]:
            keyed.append((at, rank, pk, source))
    keyed.sort(key=lambda k: (k[0], -k[1], k[2]), reverse=True)
    page = keyed[offset: offset + limit]
    by_source: dict[int, list[int]] = {}
    for _at, rank, pk, _src in page:
        by_source.setdefault(rank, []).append(pk)
    loaded: dict[int, dict[int, Entry]] = {}
    for _at, rank, _pk, src in page:
        if rank not in loaded:
            loaded[rank] = src.entries(by_source[rank])
    entries = [loaded[rank][pk] for _at, rank, pk, _src in page if pk in loaded[rank]]
    return entries, total


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def _filters(request: HttpRequest) -> tuple[Filters, dict[str, str], list[str]]:
    """Filters from the query string; a unit outside the user's scope is refused (404)."""
    params = {k: request.GET.get(k, "").strip()[:100] for k in ("don_vi", "nguoi", "tu", "den", "loai")}
    errors = []
    unit = None
    if params["don_vi"]:
        unit = OrgUnit.objects.filter(code=params["don_vi"]).first()
        if unit is None and params["don_vi"].isdigit():
            unit = OrgUnit.objects.filter(pk=int(params["don_vi"])).first()
        if unit is None or not access.can_view_unit(request.user, unit):
            raise Http404
    start = parse_day(params["tu"]) if params["tu"] else None
    end = parse_day(params["den"]) if params["den"] else None
    if params["tu"] and start is None:
        errors.append(_("The start date is not a date (dd/mm/yyyy)."))
    if params["den"] and end is None:
        errors.append(_("The end date is not a date (dd/mm/yyyy)."))
    kind = params["loai"] if params["loai"] in KINDS else ""
    filters = Filters(
        unit=unit, user=params["nguoi"], kind=kind,
        start=_local_midnight(start) if start else None,
        end=_local_midnight(end + dt.timedelta(days=1)) if end else None,  # the end day is included
    )
    return filters, params, errors


def may_read_log(user) -> bool:
    return access.is_superadmin(user) or access.has_any_role(user, access.MANAGE_ROLES)


@require_safe
def audit_log(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        raise Http404
    if not may_read_log(request.user):
        raise PermissionDenied(_("Only managers and administrators can read the audit log."))
    filters, params, errors = _filters(request)
    if request.GET.get("xuat") == "xlsx":
        entries, _total = collect(request.user, filters, 0, EXPORT_LIMIT)
        return _xlsx_response(
            f"nhat-ky-{timezone.localdate():%Y%m%d}.xlsx", _("Audit log"),
            [_("Time (local)"), _("Time (UTC)"), _("Kind"), _("Action"), _("Unit"), _("Subject"),
             _("Changes"), _("User"), _("Address"), _("Note")],
            [[e.when, e.when_utc, e.kind_label, e.action, e.unit.name if e.unit else "", e.subject,
              "; ".join(f"{label}: {old} → {new}" for label, old, new in e.changes), e.user, e.ip, e.note]
             for e in entries],
        )
    try:
        page = max(1, int(request.GET.get("trang", "1")))
    except ValueError:
        page = 1
    offset = min((page - 1) * PAGE_SIZE, MAX_OFFSET)
    page = offset // PAGE_SIZE + 1
    entries, total = collect(request.user, filters, offset, PAGE_SIZE)
    query = urlencode({k: v for k, v in params.items() if v})
    last_page = max(1, -(-total // PAGE_SIZE))
    return render(request, "web/history_log.html", {
        "entries": entries, "total": total, "page": page, "params": params, "errors": errors,
        "filter_unit": filters.unit, "kinds": [(k, _kind_labels()[k]) for k in KINDS],
        "has_prev": page > 1, "has_next": page < last_page and offset + PAGE_SIZE <= MAX_OFFSET,
        "last_page": last_page, "query": query, "page_size": PAGE_SIZE, "max_offset": MAX_OFFSET,
        "first_index": offset + 1 if entries else 0, "last_index": offset + len(entries),
        "nav": "audit",
    })


# --------------------------------------------------------------------------- Excel


def _xlsx_response(name: str, title: str, header: list[str], rows: list[list[Any]]) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = "NhatKy"
    note = _("Exported %(when)s. Times are local (Asia/Ho_Chi_Minh); the UTC column is what is stored.") % {
        "when": local_and_utc(timezone.now())[0]
    }
    xlsx.table_head(ws, title, note, [(text, 18) for text in header],
                    note_font=Font(italic=True, size=9, color="808080"))
    for r, row in enumerate(rows, start=xlsx.HEADER_ROW + 1):
        for col, value in enumerate(row, start=1):
            ws.cell(r, col, value).alignment = Alignment(wrap_text=True, vertical="top")
    xlsx.table_tail(ws, len(header), len(rows))
    return xlsx.response(xlsx.workbook_bytes(wb), name)
