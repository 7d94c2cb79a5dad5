from django.urls import path

from . import views

app_name = "polls"

urlpatterns = [
    path("<id:poll_id>/", views.detail, name="detail"),
    path("<id:poll_id>/state", views.state, name="state"),
    path("<id:poll_id>/vote", views.vote, name="vote"),
]
