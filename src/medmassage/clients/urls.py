from django.urls import path

from medmassage.clients import consent_views, views

app_name = "clients"

urlpatterns = [
    path("", views.client_list, name="list"),
    path("new/", views.client_create, name="create"),
    path("consent-texts/", consent_views.consent_texts, name="consent-texts"),
    path("<int:client_id>/edit/", views.client_edit, name="edit"),
    path("<int:client_id>/consents/", consent_views.consent_list, name="consents"),
    path("<int:client_id>/consents/new/", consent_views.consent_create, name="consent-create"),
    path(
        "<int:client_id>/consents/<int:consent_id>/revoke/",
        consent_views.consent_revoke,
        name="consent-revoke",
    ),
]
