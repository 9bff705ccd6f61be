from django.apps import AppConfig


class ClientAccountsConfig(AppConfig):
    name = "medmassage.clientaccounts"
    label = "clientaccounts"
    verbose_name = "Client portal accounts"
