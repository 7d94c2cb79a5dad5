from django.urls import path

from . import views

app_name = "subscriptions"

urlpatterns: list = [
    path("", views.subscribe, name="subscribe"),
    path("start/", views.start, name="start"),
    path("cancel/", views.cancel, name="cancel"),
    path("resume/", views.resume, name="resume"),
    path("card/", views.card, name="card"),
    path("receipts/<id:payment_id>/", views.receipt, name="receipt"),
    path("test-gateway/card", views.test_gateway_card, name="test_gateway_card"),
    path("webhooks/<slug:gateway_name>/", views.webhook, name="webhook"),
]
