from django.urls import path

from medmassage.mfa import views

app_name = "mfa"

urlpatterns = [
    path("", views.manage, name="manage"),
    path("setup/", views.setup, name="setup"),
    path("verify/", views.verify, name="verify"),
    path("recovery-codes/", views.new_recovery_codes, name="recovery-codes"),
]
