"""Pages of this app. Views only translate HTTP: access → query → render (or an Excel file).

A person is visible when their unit is in the user's view scope; anything outside is a 404.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nghiquyet.accounts import access
from nghiquyet.core import xlsx
from nghiquyet.core.forms import parse_day
from nghiquyet.core.text import fold
from nghiquyet.units.models import OrgUnit

from . import export, queries, tenure
from .models import AppointmentKind, Person

PAGE_SIZE = 50

DIRECTION_LABELS = {
    tenure.DOWN: gettext_lazy("Down to the grassroots"),
    tenure.UP: gettext_lazy("Up to a higher level"),
    tenure.SIDEWAYS: gettext_lazy("Sideways (same level)"),
    tenure.UNKNOWN: gettext_lazy("Origin unknown"),
}
DIRECTION_LABELS_VI = {
    tenure.DOWN: "Xuống cơ sở", tenure.UP: "Lên cấp trên", tenure.SIDEWAYS: "Ngang cấp",
    tenure.UNKNOWN: "Chưa rõ nơi đi",
}


# --------------------------------------------------------------------------- helpers


def _today() -> dt.date:
    return timezone.localdate()  # Vietnam's date, as every other page uses


def _day_param(request: HttpRequest) -> tuple[dt.date | None, str]:
    raw = request.GET.get("ngay", "")
    day = parse_day(raw)
    error = _("“%(value)s” is not a date (dd/mm/yyyy).") % {"value": raw} if raw.strip() and day is None else ""
    return day, error


def _int_param(request: HttpRequest, name: str) -> int | None:
    raw = request.GET.get(name, "").strip()
    return int(raw) if raw.isdigit() and len(raw) < 10 else None


def duration_text(months: int) -> str:
    years, rest = tenure.split_months(months)
    if years and rest:
        return _("%(years)d yr %(months)d mo") % {"years": years, "months": rest}
    if years:
        return _("%(years)d yr") % {"years": years}
    return _("%(months)d mo") % {"months": rest}


def duration_text_vi(months: int) -> str:
    years, rest = tenure.split_months(months)
    parts = ([f"{years} năm"] if years else []) + ([f"{rest} tháng"] if rest or not years else [])
    return " ".join(parts)


_xlsx = xlsx.response


def _person_or_404(request: HttpRequest, pk: int) -> Person:
    return get_object_or_404(queries.visible_people(request.user).select_related("unit__parent"), pk=pk)


def _fmt(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


# --------------------------------------------------------------------------- people list


def _list_query(request: HttpRequest):
    people = queries.visible_people(request.user).select_related("unit__parent")
    q = request.GET.get("q", "").strip()
    for token in fold(q).split():
        people = people.filter(search_name__contains=token)
    unit = None
    unit_id = _int_param(request, "don-vi")
    if unit_id:
        unit = OrgUnit.objects.filter(access.unit_q(request.user), pk=unit_id).first()
        if unit is None:
            raise Http404
        people = people.filter(unit__path__startswith=unit.path)
    return people.order_by("search_name", "pk"), q, unit


def people_list(request: HttpRequest) -> HttpResponse:
    people, q, unit = _list_query(request)
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("trang"))
    titles = queries.current_titles([p.pk for p in page], _today())
    unit_ids = queries.visible_people(request.user).exclude(unit=None).values("unit_id")
    units = OrgUnit.objects.filter(pk__in=unit_ids).select_related("parent").order_by("path")
    return render(request, "people/list.html", {
        "may_add": access.has_any_role(request.user, access.MANAGE_ROLES), "page": page, "rows": [(p, titles.get(p.pk, [])) for p in page], "q": q, "unit": unit,
        "units": units, "nav": "people", "any_sample": any(p.is_sample for p in page),
        "query_string": request.GET.urlencode(),
    })


def people_export(request: HttpRequest) -> HttpResponse:
    people, q, unit = _list_query(request)
    people = list(people[:5000])
    titles = queries.current_titles([p.pk for p in people], _today())
    rows = [
        (i, p.full_name, p.birth_year, p.get_gender_display(), p.ethnicity, "Có" if p.is_party_member else "Không",
         p.unit.name if p.unit_id else "", "; ".join(titles.get(p.pk, [])), "Có" if p.is_sample else "")
        for i, p in enumerate(people, start=1)
    ]
    cols = [export.Col("STT", 6), export.Col("Họ và tên", 26), export.Col("Năm sinh", 10),
            export.Col("Giới tính", 10), export.Col("Dân tộc", 12), export.Col("Đảng viên", 10),
            export.Col("Đơn vị", 30, True), export.Col("Chức vụ hiện nay", 40, True), export.Col("Dữ liệu mẫu", 10)]
    note = f"Ngày xuất: {_fmt(_today())}" + (f"; đơn vị: {unit.name}" if unit else "") + (f"; tìm: {q}" if q else "")
    if any(p.is_sample for p in people):
        note += f". {export.SAMPLE_NOTE}"
    sheet = export.Sheet("CanBo", "Danh sách cán bộ", note, cols, rows)
    return _xlsx(export.workbook([sheet]), "danh-sach-can-bo.xlsx")


# --------------------------------------------------------------------------- person


def _person_data(request: HttpRequest, person: Person) -> dict:
    today = _today()
    appointments = list(
        person.appointments.select_related("post__unit__parent", "from_unit").order_by("-start_on", "-pk")
    )
    posts = []
    for a in appointments:
        last = tenure.effective_end(a.end_on, a.post.unit.valid_to)
        months = tenure.duration_months(a.start_on, last, today)
        posts.append({
            "a": a, "last_day": last, "running": tenure.is_running(last, today),
            "cut_by_unit": a.end_on is None and last is not None, "months": months,
            "duration": duration_text(months),
        })
    resps = list(person.responsibilities.select_related("unit", "field").order_by("-start_on", "pk"))
    trainings = list(person.trainings.order_by("-start_on", "pk"))
    return {"person": person, "posts": posts, "resps": resps, "trainings": trainings, "today": today}


def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_or_404(request, pk)
    ctx = _person_data(request, person)
    ctx["tasks"] = queries.leader_tasks(person, [], request.user, ctx["today"])
    ctx["nav"] = "people"
    ctx["may_write"] = person.unit_id is not None and access.can_manage(request.user, person.unit)
    ctx["active_resps"] = [r for r in ctx["resps"] if tenure.active_on(r.start_on, r.end_on, ctx["today"])]
    return render(request, "people/person.html", ctx)


def person_export(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_or_404(request, pk)
    ctx = _person_data(request, person)
    note = f"{person.full_name}" + (f", {person.unit.name}" if person.unit_id else "") + f". Ngày xuất: {_fmt(ctx['today'])}"
    if person.is_sample:
        note += f". {export.SAMPLE_NOTE}"
    posts = export.Sheet(
        "QuaTrinhCongTac", f"Quá trình công tác — {person.full_name}", note,
        [export.Col("Chức vụ", 34, True), export.Col("Đơn vị", 30, True), export.Col("Hình thức", 14),
         export.Col("Từ đơn vị", 26, True), export.Col("Từ ngày", 12), export.Col("Đến ngày", 12),
         export.Col("Số tháng", 10), export.Col("Quyết định", 18), export.Col("Ngày quyết định", 14)],
        [(p["a"].post.title, p["a"].post.unit.name, KIND_VI[p["a"].kind],
          p["a"].from_unit.name if p["a"].from_unit_id else "", p["a"].start_on, p["last_day"],
          p["months"], p["a"].decision_number, p["a"].decision_date) for p in ctx["posts"]],
    )
    resps = export.Sheet(
        "PhuTrach", f"Phân công phụ trách — {person.full_name}", note,
        [export.Col("Địa bàn / lĩnh vực", 34, True), export.Col("Vai trò", 16), export.Col("Từ ngày", 12),
         export.Col("Đến ngày", 12), export.Col("Quyết định", 18)],
        [((r.unit.name if r.unit_id else f"Lĩnh vực: {r.field.name}"), r.role, r.start_on, r.end_on, r.decision_number)
         for r in ctx["resps"]],
    )
    trainings = export.Sheet(
        "DaoTao", f"Đào tạo, bồi dưỡng — {person.full_name}", note,
        [export.Col("Khóa học", 40, True), export.Col("Loại", 20), export.Col("Trình độ", 12),
         export.Col("Cơ sở đào tạo", 30, True), export.Col("Từ ngày", 12), export.Col("Đến ngày", 12),
         export.Col("Văn bằng, chứng chỉ", 24)],
        [(t.title, TRAINING_VI[t.kind], LEVEL_VI.get(t.level, ""), t.institution, t.start_on, t.end_on, t.certificate)
         for t in ctx["trainings"]],
    )
    return _xlsx(export.workbook([posts, resps, trainings]), f"can-bo-{person.pk}.xlsx")


KIND_VI = {
    AppointmentKind.APPOINTMENT: "Bổ nhiệm", AppointmentKind.ELECTION: "Bầu",
    AppointmentKind.TRANSFER: "Điều động", AppointmentKind.ROTATION: "Luân chuyển",
    AppointmentKind.SECONDMENT: "Biệt phái",
}
TRAINING_VI = {
    "political_theory": "Lý luận chính trị", "state_management": "Quản lý nhà nước",
    "professional": "Chuyên môn, nghiệp vụ", "it": "Tin học", "foreign_language": "Ngoại ngữ",
    "defence": "Quốc phòng – an ninh", "other": "Khác",
}
LEVEL_VI = {"elementary": "Sơ cấp", "intermediate": "Trung cấp", "advanced": "Cao cấp"}


# --------------------------------------------------------------------------- matrix


def _matrix(request: HttpRequest) -> tuple[queries.Matrix | None, list[OrgUnit], str]:
    committees = queries.committees(request.user)
    wanted, error = _day_param(request)
    unit_id = _int_param(request, "don-vi")
    if unit_id is not None:
        committee = next((c for c in committees if c.pk == unit_id), None)
        if committee is None:
            raise Http404
    elif committees:
        committee = committees[0]
    else:
        return None, committees, error
    day = queries.matrix_day(committee, wanted, _today())
    return queries.build_matrix(committee, day), committees, error


def matrix(request: HttpRequest) -> HttpResponse:
    m, committees, error = _matrix(request)
    ctx = {"matrix": m, "committees": committees, "error": error, "nav": "people"}
    if m is not None:
        ctx["rows"] = [
            {"member": mem,
             "areas": [(("unit", a.pk) in mem.marks, mem.roles.get(("unit", a.pk), "")) for a in m.areas],
             "fields": [(("field", f.pk) in mem.marks, mem.roles.get(("field", f.pk), "")) for f in m.fields],
             "count": len(mem.marks)}
            for mem in m.members
        ]
        ctx["committee_ended"] = m.committee.valid_to is not None and m.committee.valid_to <= m.day
        ctx["committee_gone"] = m.committee.valid_to is not None and m.committee.valid_to <= _today()
        ctx["any_sample"] = any(mem.person.is_sample for mem in m.members)
    return render(request, "people/matrix.html", ctx)


def matrix_export(request: HttpRequest) -> HttpResponse:
    m, _committees, _error = _matrix(request)
    if m is None:
        raise Http404
    cols = [export.Col("Ủy viên Ban Thường vụ", 26, True), export.Col("Chức vụ", 30, True)]
    cols += [export.Col(a.name, 5) for a in m.areas] + [export.Col(f"Lĩnh vực: {f.name}", 5) for f in m.fields]
    rows = []
    for mem in m.members:
        marks = ["x" if ("unit", a.pk) in mem.marks else "" for a in m.areas]
        marks += ["x" if ("field", f.pk) in mem.marks else "" for f in m.fields]
        rows.append([mem.person.full_name, "; ".join(mem.titles), *marks])
    rows.append(["Số người phụ trách", "", *m.area_counts, *m.field_counts])
    note = f"{m.committee.name}, ngày {_fmt(m.day)}. x = được phân công phụ trách."
    if any(mem.person.is_sample for mem in m.members):
        note += f" {export.SAMPLE_NOTE}"
    sheet = export.Sheet("PhanCong", "Bảng phân công Ủy viên Ban Thường vụ phụ trách địa bàn, lĩnh vực",
                         note, cols, rows, vertical_headers=True)
    return _xlsx(export.workbook([sheet]), f"phan-cong-{m.committee.code}-{m.day:%Y%m%d}.xlsx")


# --------------------------------------------------------------------------- a leader's page


def _leader(request: HttpRequest, pk: int) -> dict:
    person = _person_or_404(request, pk)
    wanted, error = _day_param(request)
    today = _today()
    day = queries.leader_day(person, wanted, today)
    resps = queries.responsibilities_on(person, day)
    items = queries.evaluate_for_leader(queries.leader_targets(person, resps, request.user, day))
    tasks = queries.leader_tasks(person, resps, request.user, today)
    titles = queries.current_titles([person.pk], day).get(person.pk, [])
    target_rows = []
    for item in items:
        t = item.target
        where = t.unit
        # Why the target is on this leader's page: its area, else its field.
        in_area = any(where.path.startswith(r.unit.path) for r in resps if r.unit_id)
        reason = where.name if in_area else str(t.field or t.indicator.field or "")
        target_rows.append({"item": item, "target": t, "unit": where, "reason": reason})
    return {
        "person": person, "day": day, "today": today, "error": error, "resps": resps, "titles": titles,
        "targets": target_rows, "tasks": tasks, "nav": "people",
        "target_counts": Counter(i.status for i in items), "task_counts": Counter(t.status for t in tasks),
    }


def leader(request: HttpRequest, pk: int) -> HttpResponse:
    ctx = _leader(request, pk)
    from nghiquyet.resolutions.evaluation import status_label

    ctx["target_summary"] = [
        {"css": f"status-{s.replace('_', '-')}", "label": status_label(s), "count": n}
        for s, n in ctx["target_counts"].most_common()
    ]
    ctx["task_summary"] = [
        {"css": queries.TASK_CSS[s], "label": next(t.label for t in ctx["tasks"] if t.status == s), "count": n}
        for s, n in ctx["task_counts"].most_common()
    ]
    return render(request, "people/leader.html", ctx)


def leader_export(request: HttpRequest, pk: int) -> HttpResponse:
    ctx = _leader(request, pk)
    from nghiquyet.resolutions.progress import STATUS_LABELS

    person, day = ctx["person"], ctx["day"]
    note = f"{person.full_name}; phân công tại ngày {_fmt(day)}; tình trạng nhiệm vụ tại ngày {_fmt(ctx['today'])}."
    if person.is_sample:
        note += f" {export.SAMPLE_NOTE}"
    areas = export.Sheet(
        "DiaBan", f"Địa bàn, lĩnh vực phụ trách — {person.full_name}", note,
        [export.Col("Địa bàn / lĩnh vực", 36, True), export.Col("Vai trò", 16), export.Col("Từ ngày", 12),
         export.Col("Đến ngày", 12), export.Col("Quyết định", 18)],
        [((r.unit.name if r.unit_id else f"Lĩnh vực: {r.field.name}"), r.role, r.start_on, r.end_on, r.decision_number)
         for r in ctx["resps"]],
    )
    targets = export.Sheet(
        "ChiTieu", f"Chỉ tiêu thuộc địa bàn, lĩnh vực phụ trách — {person.full_name}", note,
        [export.Col("Nghị quyết", 18), export.Col("Mã", 8), export.Col("Chỉ tiêu", 50, True),
         export.Col("Đơn vị đánh giá", 24, True), export.Col("Năm đánh giá", 10), export.Col("Đánh giá", 22)],
        [(r["target"].resolution.number, r["target"].code, r["target"].text, r["unit"].name,
          r["item"].result.latest_year, STATUS_LABELS.get(r["item"].status, r["item"].status)) for r in ctx["targets"]],
    )
    tasks = export.Sheet(
        "NhiemVu", f"Nhiệm vụ — {person.full_name}", note,
        [export.Col("Nhiệm vụ", 50, True), export.Col("Đơn vị chủ trì", 26, True), export.Col("Lãnh đạo phụ trách", 22),
         export.Col("Hạn", 12), export.Col("Hoàn thành", 12), export.Col("Tình trạng", 24)],
        [(r.task.title, r.task.lead_unit.name, r.task.leader.full_name if r.task.leader_id else "", r.deadline,
          r.task.completed_on, r.label) for r in ctx["tasks"]],
    )
    return _xlsx(export.workbook([areas, targets, tasks]), f"phu-trach-{person.pk}-{day:%Y%m%d}.xlsx")


# --------------------------------------------------------------------------- rotations


def _rotations(request: HttpRequest) -> dict:
    include_transfers = request.GET.get("dieu-dong") == "1"
    kinds = (AppointmentKind.ROTATION,) + (
        (AppointmentKind.TRANSFER, AppointmentKind.SECONDMENT) if include_transfers else ()
    )
    year_from, year_to = _int_param(request, "tu-nam"), _int_param(request, "den-nam")
    today = _today()
    moves = queries.rotations(request.user, today, kinds=kinds, year_from=year_from, year_to=year_to)
    years = tenure.count_by_year((m.year, m.direction) for m in moves)
    totals = Counter(m.direction for m in moves)
    return {
        "moves": moves, "by_year": tenure.group_by_year(moves, lambda m: m.appointment.start_on),
        "counts": years, "totals": totals, "today": today, "include_transfers": include_transfers,
        "year_from": year_from, "year_to": year_to, "nav": "people",
        "any_sample": any(m.appointment.is_sample for m in moves),
    }


def rotations(request: HttpRequest) -> HttpResponse:
    ctx = _rotations(request)
    ctx["directions"] = [(d, DIRECTION_LABELS[d]) for d in tenure.DIRECTIONS]
    ctx["count_rows"] = [
        {"year": c.year, "cells": [c.counts[d] for d in tenure.DIRECTIONS], "total": c.total} for c in ctx["counts"]
    ]
    ctx["total_cells"] = [ctx["totals"].get(d, 0) for d in tenure.DIRECTIONS]
    ctx["groups"] = [
        (year, [{"m": m, "direction_label": DIRECTION_LABELS[m.direction], "duration": duration_text(m.months)}
                for m in items])
        for year, items in ctx["by_year"].items()
    ]
    ctx["query_string"] = request.GET.urlencode()
    return render(request, "people/rotations.html", ctx)


def rotations_export(request: HttpRequest) -> HttpResponse:
    ctx = _rotations(request)
    what = "luân chuyển, điều động, biệt phái" if ctx["include_transfers"] else "luân chuyển"
    note = f"Cán bộ {what}; thời gian tính đến ngày {_fmt(ctx['today'])} với trường hợp đang công tác."
    if ctx["any_sample"]:
        note += f" {export.SAMPLE_NOTE}"
    moves = export.Sheet(
        "LuanChuyen", "Báo cáo luân chuyển cán bộ theo năm", note,
        [export.Col("Năm", 8), export.Col("Họ và tên", 24), export.Col("Hình thức", 12),
         export.Col("Từ đơn vị", 28, True), export.Col("Đến chức vụ", 30, True), export.Col("Đơn vị đến", 28, True),
         export.Col("Hướng", 16), export.Col("Từ ngày", 12), export.Col("Đến ngày", 12), export.Col("Số tháng", 10),
         export.Col("Thời gian", 16), export.Col("Quyết định", 18)],
        [(m.year, m.appointment.person.full_name, KIND_VI[m.appointment.kind], m.origin.name if m.origin else "",
          m.appointment.post.title, m.destination.name, DIRECTION_LABELS_VI[m.direction], m.appointment.start_on,
          None if m.running else m.last_day, m.months,
          duration_text_vi(m.months) + (" (đang công tác)" if m.running else ""), m.appointment.decision_number)
         for m in ctx["moves"]],
    )
    summary = export.Sheet(
        "TongHop", "Số cán bộ luân chuyển theo năm và hướng", note,
        [export.Col("Năm", 8)] + [export.Col(DIRECTION_LABELS_VI[d], 16) for d in tenure.DIRECTIONS] + [export.Col("Tổng", 10)],
        [(c.year, *[c.counts[d] for d in tenure.DIRECTIONS], c.total) for c in ctx["counts"]]
        + [("Tổng", *[ctx["totals"].get(d, 0) for d in tenure.DIRECTIONS], len(ctx["moves"]))],
    )
    return _xlsx(export.workbook([moves, summary]), "luan-chuyen-can-bo.xlsx")

