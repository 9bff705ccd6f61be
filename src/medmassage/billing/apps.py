from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "medmassage.billing"
    label = "billing"
    verbose_name = "Invoices and payments"

    def ready(self) -> None:
        from medmassage.billing.models import InvoiceKind, InvoiceStatus, Method, PaymentKind
        from medmassage.words.vocabulary import register

        register("payment_method", Method.choices)
        register("invoice_kind", InvoiceKind.choices)
        register("invoice_status", InvoiceStatus.choices)
        register("payment_kind", PaymentKind.choices)
