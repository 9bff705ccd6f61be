from django.urls import path  # noqa: F401 - patterns arrive with the credential pages

app_name = "practitioners"

urlpatterns: list = []
