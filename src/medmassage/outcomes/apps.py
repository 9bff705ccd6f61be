from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "medmassage.outcomes"
    label = "outcomes"
