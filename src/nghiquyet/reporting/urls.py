from django.urls import path

from . import views

app_name = "reporting"
urlpatterns = [
    path("", views.index, name="index"),
    path("bieu-mau-moi/", views.form_create, name="form_create"),
    path("bieu-mau/<str:code>/", views.form_status, name="form_status"),
    path("bieu-mau/<str:code>/sua/", views.form_edit, name="form_edit"),
    path("bieu-mau/<str:code>/<str:period>/don-vi/<int:unit_id>/", views.entry, name="entry"),
    path("bieu-mau/<str:code>/<str:period>/tai-mau/", views.download, name="download"),
    path("bieu-mau/<str:code>/<str:period>/nhap-excel/", views.upload, name="upload"),
]
