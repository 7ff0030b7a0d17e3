"""The JSON API at /api/v1/ (django-ninja); its OpenAPI schema at /api/v1/openapi.json.

Authentication: `Authorization: Bearer <token>` (tokens from `nghiquyet create-token` or the
token page), or the browser's log-in session (unsafe methods then need the CSRF header).
Scope is the pages' scope (accounts.access): something outside it is a 404 with no data,
something seen but not changeable a 403. All errors are JSON `{"detail": ...}`.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from . import figures, indicators, resolutions, submissions, units
from .auth import session_auth, token_auth
from .common import NOT_FOUND

DESCRIPTION = """API của hệ thống theo dõi thực hiện nghị quyết.

* Xác thực: `Authorization: Bearer <mã truy cập>` (tạo bằng `nghiquyet create-token USERNAME --name TÊN`),
  hoặc phiên đăng nhập của trình duyệt (POST cần thêm tiêu đề `X-CSRFToken`).
* Phạm vi: như trên các trang. Đối tượng ngoài phạm vi trả về 404; được xem nhưng không được sửa trả về 403.
* Ghi số liệu (`POST /figures`): số liệu thuộc biểu mẫu báo cáo của đơn vị được ghi vào báo cáo ở trạng thái
  nháp (draft), chỉ được tổng hợp sau khi báo cáo được gửi (`/submit`) và duyệt (`/approve`). Số liệu ngoài
  biểu mẫu chỉ người có quyền duyệt của đơn vị (quản trị) ghi trực tiếp được, ở trạng thái đã duyệt.
* Danh sách có phân trang `limit` (tối đa 500) và `offset`; lỗi luôn là JSON `{"detail": …}`.
"""


class Api(NinjaAPI):
    @property
    def urls(self):
        # The site requires log-in for pages (LoginRequiredMiddleware); the API answers 401 JSON
        # itself, and its schema and docs are public, so none of its views may redirect to log-in.
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            login_not_required(pattern.callback)
        return patterns, app_name, namespace


api = Api(
    title="Nghị Quyết API",
    version="1.0",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    auth=[token_auth, session_auth],
    docs=Swagger(settings={"persistAuthorization": True}),
    docs_url="/docs",
    openapi_url="/openapi.json",
)


@api.exception_handler(Http404)
def _not_found(request, exc):
    message = str(exc) if exc.args and isinstance(exc.args[0], str) and exc.args[0] else NOT_FOUND
    return api.create_response(request, {"detail": message}, status=404)


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    message = str(exc) or "Bạn không có quyền thực hiện thao tác này."
    return api.create_response(request, {"detail": message}, status=403)


@api.exception_handler(AuthenticationError)
def _unauthorised(request, exc):
    response = api.create_response(
        request, {"detail": "Cần đăng nhập hoặc mã truy cập (Bearer token) hợp lệ."}, status=401
    )
    response["WWW-Authenticate"] = 'Bearer realm="nghiquyet"'
    return response


@api.exception_handler(HttpError)
def _http_error(request, exc):
    body = {"detail": exc.message}
    if getattr(exc, "errors", None) is not None:
        body["errors"] = exc.errors
    return api.create_response(request, body, status=exc.status_code)


@api.exception_handler(NinjaValidationError)
def _invalid(request, exc):
    # ninja's list of field errors (English, from pydantic) under a Vietnamese sentence.
    errors = []
    for e in exc.errors:
        loc = [p for p in e.get("loc", ()) if p not in ("body", "query", "path", "payload", "filters", "params")]
        index = loc.pop(0) if loc and isinstance(loc[0], int) else None
        errors.append({"index": index, "field": ".".join(str(p) for p in loc), "message": str(e.get("msg", ""))})
    return api.create_response(
        request, {"detail": "Dữ liệu gửi lên không hợp lệ.", "errors": errors}, status=422
    )


api.add_router("", units.router)
api.add_router("", indicators.router)
api.add_router("", resolutions.router)
api.add_router("", figures.router)
api.add_router("", submissions.router)
