from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "medmassage.backups"
    label = "backups"
    verbose_name = "Backups"
