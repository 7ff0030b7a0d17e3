"""Request and response shapes of the API (the OpenAPI schema is generated from these)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema

MAX_ID = 2**31 - 1  # ids beyond any integer column: refused (422) before they reach the database
MAX_LIMIT = 500
MAX_OFFSET = 10**7
MAX_VALUE = 1e15  # no real figure comes near; bounding it keeps sums finite (JSON has no Infinity)


class ErrorOut(Schema):
    """Every 4xx answer: `detail` is a sentence (Vietnamese), or ninja's list of field errors."""

    detail: str | list[dict[str, Any]]
    errors: list[ItemError] | None = None


class ItemError(Schema):
    """One refused item of a batch write: its position in the list, the field, and why."""

    index: int | None = Field(None, description="Vị trí trong danh sách gửi lên (từ 0), nếu có.")
    field: str
    message: str


ErrorOut.model_rebuild()


class Page(Schema):
    limit: int = Field(100, ge=1, le=MAX_LIMIT, description="Số dòng mỗi trang (tối đa 500).")
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


# --------------------------------------------------------------------------- units


class UnitRef(Schema):
    id: int
    code: str
    name: str


class UnitOut(Schema):
    id: int
    code: str
    official_code: str
    name: str
    short_name: str
    kind: str
    kind_label: str
    parent_id: int | None
    depth: int
    is_admin: bool
    is_current: bool
    valid_from: dt.date | None
    valid_to: dt.date | None
    children_count: int = 0

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(obj.get_kind_display())


class UnitDetailOut(UnitOut):
    population: int | None
    area_km2: float | None
    source: str
    verified: bool
    ancestors: list[UnitRef] = Field(description="Các cấp trên mà người dùng được xem, từ gốc xuống.")


# --------------------------------------------------------------------------- indicators


class FieldOut(Schema):
    code: str
    name: str


class IndicatorOut(Schema):
    id: int
    code: str
    name: str
    unit_of_measure: str
    value_type: str
    space_aggregation: str
    time_aggregation: str
    decimals: int
    min_value: float | None
    max_value: float | None
    weight_indicator_id: int | None
    field: FieldOut | None


class IndicatorDetailOut(IndicatorOut):
    description: str


# --------------------------------------------------------------------------- resolutions


class ResolutionOut(Schema):
    id: int
    number: str
    title: str
    issuer: UnitRef
    issuer_kind: str
    term_start: int
    term_end: int
    adopted_on: dt.date | None
    parent_id: int | None
    is_sample: bool
    source: str
    targets_count: int


class ResolutionDetailOut(ResolutionOut):
    default_year: int = Field(description="Năm đánh giá mặc định: năm gần nhất có số liệu trong nhiệm kỳ.")


class IndicatorRef(Schema):
    id: int
    code: str
    name: str
    unit_of_measure: str


class SeriesPoint(Schema):
    year: int
    value: float | None
    plan: float | None
    estimated: bool
    conflict: bool


class TargetOut(Schema):
    """A target (chỉ tiêu) judged at `year`; ratios are plain ratios (1.0 = 100 %)."""

    id: int
    resolution_id: int
    code: str
    text: str
    kind: str
    indicator: IndicatorRef
    unit: UnitRef = Field(description="Đơn vị có số liệu dùng để đánh giá chỉ tiêu.")
    comparator: str
    direction: str
    baseline_year: int | None
    baseline_value: float | None
    target_year: int
    target: float | list[float] | None
    year: int
    status: str
    status_label: str
    realised: float | None
    latest_year: int | None
    latest_value: float | None
    plan_year: int
    plan_value: float | None
    plan_ratio: float | None
    plan_verdict: str | None
    progress: float | None = Field(description="Tỷ lệ quãng đường từ mốc cơ sở đến mục tiêu đã đi được.")
    expected_progress: float | None
    pace: float | None
    anticipated: float | None
    method: str | None
    forecast: float | None
    forecast_verdict: str | None
    final_verdict: str | None
    years_met: int | None
    years_judged: int | None
    missing_years: list[int]
    notes: list[str]
    series: list[SeriesPoint]


class TargetEvaluationOut(Schema):
    resolution: ResolutionOut
    year: int
    summary: str
    status_counts: dict[str, int]
    targets: list[TargetOut]


# --------------------------------------------------------------------------- figures


class FigureOut(Schema):
    """What a unit shows for an indicator and period (approved figures and their rollups)."""

    indicator_id: int
    indicator_code: str
    unit_id: int
    unit_code: str
    period: str
    period_label: str
    value: float | None
    kind: str | None
    source: str = Field(description="own | children | months | predecessors | none")
    own_value: float | None
    children_value: float | None
    children_count: int
    conflict: bool
    is_sample: bool


class FigurePage(Schema):
    items: list[FigureOut]
    count: int


class EntryOut(Schema):
    """One stored figure as entered, whatever its status (draft, submitted, approved)."""

    indicator_id: int
    indicator_code: str
    unit_id: int
    unit_code: str
    period: str
    kind: str
    value: float
    status: str
    is_sample: bool
    source: str
    note: str
    updated_at: dt.datetime


class FigureIn(Schema):
    indicator: int | str = Field(description="Mã số (id) hoặc mã (code) của chỉ tiêu thống kê.")
    unit: int | str = Field(description="Mã số (id) hoặc mã (code) của đơn vị.")
    period: str = Field(max_length=20, description="Kỳ: 2025, 2025S1, 2025N9, 2025Q3, 2025M09.")
    value: float = Field(allow_inf_nan=False, ge=-MAX_VALUE, le=MAX_VALUE)
    kind: str = Field("official", description="official (chính thức) hoặc estimated (ước thực hiện).")
    note: str = Field("", max_length=500)


class FigureWriteOut(Schema):
    received: int
    changed: int = Field(description="Số số liệu thực sự thay đổi (ghi lại giá trị cũ không tính).")
    drafts: int = Field(description="Số liệu ghi vào báo cáo theo biểu mẫu, ở trạng thái nháp, chờ gửi và duyệt.")
    approved: int = Field(description="Số liệu ngoài biểu mẫu, ghi trực tiếp ở trạng thái đã duyệt (người có quyền duyệt).")
    submissions: list[int] = Field(description="Các báo cáo (submission) đã nhận số liệu.")
    warnings: list[ItemError] = Field(description="Cảnh báo (không chặn), ví dụ thay đổi lớn so với kỳ trước.")


# --------------------------------------------------------------------------- reporting


class FormOut(Schema):
    id: int
    code: str
    name: str
    periodicity: str
    scope_unit: UnitRef
    unit_kinds: list[str]
    is_sample: bool


class SubmissionOut(Schema):
    id: int
    form: FormOut
    unit: UnitRef
    period: str
    period_label: str
    status: str
    status_label: str
    period_start: dt.date
    period_end: dt.date
    due_on: dt.date
    submitted_at: dt.datetime | None
    submitted_by: str | None
    approved_at: dt.datetime | None
    approved_by: str | None
    returned_reason: str
    is_sample: bool
    updated_at: dt.datetime


class SubmissionValueOut(Schema):
    indicator: IndicatorRef
    required: bool
    value: float | None


class SubmissionEventOut(Schema):
    action: str
    from_status: str
    to_status: str
    reason: str
    changed: int
    user: str | None
    at: dt.datetime


class SubmissionDetailOut(SubmissionOut):
    values: list[SubmissionValueOut]
    events: list[SubmissionEventOut]


class ReturnIn(Schema):
    reason: str = Field(..., max_length=2000, description="Lý do trả lại (bắt buộc).")
