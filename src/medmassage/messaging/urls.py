from django.urls import path

from medmassage.messaging import views

app_name = "messaging"

urlpatterns = [
    path("", views.wording_list, name="wording"),
    path("<str:message_kind>/", views.wording_edit, name="edit"),
    path("<str:message_kind>/preview/", views.preview, name="preview"),
    path("<str:message_kind>/draft/", views.autosave, name="autosave"),
    path("<str:message_kind>/default/", views.use_default, name="use-default"),
]
