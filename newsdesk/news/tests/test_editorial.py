"""Editors' workflows: scheduled publishing, expiry and the sub-editor's approval."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Workflow

from newsdesk.core.tests.factories import STAFF_PASSWORD, make_staff
from newsdesk.news.models import ArticlePage
from newsdesk.news.tasks import publish_scheduled_pages
from newsdesk.news.tests.factories import make_article, newsroom

pytestmark = pytest.mark.django_db


def test_scheduled_article_goes_live_only_when_its_time_comes(client):
    room = newsroom(articles=0)
    go_live = timezone.now() + timedelta(hours=2)
    article = make_article(room["africa"], "Budget speech", publish=False, go_live_at=go_live)
    article.get_latest_revision().publish()  # with a future go-live this schedules rather than publishes
    publish_scheduled_pages.enqueue()
    assert not ArticlePage.objects.get(pk=article.pk).live
    assert client.get("/world/africa/budget-speech/").status_code == 404

    with time_machine.travel(go_live + timedelta(minutes=1)):
        publish_scheduled_pages.enqueue()
        publish_scheduled_pages.enqueue()  # a second run changes nothing
    article.refresh_from_db()
    assert article.live
    assert client.get("/world/africa/budget-speech/").status_code == 200
    assert article.revisions.count() == 1


def test_expired_article_is_taken_down(client):
    room = newsroom(articles=0)
    article = make_article(room["africa"], "Flash sale", expire_at=timezone.now() + timedelta(hours=1))
    assert client.get(article.url).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        publish_scheduled_pages.enqueue()
    article.refresh_from_db()
    assert not article.live
    assert article.expired


def test_editor_cannot_publish_but_can_submit_and_subeditor_approves(client):
    room = newsroom(articles=0)
    editor, subeditor = make_staff("Editors"), make_staff("Sub-editors")
    subeditors = Group.objects.get(name="Sub-editors")
    section = room["africa"]
    editor_perms = section.permissions_for_user(editor)
    assert editor_perms.can_add_subpage() and editor_perms.can_edit() and not editor_perms.can_publish()
    assert section.permissions_for_user(subeditor).can_publish()
    workflow = Workflow.objects.get(active=True)
    assert workflow.tasks.filter(name="Sub-editors approval", groupapprovaltask__groups=subeditors).exists()
    assert client.login(username=editor.username, password=STAFF_PASSWORD)
    assert client.get("/admin/").status_code == 200


def test_article_preview_renders_the_draft(admin_client):
    room = newsroom(articles=1)
    article = room["articles"][0]
    article.title = "Changed headline in draft"
    article.save_revision()
    response = admin_client.get(f"/admin/pages/{article.pk}/view_draft/")
    assert response.status_code == 200
    assert "Changed headline in draft" in response.content.decode()


def test_republish_moves_the_modified_time_and_refuses_to_push_a_draft_live():
    from newsdesk.news import services

    room = newsroom(articles=0)
    article = make_article(room["africa"], "Water tariffs")
    first_published = ArticlePage.objects.get(pk=article.pk).last_published_at

    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        republished = services.article_republish(article_id=article.pk)
    before, after = republished.before, republished.revision
    article.refresh_from_db()
    assert before is not None and after.pk != before.pk
    assert article.live_revision_id == after.pk
    assert article.last_published_at > first_published
    assert republished.published_at == article.last_published_at

    article.title = "Water tariffs: draft headline"
    article.save_revision()
    with pytest.raises(services.ArticleDraftPending):
        services.article_republish(article_id=article.pk)
    assert ArticlePage.objects.get(pk=article.pk).live_revision_id == after.pk
