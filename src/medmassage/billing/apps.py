from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "medmassage.billing"
    label = "billing"
    verbose_name = "Invoices and payments"
