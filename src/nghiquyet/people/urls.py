from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("", views.people_list, name="list"),
    path("excel/", views.people_export, name="list_export"),
    path("phan-cong/", views.matrix, name="matrix"),
    path("phan-cong/excel/", views.matrix_export, name="matrix_export"),
    path("luan-chuyen/", views.rotations, name="rotations"),
    path("luan-chuyen/excel/", views.rotations_export, name="rotations_export"),
    path("<int:pk>/", views.person_detail, name="person"),
    path("<int:pk>/excel/", views.person_export, name="person_export"),
    path("<int:pk>/phu-trach/", views.leader, name="leader"),
    path("<int:pk>/phu-trach/excel/", views.leader_export, name="leader_export"),
]
