from django.urls import path

from . import views

app_name = "markets"

urlpatterns = [
    path("", views.markets_page, name="page"),
    path("panel/", views.panel, name="panel"),
    path("api/v1/quotes", views.push_quotes, name="push_quotes"),
    path("api/v1/latest", views.latest, name="latest"),
    path("api/openapi.json", views.openapi, name="openapi"),
]
