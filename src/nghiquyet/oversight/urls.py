from django.urls import path

from . import views, views_edit

app_name = "oversight"
urlpatterns = [
    path("", views.inspection_list, name="inspections"),
    path("tao/", views_edit.inspection_create, name="inspection_create"),
    path("<int:pk>/", views.inspection_detail, name="inspection"),
    path("vuong-mac/", views.obstacle_list, name="obstacles"),
    path("vuong-mac/bao-cao/", views_edit.obstacle_report, name="obstacle_report"),
    path("vuong-mac/<int:pk>/", views.obstacle_detail, name="obstacle"),
    path("quan-triet/", views.briefing_list, name="briefings"),
    path("quan-triet/ghi-nhan/", views_edit.briefing_record, name="briefing_record"),
    path("quan-triet/<int:pk>/", views.briefing_detail, name="briefing"),
]
