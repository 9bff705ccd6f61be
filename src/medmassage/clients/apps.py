from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "medmassage.clients"
    label = "clients"
    verbose_name = "Clients"
