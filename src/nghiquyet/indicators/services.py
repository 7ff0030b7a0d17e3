"""Writing figures and reading them back, with rollups maintained on write.

Every write of a figure goes through `write_values`: it upserts `DataValue`, records the
change in `DataValueChange`, and refreshes the `RollupValue` rows of the unit and of every
administrative ancestor, bottom-up, in the same transaction. Reads (`read_values`) then look
up maintained rows by key and never scan the values table.

Only administrative units roll up into their parents; a body (a Party committee, an agency)
keeps its own figures, which do not add into the unit it belongs to.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from nghiquyet.core.batching import chunks
from nghiquyet.core.context import current_ip
from nghiquyet.units.models import ADMIN_KINDS, OrgUnit, Succession

from . import periods, rollup
from .models import DataValue, DataValueChange, Indicator, RollupValue, ValueKind, ValueStatus

CHUNK = 900  # stays below SQLite's bound on query parameters, with room for other filters
IND_CHUNK = 60  # indicators recomputed in one query; their ids share CHUNK's bound with the units
KIND_PREFERENCE = (ValueKind.OFFICIAL, ValueKind.ESTIMATED)  # an official figure beats an estimate
# Columns of an audit row, in the order write_values/delete_values build them.
CHANGE_FIELDS = ["indicator", "unit", "period", "kind", "old_value", "new_value", "old_status", "new_status",
                 "changed_by", "changed_at", "ip", "source"]


@dataclass(frozen=True)
class ValueInput:
    indicator_id: int
    unit_id: int
    period: str
    value: float
    kind: str = ValueKind.OFFICIAL
    note: str = ""


@dataclass(frozen=True)
class Reading:
    value: float | None
    kind: str | None
    own_value: float | None = None
    children_value: float | None = None
    children_count: int = 0
    conflict: bool = False
    source: str = "none"  # own | children | months | predecessors | none
    is_sample: bool = False  # the value is, or is built from, sample data

    @property
    def is_estimated(self) -> bool:
        return self.kind == ValueKind.ESTIMATED


NO_READING = Reading(value=None, kind=None)


def _chunks(items: Sequence, size: int = CHUNK):
    return chunks(items, size)


def _upsert(model, fields: list[str], rows: list[tuple], conflict: list[str] | None = None) -> None:
    """INSERT (… ON CONFLICT DO UPDATE) many rows at once.

    The ORM's bulk_create spends most of its time building model instances and SQL per row;
    rollup maintenance writes hundreds of thousands of rows, so this path matters for throughput.
    SQLite ≥ 3.24 and PostgreSQL share the ON CONFLICT syntax.
    """
    if not rows:
        return
    qn = connection.ops.quote_name
    cols = [model._meta.get_field(f).column for f in fields]
    row_sql = f"({', '.join(['%s'] * len(cols))})"
    suffix = ""
    if conflict:
        keys = [model._meta.get_field(f).column for f in conflict]
        updates = ", ".join(f"{qn(c)} = excluded.{qn(c)}" for c in cols if c not in keys)
        suffix = f" ON CONFLICT ({', '.join(qn(c) for c in keys)}) DO UPDATE SET {updates}"
    head = f"INSERT INTO {qn(model._meta.db_table)} ({', '.join(qn(c) for c in cols)}) "
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One array per column: a single short statement for thousands of rows.
            types = [model._meta.get_field(f).db_type(connection) for f in fields]
            sql = head + f"SELECT * FROM unnest({', '.join(f'%s::{t}[]' for t in types)})" + suffix
            for batch in _chunks(rows, 10000):
                cursor.execute(sql, [list(col) for col in zip(*batch, strict=True)])
        else:
            cursor.executemany(head + f"VALUES {row_sql}" + suffix, rows)


def _select(model, fields: list[str], equal: dict, in_field: str, in_values: Sequence,
            also_in: tuple[str, Sequence] | None = None) -> list[tuple]:
    """SELECT fields WHERE f1 = … AND in_field IN (…), as plain SQL.

    Used on the write path, where building ORM lookups for hundreds of ids costs more than the query.
    """
    if not in_values:
        return []
    qn = connection.ops.quote_name
    col = lambda f: qn(model._meta.get_field(f).column)  # noqa: E731
    where = " AND ".join(f"{col(f)} = %s" for f in equal)
    sql = (
        f"SELECT {', '.join(col(f) for f in fields)} FROM {qn(model._meta.db_table)} "
        f"WHERE {where} AND {col(in_field)} IN ({', '.join(['%s'] * len(in_values))})"
    )
    params = [*equal.values(), *in_values]
    if also_in:
        sql += f" AND {col(also_in[0])} IN ({', '.join(['%s'] * len(also_in[1]))})"
        params += list(also_in[1])
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# --------------------------------------------------------------------------- writes


@transaction.atomic
def write_values(
    items: Iterable[ValueInput], *, user=None, source: str = "", is_sample: bool = False,
    status: str = ValueStatus.APPROVED,
) -> int:
    """Upsert figures and maintain rollups. Returns how many figures changed.

    Raises ValueError (Vietnamese message) on a bad period code or kind; callers validate
    user input before and show their own row-by-row errors.
    """
    latest: dict[tuple[int, int, str, str], ValueInput] = {}
    for item in items:
        periods.parse(item.period)
        if item.kind not in ValueKind.values:
            raise ValueError(f"Loại số liệu không hợp lệ: {item.kind!r}")
        latest[(item.indicator_id, item.unit_id, item.period, item.kind)] = item
    if not latest:
        return 0

    existing: dict[tuple[int, int, str, str], tuple[float, str, str]] = {}
    for period, kind, ind_ids, unit_ids in _cross_chunks(list(latest)):
        for ind_id, unit_id, value, st, note in _select(
            DataValue, ["indicator", "unit", "value", "status", "note"], dict(period=period, kind=kind),
            "unit", unit_ids, also_in=("indicator", ind_ids),
        ):
            if (ind_id, unit_id, period, kind) in latest:
                existing[(ind_id, unit_id, period, kind)] = (value, st, note)

    now = timezone.now()
    user_id, ip = getattr(user, "pk", None), current_ip()
    upserts: list[tuple] = []
    changes: list[tuple] = []
    changed_keys: set[tuple[int, int, str, str]] = set()
    for key, item in latest.items():
        value = float(item.value)
        old = existing.get(key)
        if old is not None and old == (value, status, item.note):
            continue
        upserts.append((*key, value, status, is_sample, source, item.note, user_id, now))
        changed_keys.add(key)
        old_value, old_status = (old[0], old[1]) if old else (None, "")
        # A status change (draft → submitted → approved) is part of the figure's history too;
        # a note-only edit is not.
        if old_value != value or old_status != status:
            changes.append((*key, old_value, value, old_status, status, user_id, now, ip, source))

    _upsert(DataValue, ["indicator", "unit", "period", "kind", "value", "status", "is_sample", "source", "note",
                        "entered_by", "updated_at"], upserts, conflict=["indicator", "unit", "period", "kind"])
    _upsert(DataValueChange, CHANGE_FIELDS, changes)
    refresh_rollups(changed_keys)
    return len(changed_keys)


@transaction.atomic
def delete_values(keys: Iterable[tuple[int, int, str, str]], *, user=None, source: str = "") -> int:
    """Delete figures by (indicator, unit, period, kind), audit it and maintain rollups."""
    removed: set[tuple[int, int, str, str]] = set()
    changes: list[tuple] = []
    now, user_id, ip = timezone.now(), getattr(user, "pk", None), current_ip()
    for ind_id, period, kind, unit_ids in _group_keys(list(set(keys))):
        rows = _select(DataValue, ["unit", "value", "status"], dict(indicator=ind_id, period=period, kind=kind),
                       "unit", unit_ids)
        if not rows:
            continue
        DataValue.objects.filter(indicator_id=ind_id, period=period, kind=kind, unit_id__in=[r[0] for r in rows]).delete()
        for unit_id, value, status in rows:
            removed.add((ind_id, unit_id, period, kind))
            changes.append((ind_id, unit_id, period, kind, value, None, status, "", user_id, now, ip, source))
    _upsert(DataValueChange, CHANGE_FIELDS, changes)
    refresh_rollups(removed)
    return len(removed)


def _group_keys(keys: Sequence[tuple[int, int, str, str]]):
    """Group (indicator, unit, period, kind) keys as (indicator, period, kind, [unit ids]) chunks."""
    groups: dict[tuple[int, str, str], list[int]] = defaultdict(list)
    for ind_id, unit_id, period, kind in keys:
        groups[(ind_id, period, kind)].append(unit_id)
    for (ind_id, period, kind), unit_ids in groups.items():
        for chunk in _chunks(sorted(set(unit_ids))):
            yield ind_id, period, kind, chunk


def _cross_chunks(keys: Sequence[tuple[int, int, str, str]]):
    """(period, kind, indicator ids, unit ids) batches covering the keys: one query per batch
    instead of one per indicator (a report's 30 figures are one batch)."""
    groups: dict[tuple[str, str], tuple[set[int], set[int]]] = defaultdict(lambda: (set(), set()))
    for ind_id, unit_id, period, kind in keys:
        inds, units = groups[(period, kind)]
        inds.add(ind_id)
        units.add(unit_id)
    for (period, kind), (inds, units) in groups.items():
        ind_ids = sorted(inds)
        for i in range(0, len(ind_ids), IND_CHUNK):
            batch = ind_ids[i:i + IND_CHUNK]
            for chunk in _chunks(sorted(units), CHUNK - len(batch)):
                yield period, kind, batch, chunk


def refresh_rollups(keys: Iterable[tuple[int, int, str, str]]) -> None:
    """Recompute the RollupValue of each key's unit and of all its administrative ancestors.

    Works level by level from the deepest unit up, so a parent is computed from children that
    are already up to date. The number of queries grows with the depth of the tree and the
    number of (indicator, period, kind) groups, not with the number of units.
    """
    keys = set(keys)
    if not keys:
        return
    # Indicators weighted by a changed indicator must be recomputed at the same places.
    changed_inds = {k[0] for k in keys}
    dependants = defaultdict(list)
    for ind_id, weight_id in Indicator.objects.filter(weight_indicator_id__in=changed_inds).values_list(
        "id", "weight_indicator_id"
    ):
        dependants[weight_id].append(ind_id)
    for ind_id, unit_id, period, kind in list(keys):
        for dep in dependants.get(ind_id, ()):
            keys.add((dep, unit_id, period, kind))

    units = _unit_info({k[1] for k in keys})
    # node -> groups that need recomputation there
    todo: dict[tuple[int, str, str], set[int]] = defaultdict(set)
    for ind_id, unit_id, period, kind in keys:
        info = units[unit_id]
        todo[(ind_id, period, kind)].add(unit_id)
        if info.admin:
            todo[(ind_id, period, kind)].update(info.ancestors)
    all_nodes = {n for nodes in todo.values() for n in nodes}
    units.update(_unit_info(all_nodes - set(units)))

    indicators = {i.id: i for i in Indicator.objects.filter(id__in={g[0] for g in todo})}

    def weight_depth(ind_id: int) -> int:
        # A weighted mean reads its weights' rollups: weights are computed first.
        depth, seen = 0, {ind_id}
        weight = indicators[ind_id].weight_indicator_id
        while weight in indicators and weight not in seen:
            depth, seen = depth + 1, seen | {weight}
            weight = indicators[weight].weight_indicator_id
        return depth

    # Indicators of one period and kind are recomputed together, level by level: a report of 30
    # figures costs a few queries per level, not a few per figure and level.
    tiers: dict[tuple[int, str, str], dict[int, dict[int, list[int]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(list)))
    for (ind_id, period, kind), nodes in todo.items():
        for n in nodes:
            tiers[(weight_depth(ind_id), period, kind)][units[n].depth][ind_id].append(n)
    for (_tier, period, kind), by_depth in sorted(tiers.items(), key=lambda item: item[0][0]):
        for depth in sorted(by_depth, reverse=True):
            work = by_depth[depth]
            ind_ids = sorted(work)
            for i in range(0, len(ind_ids), IND_CHUNK):
                batch = ind_ids[i:i + IND_CHUNK]
                _recompute([indicators[x] for x in batch], period, kind, {x: work[x] for x in batch}, units)


@dataclass(frozen=True)
class _UnitInfo:
    id: int
    parent_id: int | None
    depth: int
    admin: bool
    ancestors: tuple[int, ...]


def _unit_info(unit_ids: set[int]) -> dict[int, _UnitInfo]:
    out: dict[int, _UnitInfo] = {}
    for chunk in _chunks(sorted(unit_ids)):
        for uid, parent_id, depth, kind, path in OrgUnit.objects.filter(id__in=chunk).values_list(
            "id", "parent_id", "depth", "kind", "path"
        ):
            ancestors = tuple(int(p) for p in path.strip("/").split("/")[:-1] if p)
            out[uid] = _UnitInfo(uid, parent_id, depth, kind in ADMIN_KINDS, ancestors)
    return out


def _recompute(inds: list[Indicator], period: str, kind: str, work: dict[int, list[int]],
               units: dict[int, _UnitInfo]) -> None:
    """Recompute the rollup rows of `work` (indicator id → nodes, all at one depth) for a period and kind."""
    by_id = {i.id: i for i in inds}
    wanted = {(ind_id, n) for ind_id, nodes in work.items() for n in nodes}
    all_nodes = sorted({n for nodes in work.values() for n in nodes})
    ind_ids = sorted(work)
    for chunk in _chunks(all_nodes, CHUNK - len(ind_ids)):
        own: dict[tuple[int, int], tuple[float, bool]] = {
            (ind_id, unit_id): (value, bool(sample)) for ind_id, unit_id, value, sample in _select(
                DataValue, ["indicator", "unit", "value", "is_sample"],
                dict(period=period, kind=kind, status=ValueStatus.APPROVED), "unit", chunk,
                also_in=("indicator", ind_ids),
            )
        }
        children: dict[tuple[int, int], list[tuple[int, float | None]]] = defaultdict(list)
        sample_children: set[tuple[int, int]] = set()
        for ind_id, unit_id, parent_id, value, sample in _select(
            RollupValue, ["indicator", "unit", "parent", "value", "sample"], dict(period=period, kind=kind),
            "parent", chunk, also_in=("indicator", ind_ids),
        ):
            children[(ind_id, parent_id)].append((unit_id, value))
            if sample and value is not None:
                sample_children.add((ind_id, parent_id))

        upserts: list[tuple] = []
        empty: dict[int, list[int]] = defaultdict(list)
        for ind_id in ind_ids:
            indicator = by_id[ind_id]
            rule = indicator.space_aggregation
            nodes = [n for n in chunk if (ind_id, n) in wanted]
            if not nodes:
                continue
            weights: dict[int, float | None] = {}
            if rule == "weighted_mean" and indicator.weight_indicator_id:
                child_ids = [u for n in nodes for u, _ in children.get((ind_id, n), [])]
                weights = _weights(indicator.weight_indicator_id, period, kind, child_ids)
            for node in nodes:
                rows = children.get((ind_id, node), [])
                values = [v for _, v in rows]
                if rule == "weighted_mean" and indicator.weight_indicator_id:
                    child_value = rollup.aggregate(rule, values, [weights.get(u) for u, _ in rows])
                elif rule == "weighted_mean":  # no weight configured: fall back to a plain mean
                    child_value = rollup.aggregate("mean", values)
                else:
                    child_value = rollup.aggregate(rule, values)
                own_value, own_sample = own.get((ind_id, node), (None, False))
                count = sum(1 for v in values if v is not None)
                if own_value is None and child_value is None and count == 0:
                    empty[ind_id].append(node)
                    continue
                info = units[node]
                upserts.append((
                    ind_id, node, period, kind, info.parent_id if info.admin else None, own_value, child_value,
                    count, rollup.effective(own_value, child_value), rollup.is_conflict(own_value, child_value),
                    own_sample if own_value is not None else (ind_id, node) in sample_children,
                ))
        # Rows left without a value go; indicators with the same empty nodes share one DELETE.
        same_nodes: dict[tuple[int, ...], list[int]] = defaultdict(list)
        for ind_id, nodes in empty.items():
            same_nodes[tuple(nodes)].append(ind_id)
        for nodes, ids in same_nodes.items():
            RollupValue.objects.filter(indicator_id__in=ids, period=period, kind=kind, unit_id__in=nodes).delete()
        _upsert(RollupValue, ["indicator", "unit", "period", "kind", "parent", "own_value", "children_value",
                              "children_count", "value", "conflict", "sample"], upserts,
                conflict=["unit", "indicator", "period", "kind"])


def _weights(weight_indicator_id: int, period: str, kind: str, unit_ids: list[int]) -> dict[int, float | None]:
    """Weights for a weighted mean: the weight indicator's value, same kind first, else the other kind."""
    found: dict[int, dict[str, float | None]] = defaultdict(dict)
    for chunk in _chunks(unit_ids):
        for unit_id, k, value in _select(
            RollupValue, ["unit", "kind", "value"], dict(indicator=weight_indicator_id, period=period), "unit", chunk
        ):
            found[unit_id][k] = value
    out = {}
    for unit_id, by_kind in found.items():
        out[unit_id] = by_kind.get(kind) if by_kind.get(kind) is not None else next(
            (v for v in by_kind.values() if v is not None), None
        )
    return out


# --------------------------------------------------------------------------- reads


def _pick(by_kind: dict[str, RollupValue]) -> RollupValue | None:
    for k in KIND_PREFERENCE:
        row = by_kind.get(k)
        if row is not None and row.value is not None:
            return row
    return None


def _reading(row: RollupValue) -> Reading:
    return Reading(
        value=row.value, kind=row.kind, own_value=row.own_value, children_value=row.children_value,
        children_count=row.children_count, conflict=row.conflict,
        source="own" if row.own_value is not None else "children", is_sample=row.sample,
    )


def _fetch_rollups(keys: set[tuple[int, int, str]]) -> dict[tuple[int, int, str], dict[str, RollupValue]]:
    """Maintained rows for (indicator, unit, period) keys, both kinds, in a few indexed queries."""
    by_ind_period: dict[tuple[int, str], set[int]] = defaultdict(set)
    for ind_id, unit_id, period in keys:
        by_ind_period[(ind_id, period)].add(unit_id)
    # Group periods sharing the same (indicator, units) so one query covers many periods.
    grouped: dict[tuple[int, frozenset[int]], list[str]] = defaultdict(list)
    for (ind_id, period), unit_ids in by_ind_period.items():
        grouped[(ind_id, frozenset(unit_ids))].append(period)
    out: dict[tuple[int, int, str], dict[str, RollupValue]] = defaultdict(dict)
    conditions = []
    for (ind_id, unit_ids), period_list in grouped.items():
        for chunk in _chunks(sorted(unit_ids), 400):
            conditions.append(Q(indicator_id=ind_id, unit_id__in=chunk, period__in=period_list))
    # OR a handful of conditions per query: fewer round trips, still index lookups.
    for batch in _chunks(conditions, 20):
        q = Q()
        for c in batch:
            q |= c
        for row in RollupValue.objects.filter(q).only(
            "indicator_id", "unit_id", "period", "kind", "own_value", "children_value", "children_count",
            "value", "conflict", "sample",
        ):
            key = (row.indicator_id, row.unit_id, row.period)
            if key in keys:
                out[key][row.kind] = row
    return out


def read_values(keys: Iterable[tuple[int, int, str]]) -> dict[tuple[int, int, str], Reading]:
    """Readings for (indicator_id, unit_id, period) keys; see the module docstring for the rules."""
    keys = set(keys)
    result: dict[tuple[int, int, str], Reading] = {}
    if not keys:
        return result
    direct = _fetch_rollups(keys)
    missing = set()
    for key in keys:
        row = _pick(direct.get(key, {}))
        if row is not None:
            result[key] = _reading(row)
        else:
            missing.add(key)
    if missing:
        result.update(_read_from_subperiods(missing))
        missing -= {k for k, r in result.items() if r.value is not None}
    if missing:
        result.update(_read_from_predecessors(missing))
    for key in keys:
        result.setdefault(key, NO_READING)
    return result


def _read_from_subperiods(keys: set[tuple[int, int, str]]) -> dict[tuple[int, int, str], Reading]:
    """A year, 6 or 9 months or quarter without its own row: aggregate its months (else quarters)."""
    wanted: dict[tuple[int, int, str], list[str]] = {}
    for key in keys:
        p = periods.parse(key[2])
        if p.kind in ("year", "semester", "nine_months", "quarter"):
            wanted[key] = periods.months(key[2])
    if not wanted:
        return {}
    quarters = {k: [q for q in _quarters_of(k[2])] for k in wanted}
    sub_keys = {(k[0], k[1], m) for k, ms in wanted.items() for m in ms}
    sub_keys |= {(k[0], k[1], q) for k, qs in quarters.items() for q in qs}
    rows = _fetch_rollups(sub_keys)
    rules = dict(Indicator.objects.filter(id__in={k[0] for k in wanted}).values_list("id", "time_aggregation"))
    out = {}
    for key, month_codes in wanted.items():
        for codes in (month_codes, quarters[key]):
            picked = [_pick(rows.get((key[0], key[1], c), {})) for c in codes]
            values = [r.value if r else None for r in picked]
            if any(v is not None for v in values):
                kinds = {r.kind for r in picked if r}
                out[key] = Reading(
                    value=rollup.aggregate_time(rules[key[0]], values),
                    kind=ValueKind.ESTIMATED if ValueKind.ESTIMATED in kinds else ValueKind.OFFICIAL,
                    conflict=any(r.conflict for r in picked if r), source="months",
                    is_sample=any(r.sample for r in picked if r),
                )
                break
    return out


def _quarters_of(code: str) -> list[str]:
    p = periods.parse(code)
    quarter_codes = [f"{p.year}Q{q}" for q in range(1, 5)]
    return [q for q in quarter_codes if q != code and periods.contains(code, q)]


def _read_from_predecessors(keys: set[tuple[int, int, str]]) -> dict[tuple[int, int, str], Reading]:
    """A unit created by a merger, read for a period before it: combine its predecessors."""
    unit_ids = {k[1] for k in keys}
    links: dict[int, list[Succession]] = defaultdict(list)
    for s in Succession.objects.filter(new_unit_id__in=unit_ids).exclude(old_unit_id=F("new_unit_id")):
        links[s.new_unit_id].append(s)
    if not links:
        return {}
    sub: dict[tuple[int, int, str], list[tuple[tuple[int, int, str], float | None]]] = {}
    for key in keys:
        ind_id, unit_id, period = key
        start = periods.start(period)
        preds = [s for s in links.get(unit_id, []) if start < s.date]
        if preds:
            sub[key] = [((ind_id, s.old_unit_id, period), s.share) for s in preds]
    if not sub:
        return {}
    inner = {k for parts in sub.values() for k, _ in parts}
    direct = _fetch_rollups(inner)
    readings = {}
    missing = set()
    for k in inner:
        row = _pick(direct.get(k, {}))
        if row:
            readings[k] = _reading(row)
        else:
            missing.add(k)
    if missing:
        readings.update(_read_from_subperiods(missing))
    indicators = {i.id: i for i in Indicator.objects.filter(id__in={k[0] for k in sub})}
    weight_keys = {
        (indicators[k[0]].weight_indicator_id, pk[1], pk[2])
        for k, parts in sub.items() if indicators[k[0]].weight_indicator_id for pk, _ in parts
    }
    weight_readings = read_values(weight_keys) if weight_keys else {}
    out = {}
    for key, parts in sub.items():
        ind = indicators[key[0]]
        values = [readings.get(pk, NO_READING).value for pk, _ in parts]
        if all(v is None for v in values):
            continue
        shares = [s for _, s in parts]
        weights = None
        if ind.weight_indicator_id:
            weights = [weight_readings.get((ind.weight_indicator_id, pk[1], pk[2]), NO_READING).value for pk, _ in parts]
        kinds = {readings[pk].kind for pk, _ in parts if pk in readings and readings[pk].kind}
        out[key] = Reading(
            value=rollup.combine_predecessors(ind.space_aggregation, values, shares, weights),
            kind=ValueKind.ESTIMATED if ValueKind.ESTIMATED in kinds else ValueKind.OFFICIAL,
            children_count=sum(1 for v in values if v is not None), source="predecessors",
            is_sample=any(readings[pk].is_sample for pk, _ in parts if pk in readings),
        )
    return out


def get_value(indicator_id: int, unit_id: int, period: str) -> Reading:
    return read_values([(indicator_id, unit_id, period)])[(indicator_id, unit_id, period)]


def children_readings(indicator_id: int, unit: OrgUnit, period: str) -> list[tuple[OrgUnit, Reading]]:
    """The administrative children of `unit` that existed during `period`, with their readings."""
    start, end = periods.start(period), periods.end(period)
    children = list(
        OrgUnit.objects.filter(parent=unit, kind__in=ADMIN_KINDS)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=end))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=start))
        .order_by("name")
    )
    readings = read_values([(indicator_id, c.id, period) for c in children])
    return [(c, readings[(indicator_id, c.id, period)]) for c in children]
