"""The paywall: premium text reaches entitled readers only, through one door, never through a shared cache."""

from __future__ import annotations

import ast
import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from newsdesk.core.converters import MAX_DATABASE_ID
from newsdesk.news.selectors import article_body_for
from newsdesk.news.tests.factories import make_article, newsroom, paragraph
from newsdesk.newsletters import sending as newsletter_sending
from newsdesk.newsletters import services as newsletter_services
from newsdesk.newsletters.tests.factories import make_edition, make_members, make_newsletter
from newsdesk.paywall import selectors as paywall
from newsdesk.subscriptions.models import Plan

pytestmark = pytest.mark.django_db

# Planted deep in the premium article (its fifth paragraph); no public output may ever carry it.
SECRET = "Zephyrine auditors counted quorvantic ledgers beneath the harbour at Umtata."
SECRET_TOKEN = "Umtata"  # a word of the sentence that no search below types, so it may not appear at all
SECRET_SEARCH = "Zephyrine quorvantic"  # words of the sentence a reader might search for
SECRET_QUOTE = "Nobody outside the vault has heard this pelargonium quote."
TEASER_ONE = "The first paragraph anyone may read."
TEASER_TWO = "The second paragraph anyone may read."
THIRD = "The third paragraph is for subscribers."
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
PAGE_CACHE_ON = override_settings(NEWSDESK_PAGE_CACHE={"ENABLED": True, "MAX_AGE": 60})
JSONLD_RE = re.compile(rb'<script type="application/ld\+json">(.*?)</script>', re.S)


def premium_body() -> list:
    return [
        paragraph(TEASER_ONE),
        ("subheading", "What the auditors found"),
        paragraph(TEASER_TWO),
        ("quote", {"text": SECRET_QUOTE, "attribution": "A vault keeper"}),
        paragraph(THIRD),
        paragraph("The fourth paragraph is for subscribers too."),
        paragraph(SECRET),
        paragraph("The sixth paragraph closes the story."),
    ]


@pytest.fixture
def room():
    cache.clear()
    Plan.objects.filter(slug="premium").update(amount=8950, trial_days=10)  # figures no code or template holds
    room = newsroom(articles=1)
    room["premium"] = make_article(
        room["africa"],
        "The harbour audit",
        body=premium_body(),
        topics=["Diplomacy"],
        premium=True,
        standfirst="Auditors visited the harbour.",
        published_at=timezone.now() - timedelta(minutes=5),
    )
    room["free"] = make_article(
        room["africa"], "An open story", body=[paragraph("Free one."), paragraph("Free two."), paragraph("Free three.")]
    )
    return room


@pytest.fixture(autouse=True, params=["rendered", "kept"])
def body_path(request):
    """Run every paywall test twice: with the full bodies rendered on request, and with them already kept in the
    cache by an entitled reader (paywall/bodies.py), so that no test passes only because the cache was empty."""
    if request.param == "kept" and "room" in request.fixturenames:
        room = request.getfixturevalue("room")
        users = request.getfixturevalue("django_user_model")
        warmer = users.objects.create_user("body-warmer", "warmer@example.com", is_staff=True)
        client = Client()
        client.force_login(warmer)
        for article in (room["premium"], room["free"]):
            assert client.get(f"/subscriptions/article/{article.pk}/body").status_code == 200
    return request.param


@pytest.fixture
def subscriber_client(django_user_model):
    staff = django_user_model.objects.create_user("editor", "editor@example.com", "pw-long-enough-1", is_staff=True)
    client = Client()
    client.force_login(staff)
    return client


def non_subscriber_client(django_user_model) -> Client:
    user = django_user_model.objects.create_user("reader", "reader@example.com", "pw-long-enough-1")
    client = Client()
    client.force_login(user)
    return client


def public_urls(room) -> list[str]:
    article = room["premium"].url
    words = SECRET_SEARCH.replace(" ", "+")
    return [
        article,
        *[f"{article}?format={fmt}" for fmt in ("json", "amp", "print", "txt", "api")],
        f"{article}?print=1",
        f"{article}?full=1",
        "/",
        "/world/",
        "/world/africa/",
        "/topics/diplomacy/",
        f"/search/?q={words}",
        "/search/?q=quorvantic",
        "/search/?q=harbour+audit",
        "/feeds/rss/",
        "/feeds/atom/",
        "/feeds/sections/world/rss/",
        "/feeds/sections/world/africa/atom/",
        "/feeds/topics/diplomacy/rss/",
        "/feeds/topics/diplomacy/atom/",
        "/sitemap.xml",
        "/sitemap-news.xml",
        f"/subscriptions/article/{room['premium'].pk}/body",
        f"/subscriptions/article/{room['premium'].pk}/body?format=json",
        "/api/v2/pages/",
        f"/api/v2/pages/{room['premium'].pk}/",
        f"/admin/pages/{room['premium'].pk}/view_draft/",
    ]


def assert_nothing_leaks(client: Client, urls: list[str], **headers) -> None:
    for url in urls:
        response = client.get(url, follow=True, **headers)
        assert response.status_code < 500, url
        content = response.content
        everything = content + str(response.headers).encode()
        assert SECRET.encode() not in everything, url
        assert SECRET_QUOTE.encode() not in everything, url
        assert THIRD.encode() not in everything, url
        assert SECRET_TOKEN.encode() not in everything, url
        assert b"articleBody" not in content, url


@pytest.mark.parametrize("user_agent", [None, GOOGLEBOT], ids=["browser", "googlebot"])
@pytest.mark.parametrize("reader", ["anonymous", "signed_in_non_subscriber"])
def test_premium_text_reaches_no_public_output(room, django_user_model, reader, user_agent):
    client = non_subscriber_client(django_user_model) if reader != "anonymous" else Client()
    headers = {"HTTP_USER_AGENT": user_agent} if user_agent else {}
    # The search really finds the article (so its results page is checked, not an empty one).
    found = client.get("/search/?q=harbour+audit", **headers)
    assert f'href="{room["premium"].url}"'.encode() in found.content
    assert_nothing_leaks(client, public_urls(room), **headers)
    with PAGE_CACHE_ON:  # and again through the whole-page cache, cold then warm
        assert_nothing_leaks(client, public_urls(room), **headers)
        assert_nothing_leaks(client, public_urls(room), **headers)


def test_premium_text_leaks_nowhere_after_an_entitled_reader_warmed_the_cache(room, subscriber_client):
    with PAGE_CACHE_ON:
        for url in public_urls(room):
            subscriber_client.get(url, follow=True)
        assert_nothing_leaks(Client(), public_urls(room))


def test_article_page_shows_the_teaser_and_the_offer(room):
    response = Client().get(room["premium"].url)
    content = response.content.decode()
    assert response.status_code == 200
    assert TEASER_ONE in content and TEASER_TWO in content
    assert "What the auditors found" not in content  # only paragraph blocks make the teaser
    assert f'data-paywall-body="/subscriptions/article/{room["premium"].pk}/body"' in content
    assert 'class="article__body paywalled"' in content
    # The figures are the plan's (see the room fixture), not the seed's.
    assert "Try everything free for 10 days." in content
    assert (
        "After that, R89.50 per month. Cancel anytime; cancel within the 10 days and you are never billed." in content
    )
    assert '<a class="paywall-offer__link" href="/subscribe/">' in content
    assert "paywall/paywall.js" in content


def test_structured_data_marks_the_paywall_and_carries_no_body(room):
    content = Client().get(room["premium"].url).content
    (raw,) = JSONLD_RE.findall(content)
    data = json.loads(raw)
    assert "articleBody" not in data
    assert data["isAccessibleForFree"] is False
    assert data["hasPart"] == {"@type": "WebPageElement", "isAccessibleForFree": False, "cssSelector": ".paywalled"}
    assert data["description"] == "Auditors visited the harbour."


def test_social_meta_carry_the_standfirst_only(room):
    content = Client().get(room["premium"].url).content.decode()
    for name in ('property="og:description"', 'name="twitter:description"', 'name="description"'):
        (value,) = re.findall(rf'<meta {name} content="([^"]*)"', content)
        assert value == "Auditors visited the harbour."


def test_free_article_page_has_the_whole_body_and_no_offer(room):
    content = Client().get(room["free"].url).content.decode()
    assert "Free three." in content
    assert "data-paywall-body" not in content
    assert "paywall-offer" not in content
    assert "paywalled" not in content


def test_anonymous_article_page_is_cookie_free_identical_and_publicly_cacheable(room):
    with PAGE_CACHE_ON:
        first, second = Client().get(room["premium"].url), Client().get(room["premium"].url)
        third = Client(HTTP_USER_AGENT=GOOGLEBOT).get(room["premium"].url)
    assert first.status_code == second.status_code == third.status_code == 200
    assert not first.cookies and not second.cookies and not third.cookies
    assert "Set-Cookie" not in first.headers and "Set-Cookie" not in second.headers
    assert first.content == second.content == third.content
    assert second["X-Page-Cache"] == "hit"
    assert "public" in first["Cache-Control"]
    assert b"csrfmiddlewaretoken" not in first.content


@pytest.mark.parametrize("first", ["anonymous", "subscriber"])
def test_signed_in_readers_get_the_same_cached_teaser_page(room, django_user_model, subscriber_client, first):
    reader = non_subscriber_client(django_user_model)
    with PAGE_CACHE_ON:
        if first == "subscriber":  # whoever misses first renders the copy everyone gets: the teaser
            assert subscriber_client.get(room["premium"].url)["Cache-Control"].startswith("public")
        anonymous = Client().get(room["premium"].url).content
        for client in (reader, subscriber_client):
            response = client.get(room["premium"].url)
            assert response.content == anonymous  # the page is the teaser for everyone; the body is a fragment
            assert response["X-Page-Cache"] == "hit" and "public" in response["Cache-Control"]
    assert SECRET.encode() not in anonymous and THIRD.encode() not in anonymous


def test_page_script_asking_for_the_body_is_told_no_without_an_error_status(room, django_user_model):
    url = f"/subscriptions/article/{room['premium'].pk}/body"
    for client in (Client(), non_subscriber_client(django_user_model)):
        response = client.get(url, HTTP_X_FRAGMENT="1")
        assert (response.status_code, response.content) == (204, b"")  # a 403 would be a console error
        assert response["Cache-Control"] == "private, no-store"


def test_entitled_reader_gets_the_full_body_privately(room, subscriber_client):
    with PAGE_CACHE_ON:
        response = subscriber_client.get(f"/subscriptions/article/{room['premium'].pk}/body")
        again_anonymous = Client().get(f"/subscriptions/article/{room['premium'].pk}/body")
    content = response.content.decode()
    assert response.status_code == 200
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "max-age=30"} == cache_control  # the reader's browser may reuse it briefly; nothing else
    assert "public" not in cache_control
    assert "Cookie" in response["Vary"]
    assert "Surrogate-Key" not in response and "X-Page-Cache" not in response
    assert 'id="paywall-full-body"' in content
    for text in (TEASER_ONE, TEASER_TWO, THIRD, SECRET, SECRET_QUOTE, "What the auditors found"):
        assert text in content
    assert '<meta name="robots" content="noindex">' in content
    assert again_anonymous.status_code == 403
    assert SECRET.encode() not in again_anonymous.content


def test_fragment_refuses_others_with_the_reason(room, django_user_model):
    url = f"/subscriptions/article/{room['premium'].pk}/body"
    anonymous = Client().get(url)
    assert anonymous.status_code == 403
    assert paywall.BODY_FORBIDDEN_ANONYMOUS in anonymous.content.decode()
    assert "no-store" in anonymous["Cache-Control"]
    reader = non_subscriber_client(django_user_model).get(url)
    assert reader.status_code == 403
    assert paywall.BODY_FORBIDDEN_NOT_ENTITLED in reader.content.decode()
    assert 'href="/subscribe/"' in reader.content.decode()
    crawler = Client(HTTP_USER_AGENT=GOOGLEBOT).get(url)
    assert crawler.status_code == 403


@pytest.mark.parametrize(
    "path",
    ["0", "99999", "2147483648", str(MAX_DATABASE_ID), str(MAX_DATABASE_ID + 1), "9" * 40, "-1", "abc", "1.5", "%00"],
)
def test_fragment_answers_bad_ids_with_404(room, subscriber_client, path):
    response = subscriber_client.get(f"/subscriptions/article/{path}/body", follow=True)
    assert response.status_code == 404


@pytest.mark.parametrize("page_id", ["2147483648", str(MAX_DATABASE_ID)])
def test_fragment_looks_up_ids_beyond_any_page_and_says_there_is_no_such_article(room, subscriber_client, page_id):
    # Beyond a page id column's range (a 32-bit integer) but within the id converter's: the database still compares.
    response = subscriber_client.get(f"/subscriptions/article/{page_id}/body")
    assert response.status_code == 404
    assert paywall.BODY_NOT_FOUND in response.content.decode()


def test_fragment_serves_no_draft_or_restricted_article(room, subscriber_client):
    draft = make_article(room["africa"], "Not yet", body=[paragraph(SECRET)], premium=True, publish=False)
    assert subscriber_client.get(f"/subscriptions/article/{draft.pk}/body").status_code == 404
    PageViewRestriction.objects.create(page=room["premium"], restriction_type=PageViewRestriction.LOGIN)
    assert subscriber_client.get(f"/subscriptions/article/{room['premium'].pk}/body").status_code == 404


def test_fragment_of_a_free_article_is_the_whole_body(room, django_user_model):
    response = non_subscriber_client(django_user_model).get(f"/subscriptions/article/{room['free'].pk}/body")
    assert response.status_code == 200
    assert "Free three." in response.content.decode()


def test_fragment_refuses_anonymous_readers_without_looking_the_article_up(room):
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(f"/subscriptions/article/{room['premium'].pk}/body")
    assert [q["sql"] for q in queries.captured_queries if "news_articlepage" in q["sql"]] == []
    assert response.status_code == 403
    assert paywall.BODY_FORBIDDEN_ANONYMOUS in response.content.decode()
    with CaptureQueriesContext(connection) as queries:  # the offer's plan figures are cached too
        again = Client().get(f"/subscriptions/article/{room['premium'].pk}/body")
    assert (again.status_code, queries.captured_queries) == (403, [])
    assert paywall.current_offer().headline in again.content.decode()


def test_the_door_cuts_premium_bodies_to_two_paragraphs_for_non_entitled_readers(room, django_user_model):
    reader = django_user_model.objects.create_user("plain", "plain@example.com", "pw-long-enough-1")
    staff = django_user_model.objects.create_user("staffer", "staffer@example.com", "pw-long-enough-1", is_staff=True)
    article = room["premium"]
    for who in (None, reader):
        body = article_body_for(article=article, reader=who)
        assert body.is_truncated is True
        assert [b.block_type for b in body.blocks] == ["paragraph", "paragraph"]
        assert [str(b.value) for b in body.blocks] == [f"<p>{TEASER_ONE}</p>", f"<p>{TEASER_TWO}</p>"]
    full = article_body_for(article=article, reader=staff)
    assert full.is_truncated is False
    assert len(full.blocks) == 8
    free = article_body_for(article=room["free"], reader=None)
    assert free.is_truncated is False and len(free.blocks) == 3


def test_a_short_premium_article_shows_what_paragraphs_it_has(room):
    short = make_article(room["africa"], "Short premium", body=[paragraph("Only one.")], premium=True)
    body = article_body_for(article=short, reader=None)
    assert body.is_truncated is True
    assert [str(b.value) for b in body.blocks] == ["<p>Only one.</p>"]


def test_the_offer_reads_the_first_active_plan():
    Plan.objects.update(is_active=False)
    Plan.objects.create(slug="weekly", name="Weekly", amount=2350, currency="ZAR", interval="month", trial_days=3)
    Plan.objects.create(slug="later", name="Later", amount=100, currency="ZAR", trial_days=0, order=5)
    offer = paywall.current_offer()
    assert (offer.open, offer.trial_days, offer.price, offer.interval) == (True, 3, "R23.50", "month")
    assert offer.headline == "Try everything free for 3 days."
    assert (
        offer.terms
        == "After that, R23.50 per month. Cancel anytime; cancel within the 3 days and you are never billed."
    )
    assert offer.url == "/subscribe/"


def test_an_offer_without_a_trial_promises_none():
    Plan.objects.update(is_active=False)
    Plan.objects.create(slug="plain", name="Plain", amount=120000, currency="ZAR", interval="year", trial_days=0)
    offer = paywall.current_offer()
    assert offer.headline == "Subscribe to read everything."
    assert offer.terms == "R1 200.00 per year. Cancel anytime."


def test_with_no_active_plan_the_offer_says_so_and_offers_nothing(room):
    Plan.objects.update(is_active=False)
    offer = paywall.current_offer()
    assert (offer.open, offer.closed_message) == (False, paywall.NO_PLAN_ON_OFFER)
    content = Client().get(room["premium"].url).content.decode()
    assert f'<p class="paywall-offer__closed">{paywall.NO_PLAN_ON_OFFER}</p>' in content
    assert "Start your free trial" not in content and "Try everything free" not in content


@override_settings(SUBSCRIPTIONS_GATEWAY="", SUBSCRIPTIONS_TEST_WEBHOOK_SECRET="")
def test_with_no_gateway_the_offer_under_a_premium_article_says_subscriptions_are_not_open():
    cache.clear()
    room = newsroom(articles=1)
    article = make_article(
        room["africa"],
        "The harbour audit",
        body=[paragraph("One."), paragraph("Two."), paragraph("Three, for subscribers.")],
        premium=True,
        published_at=timezone.now() - timedelta(minutes=5),
    )
    response = Client().get(article.url)
    body = response.content.decode()
    assert response.status_code == 200
    assert f'<p class="paywall-offer__closed">{paywall.SUBSCRIPTIONS_CLOSED}</p>' in body
    assert "Start your free trial" not in body and "Try everything free" not in body
    denied = Client().get(f"/subscriptions/article/{article.pk}/body").content.decode()
    assert f"<p>{paywall.SUBSCRIPTIONS_CLOSED}</p>" in denied
    assert "See the subscription" not in denied


def test_wagtail_api_is_not_enabled():
    assert not any(app.startswith("wagtail.api") for app in settings.INSTALLED_APPS)
    assert "rest_framework" not in settings.INSTALLED_APPS


# --- One door: nothing but the selector reads an article's body ---------------------------------------------------

NEWSDESK = Path(__file__).resolve().parents[2]
DOOR = NEWSDESK / "news" / "selectors.py"
SKIPPED_PARTS = {"tests", "migrations", "demo", "__pycache__", "static"}
# Receivers that are (or may be) an article: `article.body`, `page.body`, `comment.article.body`, `x.specific.body`;
# inside the news app also `self`, `item`, `obj`. Comments' and requests' own bodies are not the article's.
ARTICLE_RECEIVER = re.compile(r"(^|_)(articles?|pages?|stor(y|ies)|specific)$", re.I)
NEWS_RECEIVER = re.compile(r"^(self|item|obj|instance|value|p|a)$")
# Known reads of the body field outside the selector, each with the reason it may stay; anything new fails.
ALLOWED = {
    ("news/models.py", "for block in self.body.raw_data"): "READ-block article ids for cache tags; no text",
}
BODY_ATTRIBUTE = re.compile(r"([\w.]*)\.body\b")
BODY_BY_NAME = re.compile(
    r"""getattr\(\s*[\w.]*(article|page|item|obj|self)[\w.]*\s*,\s*["']body["']"""
    r"""|(Article\w*|Page\w*|articles?|pages?)\b[\w.()]*\.(values|values_list|only|defer)\([^)]*["']body["']""",
    re.I,
)


def _reads_article_body(rel: str, line: str) -> bool:
    for match in BODY_ATTRIBUTE.finditer(line):
        last = match.group(1).rsplit(".", 1)[-1]
        if not last or ARTICLE_RECEIVER.search(last) or (rel.startswith("news/") and NEWS_RECEIVER.match(last)):
            return True
    return bool(BODY_BY_NAME.search(line))


def _source_files(root: Path):
    for path in sorted(root.rglob("*")):
        if path.suffix not in {".py", ".html", ".txt", ".xml"} or path == DOOR:
            continue
        if SKIPPED_PARTS & set(path.relative_to(root).parts):
            continue
        yield path


def find_body_reads(root: Path = NEWSDESK) -> list[str]:
    """Return every place outside the door that reads an article body (as `path:line: text`)."""
    found = []
    for path in _source_files(root):
        rel = path.relative_to(root).as_posix()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            text = line.strip()
            if any(rel == allowed_path and snippet in text for allowed_path, snippet in ALLOWED):
                continue
            if _reads_article_body(rel, line):
                found.append(f"{rel}:{number}: {text}")
    return found


def test_no_code_outside_the_selector_reads_an_article_body():
    reads = find_body_reads()
    assert reads == [], "Read article bodies through news.selectors.article_body_for only:\n" + "\n".join(reads)


def test_the_body_check_catches_the_usual_ways_in(tmp_path):
    (tmp_path / "news").mkdir()
    for line in (
        "text = article.body",
        "{{ page.body }}",
        "{% include_block self.body %}",
        'getattr(page, "body")',
        'ArticlePage.objects.values_list("body")',
        "item.specific.body.render_as_block()",
        "text = comment.article.body",
        "{% for b in story.body %}",
        "x = related_page.body",
    ):
        (tmp_path / "news" / "leak.html").write_text(line + "\n", encoding="utf-8")
        assert find_body_reads(tmp_path) == [f"news/leak.html:1: {line}"], line
    (tmp_path / "news" / "leak.html").unlink()
    fine = "size = len(request.body)\nreply = comment.body\n{{ form.body.value }}\n{{ article_view.body.blocks }}\n"
    (tmp_path / "news" / "fine.py").write_text(fine, encoding="utf-8")
    assert find_body_reads(tmp_path) == []


def test_inside_the_selector_module_only_the_door_touches_the_body():
    tree = ast.parse(DOOR.read_text(encoding="utf-8"))
    readers = {
        function.name
        for function in ast.walk(tree)
        if isinstance(function, ast.FunctionDef)
        for node in ast.walk(function)
        if isinstance(node, ast.Attribute) and node.attr == "body" and not _is_view_body(node)
    }
    assert readers == {"article_body_for"}


def _is_view_body(node: ast.Attribute) -> bool:
    # `view.body` / `ArticleView(body=...)` are the door's result, not the field.
    return isinstance(node.value, ast.Name) and node.value.id in {"view", "article_view"}


def test_public_search_finds_premium_articles_by_their_public_text_only(room):
    # Words only subscribers can read do not find the article (that would disclose what it says) ...
    for words in (SECRET_SEARCH, "pelargonium", "creditor Umtata"):
        response = Client().get("/search/", {"q": words})
        assert f'href="{room["premium"].url}"'.encode() not in response.content, words
        assert "0 results for" in response.content.decode(), words
    # ... its headline and standfirst do, and free articles are found by their body as before.
    for words in ("harbour audit", "Auditors visited", "creditors harbour"):
        response = Client().get("/search/", {"q": words})
        assert f'href="{room["premium"].url}"'.encode() in response.content, words
    response = Client().get("/search/", {"q": "three"})
    assert f'href="{room["free"].url}"'.encode() in response.content


def test_an_editors_preview_renders_the_whole_body_and_is_never_shared(room, django_user_model):
    editor = django_user_model.objects.create_superuser("chief", "chief@example.com", "pw-long-enough-1")
    client = Client()
    client.force_login(editor)
    with PAGE_CACHE_ON:
        response = client.get(f"/admin/pages/{room['premium'].pk}/view_draft/")
    assert response.status_code == 200
    assert SECRET in response.content.decode()
    assert "data-paywall-body" not in response.content.decode()
    assert "public" not in response.get("Cache-Control", "")
    assert SECRET.encode() not in Client().get(room["premium"].url).content


@pytest.mark.parametrize("role", ["Editors", "Sub-editors"])
def test_the_newsroom_reads_premium_articles_in_full_by_role_without_the_staff_flag(room, role):
    from newsdesk.core.tests.factories import make_staff

    member = make_staff(role)
    assert not member.is_staff  # a role gives admin access; the flag is not set
    client = Client()
    client.force_login(member)
    response = client.get(f"/subscriptions/article/{room['premium'].pk}/body")
    assert response.status_code == 200
    assert SECRET in response.content.decode()
    assert paywall.reader_may_read(reader=member, article=room["premium"])


@override_settings(NEWSLETTERS_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def test_premium_text_reaches_no_newsletter_email(room):
    """The paywall holds in email: an edition shows a premium story's teaser only, whoever it goes to."""
    newsletter = make_newsletter()
    make_members(newsletter, 1)
    edition = make_edition(newsletter, [room["premium"], room["free"]])
    newsletter_services.edition_approve(edition_id=edition.pk, by=None)
    newsletter_sending._rendered.clear()
    newsletter_sending.edition_start(edition_id=edition.pk)
    newsletter_sending.edition_send(edition_id=edition.pk)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    for part in (message.body, message.alternatives[0][0]):
        assert TEASER_ONE in part and "The harbour audit" in part
        for secret in (SECRET_TOKEN, THIRD, SECRET_QUOTE, "pelargonium"):
            assert secret not in part
