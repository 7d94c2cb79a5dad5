"""The request's Wagtail site, found in the cache: Wagtail's choice, without a query, forgotten when sites change."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from newsdesk.core.selectors import site_for_request
from newsdesk.news.tests.factories import make_home, make_section

pytestmark = pytest.mark.django_db


def request_for(host: str):
    return RequestFactory().get("/", HTTP_HOST=host)


def test_the_site_is_wagtails_choice_and_the_second_request_asks_no_query():
    make_home()
    default = Site.objects.get(is_default_site=True)
    assert site_for_request(request_for("localhost")) == default

    with CaptureQueriesContext(connection) as queries:
        found = site_for_request(request_for("localhost"))
    assert found == default
    assert found.root_page.specific == default.root_page.specific
    assert queries.captured_queries == []


def test_a_new_site_answers_its_host_from_the_next_request():
    home = make_home()
    other_root = make_section("Other edition", parent=home)
    assert site_for_request(request_for("other.example")).is_default_site  # nobody else answers it yet

    other = Site.objects.create(hostname="other.example", port=80, root_page=other_root)

    assert site_for_request(request_for("other.example")) == other
    other.delete()
    assert site_for_request(request_for("other.example")).is_default_site


def test_pages_are_routed_through_the_cached_site(client):
    home = make_home()
    make_section("World", parent=home)
    client.get("/world/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/world/").status_code == 200
    assert not [q for q in queries.captured_queries if '"wagtailcore_site"' in q["sql"]]
