from django.urls import path

from medmassage.recordaccess import views

app_name = "recordaccess"

urlpatterns = [
    path("", views.security_settings, name="settings"),
    path("clients/<int:client_id>/break-glass/", views.break_glass, name="break-glass"),
    path("clients/<int:client_id>/team/", views.team, name="team"),
    path(
        "clients/<int:client_id>/team/<int:membership_id>/remove/", views.remove, name="team-remove"
    ),
]
