"""`load_demo` loads again after every role has used the demo, and a further run changes nothing."""

import datetime as dt
import io
import uuid

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.actions.delete_page import DeletePageAction
from wagtail.actions.move_page import MovePageAction
from wagtail.actions.unpublish_page import UnpublishPageAction

from newsdesk.comments import services as comments
from newsdesk.comments.demo.loader import CONVERSATIONS
from newsdesk.comments.models import Comment, CommenterProfile, CommentStatus
from newsdesk.markets.models import Instrument
from newsdesk.news.demo.content import demo_content
from newsdesk.news.demo.loader import live_demo_articles
from newsdesk.news.models import ArticlePage, SectionPage
from newsdesk.polls import services as polls
from newsdesk.polls.models import Placement, Poll, PollStatus, Vote
from newsdesk.publiceditor import services as publiceditor
from newsdesk.publiceditor.models import Case, Correction, State
from newsdesk.subscriptions.demo.loader import DEMO_READER
from newsdesk.subscriptions.models import Status, Subscription
from newsdesk.subscriptions.services.subscriptions import subscription_cancel

pytestmark = pytest.mark.django_db

SAST = dt.timezone(dt.timedelta(hours=2))
LOADED = dt.datetime(2026, 11, 25, 10, 0, tzinfo=SAST)  # a Wednesday, with the markets open
# More than the comment rate limit's minute later, as a second `make run` would be.
RELOADED = LOADED + dt.timedelta(minutes=3)


def _load() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def _row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def _user(username: str):
    return get_user_model().objects.get(username=username)


def _thread(article) -> list[tuple[str, int | None, str, str]]:
    return list(
        Comment.objects.filter(article_id=article.pk)
        .order_by("pk")
        .values_list("author__username", "parent_id", "status", "body")
    )


def _commented_articles() -> list:
    """Return the live articles the demo conversations are about, in the order of the conversations."""
    return list(live_demo_articles([conversation["article"] for conversation in CONVERSATIONS]).values())


def test_demo_loads_again_after_each_role_changed_it_and_a_third_run_changes_nothing():
    with time_machine.travel(LOADED, tick=False):
        _load()
        newest, second, third = _commented_articles()
        # The section's poll goes on the first top-level section of the demo.
        assert Poll.objects.get(placement=Placement.SECTION).section.slug == demo_content().sections[0]["slug"]
        assert Comment.objects.filter(status=CommentStatus.PUBLISHED).count() == sum(
            len(c["comments"]) for c in CONVERSATIONS
        )
        moderator, subeditor, public_editor = _user("moderator"), _user("subeditor"), _user("publiceditor")
        naledi, pieter, aisha = (_user(f"demo-commenter-{name}") for name in ("naledi", "pieter", "aisha"))

        # The comment moderator removes a top-level comment that has a reply, and bans a commenter outright.
        removed = Comment.objects.get(article_id=newest.pk, author=naledi, parent=None)
        assert Comment.objects.filter(parent=removed).exists()
        comments.comment_reject(moderator=moderator, comment_id=removed.pk, reason="Off topic")
        comments.commenter_ban(moderator=moderator, user_id=aisha.pk, reason="Spam", reject_past=True)
        # Commenters edit and delete their own comments (the edit window is still open).
        edited = Comment.objects.get(article_id=newest.pk, author=pieter, parent=removed)
        comments.comment_edit(user=pieter, comment_id=edited.pk, body="Edited: the council's figures, not mine.")
        own = Comment.objects.filter(article_id=second.pk, author=naledi).order_by("pk").first()
        comments.comment_delete(user=naledi, comment_id=own.pk)

        # The sub-editor unpublishes one commented article, deletes another, moves a third and renames a fourth.
        UnpublishPageAction(second, user=subeditor).execute()
        DeletePageAction(third, user=subeditor).execute()
        commented = {conversation["article"] for conversation in CONVERSATIONS}
        others = [spec for spec in demo_content().articles if spec["slug"] not in commented]
        spec_moved, spec_renamed, spec_adopted = others[:3]
        moved = ArticlePage.objects.get(slug=spec_moved["slug"])
        elsewhere = SectionPage.objects.exclude(pk=moved.get_parent().pk).filter(depth=3).first()
        MovePageAction(moved, elsewhere, pos="last-child", user=subeditor).execute()
        renamed = ArticlePage.objects.get(slug=spec_renamed["slug"])
        renamed.title, renamed.slug = "A new headline from the desk", "a-new-headline-from-the-desk"
        renamed.save_revision(user=subeditor).publish(user=subeditor)
        # An article loaded before demo pages carried their identity.
        ArticlePage.objects.filter(slug=spec_adopted["slug"]).update(translation_key=uuid.uuid4())

        # A reader votes, then an editor closes the site poll and rewords the section poll (in the admin's form).
        site_poll = Poll.objects.get(placement=Placement.SITE)
        polls.vote_cast(
            poll=site_poll,
            option=site_poll.options.first(),
            voter=polls.Voter(voter_key=polls.voter_key_new()),
            ip="192.0.2.10",
        )
        site_poll.status = PollStatus.CLOSED
        site_poll.save()
        Poll.objects.filter(placement=Placement.SECTION).update(question="Should libraries open on Sundays?")

        # The public editor closes the resolved case, publishes a correction (its own permission, no page rights
        # needed) and erases a reader's data.
        resolved = Case.objects.get(state=State.RESOLVED, article__isnull=False)
        publiceditor.case_transition(case=resolved, action="close", actor=public_editor)
        publiceditor.correction_publish(
            article=ArticlePage.objects.live().order_by("pk").last(),
            kind="clarification",
            text="This article has been updated to make the timeline clearer.",
            actor=public_editor,
        )
        assert publiceditor.person_erase(email="ayesha@demo.newsdesk.invalid", actor=public_editor) == 1

        # The demo subscriber cancels; an admin deletes an instrument and renames a commenter and a staff member.
        subscription_cancel(subscription=Subscription.objects.get(user__username=DEMO_READER))
        Instrument.objects.filter(code="BRENT").delete()
        get_user_model().objects.filter(pk=pieter.pk).update(username="pieter")
        get_user_model().objects.filter(username="editor").update(username="elena")
        before = {"newest": _thread(newest), "second": _thread(second)}
        votes, cases, corrections = Vote.objects.count(), Case.objects.count(), Correction.objects.count()
        polls_before = Poll.objects.count()

    with time_machine.travel(RELOADED, tick=False):
        output = _load()
        counts = _row_counts()
        assert _load() and _row_counts() == counts

    assert "comments: 1 demo comments added under 2 articles" in output
    # What users changed stays changed.
    assert _thread(newest) == before["newest"]
    assert Comment.objects.get(pk=removed.pk).status == CommentStatus.REJECTED
    assert Comment.objects.get(pk=edited.pk).body == "Edited: the council's figures, not mine."
    assert CommenterProfile.objects.get(user=aisha).banned
    assert not Comment.objects.filter(author=aisha, status=CommentStatus.PUBLISHED).exists()
    assert _thread(second) == before["second"]
    assert not ArticlePage.objects.get(pk=second.pk).live
    assert ArticlePage.objects.get(slug=spec_moved["slug"]).get_parent().pk == elsewhere.pk
    assert not ArticlePage.objects.filter(title=spec_renamed["headline"]).exists()
    assert ArticlePage.objects.filter(slug=spec_adopted["slug"]).count() == 1
    assert Poll.objects.get(pk=site_poll.pk).status == PollStatus.CLOSED
    assert (Poll.objects.count(), Vote.objects.count()) == (polls_before, votes)
    assert (Case.objects.count(), Correction.objects.count()) == (cases, corrections)
    assert Case.objects.get(pk=resolved.pk).state == State.CLOSED
    assert list(Subscription.objects.filter(user__username=DEMO_READER).values_list("status", flat=True)) == [
        Status.CANCELLED
    ]
    assert not Instrument.objects.filter(code="BRENT").exists()
    assert not get_user_model().objects.filter(username__in=["editor", "demo-commenter-pieter"]).exists()
    # What users deleted comes back where making it again works: the article, with the part of its conversation
    # whose writers may still comment (Pieter's question; Aisha is banned, and the replies hang on her comments).
    recreated = _commented_articles()[2]
    assert recreated.pk != third.pk and recreated.live
    assert _thread(recreated) == [("pieter", None, CommentStatus.PUBLISHED, CONVERSATIONS[2]["comments"][2]["text"])]
