from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "nghiquyet.plans"
    label = "plans"
