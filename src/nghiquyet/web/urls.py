from django.contrib.auth.decorators import login_not_required
from django.templatetags.static import static
from django.urls import path
from django.views.generic import RedirectView

from . import history, views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("nghi-quyet/<int:pk>/", views.resolution_detail, name="resolution"),
    path("nghi-quyet/<int:pk>/excel/", views.resolution_export, name="resolution_export"),
    path("chi-tieu/<int:pk>/", views.target_detail, name="target"),
    path("don-vi/", views.unit_list, name="units"),
    path("don-vi/<int:pk>/", views.unit_detail, name="unit"),
    path("chi-so/", views.indicator_list, name="indicators"),
    path("chi-so/<int:pk>/", views.indicator_detail, name="indicator"),
    path("tim-kiem/", views.search, name="search"),
    path("so-lieu/<int:indicator_id>/<int:unit_id>/<str:period>/", history.figure_history, name="figure_history"),
    path("nhat-ky/", history.audit_log, name="audit_log"),
    path("favicon.ico", login_not_required(RedirectView.as_view(url=static("web/favicon.svg"), permanent=True))),
]
