from django.apps import AppConfig


class ResolutionsConfig(AppConfig):
    name = "nghiquyet.resolutions"
    label = "resolutions"
