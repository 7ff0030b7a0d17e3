from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "nghiquyet.web"
    label = "web"
