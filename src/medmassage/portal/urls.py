from django.urls import path

from medmassage.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-in/code/", views.sign_in_with_code, name="sign-in-code"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("welcome/<str:token>/", views.accept, name="accept"),
    path("book/", views.book, name="book"),
    path("appointments/<int:appointment_id>/cancel/", views.cancel, name="cancel"),
    path("home-program/", views.home_program, name="home-program"),
]
