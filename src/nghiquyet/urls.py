from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("quan-tri/", admin.site.urls),
    path("tai-khoan/", include("nghiquyet.accounts.urls")),
    path("bao-cao-so-lieu/", include("nghiquyet.reporting.urls")),
    path("can-bo/", include("nghiquyet.people.urls")),
    path("nhiem-vu/", include("nghiquyet.plans.urls")),
    path("kiem-tra-giam-sat/", include("nghiquyet.oversight.urls")),
    path("api/", include("nghiquyet.api.urls")),
    path("nghi-quyet/", include("nghiquyet.resolutions.urls")),
    path("", include("nghiquyet.web.urls")),
]
