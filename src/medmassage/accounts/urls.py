from django.urls import path

from medmassage.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("clinic/switch/", views.switch_clinic_view, name="switch-clinic"),
]

urlpatterns += [
    path("tokens/", views.tokens_view, name="tokens"),
    path("tokens/<int:token_id>/revoke/", views.revoke_token_view, name="revoke-token"),
]
