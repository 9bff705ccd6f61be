from django.urls import path

from medmassage.discharges import views

app_name = "discharges"

urlpatterns = [
    path("<int:plan_id>/close/", views.close, name="close"),
    path("<int:plan_id>/discharge/", views.summary, name="summary"),
    path("<int:plan_id>/discharge.pdf", views.summary_pdf, name="summary-pdf"),
]
