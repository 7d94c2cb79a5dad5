from django.urls import path

from . import views

app_name = "readership"

urlpatterns = [
    path("beacon", views.beacon, name="beacon"),
    path("most-read", views.most_read, name="most_read"),
]
