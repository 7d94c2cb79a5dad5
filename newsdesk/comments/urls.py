from django.urls import path

from . import views

app_name = "comments"

urlpatterns = [
    path("article/<id:article_id>/", views.thread_fragment, name="fragment"),
    path("article/<id:article_id>/all/", views.thread_page_view, name="thread"),
    path("article/<id:article_id>/post/", views.post_comment, name="post"),
    path("c/<id:comment_id>/", views.permalink, name="permalink"),
    path("c/<id:comment_id>/edit/", views.edit_comment, name="edit"),
    path("c/<id:comment_id>/delete/", views.delete_comment, name="delete"),
    path("c/<id:comment_id>/report/", views.report_comment, name="report"),
    path("profile/", views.profile, name="profile"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
