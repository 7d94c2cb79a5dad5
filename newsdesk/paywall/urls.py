from django.urls import path

from . import views

app_name = "paywall"

# Included at /subscriptions/ (newsdesk/urls.py): pages cached at the edge carry this address in their markup.
urlpatterns: list = [path("article/<id:page_id>/body", views.article_body, name="article_body")]
