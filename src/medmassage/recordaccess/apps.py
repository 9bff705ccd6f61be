from django.apps import AppConfig


class RecordaccessConfig(AppConfig):
    name = "medmassage.recordaccess"
    label = "recordaccess"
    verbose_name = "Treating teams and break-glass"
