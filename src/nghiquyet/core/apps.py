from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "nghiquyet.core"
    label = "core"
