from django.urls import path

from . import views

app_name = "publiceditor"

urlpatterns = [
    path("", views.case_form, name="form"),
    path("case/<str:token>/", views.case_track, name="track"),
    path("corrections/", views.corrections_page, name="corrections"),
    path("corrections/feed/", views.CorrectionsFeed(), name="corrections_feed"),
    path("accountability/", views.accountability_page, name="accountability"),
]
