from django.urls import path

from medmassage.portal import documents, intake_views, questionnaires, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-in/code/", views.sign_in_with_code, name="sign-in-code"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("welcome/<str:token>/", views.accept, name="accept"),
    path("book/", views.book, name="book"),
    path("appointments/<int:appointment_id>/cancel/", views.cancel, name="cancel"),
    path("home-program/", views.home_program, name="home-program"),
    path("intake/", intake_views.intake, name="intake"),
    path("consent/", intake_views.consent, name="consent"),
    path("questionnaire/", questionnaires.questionnaire, name="questionnaire"),
    path("documents/", documents.documents, name="documents"),
    path("documents/home-program.pdf", documents.handout, name="handout"),
    path("documents/receipts/<int:payment_id>.pdf", documents.receipt_pdf, name="receipt"),
    path("documents/superbills/<int:invoice_id>.pdf", documents.superbill_pdf, name="superbill"),
    path("documents/discharges/<int:plan_id>.pdf", documents.discharge_pdf, name="discharge"),
]
