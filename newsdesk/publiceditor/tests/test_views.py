"""The reader's pages through HTTP: the form and its bad input, the private case page, corrections, the figures."""

import json
import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from newsdesk.news.tests.factories import newsroom
from newsdesk.publiceditor import forms, services, views
from newsdesk.publiceditor.models import Case, CaseMessage, Correction
from newsdesk.publiceditor.selectors import case_token
from newsdesk.publiceditor.tests.factories import form_data, make_case, old_stamp

pytestmark = pytest.mark.django_db


def _submit(client, **overrides):
    return client.post("/public-editor/", form_data(**overrides), REMOTE_ADDR="198.51.100.7")


def _resolved_correction(article, text="The vote was on Tuesday, not Monday.") -> Correction:
    case = make_case(article_id=article.pk)
    services.case_transition(case=case, action="acknowledge")
    services.case_transition(case=case, action="resolve", outcome="upheld")
    return services.correction_publish(case=case, kind="correction", text=text)


def test_form_is_prefilled_with_the_article(client):
    article = newsroom(articles=1)["articles"][0]
    response = client.get(f"/public-editor/?article={article.pk}")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'name="article" value="{article.pk}"' in html
    assert f'About the article: <a href="{article.url}">{article.title}</a>' in html
    assert "no-store" in response["Cache-Control"]


def test_junk_article_parameter_shows_the_plain_form(client):
    response = client.get("/public-editor/?article=99999999999999")
    assert response.status_code == 200
    assert "About the article" not in response.content.decode()


def test_submit_stores_the_case_redirects_to_its_private_page_and_emails_the_reader(
    client, django_capture_on_commit_callbacks
):
    article = newsroom(articles=1)["articles"][0]
    with django_capture_on_commit_callbacks(execute=True):
        response = _submit(client, article=str(article.pk))
    case = Case.objects.get()
    assert (case.kind, case.category, case.article_id, case.email) == (
        "complaint",
        "inaccuracy",
        article.pk,
        "sipho@example.org",
    )
    assert response.status_code == 302
    assert response["Location"] == f"/public-editor/case/{case_token(case)}/?new=1"
    page = client.get(response["Location"]).content.decode()
    assert f"Your reference is <strong>{case.reference}</strong>" in page
    assert [m.subject for m in mail.outbox] == [f"We received your message ({case.reference})"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": "Eve\r\nBcc: victim@example.org"}, forms.NEWLINE_REFUSED),
        ({"email": "eve@example.org\nBcc: victim@example.org"}, forms.NEWLINE_REFUSED),
        ({"message": "x" * 5001}, "Keep your message under 5000 characters (it is 5001)."),
        ({"stamp": lambda: old_stamp(seconds_ago=1)}, forms.TOO_FAST),
        ({"stamp": "forged"}, forms.FORM_EXPIRED),
        ({"stamp": lambda: old_stamp(seconds_ago=7 * 3600)}, forms.FORM_EXPIRED),
        ({"category": ""}, forms.CATEGORY_REQUIRED),
        ({"email": ""}, forms.EMAIL_REQUIRED_FOR_CONTACT),
        ({"article": "987654"}, forms.ARTICLE_UNKNOWN),
        ({"kind": "bogus"}, "Select a valid choice. bogus is not one of the available choices."),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_keeps_what_was_valid(
    client, django_capture_on_commit_callbacks, overrides, message
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _submit(client, **overrides)
    assert response.status_code == 400
    html = response.content.decode()
    assert message.replace("'", "&#x27;") in html
    assert "The second paragraph misquotes the mayor." in html or "x" * 100 in html
    assert (Case.objects.count(), mail.outbox) == (0, [])


@pytest.mark.parametrize("private", [False, True], ids=["unpublished", "private"])
def test_a_complaint_about_an_article_readers_may_not_see_is_refused_and_stores_nothing(client, private):
    article = newsroom(articles=1)["articles"][0]
    if private:
        PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)
    else:
        article.unpublish()
    assert "About the article" not in client.get(f"/public-editor/?article={article.pk}").content.decode()
    response = _submit(client, article=str(article.pk))
    assert response.status_code == 400
    assert forms.ARTICLE_UNKNOWN in response.content.decode()
    assert Case.objects.count() == 0


def test_honeypot_refuses_and_stores_nothing(client):
    response = _submit(client, website="http://spam.example")
    assert response.status_code == 400
    assert views.SPAM_REFUSED in response.content.decode()
    assert Case.objects.count() == 0


def test_html_and_script_are_stored_as_text_and_shown_inert(client):
    response = _submit(client, message="<script>alert(1)</script><b>bold</b>", name="<img src=x onerror=alert(1)>")
    case = Case.objects.get()
    assert case.message == "<script>alert(1)</script><b>bold</b>"
    html = client.get(response["Location"]).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;" in html
    assert "<script>alert(1)" not in html


def test_per_email_rate_limit(client, settings):
    settings.PUBLICEDITOR_RATE_PER_EMAIL = 2
    codes = [_submit(client).status_code for _ in range(3)]
    assert codes == [302, 302, 429]
    assert Case.objects.count() == 2


def test_per_ip_rate_limit(client, settings):
    settings.PUBLICEDITOR_RATE_PER_IP = 1
    assert _submit(client, email="one@example.org").status_code == 302
    response = _submit(client, email="two@example.org")
    assert response.status_code == 429
    assert views.RATE_LIMITED in response.content.decode()
    assert Case.objects.count() == 1


def test_invalid_tracking_token_is_a_404_with_a_message(client):
    case = make_case()
    tampered = case_token(case)[:-2] + "xx"
    for url in (f"/public-editor/case/{tampered}/", "/public-editor/case/nonsense/"):
        response = client.get(url)
        assert response.status_code == 404
        assert views.LINK_INVALID in response.content.decode()


def test_reader_follows_and_replies_but_never_sees_internal_notes(client, admin_user):
    case = make_case()
    services.case_note_add(case=case, body="Secret newsroom note", actor=admin_user)
    services.case_staff_reply(case=case, body="Thank you, we are checking.", actor=admin_user)
    url = f"/public-editor/case/{case_token(case)}/"
    html = client.get(url).content.decode()
    assert "Thank you, we are checking." in html
    assert "Secret newsroom note" not in html
    response = client.post(url, {"body": "Here is the source."})
    assert response.status_code == 302
    assert views.REPLY_SENT in client.get(response["Location"]).content.decode()
    assert list(case.messages.values_list("author_kind", "body")) == [
        ("note", "Secret newsroom note"),
        ("staff", "Thank you, we are checking."),
        ("reader", "Here is the source."),
    ]


def test_reply_to_a_closed_case_is_refused_with_a_message_and_keeps_the_text(client):
    case = make_case()
    for action, outcome in (("acknowledge", ""), ("resolve", "no_action"), ("close", "")):
        services.case_transition(case=case, action=action, outcome=outcome)
    response = client.post(f"/public-editor/case/{case_token(case)}/", {"body": "One more thing."})
    assert response.status_code == 409
    html = response.content.decode()
    assert services.CASE_CLOSED in html
    assert '<p class="pe-message-text pe-unsent">One more thing.</p>' in html
    assert CaseMessage.objects.count() == 0


def test_corrections_show_on_the_article_top_and_foot_and_move_its_json_ld(client):
    article = newsroom(articles=1)["articles"][0]
    correction = _resolved_correction(article)
    html = client.get(article.url).content.decode()
    assert html.count("The vote was on Tuesday, not Monday.") == 2  # top notice and foot list
    assert f'id="correction-{correction.pk}"' in html
    assert "Editorial feedback and complaints</a></li>" in html
    assert f'href="/public-editor/?article={article.pk}"' in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    data = data[0] if isinstance(data, list) else data
    assert data["dateModified"] == correction.published_at.isoformat()


def _json_ld(html: str) -> dict:
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    return data[0] if isinstance(data, list) else data


def test_a_correction_published_days_later_moves_the_articles_date_modified_to_its_own_time(
    client, django_capture_on_commit_callbacks
):
    article = newsroom(articles=1)["articles"][0]
    published = article.last_published_at
    assert _json_ld(client.get(article.url).content.decode())["dateModified"] == published.isoformat()
    with (
        time_machine.travel(timezone.now() + timedelta(days=3), tick=False),
        django_capture_on_commit_callbacks(execute=True),  # the purges a publish sends once committed
    ):
        correction = _resolved_correction(article)
    assert correction.published_at - published >= timedelta(days=3)
    data = _json_ld(client.get(article.url).content.decode())
    assert data["dateModified"] == correction.published_at.isoformat()
    assert data["datePublished"] == article.first_published_at.isoformat()


def test_an_update_shows_at_the_foot_only(client):
    article = newsroom(articles=1)["articles"][0]
    services.correction_publish(article=article, kind="update", text="Police have since named the suspect.")
    html = client.get(article.url).content.decode()
    assert html.count("Police have since named the suspect.") == 1
    assert "Correction notice" not in html


# The whole render, as when the article's shared fragments have expired (served from them, it spends none).
@override_settings(NEWSDESK_FRAGMENT_CACHE={"ENABLED": False})
def test_article_page_spends_one_query_on_corrections_however_many(client):
    article = newsroom(articles=1)["articles"][0]
    client.get(article.url)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(article.url).status_code == 200
        return sum("publiceditor_correction" in q["sql"] for q in ctx.captured_queries)

    assert count() == 1
    for i in range(3):
        services.correction_publish(article=article, kind="correction", text=f"Fix {i}.")
    assert count() == 1


def test_corrections_page_feed_and_short_url(client):
    article = newsroom(articles=1)["articles"][0]
    correction = _resolved_correction(article)
    for url in ("/public-editor/corrections/", "/corrections"):
        html = client.get(url).content.decode()
        assert f'on <a href="{article.url}#correction-{correction.pk}">{article.title}</a>' in html
    feed = client.get("/public-editor/corrections/feed/")
    assert feed["Content-Type"].startswith("application/rss+xml")
    body = feed.content.decode()
    assert f"<title>Correction: {article.title}</title>" in body
    assert "The vote was on Tuesday, not Monday." in body


def test_corrections_on_a_private_article_are_not_listed_or_in_the_feed(client):
    shown, hidden = newsroom(articles=2)["articles"]
    _resolved_correction(shown, text="Shown: the date was wrong.")
    _resolved_correction(hidden, text="Hidden: the name was wrong.")
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.PASSWORD, password="x")
    for url in ("/public-editor/corrections/", "/public-editor/corrections/feed/"):
        body = client.get(url).content.decode()
        assert "Shown: the date was wrong." in body
        assert "Hidden: the name was wrong." not in body and hidden.title not in body


def test_corrections_page_query_count_does_not_grow(client):
    room = newsroom(articles=3)
    services.correction_publish(article=room["articles"][0], kind="update", text="One.")
    client.get("/public-editor/corrections/")
    with CaptureQueriesContext(connection) as ctx:
        client.get("/public-editor/corrections/")
    before = len(ctx.captured_queries)
    for article in room["articles"]:
        services.correction_publish(article=article, kind="correction", text="More.")
    with CaptureQueriesContext(connection) as ctx:
        client.get("/public-editor/corrections/")
    assert len(ctx.captured_queries) == before


def test_accountability_page_shows_charts_and_the_same_figures_in_a_table(client):
    newsroom(articles=0)
    complaint = make_case()
    services.case_transition(case=complaint, action="acknowledge")
    services.case_transition(case=complaint, action="resolve", outcome="upheld")
    make_case(kind="query", category="")
    response = client.get("/public-editor/accountability/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<svg") == 3
    assert '<caption id="pe-table-caption">Figures by month</caption>' in html
    last_row = html.split('<tr><th scope="row">')[-1]
    cells = re.findall(r"<td>(.*?)</td>", last_row)
    # feedback, complaint, query, suggestion, total, hours, days, complaints resolved, share upheld, corrections
    assert cells[:5] == ["0", "1", "1", "0", "2"]
    assert cells[7:] == ["1", "100.0", "0"]


def test_a_cached_article_shows_the_correction_once_published(client, settings, django_capture_on_commit_callbacks):
    settings.NEWSDESK_PAGE_CACHE = {
        "ENABLED": True,
        "MAX_AGE": 60,
        "STALE_WHILE_REVALIDATE": 300,
        "STALE_IF_ERROR": 86400,
        "TIMEOUT": 3600,
    }
    article = newsroom(articles=1)["articles"][0]
    assert "Corrections and updates" not in client.get(article.url).content.decode()  # now cached
    with django_capture_on_commit_callbacks(execute=True):
        services.correction_publish(article=article, kind="clarification", text="The minister spoke in Durban.")
    assert "The minister spoke in Durban." in client.get(article.url).content.decode()


OLD_KEY = "old-secret-key-" + "o" * 40
NEW_KEY = "new-secret-key-" + "n" * 40


def test_emailed_tracking_link_survives_a_key_rotation_only_while_the_old_key_is_a_fallback(client):
    case = make_case()
    with override_settings(SECRET_KEY=OLD_KEY, SECRET_KEY_FALLBACKS=[]):
        url = f"/public-editor/case/{case_token(case)}/"
    with override_settings(SECRET_KEY=NEW_KEY, SECRET_KEY_FALLBACKS=[]):
        response = client.get(url)
    assert response.status_code == 404 and views.LINK_INVALID in response.content.decode()
    with override_settings(SECRET_KEY=NEW_KEY, SECRET_KEY_FALLBACKS=[OLD_KEY]):
        response = client.get(url)
    assert response.status_code == 200 and case.reference in response.content.decode()
