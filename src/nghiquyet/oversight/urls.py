from django.urls import path

from . import views

app_name = "oversight"
urlpatterns = [
    path("", views.inspection_list, name="inspections"),
    path("<int:pk>/", views.inspection_detail, name="inspection"),
    path("vuong-mac/", views.obstacle_list, name="obstacles"),
    path("vuong-mac/<int:pk>/", views.obstacle_detail, name="obstacle"),
    path("quan-triet/", views.briefing_list, name="briefings"),
    path("quan-triet/<int:pk>/", views.briefing_detail, name="briefing"),
]
