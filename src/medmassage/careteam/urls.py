from django.urls import path

from medmassage.careteam import views

app_name = "careteam"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("new/", views.provider_form, name="provider-new"),
    path("<int:provider_id>/", views.provider_form, name="provider-edit"),
    path("clients/<int:client_id>/team/", views.care_team, name="team"),
    path("team/<int:member_id>/remove/", views.remove_member, name="remove-member"),
]
