"""The reader endpoints, through HTTP: the slot, the fragment, posting, CSRF, permalinks, pagination at scale."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from newsdesk.comments import services
from newsdesk.comments.models import ArticleCommentStats, Comment, CommenterProfile, CommentStatus
from newsdesk.comments.notifications import unsubscribe_token
from newsdesk.comments.selectors import PER_PAGE
from newsdesk.comments.text import body_hash
from newsdesk.comments.views import BAD_UNSUBSCRIBE_LINK, UNSUBSCRIBED
from newsdesk.core.converters import MAX_DATABASE_ID

from .factories import make_commented_article, make_moderator, make_reader

pytestmark = pytest.mark.django_db
FRAGMENT = {"HTTP_X_FRAGMENT": "1"}


@pytest.fixture
def article():
    return make_commented_article()


def _signed_in(user, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


def test_article_page_shows_the_published_count_and_no_csrf_token(client, article):
    reader = make_reader()
    services.comment_post(user=reader, article=article, body="One")
    services.comment_post(user=reader, article=article, body="Two")
    held = services.comment_post(user=reader, article=article, body="Three")
    services.comment_reject(
        moderator=make_reader("Boss", staff=True, profile=False).__class__.objects.create_superuser(
            "mod", "m@example.com", "x"
        ),
        comment_id=held.pk,
        reason="No",
    )
    html = client.get(article.url).content.decode()
    assert f'href="/comments/article/{article.pk}/all/"' in html
    assert "Show Comments (<span data-comments-count>2</span>)" in html
    assert "csrfmiddlewaretoken" not in html
    assert Client().get(article.url).content == client.get(article.url).content


def test_the_count_comes_from_the_cache_and_follows_every_change_for_every_reader(article):
    from newsdesk.comments.selectors import published_count

    reader = make_reader()
    signed_in = _signed_in(reader)
    first = services.comment_post(user=reader, article=article, body="One")
    assert published_count(article_id=article.pk) == 1
    with CaptureQueriesContext(connection) as reads:
        assert published_count(article_id=article.pk) == 1
    assert reads.captured_queries == []  # no count query per view: the stored counter, cached
    services.comment_post(user=reader, article=article, body="Two")
    services.comment_post(user=reader, article=article, body="Three")
    services.comment_delete(user=reader, comment_id=first.pk)
    anonymous_page = Client().get(article.url).content
    assert b"Show Comments (<span data-comments-count>2</span>)" in anonymous_page
    assert signed_in.get(article.url).content == anonymous_page  # the article page is the same bytes for all


def test_fragment_lists_published_comments_for_anonymous_readers_with_a_sign_in_link(client, article):
    services.comment_post(user=make_reader(), article=article, body="Visible")
    response = client.get(f"/comments/article/{article.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert "Visible" in html and services.SIGN_IN_TO_COMMENT in html
    assert "csrfmiddlewaretoken" not in html


def test_fragment_for_a_signed_in_reader_carries_the_form_with_csrf(article):
    client = _signed_in(make_reader())
    html = client.get(f"/comments/article/{article.pk}/").content.decode()
    assert 'name="csrfmiddlewaretoken"' in html
    assert f'action="/comments/article/{article.pk}/post/"' in html


def test_posting_through_the_fragment_answers_201_with_the_new_comment(article):
    reader = make_reader()
    client = _signed_in(reader)
    response = client.post(f"/comments/article/{article.pk}/post/", {"body": "Hello there"}, **FRAGMENT)
    assert response.status_code == 201
    comment = Comment.objects.get()
    assert response["X-Comment-Id"] == str(comment.pk)
    html = response.content.decode()
    assert services.POSTED in html and "Hello there" in html and 'data-count="1"' in html


def test_posting_without_javascript_redirects_to_the_comment(article):
    client = _signed_in(make_reader())
    response = client.post(f"/comments/article/{article.pk}/post/", {"body": "No JS here"})
    comment = Comment.objects.get()
    assert response.status_code == 303
    assert response["Location"] == f"/comments/article/{article.pk}/all/#c{comment.pk}"
    page = client.get(response["Location"]).content.decode()
    assert services.POSTED in page and "No JS here" in page


def test_csrf_is_enforced(article):
    client = _signed_in(make_reader(), enforce_csrf_checks=True)
    response = client.post(f"/comments/article/{article.pk}/post/", {"body": "Forged"})
    assert response.status_code == 403
    assert Comment.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "status", "message"),
    [
        ({"body": ""}, 400, services.EMPTY_BODY),
        ({"body": "x" * 3001}, 400, "A comment can be at most 3,000 characters; yours has 3,001."),
        ({"body": "Hi", "parent": "abc"}, 400, "Check the form and try again."),
        ({"body": "Hi", "parent": "999999"}, 400, services.REPLY_TARGET_GONE),
    ],
)
def test_bad_posts_get_a_4xx_with_the_message_and_store_nothing(article, data, status, message):
    client = _signed_in(make_reader())
    response = client.post(f"/comments/article/{article.pk}/post/", data, **FRAGMENT)
    assert response.status_code == status
    assert message in response.content.decode()
    assert Comment.objects.count() == 0
    assert not ArticleCommentStats.objects.filter(published_count__gt=0).exists()


def test_cross_article_reply_is_refused(article):
    reader = make_reader()
    other = make_commented_article("Other story", section_title="Sport")
    elsewhere = services.comment_post(user=reader, article=other, body="Elsewhere")
    client = _signed_in(make_reader("Sipho"))
    response = client.post(
        f"/comments/article/{article.pk}/post/", {"body": "Cross", "parent": elsewhere.pk}, **FRAGMENT
    )
    assert response.status_code == 400
    assert services.REPLY_WRONG_ARTICLE in response.content.decode()
    assert Comment.objects.count() == 1


def test_anonymous_and_closed_posts_are_403_and_store_nothing(client, article):
    response = client.post(f"/comments/article/{article.pk}/post/", {"body": "Anon"}, **FRAGMENT)
    assert response.status_code == 403
    article.comments_enabled = False
    article.save_revision().publish()
    response = _signed_in(make_reader()).post(f"/comments/article/{article.pk}/post/", {"body": "Closed"}, **FRAGMENT)
    assert response.status_code == 403
    assert "Comments are closed on this article." in response.content.decode()
    assert Comment.objects.count() == 0


def test_unknown_article_is_404(client):
    assert client.get("/comments/article/999999/").status_code == 404
    assert client.get("/comments/article/999999/all/").status_code == 404


@pytest.mark.parametrize("article_id", ["9" * 40, str(MAX_DATABASE_ID)])
def test_an_article_id_no_row_can_have_is_404_for_a_signed_in_poster_and_stores_nothing(article, article_id):
    # Forty digits match no URL (the id converter); the largest id the converter takes finds no article.
    client = _signed_in(make_reader())
    posted = client.post(f"/comments/article/{article_id}/post/", {"body": "Hello there"}, **FRAGMENT)
    assert posted.status_code == 404
    assert Comment.objects.count() == 0
    assert client.get(f"/comments/article/{article_id}/").status_code == 404
    assert client.get(f"/comments/article/{article_id}/all/").status_code == 404


def _unpublish(article):
    article.unpublish()


def _make_private(article):
    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)


@pytest.mark.parametrize("hide", [_unpublish, _make_private], ids=["unpublished", "private"])
def test_an_article_readers_may_not_see_takes_no_comments_and_shows_no_thread(article, hide):
    reader = make_reader()
    services.comment_post(user=reader, article=article, body="Posted while it was public")
    hide(article)
    client = _signed_in(reader)
    for fragment in (FRAGMENT, {}):
        posted = client.post(f"/comments/article/{article.pk}/post/", {"body": "Hello there"}, **fragment)
        assert posted.status_code == 404
        assert "We could not find that page" in posted.content.decode()
    assert Comment.objects.values_list("body", flat=True).get() == "Posted while it was public"
    for url in (f"/comments/article/{article.pk}/", f"/comments/article/{article.pk}/all/"):
        shown = Client().get(url)
        assert shown.status_code == 404
        assert "Posted while it was public" not in shown.content.decode()


def test_a_private_article_shows_its_signed_in_readers_no_comments_slot(article):
    client = _signed_in(make_reader())
    assert 'class="comments-slot"' in client.get(article.url).content.decode()
    _make_private(article)
    page = client.get(article.url)
    assert page.status_code == 200 and article.title in page.content.decode()
    assert 'class="comments-slot"' not in page.content.decode()


def test_a_forty_digit_article_id_gets_the_sites_404_page():
    response = Client().get(f"/comments/article/{'9' * 40}/all/")
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


def test_replies_show_two_levels_and_deeper_ones_say_who_they_reply_to(client, article):
    thandi, sipho = make_reader("Thandi"), make_reader("Sipho")
    top = services.comment_post(user=thandi, article=article, body="Top")
    reply = services.comment_post(user=sipho, article=article, body="Reply")
    reply = services.comment_post(user=sipho, article=article, body="A reply", parent_id=top.pk)
    services.comment_post(user=thandi, article=article, body="Deeper", parent_id=reply.pk)
    html = client.get(f"/comments/article/{article.pk}/").content.decode()
    assert html.count('class="comments__replies"') == 1
    assert "replying to Sipho" in html


def test_deleted_comment_with_replies_shows_as_comment_deleted(client, article):
    thandi, sipho = make_reader("Thandi"), make_reader("Sipho")
    top = services.comment_post(user=thandi, article=article, body="Regrettable")
    services.comment_post(user=sipho, article=article, body="Answer", parent_id=top.pk)
    lonely = services.comment_post(user=thandi, article=article, body="Lonely")
    services.comment_delete(user=thandi, comment_id=top.pk)
    services.comment_delete(user=thandi, comment_id=lonely.pk)
    html = client.get(f"/comments/article/{article.pk}/").content.decode()
    assert "comment deleted" in html and "Regrettable" not in html and "Lonely" not in html
    assert "Answer" in html


def test_sort_and_featured_first(client, article):
    reader = make_reader()
    first = services.comment_post(user=reader, article=article, body="Alpha")
    services.comment_post(user=reader, article=article, body="Bravo")
    newest = client.get(f"/comments/article/{article.pk}/?sort=newest").content.decode()
    oldest = client.get(f"/comments/article/{article.pk}/?sort=oldest").content.decode()
    assert newest.index("Bravo") < newest.index("Alpha")
    assert oldest.index("Alpha") < oldest.index("Bravo")
    services.comment_feature(moderator=make_moderator(), comment_id=first.pk)
    newest = client.get(f"/comments/article/{article.pk}/?sort=newest&page=junk").content.decode()
    assert newest.index("Alpha") < newest.index("Bravo") and "Editor's pick" in newest


def _bulk_thread(article, author, n: int) -> list[Comment]:
    now = timezone.now()
    tops = Comment.objects.bulk_create(
        Comment(
            article_id=article.pk,
            author=author,
            body=f"Comment {i}",
            body_html=f"<p>Comment {i}</p>",
            body_hash=body_hash(f"Comment {i}"),
            status=CommentStatus.PUBLISHED,
            published_at=now,
        )
        for i in range(n)
    )
    return tops


def _fragment_queries(client, url: str) -> int:
    cache.clear()  # measure a full render, not the anonymous readers' cached copy
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_fragment_query_count_is_fixed_from_ten_to_five_thousand_comments(client, article):
    author = make_reader("Prolific")
    replier = make_reader("Replier")
    tops = _bulk_thread(article, author, 10)
    for top in tops[-3:]:
        services.comment_post(user=replier, article=article, body=f"Re {top.pk}", parent_id=top.pk)
    url = f"/comments/article/{article.pk}/"
    client.get(url)
    small = _fragment_queries(client, url)
    _bulk_thread(article, author, 4990)
    large = _fragment_queries(client, url)
    last_page = _fragment_queries(client, url + "?sort=oldest&page=250")
    assert small == large == last_page
    assert large <= 16
    client.get(url)
    with CaptureQueriesContext(connection) as cached:
        client.get(url)
    assert len(cached.captured_queries) == 1  # the article lookup; the thread comes from the cache
    signed = _signed_in(replier)
    signed.get(url)
    assert _fragment_queries(signed, url) <= 18


def test_permalink_goes_to_the_page_that_shows_the_comment(client, article):
    author = make_reader()
    tops = _bulk_thread(article, author, PER_PAGE + 5)
    oldest = tops[0]
    response = client.get(f"/comments/c/{oldest.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/comments/article/{article.pk}/all/?page=2#c{oldest.pk}"
    page = client.get(response["Location"]).content.decode()
    assert f'id="c{oldest.pk}"' in page
    Comment.objects.filter(pk=oldest.pk).update(status=CommentStatus.REJECTED)
    assert client.get(f"/comments/c/{oldest.pk}/").status_code == 404


def test_edit_delete_and_report_through_http(article):
    thandi, sipho = make_reader("Thandi"), make_reader("Sipho")
    comment = services.comment_post(user=thandi, article=article, body="Frist")
    own = _signed_in(thandi)
    assert own.get(f"/comments/c/{comment.pk}/edit/").status_code == 200
    response = own.post(f"/comments/c/{comment.pk}/edit/", {"body": "First"}, **FRAGMENT)
    assert response.status_code == 200 and "(edited)" in response.content.decode()
    other = _signed_in(sipho)
    assert other.post(f"/comments/c/{comment.pk}/edit/", {"body": "Hijack"}, **FRAGMENT).status_code == 403
    assert other.get(f"/comments/c/{comment.pk}/edit/").status_code == 404
    response = other.post(f"/comments/c/{comment.pk}/report/", {"reason": "spam"}, **FRAGMENT)
    assert response.status_code == 200 and services.REPORTED in response.content.decode()
    assert other.post(f"/comments/c/{comment.pk}/report/", {"reason": "spam"}, **FRAGMENT).status_code == 409
    assert other.post(f"/comments/c/{comment.pk}/report/", {"reason": "nonsense"}, **FRAGMENT).status_code == 400
    assert other.post(f"/comments/c/{comment.pk}/delete/", **FRAGMENT).status_code == 403
    response = own.post(f"/comments/c/{comment.pk}/delete/")
    assert response.status_code == 303
    assert Comment.objects.get(pk=comment.pk).body == "First"
    assert Comment.objects.get(pk=comment.pk).status == "deleted"


def test_profile_page_sets_the_display_name_once(article):
    user = make_reader("Anon", profile=False)
    client = _signed_in(user)
    html = client.get(f"/comments/article/{article.pk}/").content.decode()
    assert "Choose your display name" in html
    response = client.post("/comments/profile/?next=/comments/article/1/all/", {"display_name": "Nomsa K"})
    assert response.status_code == 303 and response["Location"] == "/comments/article/1/all/"
    assert user.commenter_profile.display_name == "Nomsa K"
    other = _signed_in(make_reader("Late", profile=False))
    response = other.post("/comments/profile/", {"display_name": "nomsa k"})
    assert response.status_code == 409 and services.DISPLAY_NAME_TAKEN in response.content.decode()
    assert client.post("/comments/profile/?next=https://evil.example/", {"notify_replies": "on"})["Location"] == (
        "/comments/profile/"
    )
    user.commenter_profile.refresh_from_db()
    assert user.commenter_profile.notify_replies is True


def test_bad_methods_and_junk_never_500(client, article):
    assert client.get(f"/comments/article/{article.pk}/post/").status_code == 405
    assert client.get("/comments/unsubscribe/garbage/").status_code == 400
    assert client.get(f"/comments/article/{article.pk}/?page=%00").status_code in (200, 400)
    assert re.search(r"\d", client.get(f"/comments/article/{article.pk}/?sort=<script>").content.decode())


def test_anonymous_fragment_is_cached_until_the_thread_changes(client, article):
    reader = make_reader()
    services.comment_post(user=reader, article=article, body="Before")
    url = f"/comments/article/{article.pk}/"
    assert "Before" in client.get(url).content.decode()
    comment = services.comment_post(user=reader, article=article, body="After")
    assert "After" in client.get(url).content.decode()
    services.comment_delete(user=reader, comment_id=comment.pk)
    html = client.get(url).content.decode()
    assert "After" not in html and 'data-count="1"' in html


def test_posting_a_reply_through_the_fragment_answers_just_the_new_comment(article):
    thandi, sipho = make_reader("Thandi"), make_reader("Sipho")
    top = services.comment_post(user=thandi, article=article, body="Top")
    response = _signed_in(sipho).post(
        f"/comments/article/{article.pk}/post/", {"body": "Re", "parent": top.pk}, **FRAGMENT
    )
    html = response.content.decode()
    assert response.status_code == 201
    assert f'data-root="{top.pk}"' in html and 'data-count="2"' in html and "Top" not in html


def test_posts_from_one_address_over_its_limit_get_429_with_the_message_and_store_nothing(article):
    from .factories import site_settings

    site_settings(rate_limit_per_ip_per_minute=1)
    first = _signed_in(make_reader("First"), REMOTE_ADDR="192.0.2.10")
    second = _signed_in(make_reader("Second"), REMOTE_ADDR="192.0.2.10")
    url = f"/comments/article/{article.pk}/post/"
    assert first.post(url, {"body": "Hello"}, **FRAGMENT).status_code == 201
    response = second.post(url, {"body": "Me too"}, **FRAGMENT)
    assert response.status_code == 429
    assert services.RATE_LIMITED_ADDRESS in response.content.decode()
    assert list(Comment.objects.values_list("body", flat=True)) == ["Hello"]


OLD_KEY = "old-secret-key-" + "o" * 40
NEW_KEY = "new-secret-key-" + "n" * 40


def test_emailed_unsubscribe_link_survives_a_key_rotation_only_while_the_old_key_is_a_fallback(client):
    with override_settings(SECRET_KEY=OLD_KEY, SECRET_KEY_FALLBACKS=[]):
        link = reverse("comments:unsubscribe", args=[unsubscribe_token(user_id=make_reader(notify=True).pk)])
    reader = CommenterProfile.objects.get()
    with override_settings(SECRET_KEY=NEW_KEY, SECRET_KEY_FALLBACKS=[]):
        response = client.get(link)
    assert response.status_code == 400 and BAD_UNSUBSCRIBE_LINK in response.content.decode()
    reader.refresh_from_db()
    assert reader.notify_replies is True
    with override_settings(SECRET_KEY=NEW_KEY, SECRET_KEY_FALLBACKS=[OLD_KEY]):
        response = client.get(link)
    assert response.status_code == 200 and UNSUBSCRIBED in response.content.decode()
    reader.refresh_from_db()
    assert reader.notify_replies is False
