"""Every item of an XSS corpus, posted as a comment, renders as inert text."""

import html
import re

import pytest
from django.test import Client

from newsdesk.comments.models import Comment
from newsdesk.comments.text import render

from .factories import make_commented_article, make_reader

pytestmark = pytest.mark.django_db

CORPUS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=http://xss.example/xss.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<body onload="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    "javascript:alert(1)",
    "JaVaScRiPt:alert(document.cookie)",
    "<svg/onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    '<a href="&#106;avascript:alert(1)">x</a>',
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)//",
    '<iframe src="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="></iframe>',
    "<<script>script>alert(1)<</script>/script>",
    '<div style="background:url(javascript:alert(1))">',
    '<img src="x" onerror="alert(1)"',
    'https://example.com/"onmouseover="alert(1)',
    "https://example.com/<script>alert(1)</script>",
    '<!--<img src="--><img src=x onerror=alert(1)//">',
    "<details open ontoggle=alert(1)>",
    "<form action=javascript:alert(1)><input type=submit>",
]


def _only_safe_markup(markup: str) -> None:
    tags = re.findall(r"<\s*/?\s*([a-zA-Z0-9]+)([^>]*)>", markup)
    for name, attrs in tags:
        assert name.lower() in {"p", "br", "a"}, markup
        if name.lower() == "a" and attrs.strip():
            assert re.fullmatch(r'\s*href="https?://[^"<>\s]*" rel="nofollow ugc noopener"\s*', attrs), markup


@pytest.mark.parametrize("payload", CORPUS)
def test_payload_renders_as_inert_text(payload):
    markup = render(payload)
    _only_safe_markup(markup)
    # What the reader typed is what other readers see, as text.
    visible = html.unescape(re.sub(r"<[^>]+>", "", markup))
    assert visible == payload


def test_urls_are_linked_with_rel_and_only_http(client):
    markup = render("See https://example.com/a?b=1&c=2. Not ftp://x.example or javascript:alert(1)")
    assert markup == (
        '<p>See <a href="https://example.com/a?b=1&amp;c=2" rel="nofollow ugc noopener">'
        "https://example.com/a?b=1&amp;c=2</a>. Not ftp://x.example or javascript:alert(1)</p>"
    )


def test_whole_corpus_through_http_is_stored_and_served_inert():
    article = make_commented_article()
    reader = make_reader()
    client = Client()
    client.force_login(reader)
    from django.core.cache import cache

    for i, payload in enumerate(CORPUS):
        cache.clear()  # the rate limit is not what this test is about
        response = client.post(
            f"/comments/article/{article.pk}/post/", {"body": f"{payload} #{i}"}, HTTP_X_FRAGMENT="1"
        )
        assert response.status_code == 201, payload
    assert Comment.objects.filter(status="published").count() + Comment.objects.filter(status="pending").count() == len(
        CORPUS
    )
    page = Client().get(f"/comments/article/{article.pk}/all/?sort=oldest&page=1").content.decode()
    fragment = page[page.index("comments__list") : page.index("</ol>\n  \n")]
    for bad in ("<script", "<img", "<svg", "<iframe", "<details", "<form action=javascript", "<body", "<math"):
        assert bad not in fragment.lower()
    assert not re.search(r"<[a-z][^>]*\son\w+\s*=", fragment, re.IGNORECASE)


def test_display_names_are_escaped_where_the_thread_shows_them(client):
    from newsdesk.comments import services

    article = make_commented_article()
    evil = make_reader('<img src=x onerror="alert(1)">')
    other = make_reader("Sipho")
    top = services.comment_post(user=other, article=article, body="Top")
    reply = services.comment_post(user=evil, article=article, body="Reply", parent_id=top.pk)
    services.comment_post(user=other, article=article, body="Deeper", parent_id=reply.pk)
    html = client.get(f"/comments/article/{article.pk}/").content.decode()
    assert "<img" not in html
    assert '<span class="comment__author">&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</span>' in html
    assert "replying to &lt;img src=x onerror=&quot;alert(1)&quot;&gt;</p>" in html
