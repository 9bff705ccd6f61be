from django.apps import AppConfig


class FrontDeskConfig(AppConfig):
    name = "medmassage.frontdesk"
    label = "frontdesk"
    verbose_name = "The front desk's day"
