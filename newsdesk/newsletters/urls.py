from django.urls import path

from newsdesk.core.converters import DATABASE_ID

from . import views

app_name = "newsletters"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("manage/", views.manage, name="manage"),
    path(f"c/<{DATABASE_ID}:link_id>/", views.click, name="click"),
]
