"""Units: the tree (one level at a time) and search, limited to the caller's scope."""


from django.db.models import Count, QuerySet
from ninja import Query, Router
from ninja.pagination import paginate

from nghiquyet.accounts import access
from nghiquyet.units.models import OrgUnit, UnitKind

from .common import READ_ERRORS, IdPath, clean, visible_unit
from .pagination import Pagination
from .schemas import MAX_ID, Field, Schema, UnitDetailOut, UnitOut

router = Router(tags=["Đơn vị"])


class UnitFilter(Schema):
    q: str = Field("", max_length=200, description="Tìm theo tên hoặc mã, không phân biệt dấu.")
    parent: int | None = Field(None, ge=1, le=MAX_ID, description="Chỉ các đơn vị con trực tiếp của đơn vị này.")
    kind: UnitKind | None = None
    current: bool | None = Field(None, description="true: chỉ đơn vị đang tồn tại; false: chỉ đơn vị đã giải thể/sáp nhập.")


def _scoped(request) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(access.unit_q(request.auth)).annotate(children_count=Count("children"))


@router.get("/units", response={200: list[UnitOut], **READ_ERRORS}, summary="Danh sách / tìm kiếm đơn vị")
@paginate(Pagination)
def list_units(request, filters: Query[UnitFilter]):
    qs = _scoped(request)
    q = clean(filters.q)
    if q:
        qs = qs.search(q)
    if filters.parent is not None:
        visible_unit(request, filters.parent)  # a parent out of scope is a 404, not an empty list
        qs = qs.filter(parent_id=filters.parent)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.current is not None:
        qs = qs.filter(valid_to__isnull=filters.current)
    return qs.order_by("path")


@router.get("/units/{unit_id}", response={200: UnitDetailOut, **READ_ERRORS}, summary="Một đơn vị")
def get_unit(request, unit_id: int = IdPath()):
    unit = visible_unit(request, unit_id)
    unit.children_count = OrgUnit.objects.filter(parent=unit).count()
    ancestors = [
        a for a in OrgUnit.objects.filter(pk__in=unit.ancestor_ids()).order_by("depth")
        if access.can_view_unit(request.auth, a)
    ]
    unit.ancestors = ancestors
    return unit


@router.get(
    "/units/{unit_id}/children", response={200: list[UnitOut], **READ_ERRORS}, summary="Các đơn vị con (một cấp)"
)
@paginate(Pagination)
def unit_children(request, unit_id: int = IdPath(), current: bool | None = None):
    unit = visible_unit(request, unit_id)
    qs = _scoped(request).filter(parent=unit)
    if current is not None:
        qs = qs.filter(valid_to__isnull=current)
    return qs.order_by("valid_to", "kind", "name")
