from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.home, name="home"),
    path("masthead", views.masthead, name="masthead"),  # a private fragment: the page around it is shared
]
