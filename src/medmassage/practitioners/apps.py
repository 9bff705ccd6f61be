from django.apps import AppConfig


class PractitionersConfig(AppConfig):
    name = "medmassage.practitioners"
    label = "practitioners"
    verbose_name = "Practitioners and credentials"
