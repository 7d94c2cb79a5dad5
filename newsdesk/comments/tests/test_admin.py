"""The moderation queues in Wagtail's admin."""

import pytest
from django.test import Client

from newsdesk.comments import services
from newsdesk.comments.models import Comment, CommentPolicyOverride, ModerationAction

from .factories import make_commented_article, make_moderator, make_reader

pytestmark = pytest.mark.django_db


def test_queues_list_and_actions_are_audited():
    article = make_commented_article()
    CommentPolicyOverride.objects.create(page=article, moderation_mode="pre")
    reader = make_reader()
    held = services.comment_post(user=reader, article=article, body="Please approve")
    other = services.comment_post(user=reader, article=article, body="Please reject")
    moderator = make_moderator()
    client = Client()
    client.force_login(moderator)
    page = client.get("/admin/comments/queue/pending/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Please approve" in html and "Pre-moderation is on for this article." in html and "Pending (2)" in html
    response = client.post(f"/admin/comments/{held.pk}/approve/", {"next": "/admin/comments/queue/pending/"})
    assert response.status_code == 303 and response["Location"] == "/admin/comments/queue/pending/"
    client.post(f"/admin/comments/{other.pk}/reject/", {"reason": "Off topic"})
    client.post(f"/admin/comments/{held.pk}/feature/")
    client.post(f"/admin/comments/{held.pk}/suspend/", {"days": "3", "reason": "Cool off"})
    assert Comment.objects.get(pk=held.pk).status == "published"
    assert Comment.objects.get(pk=other.pk).status == "rejected"
    assert list(ModerationAction.objects.order_by("id").values_list("kind", flat=True)) == [
        "approve",
        "reject",
        "feature",
        "suspend",
    ]
    assert client.get("/admin/comments/queue/published/").status_code == 200
    assert client.get("/admin/comments/queue/reported/").status_code == 200
    assert client.get("/admin/comments/queue/nonsense/").status_code == 404


def test_readers_cannot_reach_the_queues():
    client = Client()
    client.force_login(make_reader())
    assert client.get("/admin/comments/queue/pending/").status_code in (302, 403)
    assert ModerationAction.objects.count() == 0


def test_admin_listings_and_settings_pages_render():
    article = make_commented_article()
    reader = make_reader()
    services.comment_post(user=reader, article=article, body="Hello")
    CommentPolicyOverride.objects.create(page=article, who_may_comment="subscribers")
    client = Client()
    client.force_login(make_moderator())
    for url in [
        "/admin/snippets/comments/commenterprofile/?q=Thandi",
        "/admin/snippets/comments/commentpolicyoverride/",
        "/admin/snippets/comments/moderationaction/",
        "/admin/settings/comments/commentsettings/",
    ]:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
    assert "Moderate comments" in client.get("/admin/").content.decode()
