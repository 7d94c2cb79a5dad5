"""Live pages in Wagtail's admin: the posting screen, linked from the page's header and the page listing."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem

from . import admin_views, services
from .models import LivePage

admin_urls = (
    [
        path("<id:page_id>/", admin_views.posting_view, name="posting"),
        path("<id:page_id>/posts/<id:post_id>/edit/", admin_views.edit_view, name="edit"),
        path("<id:page_id>/posts/<id:post_id>/<slug:action>/", admin_views.action_view, name="action"),
    ],
    "liveblogs_admin",
)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("live/", include(admin_urls))]


class PostLiveButton(PageMenuItem):
    label = "Post live"
    icon_name = "edit"

    def is_shown(self, user):
        return isinstance(self.page.specific_deferred, LivePage) and services.may_post(user)

    @property
    def url(self):
        return reverse("liveblogs_admin:posting", args=[self.page.pk])


@hooks.register("register_page_listing_buttons")
def page_listing_buttons(page, user, next_url=None):
    yield PostLiveButton(page=page, priority=5)


@hooks.register("register_page_header_buttons")
def page_header_buttons(page, user, view_name, next_url=None):
    yield PostLiveButton(page=page, priority=5)
