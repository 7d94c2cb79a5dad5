"""The live page's posting screen in the admin: a sub-editor writes, edits, pins, marks and deletes; others may not."""

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from newsdesk.core import roles
from newsdesk.core.tests.factories import make_staff
from newsdesk.liveblogs import admin_views
from newsdesk.liveblogs.models import LivePost
from newsdesk.liveblogs.tests.factories import make_live_page, post

pytestmark = pytest.mark.django_db


def signed_in(role: str) -> Client:
    client = Client()
    client.force_login(make_staff(role))
    return client


def post_form(text: str, **fields) -> dict:
    return nested_form_data(
        {
            "headline": fields.pop("headline", ""),
            "body": streamfield([("paragraph", rich_text(f"<p>{text}</p>"))]),
            "author": "",
            **fields,
        }
    )


def test_a_sub_editor_writes_a_post_from_the_posting_screen_and_it_is_on_the_page():
    page = make_live_page()
    client = signed_in(roles.SUB_EDITORS)
    screen = reverse("liveblogs_admin:posting", args=[page.pk])
    assert client.get(screen).status_code == 200

    response = client.post(screen, post_form("Power is back in Durban North.", key_event="on"))
    assert response.status_code == 302
    written = LivePost.objects.get()
    assert written.key_event and written.created_by.groups.filter(name=roles.SUB_EDITORS).exists()
    followed = client.get(screen)
    assert admin_views.POSTED in followed.content.decode()
    assert "Power is back in Durban North." in Client().get(page.url).content.decode()


def test_an_empty_post_is_refused_on_the_screen_and_nothing_is_written():
    page = make_live_page()
    client = signed_in(roles.EDITORS)
    data = nested_form_data({"headline": "", "body": streamfield([]), "author": ""})
    response = client.post(reverse("liveblogs_admin:posting", args=[page.pk]), data)
    assert response.status_code == 400
    assert not LivePost.objects.exists()


def test_edit_pin_key_and_delete_from_the_screen():
    page = make_live_page()
    client = signed_in(roles.EDITORS)
    item = post(page, "Roads flooded near the N2.")
    edit = reverse("liveblogs_admin:edit", args=[page.pk, item.pk])
    assert "Roads flooded near the N2." in client.get(edit).content.decode()
    assert client.post(edit, post_form("Roads flooded near the N3.", pinned="on")).status_code == 302
    item.refresh_from_db()
    assert "N3" in str(item.body) and item.pinned

    for action, check in [("unpin", lambda p: not p.pinned), ("key", lambda p: p.key_event)]:
        url = reverse("liveblogs_admin:action", args=[page.pk, item.pk, action])
        assert client.post(url).status_code == 302
        item.refresh_from_db()
        assert check(item), action
    assert client.post(reverse("liveblogs_admin:action", args=[page.pk, item.pk, "delete"])).status_code == 302
    item.refresh_from_db()
    assert item.deleted_at is not None
    assert "Roads flooded" not in Client().get(page.url).content.decode()
    assert client.get(reverse("liveblogs_admin:action", args=[page.pk, item.pk, "pin"])).status_code == 405
    assert client.post(reverse("liveblogs_admin:action", args=[page.pk, item.pk, "explode"])).status_code == 404


@pytest.mark.parametrize("role", [roles.COMMENT_MODERATORS, roles.SUBSCRIPTIONS])
def test_a_role_without_the_permission_is_refused_every_posting_address(role):
    page = make_live_page()
    item = post(page, "Only posters may touch this.")
    client = signed_in(role)

    def refused(response) -> bool:
        # Wagtail's admin answers a refusal by sending the user back to the dashboard, saying they may not.
        return response.status_code == 302 and response.url == reverse("wagtailadmin_home")

    urls = [
        reverse("liveblogs_admin:posting", args=[page.pk]),
        reverse("liveblogs_admin:edit", args=[page.pk, item.pk]),
    ]
    for url in urls:
        assert refused(client.get(url)), url
    assert refused(client.post(urls[0], post_form("Sneaky.")))
    assert refused(client.post(reverse("liveblogs_admin:action", args=[page.pk, item.pk, "delete"])))
    assert LivePost.objects.count() == 1
    assert LivePost.objects.get().deleted_at is None


def test_the_page_header_and_the_section_listing_link_to_the_posting_screen_for_posters_only():
    page = make_live_page()
    screen = reverse("liveblogs_admin:posting", args=[page.pk])
    editor = signed_in(roles.SUB_EDITORS)
    assert screen in editor.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert screen in editor.get(reverse("wagtailadmin_explore", args=[page.get_parent().pk])).content.decode()
    moderator = signed_in(roles.COMMENT_MODERATORS)
    assert screen not in moderator.get(reverse("wagtailadmin_explore", args=[page.get_parent().pk])).content.decode()
