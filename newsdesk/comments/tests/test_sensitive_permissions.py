"""Banning or suspending a reader is its own permission: moderators without it approve and reject but cannot ban,
by the queue, the service or the commenter's edit form; every ban is in the moderation log with who and when."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.contrib.auth.models import Permission

from newsdesk.accounts.tests.staff import assert_admin_refused, make_staff_with
from newsdesk.comments import services
from newsdesk.comments.models import CommenterProfile, CommentPolicyOverride, ModerationAction

from .factories import make_commented_article, make_reader

pytestmark = pytest.mark.django_db
BANNED_AT = datetime(2026, 3, 4, 10, 15, tzinfo=UTC)
MODERATE = (
    "comments.change_comment",
    "comments.view_commenterprofile",
    "comments.change_commenterprofile",
    "comments.view_moderationaction",
)


@pytest.fixture
def held():
    article = make_commented_article()
    CommentPolicyOverride.objects.create(page=article, moderation_mode="pre")
    return services.comment_post(user=make_reader("Troll"), article=article, body="Held for a look")


@pytest.fixture
def moderator():
    """A moderator who approves and rejects, but may not ban."""
    return make_staff_with(*MODERATE, email="moderator@example.org")


@pytest.fixture
def banner():
    return make_staff_with(*MODERATE, "comments.ban_commenter", email="senior@example.org")


def _standing(user_id: int) -> tuple:
    profile = CommenterProfile.objects.get(user_id=user_id)
    return profile.banned, profile.suspended_until


def _edit_form(profile: CommenterProfile, **extra) -> dict:
    return {"user": profile.user_id, "display_name": profile.display_name, "approved_count": "0", **extra}


def test_a_moderator_without_the_ban_permission_sees_no_ban_buttons_and_is_refused(client, held, moderator):
    client.force_login(moderator)
    queue = client.get("/admin/comments/queue/pending/").content.decode()
    assert "Held for a look" in queue and "Approve" in queue
    assert "Ban author" not in queue and "Suspend author" not in queue
    assert_admin_refused(client, client.post(f"/admin/comments/{held.pk}/ban/", {"reason": "Troll"}))
    assert_admin_refused(client, client.post(f"/admin/comments/{held.pk}/suspend/", {"days": "3"}))
    assert _standing(held.author_id) == (False, None)
    assert ModerationAction.objects.filter(kind__in=["ban", "suspend"]).count() == 0
    response = client.post(f"/admin/comments/{held.pk}/approve/")  # the ordinary work still goes through
    assert response.status_code == 303
    assert ModerationAction.objects.get().kind == "approve"


def test_the_ban_service_refuses_a_moderator_without_the_permission(held, moderator):
    for until in (None, BANNED_AT):
        with pytest.raises(services.NotAllowed) as error:
            services.commenter_ban(moderator=moderator, user_id=held.author_id, reason="Troll", until=until)
        assert error.value.message == services.NOT_ALLOWED_TO_BAN
    with pytest.raises(services.NotAllowed):
        services.commenter_standing_set(
            moderator=moderator, user_id=held.author_id, banned=True, suspended_until=None, reason="Troll"
        )
    assert _standing(held.author_id) == (False, None)
    assert ModerationAction.objects.count() == 0


def test_the_commenter_form_offers_no_ban_to_a_moderator_without_the_permission(client, held, moderator):
    profile = CommenterProfile.objects.get(user_id=held.author_id)
    client.force_login(moderator)
    url = f"/admin/snippets/comments/commenterprofile/edit/{profile.pk}/"
    form = client.get(url).content.decode()
    assert 'name="display_name"' in form and 'name="banned"' not in form and 'name="suspended_until"' not in form
    response = client.post(url, _edit_form(profile, banned="on", suspended_until="2026-12-01 10:00"))
    assert response.status_code == 302  # saved: the name, without the standing it has no right to change
    assert _standing(held.author_id) == (False, None)
    assert ModerationAction.objects.count() == 0


def test_a_ban_by_a_moderator_with_the_permission_is_logged_with_who_and_when(client, held, banner):
    client.force_login(banner)
    assert "Ban author" in client.get("/admin/comments/queue/pending/").content.decode()
    with time_machine.travel(BANNED_AT, tick=False):
        response = client.post(f"/admin/comments/{held.pk}/ban/", {"reason": "Repeated abuse"})
    assert response.status_code == 303
    assert _standing(held.author_id) == (True, None)
    entry = ModerationAction.objects.get()
    assert (entry.kind, entry.actor, entry.target_user_id, entry.reason, entry.created_at) == (
        "ban",
        banner,
        held.author_id,
        "Repeated abuse",
        BANNED_AT,
    )
    log = client.get("/admin/snippets/comments/moderationaction/").content.decode()
    assert "Banned" in log and "senior@example.org" in log and "Repeated abuse" in log


def test_lifting_a_ban_on_the_commenter_form_goes_through_the_service_and_is_logged(client, held, banner):
    services.commenter_ban(moderator=banner, user_id=held.author_id, reason="Troll")
    profile = CommenterProfile.objects.get(user_id=held.author_id)
    client.force_login(banner)
    url = f"/admin/snippets/comments/commenterprofile/edit/{profile.pk}/"
    assert 'name="banned"' in client.get(url).content.decode()
    with time_machine.travel(BANNED_AT, tick=False):
        response = client.post(url, _edit_form(profile))  # the box left unticked: the ban is lifted
    assert response.status_code == 302
    assert _standing(held.author_id) == (False, None)
    lifted = ModerationAction.objects.get(kind="lift")
    assert (lifted.actor, lifted.created_at, lifted.reason) == (banner, BANNED_AT, "changed on the commenter's page")


def test_a_commenter_created_banned_on_the_admin_form_is_banned_through_the_service_and_logged(client, banner):
    banner.user_permissions.add(Permission.objects.get(codename="add_commenterprofile"))
    reader = make_reader("Newcomer", profile=False)
    client.force_login(banner)
    with time_machine.travel(BANNED_AT, tick=False):
        response = client.post(
            "/admin/snippets/comments/commenterprofile/add/",
            {"user": reader.pk, "display_name": "Newcomer", "approved_count": "0", "banned": "on"},
        )
    assert response.status_code == 302
    assert _standing(reader.pk) == (True, None)
    entry = ModerationAction.objects.get()
    assert (entry.kind, entry.actor, entry.target_user_id, entry.created_at) == ("ban", banner, reader.pk, BANNED_AT)
