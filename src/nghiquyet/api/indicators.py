"""Indicator definitions: the same for everyone logged in (they hold no unit's data)."""


from ninja import Query, Router
from ninja.pagination import paginate

from nghiquyet.core.text import fold
from nghiquyet.indicators.models import Indicator, ValueType

from .common import READ_ERRORS, IdPath, clean, not_found
from .pagination import Pagination
from .schemas import Field, IndicatorDetailOut, IndicatorOut, Schema

router = Router(tags=["Chỉ tiêu thống kê"])


class IndicatorFilter(Schema):
    q: str = Field("", max_length=200, description="Tìm theo mã hoặc tên, không phân biệt dấu.")
    field: str = Field("", max_length=40, description="Mã lĩnh vực (economy, agriculture…).")
    value_type: ValueType | None = None


@router.get("/indicators", response={200: list[IndicatorOut], **READ_ERRORS}, summary="Danh sách chỉ tiêu thống kê")
@paginate(Pagination)
def list_indicators(request, filters: Query[IndicatorFilter]):
    qs = Indicator.objects.select_related("field").order_by("code")
    q = clean(filters.q)
    if q:
        for word in fold(q).split():
            qs = qs.filter(search_name__contains=word)
    if clean(filters.field):
        qs = qs.filter(field__code=clean(filters.field))
    if filters.value_type:
        qs = qs.filter(value_type=filters.value_type)
    return qs


@router.get("/indicators/{indicator_id}", response={200: IndicatorDetailOut, **READ_ERRORS}, summary="Một chỉ tiêu")
def get_indicator(request, indicator_id: int = IdPath()):
    indicator = Indicator.objects.select_related("field").filter(pk=indicator_id).first()
    if indicator is None:
        raise not_found("chỉ tiêu thống kê")
    return indicator
