from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "medmassage.portal"
    label = "portal"
    verbose_name = "Client portal"
