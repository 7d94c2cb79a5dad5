from django.urls import path  # noqa: F401

from newsdesk.news import paywall_views

app_name = "subscriptions"

urlpatterns: list = []

# The paywall's private fragment: a premium article's full body for entitled readers (see news.paywall_views).
urlpatterns += [path("article/<int:page_id>/body", paywall_views.article_body, name="article_body")]
