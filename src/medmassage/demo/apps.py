from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "medmassage.demo"
    label = "demo"
    verbose_name = "Demo clinics"
