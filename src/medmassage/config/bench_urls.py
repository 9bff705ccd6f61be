"""The application's URLs plus the scale benchmark's bare view (used only by bench_scale)."""

from django.urls import path

from medmassage.config.urls import urlpatterns as application
from medmassage.demo.scale_bench import bare_chart

urlpatterns = [
    *application,
    path("bench/bare/<int:client_id>/", bare_chart, name="bench-bare"),
]
