from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "medmassage.dashboard"
    label = "dashboard"
    verbose_name = "Dashboard"
