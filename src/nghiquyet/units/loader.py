"""Official administrative units: the current tree from `vietnam-provinces`, and history packs.

* `load_units()` writes the root "VN", the 34 provinces ("P51") and the 3,321 commune-level units
  ("X21484") in force since 1 July 2025. Internal codes carry a level prefix because official codes
  are only unique within a level (province 51, commune 21484); `official_code` keeps the official
  zero-padded form ("01", "00004").
* `load_history()` loads every YAML pack in `units/data/`: units that no longer exist (with
  `valid_to`) and the `Succession` rows saying who took them over. See `ba-to-2025.yaml`.
* `ensure_bodies()` creates the Party committee, People's Committee… beside an admin unit.

Loads are idempotent (a second run writes nothing and reports everything unchanged) and fast: a few
bulk statements per tree level, with `path`, `depth` and `search_name` computed here exactly as
`OrgUnit.save()` computes them, instead of one save() per unit.

Modelling choices: provinces have no `valid_from` — they keep their code across the reform, and
history packs hang pre-2025 districts under them, so the tree stays whole at any date; the commune
level is entirely new from 01/07/2025 (`valid_from`). The loader never deletes: a unit missing from
the package is left as it is (figures may reference it).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any, TextIO

import yaml
from django.db import transaction
from django.db.models import CharField, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Concat

from nghiquyet.core.batching import chunks
from nghiquyet.units.models import OrgUnit, Succession, SuccessionKind, UnitKind
from nghiquyet.units.models import unit_search_name as search_name

REFORM_DATE = dt.date(2025, 7, 1)
NATION_CODE = "VN"
DATA_DIR = Path(__file__).resolve().parent / "data"
_CHUNK = 500  # rows per statement: well under SQLite's and PostgreSQL's parameter limits

PROVINCE_SOURCE = (
    "NQ 202/2025/QH15 ngày 12/06/2025 (34 ĐVHC cấp tỉnh, chính quyền mới từ 01/07/2025); "
    "mã: Cục Thống kê; dữ liệu: gói vietnam-provinces {version}"
)
COMMUNE_SOURCE = (
    "{basis} (hiệu lực 01/07/2025); mã: CV 1027/CTK-CSCL ngày 25/06/2025 của Cục Thống kê; "
    "dữ liệu: gói vietnam-provinces {version}"
)
# The per-province resolutions of the Standing Committee; only those confirmed are named.
COMMUNE_BASIS_BY_PROVINCE = {51: "NQ 1677/NQ-UBTVQH15 ngày 16/06/2025"}
COMMUNE_BASIS_DEFAULT = "Nghị quyết của UBTVQH về sắp xếp ĐVHC cấp xã của tỉnh năm 2025"

# Division type of the package → (kind, name prefix to strip for short_name)
_WARD_KINDS = {"XA": UnitKind.COMMUNE, "PHUONG": UnitKind.WARD, "DAC_KHU": UnitKind.SPECIAL_ZONE}
_NAME_PREFIXES = ("Thành phố ", "Tỉnh ", "Xã ", "Phường ", "Đặc khu ", "Thị trấn ", "Huyện ")

_COMPARED = (
    "name", "short_name", "kind", "official_code", "parent_id", "valid_from", "valid_to",
    "source", "verified", "search_name", "path", "depth",
)


@dataclass
class UnitSpec:
    """What one unit must look like; `parent` is the parent's code (None for the root)."""

    code: str
    name: str
    kind: str
    parent: str | None
    official_code: str = ""
    short_name: str = ""
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    source: str = ""
    verified: bool = True


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def as_dict(self, prefix: str = "") -> dict[str, int]:
        return {f"{prefix}created": self.created, f"{prefix}updated": self.updated,
                f"{prefix}unchanged": self.unchanged}


def fmt_int(n: int) -> str:
    """Vietnamese thousands separator: 3321 → '3.321'."""
    return f"{n:,}".replace(",", ".")


def _short(name: str) -> str:
    for prefix in _NAME_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


def _fetch_by_code(codes: Iterable[str]) -> dict[str, OrgUnit]:
    codes = sorted(set(codes))
    found: dict[str, OrgUnit] = {}
    for chunk in chunks(list(codes), _CHUNK):
        found.update({u.code: u for u in OrgUnit.objects.filter(code__in=chunk)})
    return found


def _levels(specs: list[UnitSpec], known: dict[str, OrgUnit]) -> list[list[UnitSpec]]:
    """Group specs parent-first; a parent outside the specs must already exist."""
    by_code = {s.code: s for s in specs}
    if len(by_code) != len(specs):
        dup = [c for c, n in Counter(s.code for s in specs).items() if n > 1]
        raise ValueError(f"Mã đơn vị bị trùng: {', '.join(sorted(dup))}.")
    depth: dict[str, int] = {}

    def level_of(spec: UnitSpec, seen: tuple[str, ...] = ()) -> int:
        if spec.code in depth:
            return depth[spec.code]
        if spec.parent is None or spec.parent not in by_code:
            if spec.parent is not None and spec.parent not in known:
                raise ValueError(
                    f"Không tìm thấy đơn vị cha {spec.parent!r} của {spec.code!r}; "
                    "hãy nạp danh mục đơn vị hành chính trước (nghiquyet load-units)."
                )
            depth[spec.code] = 0
        else:
            if spec.parent in seen:
                raise ValueError(f"Quan hệ cha–con bị vòng lặp tại {spec.code!r}.")
            depth[spec.code] = level_of(by_code[spec.parent], (*seen, spec.code)) + 1
        return depth[spec.code]

    levels: dict[int, list[UnitSpec]] = {}
    for spec in specs:
        levels.setdefault(level_of(spec), []).append(spec)
    return [levels[i] for i in sorted(levels)]


def _path_of(parent: OrgUnit | None, pk: int) -> str:
    return f"{parent.path if parent else '/'}{pk}/"


def upsert_units(specs: list[UnitSpec]) -> Counts:
    """Create or update units so they match `specs`, in bulk; returns what was done.

    Call inside a transaction. Units moved to a new parent drag their subtree along.
    """
    counts = Counts()
    known = _fetch_by_code([s.code for s in specs] + [s.parent for s in specs if s.parent])
    for level in _levels(specs, known):
        new: list[tuple[OrgUnit, OrgUnit | None]] = []
        changed: list[OrgUnit] = []
        changed_fields: set[str] = set()
        for spec in level:
            parent = known[spec.parent] if spec.parent else None
            wanted = {
                "name": spec.name, "short_name": spec.short_name, "kind": spec.kind,
                "official_code": spec.official_code, "parent_id": parent.pk if parent else None,
                "valid_from": spec.valid_from, "valid_to": spec.valid_to, "source": spec.source[:300],
                "verified": spec.verified,
                "search_name": search_name(spec.name, spec.short_name, spec.official_code)[:255],
            }
            unit = known.get(spec.code)
            if unit is None:
                unit = OrgUnit(code=spec.code, path="", depth=0, **wanted)
                new.append((unit, parent))
                known[spec.code] = unit
                continue
            wanted["path"] = _path_of(parent, unit.pk)
            wanted["depth"] = wanted["path"].count("/") - 2
            diff = [f for f in _COMPARED if getattr(unit, f) != wanted[f]]
            if not diff:
                counts.unchanged += 1
                continue
            if "path" in diff and unit.path:
                _move_subtree(unit.pk, unit.path, wanted["path"], known)
            for f in diff:
                setattr(unit, f, wanted[f])
            changed.append(unit)
            changed_fields.update(diff)
        if new:
            units = [u for u, _ in new]
            OrgUnit.objects.bulk_create(units, batch_size=_CHUNK)
            if any(u.pk is None for u in units):  # backends that cannot return ids from bulk inserts
                ids = _fetch_by_code(u.code for u in units)
                for u in units:
                    u.pk = ids[u.code].pk
            for u, parent in new:
                u.path = _path_of(parent, u.pk)
                u.depth = u.path.count("/") - 2
            _set_paths_in_db([u.pk for u in units])
            counts.created += len(units)
        if changed:
            OrgUnit.objects.bulk_update(changed, sorted(changed_fields), batch_size=_CHUNK)
            counts.updated += len(changed)
    return counts


def _set_paths_in_db(ids: list[int]) -> None:
    """path = parent's path + id + "/" for freshly inserted rows, one UPDATE per chunk.

    (bulk_update's CASE per row costs ~1 s for 3,000 rows in Django's expression layer.)
    """
    parent = OrgUnit.objects.filter(pk=OuterRef("parent_id"))
    path = Concat(
        Coalesce(Subquery(parent.values("path")[:1]), Value("/")),
        Cast("id", output_field=CharField()), Value("/"), output_field=CharField(),
    )
    depth = Coalesce(Subquery(parent.values("depth")[:1]) + 1, Value(0))
    for chunk in chunks(ids, _CHUNK):
        OrgUnit.objects.filter(pk__in=chunk).update(path=path, depth=depth)


def _move_subtree(pk: int, old: str, new: str, known: dict[str, OrgUnit]) -> None:
    """Rewrite the paths below a moved unit (bodies, villages … not in the specs too)."""
    moved = list(OrgUnit.objects.filter(path__startswith=old).exclude(pk=pk))
    for d in moved:
        d.path = new + d.path[len(old):]
        d.depth = d.path.count("/") - 2
    OrgUnit.objects.bulk_update(moved, ["path", "depth"], batch_size=_CHUNK)
    for unit in known.values():  # keep the in-memory copies in step
        if unit.pk != pk and unit.path.startswith(old):
            unit.path = new + unit.path[len(old):]
            unit.depth = unit.path.count("/") - 2


# --- the current tree -------------------------------------------------------------------------


def current_specs() -> list[UnitSpec]:
    """The root, the 34 provinces and the 3,321 commune-level units, from `vietnam-provinces`."""
    from vietnam_provinces import Province, Ward

    pkg = version("vietnam-provinces")
    specs = [UnitSpec(code=NATION_CODE, name="Việt Nam", kind=UnitKind.NATION, parent=None,
                      source="Nước Cộng hòa xã hội chủ nghĩa Việt Nam")]
    for p in sorted(Province.iter_all(), key=lambda p: int(p.code)):
        name = p.name if p.name.startswith(("Thành phố ", "Tỉnh ")) else f"Tỉnh {p.name}"
        specs.append(UnitSpec(
            code=f"P{int(p.code):02d}", official_code=f"{int(p.code):02d}", name=name,
            short_name=_short(name), kind=UnitKind.PROVINCE, parent=NATION_CODE,
            source=PROVINCE_SOURCE.format(version=pkg),
        ))
    for w in sorted(Ward.iter_all(), key=lambda w: int(w.code)):
        basis = COMMUNE_BASIS_BY_PROVINCE.get(int(w.province_code), COMMUNE_BASIS_DEFAULT)
        specs.append(UnitSpec(
            code=f"X{int(w.code):05d}", official_code=f"{int(w.code):05d}", name=w.name,
            short_name=_short(w.name), kind=_WARD_KINDS[w.division_type.name],
            parent=f"P{int(w.province_code):02d}", valid_from=REFORM_DATE,
            source=COMMUNE_SOURCE.format(basis=basis, version=pkg),
        ))
    return specs


def load_units(stdout: TextIO | None = None) -> dict[str, int]:
    """Load (or bring up to date) the current administrative tree; idempotent.

    Returns created/updated/unchanged counts plus what the package holds: provinces, communes,
    and per kind commune/ward/special_zone.
    """
    specs = current_specs()
    with transaction.atomic():
        counts = upsert_units(specs)
    kinds = Counter(s.kind for s in specs)
    result = {
        **counts.as_dict(),
        "provinces": kinds[UnitKind.PROVINCE],
        "communes": kinds[UnitKind.COMMUNE] + kinds[UnitKind.WARD] + kinds[UnitKind.SPECIAL_ZONE],
        "commune": kinds[UnitKind.COMMUNE],
        "ward": kinds[UnitKind.WARD],
        "special_zone": kinds[UnitKind.SPECIAL_ZONE],
    }
    if stdout is not None:
        stdout.write(
            f"Đơn vị hành chính hiện hành: {fmt_int(result['provinces'])} tỉnh/thành phố, "
            f"{fmt_int(result['communes'])} đơn vị cấp xã ({fmt_int(result['commune'])} xã, "
            f"{fmt_int(result['ward'])} phường, {fmt_int(result['special_zone'])} đặc khu).\n"
            f"  Tạo mới {fmt_int(counts.created)}, cập nhật {fmt_int(counts.updated)}, "
            f"không đổi {fmt_int(counts.unchanged)}.\n"
        )
    return result


# --- history packs ----------------------------------------------------------------------------


_MAX_LENGTHS = {"code": 32, "name": 200, "short_name": 120, "official_code": 16}


class _PackLoader(yaml.SafeLoader):
    """SafeLoader that leaves dates as text, so a bad date is reported with the others."""


_PackLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _date(value: Any, where: str, errors: list[str]) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        errors.append(f"{where}: ngày không hợp lệ {value!r} (dạng đúng: 2025-07-01).")
        return None


def read_pack(path: Path) -> tuple[dict[str, Any], list[UnitSpec], list[dict[str, Any]]]:
    """Parse and check a pack; raise ValueError listing every problem, in Vietnamese."""
    name = path.name
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_PackLoader) or {}
    except yaml.YAMLError as exc:
        raise ValueError(f"{name}: không đọc được YAML: {exc}") from exc
    errors: list[str] = []
    if not isinstance(data, dict):
        raise ValueError(f"{name}: gói phải là một bảng (mapping) YAML.")
    for key in ("pack", "legal_basis", "date", "units"):
        if not data.get(key):
            errors.append(f"{name}: thiếu khóa bắt buộc {key!r}.")
    pack_date = _date(data.get("date"), f"{name}: date", errors)
    defaults = data.get("defaults") or {}
    kinds = set(UnitKind.values)
    specs: list[UnitSpec] = []
    for i, raw in enumerate(data.get("units") or [], start=1):
        where = f"{name}: đơn vị thứ {i}"
        if not isinstance(raw, dict):
            errors.append(f"{where}: phải là một bảng (mapping).")
            continue
        row = {**defaults, **raw}
        for key in ("code", "name", "kind", "parent"):
            if not row.get(key):
                errors.append(f"{where}: thiếu {key!r}.")
        for key, limit in _MAX_LENGTHS.items():
            if len(str(row.get(key) or "")) > limit:
                errors.append(f"{where}: {key!r} dài quá {limit} ký tự.")
        if row.get("kind") and row["kind"] not in kinds:
            errors.append(f"{where}: loại đơn vị không hợp lệ {row['kind']!r}.")
        unknown = set(row) - {"code", "name", "kind", "parent", "official_code", "short_name",
                              "valid_from", "valid_to", "source", "verified"}
        if unknown:
            errors.append(f"{where}: khóa không hỗ trợ {', '.join(sorted(unknown))}.")
        specs.append(UnitSpec(
            code=str(row.get("code") or ""), name=str(row.get("name") or ""),
            kind=str(row.get("kind") or ""), parent=str(row["parent"]) if row.get("parent") else None,
            official_code=str(row.get("official_code") or ""), short_name=str(row.get("short_name") or ""),
            valid_from=_date(row.get("valid_from"), where, errors),
            valid_to=_date(row.get("valid_to"), where, errors),
            source=str(row.get("source") or "").strip(), verified=bool(row.get("verified", True)),
        ))
    successions: list[dict[str, Any]] = []
    succession_kinds = set(SuccessionKind.values)
    for i, raw in enumerate(data.get("successions") or [], start=1):
        where = f"{name}: quan hệ kế thừa thứ {i}"
        if not isinstance(raw, dict) or not raw.get("old") or not raw.get("new"):
            errors.append(f"{where}: cần 'old' và 'new' (mã đơn vị cũ và mới).")
            continue
        kind = raw.get("kind", SuccessionKind.MERGE)
        if kind not in succession_kinds:
            errors.append(f"{where}: loại không hợp lệ {kind!r}.")
        share = raw.get("share")
        if share is not None and not (isinstance(share, int | float) and 0 < share <= 1):
            errors.append(f"{where}: tỷ lệ (share) phải trong khoảng (0, 1].")
        successions.append({
            "old": str(raw["old"]), "new": str(raw["new"]), "kind": kind, "share": share,
            "date": _date(raw.get("date"), where, errors) or pack_date,
            "legal_basis": str(raw.get("legal_basis") or data.get("legal_basis") or "")[:200],
        })
    if errors:
        raise ValueError("\n".join(errors))
    return data, specs, successions


def load_pack(path: Path, stdout: TextIO | None = None) -> dict[str, Any]:
    """Load one history pack idempotently (call inside a transaction)."""
    data, specs, successions = read_pack(path)
    unit_counts = upsert_units(specs)
    units = _fetch_by_code({s["old"] for s in successions} | {s["new"] for s in successions})
    missing = sorted({c for s in successions for c in (s["old"], s["new"]) if c not in units})
    if missing:
        raise ValueError(
            f"{path.name}: không tìm thấy đơn vị {', '.join(missing)}; "
            "hãy nạp danh mục đơn vị hành chính trước (nghiquyet load-units)."
        )
    s_counts = Counts()
    existing = {
        (s.old_unit_id, s.new_unit_id, s.date): s
        for s in Succession.objects.filter(old_unit_id__in=[u.pk for u in units.values()])
    }
    new: list[Succession] = []
    changed: list[Succession] = []
    for s in successions:
        key = (units[s["old"]].pk, units[s["new"]].pk, s["date"])
        wanted = {"kind": s["kind"], "share": s["share"], "legal_basis": s["legal_basis"]}
        row = existing.get(key)
        if row is None:
            new.append(Succession(old_unit_id=key[0], new_unit_id=key[1], date=key[2], **wanted))
        elif any(getattr(row, f) != v for f, v in wanted.items()):
            for f, v in wanted.items():
                setattr(row, f, v)
            changed.append(row)
        else:
            s_counts.unchanged += 1
    Succession.objects.bulk_create(new)
    Succession.objects.bulk_update(changed, ["kind", "share", "legal_basis"])
    s_counts.created, s_counts.updated = len(new), len(changed)
    if stdout is not None:
        stdout.write(
            f"Gói lịch sử {data['pack']} ({data.get('title') or path.name}): "
            f"{fmt_int(len(specs))} đơn vị (tạo mới {unit_counts.created}, cập nhật "
            f"{unit_counts.updated}, không đổi {unit_counts.unchanged}); "
            f"{fmt_int(len(successions))} quan hệ kế thừa (tạo mới {s_counts.created}, "
            f"cập nhật {s_counts.updated}, không đổi {s_counts.unchanged}).\n"
        )
    return {"pack": data["pack"], **unit_counts.as_dict(), **s_counts.as_dict("successions_")}


def load_history(stdout: TextIO | None = None, data_dir: Path | None = None) -> dict[str, Any]:
    """Load every `*.yaml` pack in `data_dir` (default units/data/), in name order, atomically.

    Returns summed created/updated/unchanged counts for units and successions
    (`successions_created` …) and the list of pack names under "packs".
    """
    total: Counter[str] = Counter()
    names: list[str] = []
    with transaction.atomic():
        for path in sorted((data_dir or DATA_DIR).glob("*.yaml")):
            result = load_pack(path, stdout=stdout)
            names.append(result.pop("pack"))
            total.update(result)
    keys = ("created", "updated", "unchanged", "successions_created", "successions_updated",
            "successions_unchanged")
    return {**{k: total[k] for k in keys}, "packs": names}


# --- bodies beside an admin unit ----------------------------------------------------------------

_BODY_SUFFIX = {
    UnitKind.PARTY_COMMITTEE: "DU",
    UnitKind.PEOPLES_COMMITTEE: "UB",
    UnitKind.PEOPLES_COUNCIL: "HD",
    UnitKind.FATHERLAND_FRONT: "MT",
}
_LEVEL_WORD = {
    UnitKind.PROVINCE: "tỉnh", UnitKind.DISTRICT: "huyện", UnitKind.COMMUNE: "xã",
    UnitKind.WARD: "phường", UnitKind.SPECIAL_ZONE: "đặc khu", UnitKind.TOWNSHIP: "thị trấn",
}


def body_name(unit: OrgUnit, kind: str) -> str:
    """'Đảng ủy xã Ba Tơ', 'Huyện ủy Ba Tơ', 'Tỉnh ủy Quảng Ngãi', 'Thành ủy Hà Nội', 'UBND xã Ba Tơ'."""
    if unit.kind not in _LEVEL_WORD:
        raise ValueError(f"Không tạo cơ quan tự động cho đơn vị loại {unit.kind!r} ({unit.code}).")
    short = unit.short_name or _short(unit.name)
    level = _LEVEL_WORD[unit.kind]
    if unit.kind == UnitKind.PROVINCE and unit.name.startswith("Thành phố "):
        level = "thành phố"
    if kind == UnitKind.PARTY_COMMITTEE:
        if unit.kind == UnitKind.PROVINCE:
            return f"{'Thành ủy' if level == 'thành phố' else 'Tỉnh ủy'} {short}"
        if unit.kind == UnitKind.DISTRICT:
            return f"Huyện ủy {short}"
        return f"Đảng ủy {level} {short}"
    if kind == UnitKind.PEOPLES_COMMITTEE:
        return f"UBND {level} {short}"
    if kind == UnitKind.PEOPLES_COUNCIL:
        return f"HĐND {level} {short}"
    if kind == UnitKind.FATHERLAND_FRONT:
        return f"Ủy ban MTTQ Việt Nam {level} {short}"
    raise ValueError(f"Không tạo tự động được cơ quan loại {kind!r}.")


def ensure_bodies(
    unit: OrgUnit, kinds: Sequence[str] = (UnitKind.PARTY_COMMITTEE, UnitKind.PEOPLES_COMMITTEE),
) -> list[OrgUnit]:
    """Create (or rename) the bodies of `unit`: codes f"{unit.code}-DU" / "-UB" / "-HD" / "-MT".

    Supported kinds: party_committee, peoples_committee, peoples_council, fatherland_front.
    Bodies live and end with their unit (same valid_from / valid_to). Idempotent.
    """
    bodies = []
    for kind in kinds:
        if kind not in _BODY_SUFFIX:
            raise ValueError(f"Không tạo tự động được cơ quan loại {kind!r}.")
        wanted = {
            "name": body_name(unit, kind), "kind": kind, "parent_id": unit.pk,
            "valid_from": unit.valid_from, "valid_to": unit.valid_to, "verified": unit.verified,
            "source": "Cơ quan của đơn vị hành chính (tạo tự động)",
        }
        body, created = OrgUnit.objects.get_or_create(code=f"{unit.code}-{_BODY_SUFFIX[kind]}",
                                                      defaults=wanted)
        if not created and any(getattr(body, f) != v for f, v in wanted.items()):
            for f, v in wanted.items():
                setattr(body, f, v)
            body.save()
        bodies.append(body)
    return bodies
