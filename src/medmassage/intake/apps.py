from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "medmassage.intake"
    label = "intake"
