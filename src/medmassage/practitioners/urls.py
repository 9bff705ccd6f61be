from django.urls import path

from medmassage.practitioners import views

app_name = "practitioners"

# One named route per kind of record, so that each path parameter says what it names.
urlpatterns = [
    path("", views.practitioner_list, name="list"),
    path("register/", views.register, name="register"),
    path("credential-rules/", views.credential_rules, name="credential-rules"),
    path("<int:practitioner_id>/", views.practitioner_detail, name="detail"),
    path("<int:practitioner_id>/licences/new/", views.add_licence, name="add-licence"),
    path(
        "<int:practitioner_id>/licences/<int:licence_id>/",
        views.change_licence,
        name="change-licence",
    ),
    path(
        "<int:practitioner_id>/certifications/new/",
        views.add_certification,
        name="add-certification",
    ),
    path(
        "<int:practitioner_id>/certifications/<int:certification_id>/",
        views.change_certification,
        name="change-certification",
    ),
    path("<int:practitioner_id>/education/new/", views.add_education, name="add-education"),
    path(
        "<int:practitioner_id>/education/<int:education_id>/",
        views.change_education,
        name="change-education",
    ),
]
