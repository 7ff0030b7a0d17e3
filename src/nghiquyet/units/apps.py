from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "nghiquyet.units"
    label = "units"
