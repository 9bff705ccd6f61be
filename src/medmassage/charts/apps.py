from django.apps import AppConfig


class ChartsConfig(AppConfig):
    name = "medmassage.charts"
    label = "charts"
    verbose_name = "Client charts"
