from django.urls import path

from medmassage.referrals import report_views, views

app_name = "referrals"

urlpatterns = [
    path("clients/<int:client_id>/", views.client_referrals, name="client"),
    path("clients/<int:client_id>/draft/", views.draft, name="draft"),
    path("clients/<int:client_id>/incoming/", views.record_in, name="record-in"),
    path("clients/<int:client_id>/clearances/new/", views.new_clearance, name="clearance-new"),
    path("clients/<int:client_id>/reports/new/", report_views.new_report, name="report-new"),
    path("<int:referral_id>/", views.detail, name="detail"),
    path("<int:referral_id>/sign/", views.sign, name="sign"),
    path("<int:referral_id>/send/", views.send, name="send"),
    path("<int:referral_id>/letter.pdf", views.letter, name="letter"),
    path(
        "clearances/<int:clearance_id>/document",
        views.clearance_document,
        name="clearance-document",
    ),
    path("reports/<int:report_id>/", report_views.report_detail, name="report"),
    path("reports/<int:report_id>/sign/", report_views.sign_report, name="report-sign"),
    path("reports/<int:report_id>/send/", report_views.send_report, name="report-send"),
    path("reports/<int:report_id>/report.pdf", report_views.report_pdf, name="report-pdf"),
]
