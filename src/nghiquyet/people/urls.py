from django.urls import path

from . import views, views_edit

app_name = "people"
urlpatterns = [
    path("", views.people_list, name="list"),
    path("them/", views_edit.person_create, name="person_create"),
    path("excel/", views.people_export, name="list_export"),
    path("chuc-vu/", views_edit.posts, name="posts"),
    path("phan-cong/", views.matrix, name="matrix"),
    path("phan-cong/excel/", views.matrix_export, name="matrix_export"),
    path("luan-chuyen/", views.rotations, name="rotations"),
    path("luan-chuyen/excel/", views.rotations_export, name="rotations_export"),
    path("<int:pk>/", views.person_detail, name="person"),
    path("<int:pk>/sua/", views_edit.person_edit, name="person_edit"),
    path("<int:pk>/excel/", views.person_export, name="person_export"),
    path("<int:pk>/phu-trach/", views.leader, name="leader"),
    path("<int:pk>/phu-trach/excel/", views.leader_export, name="leader_export"),
    path("<int:pk>/bo-nhiem/them/", views_edit.appointment_add, name="appointment_add"),
    path("<int:pk>/bo-nhiem/<int:item>/ket-thuc/", views_edit.appointment_end, name="appointment_end"),
    path("<int:pk>/phan-cong-phu-trach/them/", views_edit.responsibility_add, name="responsibility_add"),
    path("<int:pk>/phan-cong-phu-trach/<int:item>/ket-thuc/", views_edit.responsibility_end,
         name="responsibility_end"),
    path("<int:pk>/dao-tao/them/", views_edit.training_add, name="training_add"),
]
