from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "nghiquyet.indicators"
    label = "indicators"
