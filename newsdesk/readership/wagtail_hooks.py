from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views


@hooks.register("register_admin_urls")
def register_readership_urls():
    urls = [
        path("", admin_views.board, name="dashboard"),
        path("export.csv", admin_views.export, name="export"),
    ]
    return [path("readership/", include((urls, "readership_admin"), namespace="readership_admin"))]


class ReadershipMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.PERMISSION)


@hooks.register("register_admin_menu_item")
def register_readership_menu_item():
    return ReadershipMenuItem("Readership", reverse("readership_admin:dashboard"), icon_name="view", order=260)
