from django.apps import AppConfig


class CareteamConfig(AppConfig):
    name = "medmassage.careteam"
    label = "careteam"
    verbose_name = "Care teams and break-glass"
