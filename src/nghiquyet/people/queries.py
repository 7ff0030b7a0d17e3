"""Reads of the people app for the pages and exports: scope, the assignment matrix, a leader's
targets and tasks, the rotation report. The date arithmetic is in `tenure` (pure).

Everything a user reads is filtered by `accounts.access.unit_q`: a person is visible when
their unit is in the user's view scope.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from nghiquyet.accounts import access
from nghiquyet.core.text import fold
from nghiquyet.indicators.models import Field
from nghiquyet.resolutions import evaluation
from nghiquyet.resolutions.models import Target
from nghiquyet.units.models import ADMIN_KINDS, OrgUnit

from . import tenure
from .models import MOVE_KINDS, Appointment, AppointmentKind, Person, Post, Responsibility


def visible_people(user) -> QuerySet[Person]:
    return Person.objects.filter(access.unit_q(user, "unit__"))


def _active(prefix: str, day: dt.date) -> Q:
    return Q(**{f"{prefix}start_on__lte": day}) & (
        Q(**{f"{prefix}end_on__isnull": True}) | Q(**{f"{prefix}end_on__gte": day})
    )


def _alive(prefix: str, day: dt.date) -> Q:
    """The unit at `prefix` still existed on `day` (valid_to is exclusive)."""
    return Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": day})


def subtree_q(prefix: str, units) -> Q:
    """Units (through `prefix`) inside any of `units`' subtrees; nothing when `units` is empty."""
    q = Q(pk__in=[])
    for unit in units:
        q |= Q(**{f"{prefix}path__startswith": unit.path})
    return q


# --------------------------------------------------------------------------- person page


def current_titles(person_ids, day: dt.date) -> dict[int, list[str]]:
    """Titles of the posts each person holds on `day` (one query)."""
    out: dict[int, list[str]] = defaultdict(list)
    rows = (
        Appointment.objects.filter(_active("", day), _alive("post__unit__", day), person_id__in=list(person_ids))
        .order_by("post__order", "start_on").values_list("person_id", "post__title")
    )
    for person_id, title in rows:
        if title not in out[person_id]:
            out[person_id].append(title)
    return out


# --------------------------------------------------------------------------- the matrix


def committees(user) -> list[OrgUnit]:
    """Units (Party committees) with standing-committee posts within the user's view scope, the
    one with the most standing-committee appointments first (the page's default)."""
    counts = dict(
        Appointment.objects.filter(post__is_standing_committee=True).values("post__unit_id")
        .annotate(n=Count("pk")).values_list("post__unit_id", "n")
    )
    units = OrgUnit.objects.filter(access.unit_q(user), pk__in=list(counts)).select_related("parent")
    return sorted(units, key=lambda u: (-counts[u.pk], u.name))


def matrix_day(unit: OrgUnit, wanted: dt.date | None, today: dt.date) -> dt.date:
    """The requested day, else today, else (for a committee that no longer exists) its last day."""
    if wanted is not None:
        return wanted
    if unit.valid_to is not None and unit.valid_to <= today:
        return unit.valid_to - dt.timedelta(days=1)
    return today


@dataclass
class Member:
    person: Person
    titles: list[str]
    marks: set[tuple[str, int]] = field(default_factory=set)  # ("unit" | "field", id)
    roles: dict[tuple[str, int], str] = field(default_factory=dict)


@dataclass
class Matrix:
    committee: OrgUnit
    day: dt.date
    members: list[Member]
    areas: list[OrgUnit]
    fields: list[Field]

    def count(self, key: tuple[str, int]) -> int:
        return sum(1 for m in self.members if key in m.marks)

    @property
    def area_counts(self) -> list[int]:
        return [self.count(("unit", a.pk)) for a in self.areas]

    @property
    def field_counts(self) -> list[int]:
        return [self.count(("field", f.pk)) for f in self.fields]

    @property
    def uncovered_areas(self) -> list[OrgUnit]:
        return [a for a, n in zip(self.areas, self.area_counts, strict=True) if n == 0]


def standing_members(committee: OrgUnit, day: dt.date) -> list[Person]:
    """People holding a standing-committee post at `committee` on `day`, in the posts' order."""
    rows = (
        Appointment.objects.filter(
            _active("", day), post__unit=committee, post__is_standing_committee=True,
        ).select_related("person", "post").order_by("post__order", "start_on", "pk")
    )
    seen: dict[int, Person] = {}
    for a in rows:
        seen.setdefault(a.person_id, a.person)
    return list(seen.values())


def build_matrix(committee: OrgUnit, day: dt.date) -> Matrix:
    """Standing-committee members × (areas, fields) with the responsibilities active on `day`."""
    people = standing_members(committee, day)
    titles = current_titles([p.pk for p in people], day)
    # The committee's own posts first ("Phó Bí thư Huyện ủy; Chủ tịch UBND huyện").
    own = set(Post.objects.filter(unit=committee).values_list("title", flat=True))
    members = [Member(p, sorted(titles.get(p.pk, []), key=lambda t: t not in own)) for p in people]
    by_id = {m.person.pk: m for m in members}
    home = committee.admin_unit
    areas = {
        u.pk: u for u in OrgUnit.objects.filter(parent=home, kind__in=ADMIN_KINDS).valid_on(day)
    } if committee.valid_to is None or committee.valid_to > day else {}
    resps = Responsibility.objects.filter(_active("", day), person_id__in=list(by_id)).select_related("unit")
    for r in resps:
        key = ("unit", r.unit_id) if r.unit_id else ("field", r.field_id)
        by_id[r.person_id].marks.add(key)  # type: ignore[arg-type]
        by_id[r.person_id].roles[key] = r.role  # type: ignore[index]
        if r.unit_id and r.unit_id not in areas:
            areas[r.unit_id] = r.unit
    return Matrix(
        committee=committee, day=day, members=members,
        areas=sorted(areas.values(), key=lambda u: (u.path.count("/"), fold(u.short_name or u.name))),
        fields=list(Field.objects.order_by("order", "name")),
    )


# --------------------------------------------------------------------------- a leader's page


def responsibilities_on(person: Person, day: dt.date) -> list[Responsibility]:
    return list(
        Responsibility.objects.filter(_active("", day), person=person).select_related("unit", "field")
        .order_by("field__order", "unit__name")
    )


def leader_day(person: Person, wanted: dt.date | None, today: dt.date) -> dt.date:
    """The requested day; else today if the person is in charge of something today; else the
    last day of their latest responsibility (a district that no longer exists keeps its matrix)."""
    if wanted is not None:
        return wanted
    if Responsibility.objects.filter(_active("", today), person=person).exists():
        return today
    last = Responsibility.objects.filter(person=person, start_on__lte=today).order_by("-end_on").first()
    if last is None or last.end_on is None:
        return today
    return last.end_on


def home_units(person: Person, day: dt.date) -> list[OrgUnit]:
    """The administrative units a person's field responsibilities apply to: those of the posts
    they hold on `day` (a standing-committee member of the district answers for the district's
    targets of the field), else their own unit's."""
    units = {
        a.post.unit.admin_unit.pk: a.post.unit.admin_unit
        for a in Appointment.objects.filter(_active("", day), person=person).select_related("post__unit__parent")
    }
    if not units and person.unit_id:
        units[person.unit.admin_unit.pk] = person.unit.admin_unit
    return list(units.values())


def leader_targets(person: Person, resps: list[Responsibility], user, day: dt.date) -> QuerySet[Target]:
    """Targets in the leader's areas (judged at a unit inside one) or in their fields (within
    `home_units`), of resolutions running in `day`'s year."""
    areas = [r.unit for r in resps if r.unit_id]
    field_ids = [r.field_id for r in resps if r.field_id]
    in_areas = subtree_q("scope_unit__", areas) | (
        Q(scope_unit__isnull=True) & subtree_q("resolution__issuer__", areas)
    )
    cond = in_areas
    homes = home_units(person, day) if field_ids else []
    if homes:
        in_home = subtree_q("scope_unit__", homes) | (
            Q(scope_unit__isnull=True) & subtree_q("resolution__issuer__", homes)
        )
        in_fields = Q(field_id__in=field_ids) | Q(field__isnull=True, indicator__field_id__in=field_ids)
        cond |= in_home & in_fields
    return (
        Target.objects.filter(cond, access.unit_q(user, "resolution__issuer__"))
        .filter(resolution__term_start__lte=day.year, resolution__term_end__gte=day.year)
        .select_related("indicator__field", "field", "scope_unit", "resolution__issuer__parent")
        .order_by("resolution__term_start", "resolution_id", "order", "code")
    )


def evaluate_for_leader(targets) -> list[evaluation.TargetEvaluation]:
    """Each target judged at its resolution's default year (its last year with figures)."""
    targets = list(targets)
    resolutions = {t.resolution_id: t.resolution for t in targets}
    years = evaluation.default_years(resolutions.values()) if resolutions else {}
    by_year: dict[int, list[Target]] = defaultdict(list)
    for t in targets:
        by_year[years[t.resolution_id]].append(t)
    done: dict[int, evaluation.TargetEvaluation] = {}
    for year, chosen in by_year.items():
        for item in evaluation.evaluate_targets(chosen, year):
            done[item.target.pk] = item
    return [done[t.pk] for t in targets]


# --------------------------------------------------------------------------- rotations


@dataclass
class Move:
    appointment: Appointment
    origin: OrgUnit | None
    origin_inferred: bool
    destination: OrgUnit
    direction: str
    last_day: dt.date | None  # effective last day (recorded end, or the unit's end)
    running: bool
    months: int

    @property
    def year(self) -> int:
        return self.appointment.start_on.year


def _admin(unit: OrgUnit | None) -> OrgUnit | None:
    return unit.admin_unit if unit is not None else None


def rotations(
    user, today: dt.date, *, kinds=(AppointmentKind.ROTATION,), year_from: int | None = None,
    year_to: int | None = None,
) -> list[Move]:
    """Moves (rotations; optionally transfers and secondments) visible to `user`, oldest first.

    Visible: the post's unit or the person's unit is in the user's scope. The origin is the
    recorded `from_unit`, else the unit of the person's previous post.
    """
    kinds = [k for k in kinds if k in MOVE_KINDS] or [AppointmentKind.ROTATION]
    qs = Appointment.objects.filter(
        access.unit_q(user, "post__unit__") | access.unit_q(user, "person__unit__"), kind__in=kinds,
    )
    if year_from:
        qs = qs.filter(start_on__gte=dt.date(year_from, 1, 1))
    if year_to:
        qs = qs.filter(start_on__lte=dt.date(year_to, 12, 31))
    moves = list(
        qs.select_related("person", "post__unit__parent", "from_unit__parent").order_by("start_on", "pk")
    )
    earlier: dict[int, list[Appointment]] = defaultdict(list)
    for a in (
        Appointment.objects.filter(person_id__in={m.person_id for m in moves})
        .select_related("post__unit__parent").order_by("start_on", "pk")
    ):
        earlier[a.person_id].append(a)
    out = []
    for a in moves:
        origin, inferred = a.from_unit, False
        if origin is None:
            before = [b for b in earlier[a.person_id] if b.start_on < a.start_on and b.pk != a.pk]
            if before:
                origin, inferred = before[-1].post.unit, True
        dest = a.post.unit
        last = tenure.effective_end(a.end_on, dest.valid_to)
        out.append(Move(
            appointment=a, origin=origin, origin_inferred=inferred, destination=dest,
            direction=tenure.direction(
                getattr(_admin(origin), "kind", None), getattr(_admin(dest), "kind", None),
            ),
            last_day=last, running=tenure.is_running(last, today),
            months=tenure.duration_months(a.start_on, last, today),
        ))
    return out


# --------------------------------------------------------------------------- tasks (plans app)


# The house status badges of site.css, so the page needs no stylesheet of the plans app.
TASK_CSS = {
    "overdue": "status-off-track", "in_progress": "status-on-track", "ongoing": "status-no-data",
    "done_late": "status-needs-acceleration", "done_on_time": "status-met",
}


@dataclass
class TaskRow:
    task: object
    status: str
    label: str
    css: str
    deadline: dt.date | None


def leader_tasks(person: Person, resps: list[Responsibility], user, today: dt.date) -> list[TaskRow]:
    """Tasks the person leads, or led by a unit inside one of their areas, visible to `user`,
    with their status on `today`, computed by the plans app (extensions, occurrences)."""
    from nghiquyet.plans import queries as plan_queries

    areas = [r.unit for r in resps if r.unit_id]
    qs = plan_queries.visible_tasks(user).filter(Q(leader=person) | subtree_q("lead_unit__", areas))
    states = plan_queries.states(plan_queries.with_related(qs.order_by("deadline", "pk"))[:500], today)
    return [TaskRow(s.task, s.status, s.label, TASK_CSS[s.status], s.deadline) for s in states]
