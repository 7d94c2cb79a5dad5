"""The comment services: posting, the policy, the filters, editing, deleting, reporting, moderating."""

from datetime import time, timedelta
from unittest import mock

import pytest
from django.utils import timezone

from newsdesk.comments import services
from newsdesk.comments.filters import ToxicityVerdict
from newsdesk.comments.models import (
    ArticleCommentStats,
    Comment,
    CommentPolicyOverride,
    CommentStatus,
    ModerationAction,
    Report,
)
from newsdesk.comments.selectors import published_count

from .factories import make_commented_article, make_moderator, make_reader, site_settings

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return make_commented_article()


@pytest.fixture
def reader():
    return make_reader("Thandi")


def _count(article) -> int:
    return (
        ArticleCommentStats.objects.filter(article_id=article.pk).values_list("published_count", flat=True).first() or 0
    )


def test_post_publishes_at_once_and_counts(article, reader):
    comment = services.comment_post(user=reader, article=article, body="  First!\r\n\r\nSecond paragraph.  ")
    assert comment.status == CommentStatus.PUBLISHED
    assert comment.body == "First!\n\nSecond paragraph."
    assert comment.body_html == "<p>First!</p><p>Second paragraph.</p>"
    assert _count(article) == 1
    assert published_count(article_id=article.pk) == 1


def test_reply_to_reply_is_listed_under_the_top_level_comment(article, reader):
    other = make_reader("Sipho")
    top = services.comment_post(user=reader, article=article, body="Top")
    reply = services.comment_post(user=other, article=article, body="Reply", parent_id=top.pk)
    deeper = services.comment_post(user=reader, article=article, body="Deeper", parent_id=reply.pk)
    assert (reply.root_id, reply.parent_id) == (top.pk, top.pk)
    assert (deeper.root_id, deeper.parent_id) == (top.pk, reply.pk)
    assert Comment.objects.get(pk=top.pk).has_replies is True
    assert _count(article) == 3


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", services.EMPTY_BODY),
        ("   \n\n \t ", services.EMPTY_BODY),
        ("x" * 3001, "A comment can be at most 3,000 characters; yours has 3,001."),
    ],
)
def test_bad_bodies_are_refused_and_store_nothing(article, reader, body, message):
    with pytest.raises(services.CommentError) as caught:
        services.comment_post(user=reader, article=article, body=body)
    assert caught.value.message == message
    assert Comment.objects.count() == 0
    assert _count(article) == 0


def test_exactly_3000_characters_and_one_character_are_accepted(article, reader):
    assert services.comment_post(user=reader, article=article, body="é" * 3000).status == "published"
    assert services.comment_post(user=reader, article=article, body="k").status == "published"


def test_emoji_rtl_and_combining_characters_survive(article, reader):
    body = "Siyabonga 👍🏽 — مرحبا بالعالم — שלום — e\u0301 n\u0303 \u200f"
    comment = services.comment_post(user=reader, article=article, body=body)
    assert comment.body == body.strip()
    assert "👍🏽" in comment.body_html and "مرحبا بالعالم" in comment.body_html and "e\u0301" in comment.body_html


def test_anonymous_reader_cannot_post(article):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(services.NotAllowed) as caught:
        services.comment_post(user=AnonymousUser(), article=article, body="Hello")
    assert caught.value.message == services.SIGN_IN_TO_COMMENT
    assert Comment.objects.count() == 0


def test_reader_without_display_name_is_asked_for_one(article):
    user = make_reader("Nameless", profile=False)
    with pytest.raises(services.NotAllowed) as caught:
        services.comment_post(user=user, article=article, body="Hello")
    assert caught.value.message == services.CHOOSE_DISPLAY_NAME
    assert Comment.objects.count() == 0


def test_closed_site_setting_and_disabled_article_refuse(article, reader):
    site_settings(who_may_comment="nobody")
    with pytest.raises(services.NotAllowed) as caught:
        services.comment_post(user=reader, article=article, body="Hello")
    assert caught.value.message == "Comments are closed on this article."
    assert Comment.objects.count() == 0


def test_subscribers_only_refuses_readers_and_admits_entitled_ones(article, reader):
    CommentPolicyOverride.objects.create(page=article, who_may_comment="subscribers")
    with pytest.raises(services.NotAllowed) as caught:
        services.comment_post(user=reader, article=article, body="Hello")
    assert caught.value.message == services.SUBSCRIBERS_ONLY
    staff = make_reader("Staff Reader", staff=True)
    assert services.comment_post(user=staff, article=article, body="Hello").status == "published"
    assert Comment.objects.count() == 1


def test_section_override_closes_its_articles_and_article_override_reopens(reader):
    article = make_commented_article()
    CommentPolicyOverride.objects.create(page=article.get_parent(), who_may_comment="nobody")
    with pytest.raises(services.NotAllowed):
        services.comment_post(user=reader, article=article, body="Hello")
    CommentPolicyOverride.objects.create(page=article.page_ptr, who_may_comment="signed_in")
    assert services.comment_post(user=reader, article=article, body="Hello").status == "published"


def test_close_after_days_closes_old_articles(reader):
    article = make_commented_article(published_at=timezone.now() - timedelta(days=8))
    site_settings(close_after_days=7)
    with pytest.raises(services.NotAllowed) as caught:
        services.comment_post(user=reader, article=article, body="Late")
    assert caught.value.message == "Comments close 7 days after an article is published."


def test_pre_moderation_holds_and_approval_publishes_and_counts(article, reader):
    CommentPolicyOverride.objects.create(page=article, moderation_mode="pre")
    comment = services.comment_post(user=reader, article=article, body="Held")
    assert comment.status == CommentStatus.PENDING
    assert comment.filter_notes == [
        {"step": "moderation_mode", "verdict": "hold", "explanation": "Pre-moderation is on for this article."}
    ]
    assert _count(article) == 0
    moderator = make_moderator()
    services.comment_approve(moderator=moderator, comment_id=comment.pk)
    assert Comment.objects.get(pk=comment.pk).status == CommentStatus.PUBLISHED
    assert _count(article) == 1
    assert reader.commenter_profile.__class__.objects.get(user=reader).approved_count == 1
    action = ModerationAction.objects.get()
    assert (action.kind, action.actor_id, action.comment_id) == ("approve", moderator.pk, comment.pk)


def test_first_n_comments_of_new_commenter_are_held(article, reader):
    site_settings(premoderate_first_n=1)
    first = services.comment_post(user=reader, article=article, body="One")
    assert first.status == CommentStatus.PENDING
    services.comment_approve(moderator=make_moderator(), comment_id=first.pk)
    assert services.comment_post(user=reader, article=article, body="Two").status == CommentStatus.PUBLISHED


def test_scheduled_overnight_premoderation(article, reader):
    site_settings(premoderate_from=time(22, 0), premoderate_until=time(6, 0))
    night = timezone.make_aware(timezone.datetime(2026, 11, 28, 23, 30))
    with mock.patch("newsdesk.comments.services.timezone.now", return_value=night):
        comment = services.comment_post(user=reader, article=article, body="Late night")
    assert comment.status == CommentStatus.PENDING


def test_scheduled_overnight_closing_refuses_with_the_reopening_time(article, reader):
    site_settings(premoderate_from=time(22, 0), premoderate_until=time(6, 0), scheduled_action="close")
    night = timezone.make_aware(timezone.datetime(2026, 11, 28, 23, 30))
    with mock.patch("newsdesk.comments.services.timezone.now", return_value=night):
        with pytest.raises(services.NotAllowed) as caught:
            services.comment_post(user=reader, article=article, body="Late night")
    assert caught.value.message == "Comments are closed for the night; they open again at 06:00 SAST."
    assert Comment.objects.count() == 0
    morning = timezone.make_aware(timezone.datetime(2026, 11, 29, 6, 0))
    with mock.patch("newsdesk.comments.services.timezone.now", return_value=morning):
        comment = services.comment_post(user=reader, article=article, body="Good morning")
    assert comment.status == CommentStatus.PUBLISHED


def test_reader_marked_for_premoderation_is_held(article, reader):
    services.commenter_premoderate(moderator=make_moderator(), user_id=reader.pk)
    assert services.comment_post(user=reader, article=article, body="Hi").status == CommentStatus.PENDING


def test_filter_pipeline_explains_each_step(article, reader):
    site_settings(banned_words="scumbag", suspect_words="idiot\nfake news", max_links=1)
    rejected = services.comment_post(user=reader, article=article, body="You SCUMBAG.")
    assert rejected.status == CommentStatus.REJECTED
    assert rejected.filter_notes == [
        {"step": "banned_words", "verdict": "reject", "explanation": "Contains banned words: scumbag."}
    ]
    assert ModerationAction.objects.get().kind == "auto_filter"
    held = services.comment_post(
        user=reader, article=article, body="This is fake news, see http://a.example and https://b.example"
    )
    assert held.status == CommentStatus.PENDING
    assert [n["explanation"] for n in held.filter_notes] == [
        "Contains suspect words: fake news.",
        "Has 2 links; more than 1 are held.",
    ]
    repeat = services.comment_post(
        user=reader, article=article, body="this is FAKE   news, see http://a.example and https://b.example"
    )
    assert "The same text was posted by this reader before." in [n["explanation"] for n in repeat.filter_notes]
    assert _count(article) == 0


def test_toxicity_hook_is_off_by_default_and_holds_when_configured(article, reader, settings):
    assert services.comment_post(user=reader, article=article, body="Fine words").status == "published"
    settings.COMMENTS_TOXICITY_HOOK = "newsdesk.comments.tests.test_services.fake_toxicity"
    comment = services.comment_post(user=reader, article=article, body="Nasty words")
    assert comment.status == CommentStatus.PENDING
    assert comment.filter_notes[-1] == {
        "step": "toxicity",
        "verdict": "hold",
        "explanation": "Toxicity score 0.93 (insult).",
    }


def fake_toxicity(text: str) -> ToxicityVerdict:
    return ToxicityVerdict(score=0.93, reason="insult")


def test_rate_limit_refuses_the_sixth_comment_in_a_minute(article, reader):
    for i in range(5):
        services.comment_post(user=reader, article=article, body=f"Comment {i}")
    with pytest.raises(services.RateLimited) as caught:
        services.comment_post(user=reader, article=article, body="Comment 6")
    assert caught.value.message == services.RATE_LIMITED
    assert Comment.objects.count() == 5


def test_one_address_and_one_network_are_limited_across_readers(article):
    site_settings(rate_limit_per_ip_per_minute=2, rate_limit_per_network_per_minute=3)
    readers = [make_reader(f"Reader {i}") for i in range(5)]
    services.comment_post(user=readers[0], article=article, body="One", ip="198.51.100.7")
    services.comment_post(user=readers[1], article=article, body="Two", ip="198.51.100.7")
    with pytest.raises(services.RateLimited) as caught:
        services.comment_post(user=readers[2], article=article, body="Three", ip="198.51.100.7")
    assert caught.value.message == services.RATE_LIMITED_ADDRESS
    assert caught.value.status == 429
    # Another address on the same /24 has its own allowance, but the network's is shared.
    services.comment_post(user=readers[2], article=article, body="Three", ip="198.51.100.8")
    with pytest.raises(services.RateLimited) as caught:
        services.comment_post(user=readers[3], article=article, body="Four", ip="198.51.100.9")
    assert caught.value.message == services.RATE_LIMITED_ADDRESS
    services.comment_post(user=readers[3], article=article, body="Four", ip="198.51.101.9")  # another network
    assert sorted(Comment.objects.values_list("body", flat=True)) == ["Four", "One", "Three", "Two"]


def test_ipv6_addresses_share_their_64_network(article):
    site_settings(rate_limit_per_ip_per_minute=5, rate_limit_per_network_per_minute=1)
    first, second = make_reader("First"), make_reader("Second")
    services.comment_post(user=first, article=article, body="One", ip="2001:db8:1:2::1")
    with pytest.raises(services.RateLimited):
        services.comment_post(user=second, article=article, body="Two", ip="2001:db8:1:2:ffff::9")
    services.comment_post(user=second, article=article, body="Two", ip="2001:db8:1:3::1")
    assert Comment.objects.count() == 2


def test_reports_are_limited_per_reader_and_per_address(article):
    site_settings(report_rate_limit_per_minute=2, rate_limit_per_ip_per_minute=3)
    author = make_reader("Author")
    comments = [services.comment_post(user=author, article=article, body=f"Comment {i}") for i in range(5)]
    reporter, other = make_reader("Reporter"), make_reader("Other")
    for comment in comments[:2]:
        services.comment_report(user=reporter, comment_id=comment.pk, reason="spam", ip="203.0.113.5")
    with pytest.raises(services.RateLimited) as caught:
        services.comment_report(user=reporter, comment_id=comments[2].pk, reason="spam", ip="203.0.113.5")
    assert caught.value.message == services.REPORTS_RATE_LIMITED
    services.comment_report(user=other, comment_id=comments[3].pk, reason="spam", ip="203.0.113.5")
    with pytest.raises(services.RateLimited) as caught:
        services.comment_report(user=other, comment_id=comments[4].pk, reason="spam", ip="203.0.113.5")
    assert caught.value.message == services.REPORTS_RATE_LIMITED_ADDRESS
    assert Report.objects.count() == 3


def test_reply_to_other_articles_or_deleted_comment_is_refused(article, reader):
    other_article = make_commented_article("Another story", section_title="Sport")
    elsewhere = services.comment_post(user=reader, article=other_article, body="Elsewhere")
    with pytest.raises(services.CommentError) as caught:
        services.comment_post(user=reader, article=article, body="Cross", parent_id=elsewhere.pk)
    assert caught.value.message == services.REPLY_WRONG_ARTICLE
    services.comment_delete(user=reader, comment_id=elsewhere.pk)
    with pytest.raises(services.CommentError) as caught:
        services.comment_post(user=reader, article=other_article, body="To deleted", parent_id=elsewhere.pk)
    assert caught.value.message == services.REPLY_TARGET_GONE
    with pytest.raises(services.CommentError):
        services.comment_post(user=reader, article=article, body="To nothing", parent_id=999999)
    assert Comment.objects.count() == 1


def test_banned_and_suspended_readers_cannot_post(article, reader):
    moderator = make_moderator()
    until = timezone.now() + timedelta(days=3)
    services.commenter_ban(moderator=moderator, user_id=reader.pk, reason="Trolling", until=until)
    with pytest.raises(services.NotAllowed) as caught:
        services.comment_post(user=reader, article=article, body="Hello")
    assert caught.value.message.startswith("You cannot comment until ")
    services.commenter_ban(moderator=moderator, user_id=reader.pk, reason="Again")
    with pytest.raises(services.NotAllowed) as caught:
        services.comment_post(user=reader, article=article, body="Hello")
    assert caught.value.message == services.BANNED
    assert Comment.objects.count() == 0
    assert list(ModerationAction.objects.order_by("created_at", "id").values_list("kind", flat=True)) == [
        "suspend",
        "ban",
    ]


def test_ban_can_reject_past_comments_and_the_count_follows(article, reader):
    services.comment_post(user=reader, article=article, body="One")
    services.comment_post(user=reader, article=article, body="Two")
    assert _count(article) == 2
    services.commenter_ban(moderator=make_moderator(), user_id=reader.pk, reason="Spam", reject_past=True)
    assert set(Comment.objects.values_list("status", flat=True)) == {"rejected"}
    assert _count(article) == 0
    assert ModerationAction.objects.get().details["rejected_past"] == 2


def test_edit_within_window_marks_edited_and_after_window_is_refused(article, reader):
    comment = services.comment_post(user=reader, article=article, body="Teh")
    edited = services.comment_edit(user=reader, comment_id=comment.pk, body="The")
    assert (edited.body, edited.body_html, edited.edited_at is not None) == ("The", "<p>The</p>", True)
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(minutes=6))
    with pytest.raises(services.NotAllowed) as caught:
        services.comment_edit(user=reader, comment_id=comment.pk, body="Changed")
    assert caught.value.message == "Comments can only be edited for 5 minutes after posting."
    assert Comment.objects.get(pk=comment.pk).body == "The"


def test_only_the_author_can_edit_or_delete(article, reader):
    comment = services.comment_post(user=reader, article=article, body="Mine")
    other = make_reader("Sipho")
    with pytest.raises(services.NotAllowed):
        services.comment_edit(user=other, comment_id=comment.pk, body="Yours")
    with pytest.raises(services.NotAllowed):
        services.comment_delete(user=other, comment_id=comment.pk)
    assert Comment.objects.get(pk=comment.pk).status == "published"


def test_delete_drops_the_count(article, reader):
    comment = services.comment_post(user=reader, article=article, body="Oops")
    services.comment_delete(user=reader, comment_id=comment.pk)
    assert Comment.objects.get(pk=comment.pk).status == "deleted"
    assert _count(article) == 0
    with pytest.raises(services.Conflict):
        services.comment_delete(user=reader, comment_id=comment.pk)
    assert _count(article) == 0


def test_reports_hide_a_comment_at_the_threshold_once_per_reader(article, reader):
    site_settings(report_threshold=2)
    comment = services.comment_post(user=reader, article=article, body="Hot take")
    first, second = make_reader("R1"), make_reader("R2")
    services.comment_report(user=first, comment_id=comment.pk, reason="abusive")
    with pytest.raises(services.Conflict) as caught:
        services.comment_report(user=first, comment_id=comment.pk, reason="spam")
    assert caught.value.message == services.ALREADY_REPORTED
    assert Comment.objects.get(pk=comment.pk).status == "published"
    services.comment_report(user=second, comment_id=comment.pk, reason="spam")
    hidden = Comment.objects.get(pk=comment.pk)
    assert (hidden.status, hidden.reported, hidden.reports_count) == ("pending", True, 2)
    assert Report.objects.count() == 2
    assert _count(article) == 0
    assert ModerationAction.objects.get().kind == "auto_hold"


def test_report_with_unknown_reason_or_own_comment_stores_nothing(article, reader):
    comment = services.comment_post(user=reader, article=article, body="Mine")
    with pytest.raises(services.CommentError):
        services.comment_report(user=make_reader("R1"), comment_id=comment.pk, reason="because")
    with pytest.raises(services.CommentError) as caught:
        services.comment_report(user=reader, comment_id=comment.pk, reason="spam")
    assert caught.value.message == services.CANNOT_REPORT_OWN
    assert Report.objects.count() == 0


def test_reject_needs_a_reason_and_is_audited(article, reader):
    comment = services.comment_post(user=reader, article=article, body="Off topic")
    moderator = make_moderator()
    with pytest.raises(services.CommentError) as caught:
        services.comment_reject(moderator=moderator, comment_id=comment.pk, reason="  ")
    assert caught.value.message == services.REJECT_NEEDS_REASON
    assert ModerationAction.objects.count() == 0
    services.comment_reject(moderator=moderator, comment_id=comment.pk, reason="Off topic")
    assert Comment.objects.get(pk=comment.pk).rejection_reason == "Off topic"
    assert _count(article) == 0
    assert ModerationAction.objects.get().reason == "Off topic"


def test_readers_cannot_moderate(article, reader):
    comment = services.comment_post(user=reader, article=article, body="Hi")
    with pytest.raises(services.NotAllowed):
        services.comment_feature(moderator=reader, comment_id=comment.pk)
    assert ModerationAction.objects.count() == 0


def test_feature_is_audited(article, reader):
    comment = services.comment_post(user=reader, article=article, body="Great point")
    services.comment_feature(moderator=make_moderator(), comment_id=comment.pk)
    assert Comment.objects.get(pk=comment.pk).featured is True
    assert ModerationAction.objects.get().kind == "feature"


def test_display_name_is_chosen_once_and_unique_ignoring_case():
    user = make_reader("Someone", profile=False)
    services.commenter_profile_create(user=user, display_name="  Lindiwe   M ")
    assert user.commenter_profile.display_name == "Lindiwe M"
    with pytest.raises(services.Conflict) as caught:
        services.commenter_profile_create(user=user, display_name="Other")
    assert caught.value.message == services.DISPLAY_NAME_ALREADY_CHOSEN
    with pytest.raises(services.Conflict) as caught:
        services.commenter_profile_create(user=make_reader("Else", profile=False), display_name="lindiwe m")
    assert caught.value.message == services.DISPLAY_NAME_TAKEN


def test_demo_loader_twice_creates_nothing_new():
    from newsdesk.comments.demo.loader import CONVERSATIONS, load
    from newsdesk.news.demo.loader import demo_key
    from newsdesk.news.models import ArticlePage

    article = make_commented_article("Demo story")
    conversation = CONVERSATIONS[0]  # the article it discusses stands in for the demo's
    ArticlePage.objects.filter(pk=article.pk).update(translation_key=demo_key("article", conversation["article"]))
    load()
    first = (Comment.objects.count(), ArticleCommentStats.objects.get().published_count)
    load()
    expected = len(conversation["comments"])
    assert (Comment.objects.count(), ArticleCommentStats.objects.get().published_count) == first == (expected, expected)
