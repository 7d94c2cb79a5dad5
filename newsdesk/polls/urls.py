from django.urls import path

from . import views

app_name = "polls"

urlpatterns = [
    path("<int:poll_id>/", views.detail, name="detail"),
    path("<int:poll_id>/state", views.state, name="state"),
    path("<int:poll_id>/vote", views.vote, name="vote"),
]
