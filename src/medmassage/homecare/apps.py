from django.apps import AppConfig


class HomecareConfig(AppConfig):
    name = "medmassage.homecare"
    label = "homecare"
