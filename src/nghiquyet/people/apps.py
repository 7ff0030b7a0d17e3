from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "nghiquyet.people"
    label = "people"
