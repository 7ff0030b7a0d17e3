from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "nghiquyet.reporting"
    label = "reporting"
