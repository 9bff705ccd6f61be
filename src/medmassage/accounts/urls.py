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

from medmassage.accounts import password_views  # noqa: E402

urlpatterns += [
    path("password/reset/", password_views.ResetRequestView.as_view(), name="password-reset"),
    path(
        "password/reset/sent/", password_views.ResetSentView.as_view(), name="password-reset-sent"
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        password_views.ResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "password/reset/done/",
        password_views.ResetCompleteView.as_view(),
        name="password-reset-complete",
    ),
    path("password/change/", password_views.ChangeView.as_view(), name="password-change"),
    path("password/changed/", password_views.ChangedView.as_view(), name="password-changed"),
]
