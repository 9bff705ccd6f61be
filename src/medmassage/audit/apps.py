from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "medmassage.audit"
    label = "audit"
    verbose_name = "Audit trail"
