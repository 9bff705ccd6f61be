from django.apps import AppConfig


class DischargesConfig(AppConfig):
    name = "medmassage.discharges"
    label = "discharges"
    verbose_name = "Discharges"
