from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "nghiquyet.oversight"
    label = "oversight"
