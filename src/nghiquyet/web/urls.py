from django.templatetags.static import static
from django.urls import path
from django.views.generic import RedirectView

from . import views

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
    path("favicon.ico", RedirectView.as_view(url=static("web/favicon.svg"), permanent=True)),
]
