from django.urls import URLPattern

app_name = "outcomes"

urlpatterns: list[URLPattern] = []
