"""Resolution management pages, under /nghi-quyet/ (the web app serves /nghi-quyet/<id>/)."""

from django.urls import path

from . import views

app_name = "resolutions"
urlpatterns = [
    path("nhap/", views.import_start, name="import"),
    path("nhap/mau-nghi-quyet.xlsx", views.import_template, name="import_template"),
    path("nhap/<str:token>/", views.import_confirm, name="import_confirm"),
]
