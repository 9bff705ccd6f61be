from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "medmassage.visits"
    label = "visits"
