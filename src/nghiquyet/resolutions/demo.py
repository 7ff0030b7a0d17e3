"""`nghiquyet demo`: sample data modelled on the seed article (Ba Tơ, Quảng Ngãi).

Builds, from the YAML packs in `resolutions/data/demo/`:

* the fields (lĩnh vực) and indicators the demo uses (`indicators.yaml`);
* the Ba Tơ district Party Congress resolution XIX, 2020–2025, with ~20 targets of all six kinds,
  annual plans 2021–2025 and yearly figures 2020–2024 for each of the district's 19 pre-2025
  communes, so the district's values are rollups (`ba-to-2020-2025.yaml`);
* the 2025–2030 resolution of the new xã Ba Tơ, whose 2025 baselines are read through its
  predecessors (`xa-ba-to-2025-2030.yaml`).

Everything is sample data (`is_sample=True`) except the few published 2020 figures the packs
list under `real:`, which are stored with their source. Generated figures come from seeded random
streams keyed by pack, indicator and unit, so every run produces exactly the same numbers, and
the loader is idempotent: rows are matched by code and figures go through
`indicators.services.write_values`, which skips unchanged figures.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import yaml
from django.db import transaction

from nghiquyet.indicators import rollup
from nghiquyet.indicators.models import DataValue, Field, Indicator, RollupValue, ValueKind
from nghiquyet.indicators.services import ValueInput, delete_values, read_values, write_values
from nghiquyet.resolutions.models import AnnualPlan, Resolution, Target
from nghiquyet.units import loader
from nghiquyet.units.models import OrgUnit, UnitKind

DATA_DIR = Path(__file__).resolve().parent / "data" / "demo"
INDICATOR_PACK = "indicators.yaml"
DISTRICT_PACK = "ba-to-2020-2025.yaml"
COMMUNE_PACK = "xa-ba-to-2025-2030.yaml"

SAMPLE_SOURCE = "Dữ liệu mẫu do lệnh `nghiquyet demo` sinh ra (không phải số liệu thật)"
UNIT_SCOPES = ("all", "ba-to")
# Units the demo needs; the history pack that creates the old ones ships with the units app.
NEW_COMMUNE_CODE = "X21484"
DISTRICT_CODE = "H535"
PROVINCE_CODE = "P51"
HISTORY_PACK = "ba-to-2025.yaml"
OLD_UNIT_PREFIX = "X-OLD-"


class DemoError(ValueError):
    """A demo pack is inconsistent with the database or with itself (message in Vietnamese)."""


@dataclass
class DemoResult:
    fields: int = 0
    indicators: int = 0
    resolutions: list[tuple[str, int, int]] = field(default_factory=list)  # number, targets, plans
    values: int = 0  # figures the demo holds
    written: int = 0  # figures created or changed by this run
    real_values: int = 0  # published figures (not sample), stored with their source
    units: int = 0  # units holding demo figures
    conflicts: int = 0  # units whose own figure differs from their children's aggregate
    units_loaded: bool = False
    removed: int = 0  # figures deleted by --reset

    def summary(self) -> str:
        res = ", ".join(
            f"nghị quyết {number} ({targets} chỉ tiêu, {plans} kế hoạch năm)"
            for number, targets, plans in self.resolutions
        )
        lines = [
            f"Đã nạp dữ liệu mẫu: {self.fields} lĩnh vực, {self.indicators} chỉ số; {res}; "
            f"{_int(self.values)} số liệu của {self.units} đơn vị "
            f"(ghi mới hoặc thay đổi lần này: {_int(self.written)}).",
            f"Số liệu cấp huyện khác tổng hợp từ các xã (cờ chất lượng dữ liệu): {self.conflicts}.",
            f"Mọi chỉ tiêu và số liệu là dữ liệu mẫu, trừ {self.real_values} số liệu năm 2020 "
            "đã được công bố (có ghi nguồn).",
        ]
        if self.removed:
            lines.insert(0, f"Đã xóa {_int(self.removed)} số liệu mẫu cũ (--reset).")
        return "\n".join(lines)


def _int(n: int) -> str:
    return f"{n:,}".replace(",", ".")


# --------------------------------------------------------------------------- packs


def read_pack(name: str, data_dir: Path | None = None) -> dict[str, Any]:
    path = (data_dir or DATA_DIR) / name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DemoError(f"Không đọc được gói dữ liệu mẫu {name}: {exc}") from exc
    if not isinstance(data, dict):
        raise DemoError(f"Gói dữ liệu mẫu {name} phải là một bảng (mapping) YAML.")
    return data


def _text(value: Any) -> str:
    return " ".join(str(value or "").split())


# --------------------------------------------------------------------------- units


def ensure_units(scope: str = "all", stdout: TextIO | None = None) -> bool:
    """Load the administrative units the demo needs if they are missing; True when it loaded any.

    scope "all": the whole current tree (34 provinces, 3,321 communes) via `load_units()`;
    scope "ba-to": only the root, tỉnh Quảng Ngãi and its communes (fast, for tests).
    Then the Ba Tơ history pack (the district, its 19 old units and their successions).
    """
    if scope not in UNIT_SCOPES:
        raise DemoError(f"Phạm vi đơn vị không hợp lệ {scope!r} (chọn: {', '.join(UNIT_SCOPES)}).")
    loaded = False
    have_commune = OrgUnit.objects.filter(code=NEW_COMMUNE_CODE).exists()
    # A database loaded earlier with scope "ba-to" has one province: "all" completes it.
    partial = scope == "all" and OrgUnit.objects.filter(kind=UnitKind.PROVINCE).count() < 34
    if not have_commune or partial:
        if scope == "all":
            loader.load_units(stdout=stdout)
        else:
            specs = [
                s for s in loader.current_specs()
                if s.code in (loader.NATION_CODE, PROVINCE_CODE) or s.parent == PROVINCE_CODE
            ]
            with transaction.atomic():
                loader.upsert_units(specs)
        loaded = True
    if not OrgUnit.objects.filter(code=DISTRICT_CODE).exists():
        with transaction.atomic():
            if scope == "all":
                loader.load_history(stdout=stdout)
            else:
                loader.load_pack(loader.DATA_DIR / HISTORY_PACK, stdout=stdout)
        loaded = True
    return loaded


def _unit(code: str) -> OrgUnit:
    try:
        return OrgUnit.objects.get(code=code)
    except OrgUnit.DoesNotExist as exc:
        raise DemoError(
            f"Không tìm thấy đơn vị {code}; hãy nạp danh mục đơn vị hành chính (nghiquyet load-units)."
        ) from exc


def _old_units(district: OrgUnit, codes: Sequence[str]) -> dict[str, OrgUnit]:
    """The district's pre-2025 communes by official code."""
    found = {u.official_code: u for u in OrgUnit.objects.filter(parent=district, official_code__in=codes)}
    missing = [c for c in codes if c not in found]
    if missing:
        raise DemoError(
            f"Không tìm thấy đơn vị cấp xã cũ {', '.join(missing)} của {district.name}; "
            "hãy nạp gói lịch sử đơn vị (nghiquyet load-units)."
        )
    return found


def _issuer(unit: OrgUnit, body_kind: str | None) -> OrgUnit:
    if not body_kind:
        return unit
    for body in loader.ensure_bodies(unit):
        if body.kind == body_kind:
            return body
    return loader.ensure_bodies(unit, kinds=(body_kind,))[0]


# --------------------------------------------------------------------------- fields, indicators


def load_indicators(data: dict[str, Any]) -> tuple[dict[str, Field], dict[str, Indicator]]:
    """Create or update the pack's fields and indicators (matched by code)."""
    fields: dict[str, Field] = {}
    for row in data.get("fields") or []:
        fields[row["code"]], _ = Field.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], "order": row.get("order", 0)},
        )
    rows = data.get("indicators") or []
    codes = {row["code"] for row in rows}
    for row in rows:
        if row.get("weight") and row["weight"] not in codes:
            raise DemoError(f"Chỉ số {row['code']}: chỉ số trọng số {row['weight']!r} không có trong gói.")
        if row.get("field") and row["field"] not in fields:
            raise DemoError(f"Chỉ số {row['code']}: lĩnh vực {row['field']!r} không có trong gói.")
    indicators: dict[str, Indicator] = {}
    for row in rows:
        defaults = {
            "name": row["name"], "unit_of_measure": row.get("unit", ""),
            "value_type": row.get("type", "number"), "space_aggregation": row.get("space", "sum"),
            "time_aggregation": row.get("time", "last"), "decimals": row.get("decimals", 1),
            "min_value": row.get("min"), "max_value": row.get("max"),
            "field": fields.get(row.get("field")), "description": _text(row.get("description")),
        }
        ind = Indicator.objects.filter(code=row["code"]).first()
        if ind is None:
            ind = Indicator.objects.create(code=row["code"], **defaults)
        elif any(getattr(ind, k) != v for k, v in defaults.items()):
            for k, v in defaults.items():
                setattr(ind, k, v)
            ind.save()
        indicators[row["code"]] = ind
    for row in rows:  # weights refer to other indicators of the pack: second pass
        ind = indicators[row["code"]]
        weight = indicators[row["weight"]] if row.get("weight") else None
        if ind.weight_indicator_id != (weight.pk if weight else None):
            ind.weight_indicator = weight
            ind.save(update_fields=["weight_indicator"])
    return fields, indicators


# --------------------------------------------------------------------------- figure generation
# Pure functions: they take plain values and a seeded Random and return numbers.


def _rng(*parts: object) -> random.Random:
    # A str seed is hashed with SHA-512 by `random`, so streams do not depend on PYTHONHASHSEED.
    return random.Random(":".join(str(p) for p in parts))


def split_total(
    total: float, weights: Sequence[float], *, decimals: int, integer: bool = False,
) -> list[float]:
    """Split `total` in proportion to `weights`, rounded, so that the parts add up exactly.

    Largest-remainder rounding on the indicator's last decimal (or on whole units).
    """
    step = 1.0 if integer else 10.0 ** -decimals
    quanta = round(total / step)
    wsum = sum(weights)
    if wsum <= 0:
        raise DemoError("Trọng số phân bổ phải dương.")
    shares = [quanta * w / wsum for w in weights]
    parts = [math.floor(s) for s in shares]
    rest = quanta - sum(parts)
    order = sorted(range(len(shares)), key=lambda i: (shares[i] - parts[i], -i), reverse=True)
    for i in order[:rest]:
        parts[i] += 1
    nd = 0 if integer else decimals
    return [round(p * step, nd) for p in parts]


def spread_rate(
    target: float, z: Sequence[float], *, amount: float, relative: bool, noise: Sequence[float],
    rule: str, weights: Sequence[float] | None, lo: float | None, hi: float | None, decimals: int,
) -> list[float]:
    """Commune values of a rate whose aggregate (by `rule`, `weights`) is `target`.

    Each commune starts at target + amount·z (or target·(1 + amount·z) when relative) plus its
    noise, then all are shifted together, within [lo, hi], until the aggregate equals the target.
    """
    def clamp(v: float) -> float:
        if lo is not None:
            v = max(lo, v)
        if hi is not None:
            v = min(hi, v)
        return v

    if relative:
        raw = [clamp(target * max(0.05, 1 + amount * zi + e)) for zi, e in zip(z, noise, strict=True)]
    else:
        raw = [clamp(target + amount * zi + e) for zi, e in zip(z, noise, strict=True)]
    agg_rule = rule if rule in ("mean", "weighted_mean") else "mean"
    for _ in range(50):
        agg = rollup.aggregate(agg_rule, raw, weights if agg_rule == "weighted_mean" else None)
        if agg is None or abs(agg - target) < 1e-9:
            break
        if relative and agg > 0:
            raw = [clamp(v * target / agg) for v in raw]
        else:
            raw = [clamp(v + target - agg) for v in raw]
    return [round(v, decimals) for v in raw]


def centred(values: Sequence[float]) -> list[float]:
    """Scale an attribute to about [-1, 1] around its mean (all zeros when constant)."""
    lo, hi = min(values), max(values)
    mean = sum(values) / len(values)
    return [(v - mean) / (hi - lo) if hi > lo else 0.0 for v in values]


@dataclass(frozen=True)
class Figure:
    indicator: str  # indicator code
    unit: str  # official code of an old commune, or "district"
    year: int
    value: float
    source: str | None = None  # key of a real source; None = sample data
    note: str = ""


DISTRICT = "district"


def generate_district_figures(pack: dict[str, Any], meta: dict[str, dict[str, Any]], kinds: dict[str, str]) -> list[Figure]:
    """All figures of the district pack, as plain records (no database access).

    `meta` maps indicator codes to their rules (space, weight, decimals, min, max); `kinds` maps
    each unit's official code to its kind (township units are not xã: no NTM figures).
    """
    years: list[int] = list(pack["years"])
    profiles = [dict(p) for p in pack["units"]]
    codes = [str(p["code"]) for p in profiles]
    for p in profiles:  # derived profile attributes
        p.setdefault("farm", 1.0)
        p.setdefault("hh", 4.2)
        p["households"] = round(p["population"] / p["hh"])
    seed = pack["seed"]
    specs: dict[str, dict[str, Any]] = pack["figures"]
    for code in specs:
        if code not in meta:
            raise DemoError(f"Gói {pack['pack']}: chỉ số {code!r} không có trong danh mục chỉ số mẫu.")

    out: list[Figure] = []
    commune_values: dict[tuple[str, str, int], float] = {}
    district_values: dict[tuple[str, int], float] = {}

    def put(ind: str, unit: str, year: int, value: float, source: str | None = None, note: str = "") -> None:
        out.append(Figure(ind, unit, year, value, source, _text(note)))
        if unit == DISTRICT:
            district_values[(ind, year)] = value
        else:
            commune_values[(ind, unit, year)] = value

    def weights_of(ind: str, year: int) -> list[float] | None:
        w = meta[ind].get("weight")
        if meta[ind]["space"] != "weighted_mean" or not w:
            return None
        return [commune_values[(w, c, year)] for c in codes]

    # Base quantities first (they weight the rates), ratios last (they read other indicators).
    order = sorted(specs, key=lambda c: {"profile": 0, "ratio": 2}.get(specs[c].get("mode"), 1))
    for ind in order:
        spec = specs[ind]
        mode = spec.get("mode")
        m = meta[ind]
        decimals = int(m["decimals"])
        real = spec.get("real") or {}
        if mode == "profile":
            attr = spec["attribute"]
            for p in profiles:
                rng = _rng(seed, ind, p["code"])
                growth = spec.get("growth", 0) / 100 + rng.gauss(0, spec.get("noise", 0) / 100)
                for y in years:
                    v = p[attr] * (1 + growth) ** (y - years[0])
                    put(ind, str(p["code"]), y, round(v, decimals))
        elif mode == "split":
            integer = bool(spec.get("integer"))
            noise = float(spec.get("noise", 0))
            base = [math.prod(float(p[a]) for a in spec["weight"]) for p in profiles]
            drifts = [_rng(seed, ind, c, "drift").gauss(0, noise / 5) for c in codes]  # a slow trend per commune
            for y in years:
                total = float(spec["district"][y])
                w = [
                    b * max(0.05, 1 + d * (y - years[0]) + _rng(seed, ind, c, y).gauss(0, noise / 2))
                    for b, d, c in zip(base, drifts, codes, strict=True)
                ]
                for c, v in zip(codes, split_total(total, w, decimals=decimals, integer=integer), strict=True):
                    put(ind, c, y, v)
        elif mode == "spread":
            z = centred([float(p[spec["by"]]) for p in profiles])
            noise = float(spec.get("noise", 0))
            persistent = [_rng(seed, ind, c).gauss(0, noise / 2) for c in codes]
            for y in years:
                e = [pe + _rng(seed, ind, c, y).gauss(0, noise / 2) for pe, c in zip(persistent, codes, strict=True)]
                values = spread_rate(
                    float(spec["district"][y]), z, amount=float(spec["amount"]),
                    relative=bool(spec.get("relative")), noise=e, rule=m["space"],
                    weights=weights_of(ind, y), lo=m.get("min"), hi=m.get("max"), decimals=decimals,
                )
                for c, v in zip(codes, values, strict=True):
                    put(ind, c, y, v)
        elif mode == "flags":
            for p in profiles:
                if kinds.get(str(p["code"])) == UnitKind.TOWNSHIP:
                    continue  # a thị trấn is not judged against the new-rural criteria
                since = p.get(spec["attribute"])
                for y in years:
                    put(ind, str(p["code"]), y, 1.0 if since is not None and y >= since else 0.0)
        elif mode == "criteria":
            gains = list(spec["gains"])
            for p in profiles:
                if kinds.get(str(p["code"])) == UnitKind.TOWNSHIP or p.get(spec["attribute"]) is None:
                    continue
                rng = _rng(seed, ind, p["code"])
                value = int(p[spec["attribute"]])
                for y in years:
                    if y > years[0]:
                        value = min(18, value + rng.choice(gains))
                    ntm = p.get("ntm")
                    put(ind, str(p["code"]), y, 19.0 if ntm is not None and y >= ntm else float(value))
        elif mode == "district":
            for y, v in spec["values"].items():
                put(ind, DISTRICT, int(y), float(v))
        elif mode == "unit":
            for y, v in spec["values"].items():
                put(ind, str(spec["unit"]), int(y), float(v))
        elif mode == "ratio":
            for y in years:
                if y in real:
                    continue
                num = district_values.get((spec["numerator"], y))
                if num is None:
                    num = sum(commune_values[(spec["numerator"], c, y)] for c in codes)
                den = district_values.get((spec["denominator"], y))
                if den is None:
                    den = sum(commune_values[(spec["denominator"], c, y)] for c in codes)
                put(ind, DISTRICT, y, round(num / den * float(spec.get("factor", 1)), decimals))
        elif mode == "none":
            continue
        else:
            raise DemoError(f"Gói {pack['pack']}: chỉ số {ind}: cách sinh số liệu {mode!r} không hợp lệ.")
        for y, how in real.items():
            if isinstance(how, dict):
                put(ind, DISTRICT, int(y), float(how["value"]), source=how["source"])
            else:
                put(ind, DISTRICT, int(y), float(spec["district"][y]), source=how)
        for y, own in (spec.get("district_own") or {}).items():
            put(ind, DISTRICT, int(y), float(own["value"]), note=own.get("note", ""))
    return out


# --------------------------------------------------------------------------- targets and plans


def goal_bounds(spec: dict[str, Any]) -> tuple[float | None, float | None, str]:
    """(target_min, target_max, comparator) from a pack target's `target` and `comparator`."""
    value = spec["target"]
    comparator = spec.get("comparator", "range" if isinstance(value, list) else "gte")
    if isinstance(value, list):
        return float(value[0]), float(value[1]), comparator
    if comparator == "lte":
        return None, float(value), comparator
    return float(value), None, comparator


def plan_path(
    kind: str, baseline: float | None, tmin: float | None, tmax: float | None, start: int, end: int,
    decimals: int,
) -> dict[int, float]:
    """Annual plans for start+1 … end, in the indicator's units (see progress.py).

    level, count_units: the straight line from the baseline to the goal; avg_growth: the baseline
    grown at the target rate (the middle of a range); avg_change: the baseline moved by the
    target change each year; cumulative: an equal share of the total each year; every_year:
    the threshold itself.
    """
    n = end - start
    goal = tmin if tmin is not None else tmax
    rate = (tmin + tmax) / 2 if tmin is not None and tmax is not None else goal
    plans: dict[int, float] = {}
    for k in range(1, n + 1):
        if kind == "every_year":
            v = goal
        elif kind == "cumulative":
            v = goal / n
        elif baseline is None:
            return {}
        elif kind == "avg_growth":
            v = baseline * (1 + rate / 100) ** k
        elif kind == "avg_change":
            v = baseline + rate * k
        else:  # level, count_units
            v = baseline + (goal - baseline) * k / n
        plans[start + k] = round(v, 0 if kind == "count_units" else decimals)
    return plans


def _save_resolution(spec: dict[str, Any], issuer: OrgUnit, parent: Resolution | None) -> Resolution:
    title, source = _text(spec["title"]), _text(spec.get("source"))
    if len(title) > 400 or len(source) > 400:
        raise DemoError(f"Nghị quyết {spec['number']}: tiêu đề hoặc nguồn dài quá 400 ký tự.")
    adopted = spec.get("adopted_on")
    defaults = {
        "issuer": issuer, "issuer_kind": spec.get("issuer_kind", "congress"), "title": title,
        "term_start": int(spec["term"][0]), "term_end": int(spec["term"][1]),
        "adopted_on": dt.date.fromisoformat(str(adopted)) if adopted else None,
        "parent": parent, "is_sample": True, "source": source,
    }
    res = Resolution.objects.filter(number=spec["number"]).first()
    if res is None:
        return Resolution.objects.create(number=spec["number"], **defaults)
    if any(getattr(res, k) != v for k, v in defaults.items()):
        for k, v in defaults.items():
            setattr(res, k, v)
        res.save()
    return res


def _save_targets(
    res: Resolution, rows: list[dict[str, Any]], *, fields: dict[str, Field],
    indicators: dict[str, Indicator], scopes: dict[str, OrgUnit], baselines: dict[str, float | None],
    baseline_year: int,
) -> tuple[int, int]:
    """Create or update the targets and their annual plans; remove those the pack no longer has."""
    seen_codes = []
    plan_count = 0
    for order, row in enumerate(rows, start=1):
        code = str(row["code"])
        if code in seen_codes:
            raise DemoError(f"Nghị quyết {res.number}: mã chỉ tiêu {code} bị trùng.")
        seen_codes.append(code)
        ind = indicators.get(row["indicator"])
        if ind is None:
            raise DemoError(f"Chỉ tiêu {code}: chỉ số {row['indicator']!r} không có trong danh mục.")
        tmin, tmax, comparator = goal_bounds(row)
        baseline = baselines.get(code)
        defaults = {
            "text": _text(row["text"]), "indicator": ind, "kind": row["kind"],
            "field": fields.get(row.get("field")), "scope_unit": scopes.get(code),
            "baseline_year": baseline_year if baseline is not None else None,
            "baseline_value": baseline, "target_year": int(row.get("target_year", res.term_end)),
            "target_min": tmin, "target_max": tmax, "comparator": comparator,
            "direction": row.get("direction", "increase"), "order": order,
        }
        target = Target.objects.filter(resolution=res, code=code).first()
        if target is None:
            target = Target.objects.create(resolution=res, code=code, **defaults)
        elif any(getattr(target, k) != v for k, v in defaults.items()):
            for k, v in defaults.items():
                setattr(target, k, v)
            target.save()
        plans = row.get("plans", "path")
        if plans == "path":
            plans = plan_path(row["kind"], baseline, tmin, tmax, res.term_start, res.term_end, ind.decimals)
        plans = {int(y): float(v) for y, v in plans.items()}
        existing = {p.year: p for p in AnnualPlan.objects.filter(target=target)}
        for year, value in plans.items():
            plan = existing.pop(year, None)
            if plan is None:
                AnnualPlan.objects.create(target=target, year=year, value=value)
            elif plan.value != value:
                plan.value = value
                plan.save(update_fields=["value"])
        if existing:
            AnnualPlan.objects.filter(pk__in=[p.pk for p in existing.values()]).delete()
        plan_count += len(plans)
    Target.objects.filter(resolution=res).exclude(code__in=seen_codes).delete()
    return len(seen_codes), plan_count


# --------------------------------------------------------------------------- the two resolutions


def _meta(indicators: dict[str, Indicator]) -> dict[str, dict[str, Any]]:
    by_id = {i.pk: c for c, i in indicators.items()}
    return {
        code: {
            "space": ind.space_aggregation, "weight": by_id.get(ind.weight_indicator_id),
            "decimals": ind.decimals, "min": ind.min_value, "max": ind.max_value,
        }
        for code, ind in indicators.items()
    }


@dataclass
class _Writes:
    """Figures to write, grouped by provenance (write_values takes one source per call)."""

    sample: list[ValueInput] = field(default_factory=list)
    real: dict[str, list[ValueInput]] = field(default_factory=dict)

    def write(self) -> int:
        written = write_values(self.sample, source=SAMPLE_SOURCE, is_sample=True)
        for source, items in self.real.items():
            written += write_values(items, source=source[:300], is_sample=False)
        return written


def build_district(
    pack: dict[str, Any], fields: dict[str, Field], indicators: dict[str, Indicator],
) -> tuple[Resolution, int, int, int, list[ValueInput]]:
    """The district resolution and its figures. Returns (resolution, targets, plans, written, items)."""
    spec = pack["resolution"]
    district = _unit(spec["unit"])
    codes = [str(p["code"]) for p in pack["units"]]
    communes = _old_units(district, codes)
    kinds = {c: u.kind for c, u in communes.items()}
    sources = {k: _text(v) for k, v in (pack.get("sources") or {}).items()}

    writes = _Writes()
    for fig in generate_district_figures(pack, _meta(indicators), kinds):
        unit = district if fig.unit == DISTRICT else communes[fig.unit]
        item = ValueInput(
            indicator_id=indicators[fig.indicator].pk, unit_id=unit.pk, period=str(fig.year),
            value=fig.value, kind=ValueKind.OFFICIAL, note=fig.note[:500],
        )
        if fig.source is None:
            writes.sample.append(item)
        else:
            if fig.source not in sources:
                raise DemoError(f"Gói {pack['pack']}: nguồn {fig.source!r} chưa khai báo trong 'sources'.")
            writes.real.setdefault(sources[fig.source], []).append(item)
    written = writes.write()

    term_start = int(spec["term"][0])
    scopes = {str(t["code"]): communes[str(t["scope"])] for t in pack["targets"] if t.get("scope")}
    baselines: dict[str, float | None] = {}
    wanted = {}
    for t in pack["targets"]:
        code = str(t["code"])
        if "baseline" in t:
            baselines[code] = None if t["baseline"] is None else float(t["baseline"])
        else:
            unit = scopes.get(code, district)
            wanted[code] = (indicators[t["indicator"]].pk, unit.pk, str(term_start))
    readings = read_values(wanted.values())
    for code, key in wanted.items():
        baselines[code] = _rounded(readings[key].value, indicators[_indicator_of(pack, code)].decimals)

    res = _save_resolution(spec, _issuer(district, spec.get("issuer_body")), parent=None)
    n_targets, n_plans = _save_targets(
        res, pack["targets"], fields=fields, indicators=indicators, scopes=scopes,
        baselines=baselines, baseline_year=term_start,
    )
    return res, n_targets, n_plans, written, writes.sample + [i for v in writes.real.values() for i in v]


def build_commune(
    pack: dict[str, Any], fields: dict[str, Field], indicators: dict[str, Indicator],
) -> tuple[Resolution, int, int, int, list[ValueInput]]:
    """The new commune's resolution; 2025 baselines read through its predecessors."""
    spec = pack["resolution"]
    commune = _unit(spec["unit"])
    start = int(spec["term"][0])
    prev = str(start - 1)
    rows = pack["targets"]

    keys = {}
    for t in rows:
        ind = indicators[t["indicator"]]
        keys[(ind.pk, commune.pk, prev)] = None
        keys[(ind.pk, commune.pk, str(start))] = None
    readings = read_values(keys)

    estimates: list[ValueInput] = []
    baselines: dict[str, float | None] = {}
    for t in rows:
        code, ind = str(t["code"]), indicators[t["indicator"]]
        how = t.get("baseline")
        if not isinstance(how, dict):
            baselines[code] = None if how is None else float(how)
            continue
        if how.get("from") != "predecessors":
            raise DemoError(f"Chỉ tiêu {code}: cách lấy giá trị nền {how.get('from')!r} không hợp lệ.")
        before = readings[(ind.pk, commune.pk, prev)].value
        est = how.get("estimate")
        if est and before is not None:
            value = _moved(before, est, ind.decimals)
            estimates.append(ValueInput(
                indicator_id=ind.pk, unit_id=commune.pk, period=str(start), value=value,
                kind=ValueKind.ESTIMATED,
                note=f"Ước thực hiện năm {start} (dữ liệu mẫu), tính từ số liệu năm {prev} "
                     "của thị trấn Ba Tơ, xã Ba Cung, xã Ba Bích",
            ))
            baselines[code] = value
        else:
            own = readings[(ind.pk, commune.pk, str(start))].value
            baselines[code] = _rounded(own if own is not None else before, ind.decimals)
        nxt = t.get(f"estimate_{start + 1}")
        if nxt and baselines[code] is not None:
            estimates.append(ValueInput(
                indicator_id=ind.pk, unit_id=commune.pk, period=str(start + 1),
                value=_moved(baselines[code], nxt, ind.decimals), kind=ValueKind.ESTIMATED,
                note=f"Ước thực hiện năm {start + 1} (dữ liệu mẫu)",
            ))
    written = write_values(estimates, source=SAMPLE_SOURCE, is_sample=True)

    parent = Resolution.objects.filter(number=spec["parent"]).first() if spec.get("parent") else None
    res = _save_resolution(spec, _issuer(commune, spec.get("issuer_body")), parent=parent)
    n_targets, n_plans = _save_targets(
        res, rows, fields=fields, indicators=indicators, scopes={}, baselines=baselines,
        baseline_year=start,
    )
    return res, n_targets, n_plans, written, estimates


def _rounded(value: float | None, decimals: int) -> float | None:
    """A baseline as a resolution states it: to the indicator's decimals."""
    return None if value is None else round(value, decimals)


def _indicator_of(pack: dict[str, Any], code: str) -> str:
    return next(t["indicator"] for t in pack["targets"] if str(t["code"]) == code)


def _moved(value: float, how: dict[str, float], decimals: int) -> float:
    if "growth" in how:
        return round(value * (1 + float(how["growth"]) / 100), decimals)
    return round(value + float(how.get("change", 0)), decimals)


# --------------------------------------------------------------------------- entry points


def demo_numbers(data_dir: Path | None = None) -> list[str]:
    return [read_pack(n, data_dir)["resolution"]["number"] for n in (DISTRICT_PACK, COMMUNE_PACK)]


def reset_demo(data_dir: Path | None = None) -> int:
    """Delete the demo resolutions and the figures the demo wrote (rollups kept in step).

    Only figures of the demo's indicators at the demo's units that are sample data or carry
    one of the pack's real sources are removed; anything else entered there stays.
    """
    Resolution.objects.filter(number__in=demo_numbers(data_dir)).delete()
    district_pack = read_pack(DISTRICT_PACK, data_dir)
    codes = [row["code"] for row in read_pack(INDICATOR_PACK, data_dir).get("indicators") or []]
    sources = [_text(v)[:300] for v in (district_pack.get("sources") or {}).values()]
    units = list(OrgUnit.objects.filter(code__in=[district_pack["resolution"]["unit"], NEW_COMMUNE_CODE]))
    if not units:
        return 0
    unit_ids: set[int] = set()
    for unit in units:
        unit_ids |= set(OrgUnit.objects.subtree(unit).values_list("id", flat=True))
    keys = [
        (ind, unit, period, kind)
        for ind, unit, period, kind, sample, source in DataValue.objects.filter(
            indicator__code__in=codes, unit_id__in=unit_ids,
        ).values_list("indicator_id", "unit_id", "period", "kind", "is_sample", "source")
        if sample or source in sources
    ]
    return delete_values(keys, source="nghiquyet demo --reset")


def load_demo(
    *, units: str = "all", reset: bool = False, stdout: TextIO | None = None, data_dir: Path | None = None,
) -> DemoResult:
    """Load (or bring up to date) the demo data; idempotent. See the module docstring."""
    result = DemoResult()
    result.units_loaded = ensure_units(units, stdout=stdout)
    ind_pack = read_pack(INDICATOR_PACK, data_dir)
    district_pack = read_pack(DISTRICT_PACK, data_dir)
    commune_pack = read_pack(COMMUNE_PACK, data_dir)
    with transaction.atomic():
        if reset:
            result.removed = reset_demo(data_dir)
        fields, indicators = load_indicators(ind_pack)
        result.fields, result.indicators = len(fields), len(indicators)
        items: list[ValueInput] = []
        for build, pack in ((build_district, district_pack), (build_commune, commune_pack)):
            res, n_targets, n_plans, written, written_items = build(pack, fields, indicators)
            result.resolutions.append((res.number, n_targets, n_plans))
            result.written += written
            items += written_items
        result.values = len({(i.indicator_id, i.unit_id, i.period, i.kind) for i in items})
        result.units = len({i.unit_id for i in items})
        result.real_values = sum(len(f.get("real") or {}) for f in district_pack["figures"].values())
        result.conflicts = RollupValue.objects.filter(
            indicator_id__in=[i.pk for i in indicators.values()], conflict=True,
            unit_id__in={i.unit_id for i in items},
        ).count()
    if stdout is not None:
        stdout.write(result.summary() + "\n")
    return result
