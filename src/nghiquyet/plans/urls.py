from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("", views.task_list, name="tasks"),
    path("don-vi/", views.unit_counts, name="unit_counts"),
    path("lanh-dao/<int:person_id>/", views.leader_tasks, name="leader"),
    path("cua-toi/", views.my_tasks, name="mine"),
    path("ke-hoach/", views.plan_list, name="plans"),
    path("ke-hoach/moi/", views.plan_create, name="plan_create"),
    path("ke-hoach/<int:pk>/", views.plan_detail, name="plan"),
    path("ke-hoach/<int:pk>/sua/", views.plan_edit, name="plan_edit"),
    path("ke-hoach/<int:pk>/moc/", views.milestone_add, name="milestone_add"),
    path("ke-hoach/<int:pk>/moc/<int:milestone_id>/dat/", views.milestone_done, name="milestone_done"),
    path("giao/", views.task_create, name="task_create"),
    path("<int:pk>/", views.task_detail, name="task"),
    path("<int:pk>/sua/", views.task_edit, name="task_edit"),
    path("<int:pk>/xoa/", views.task_delete, name="task_delete"),
    path("<int:pk>/cap-nhat/", views.task_update, name="task_update"),
    path("<int:pk>/gia-han/", views.task_extension, name="task_extension"),
    path("<int:pk>/gia-han/<int:ext_id>/quyet-dinh/", views.extension_decide, name="extension_decide"),
    path("<int:pk>/ky/<str:period>/hoan-thanh/", views.occurrence_done, name="occurrence_done"),
    path("<int:pk>/mo-lai/", views.task_reopen, name="task_reopen"),
    path("tep/<int:update_id>/", views.attachment, name="attachment"),
]
