from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "medmassage.plans"
    label = "plans"
