from django.urls import path

from medmassage.billing import views

app_name = "billing"

urlpatterns = [
    path("", views.invoices, name="invoices"),
    path("day/", views.end_of_day, name="day"),
    path("identifiers/", views.identifiers, name="identifiers"),
    path("clients/<int:client_id>/", views.account, name="account"),
    path("clients/<int:client_id>/invoice-visit/", views.invoice_visit, name="invoice-visit"),
    path("clients/<int:client_id>/invoice-period/", views.invoice_period, name="invoice-period"),
    path("clients/<int:client_id>/packages/", views.sell_package, name="sell-package"),
    path("invoices/<int:invoice_id>/", views.invoice_detail, name="invoice"),
    path("invoices/<int:invoice_id>/payments/", views.pay, name="pay"),
    path("invoices/<int:invoice_id>/void/", views.void, name="void"),
    path("invoices/<int:invoice_id>/superbill.pdf", views.superbill_pdf, name="superbill"),
    path("payments/<int:payment_id>/refund/", views.refund, name="refund"),
    path("payments/<int:payment_id>/receipt.pdf", views.receipt_pdf, name="receipt"),
]
