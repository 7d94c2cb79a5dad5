"""Posting on a live page: who may, what each change records, and that it reaches readers without a publish."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from newsdesk.core import roles
from newsdesk.core.tests.factories import make_staff
from newsdesk.liveblogs import services
from newsdesk.liveblogs.models import LivePage, LivePost
from newsdesk.liveblogs.tests.factories import make_live_page, post, poster
from newsdesk.news.tests.factories import make_author, paragraph

pytestmark = pytest.mark.django_db

CACHE_ON = override_settings(NEWSDESK_PAGE_CACHE={"ENABLED": True, "MAX_AGE": 60})


def test_a_sub_editor_posts_and_the_post_records_author_times_and_the_next_change_number():
    page = make_live_page()
    user = poster()
    byline = make_author("Thandi Reporter")
    first = post(page, "Schools in the metro close at noon.", user=user)
    second = post(page, "Ferries stop running.", user=user, author=byline, key_event=True, headline="Ferries stop")

    assert (first.seq, second.seq) == (1, 2)
    assert LivePage.objects.get(pk=page.pk).post_seq == 2
    assert second.created_by == user and second.author == byline
    assert second.created_at == second.updated_at and second.deleted_at is None
    assert second.key_event and not second.pinned
    # The page itself was not republished: its revisions are the one publish made.
    assert page.revisions.count() == 1


def test_editors_hold_the_posting_permission_and_a_comment_moderator_is_refused_with_nothing_written():
    page = make_live_page()
    assert services.may_post(make_staff(roles.EDITORS))
    moderator = make_staff(roles.COMMENT_MODERATORS)
    with pytest.raises(PermissionDenied, match="live posting permission"):
        services.live_post_create(page=page, user=moderator, body=[paragraph("Not mine to write.")])
    assert not LivePost.objects.exists()
    assert LivePage.objects.get(pk=page.pk).post_seq == 0


def test_an_empty_post_is_refused_with_a_clear_message():
    page = make_live_page()
    with pytest.raises(ValidationError) as error:
        services.live_post_create(page=page, user=poster(), body=[])
    assert error.value.message_dict["body"] == [services.EMPTY_POST]
    assert not LivePost.objects.exists()


def test_edit_pin_key_event_and_delete_each_take_the_next_change_number():
    page = make_live_page()
    user = poster()
    item = post(page, "Winds at 90 km/h.", user=user)
    edited = services.live_post_update(post=item, user=user, body=[paragraph("Winds at 120 km/h.")])
    assert edited.seq == 2 and "120" in str(edited.body)
    assert services.live_post_pin(post=item, user=user, pinned=True).seq == 3
    assert services.live_post_mark_key_event(post=item, user=user, key_event=True).seq == 4
    gone = services.live_post_delete(post=item, user=user)
    assert gone.seq == 5 and gone.deleted_at is not None and not gone.pinned and not gone.key_event
    with pytest.raises(ValidationError, match="deleted"):
        services.live_post_pin(post=item, user=user, pinned=True)


@CACHE_ON
@pytest.mark.parametrize("change", ["create", "update", "pin", "key", "delete"])
def test_every_post_change_reaches_the_cached_page_and_updates_at_the_next_refresh(
    client, django_capture_on_commit_callbacks, change
):
    with django_capture_on_commit_callbacks(execute=True):
        page = make_live_page()
        user = poster()
        item = post(page, "Original words.", user=user)
    urls = [page.url, page.url + "updates/", page.url + "feed/rss/", "/"]
    for url in urls:
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit", url  # cached: only a purge can change it

    with django_capture_on_commit_callbacks(execute=True):
        if change == "create":
            post(page, "A brand new post.", user=user)
        elif change == "update":
            services.live_post_update(post=item, user=user, body=[paragraph("Corrected words.")])
        elif change == "pin":
            services.live_post_pin(post=item, user=user, pinned=True)
        elif change == "key":
            services.live_post_mark_key_event(post=item, user=user, key_event=True)
        else:
            services.live_post_delete(post=item, user=user)

    for url in urls:
        assert "X-Page-Cache" not in client.get(url), f"{url} still served from the cache after {change}"
    updates = client.get(page.url + "updates/").json()
    assert updates["head"] == 2
