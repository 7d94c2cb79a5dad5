"""The meter's settings in the admin, the door's fail-safe, and the floors the paywall stands on."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse
from wagtail import hooks
from wagtail.models import Site

from newsdesk.core.tests.factories import make_staff
from newsdesk.news import selectors as news_selectors
from newsdesk.news.selectors import READER_MAY_READ_HOOK, article_body_for
from newsdesk.news.tests.factories import make_article, newsroom, paragraph
from newsdesk.paywall.models import MeteringSettings


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_an_administrator_sets_the_meter_at_its_new_address_and_the_old_one_leads_there():
    site = Site.objects.get(is_default_site=True)
    admin = _signed_in(make_staff("Administrators"))
    url = reverse("wagtailsettings:edit", args=["paywall", "meteringsettings", site.pk])
    assert url == f"/admin/settings/paywall/meteringsettings/{site.pk}/"
    assert admin.get(url).status_code == 200
    response = admin.post(url, {"free_premium_reads_per_month": "3"})
    assert response.status_code == 302
    assert MeteringSettings.for_site(site).free_premium_reads_per_month == 3
    old = admin.get("/admin/settings/subscriptions/meteringsettings/", follow=True)
    assert old.redirect_chain == [("/admin/settings/paywall/meteringsettings/", 302), (url, 302)]
    assert old.status_code == 200


@pytest.mark.django_db
def test_an_editor_cannot_set_the_meter():
    site = Site.objects.get(is_default_site=True)
    editor = _signed_in(make_staff("Editors"))
    url = reverse("wagtailsettings:edit", args=["paywall", "meteringsettings", site.pk])
    response = editor.post(url, {"free_premium_reads_per_month": "9"})
    assert response.status_code in (302, 403)
    assert MeteringSettings.for_site(site).free_premium_reads_per_month == 0


@pytest.fixture
def premium_article():
    room = newsroom(articles=0)
    body = [paragraph("Open one."), paragraph("Open two."), paragraph("Closed three.")]
    return make_article(room["africa"], "A premium story", body=body, premium=True)


@pytest.mark.django_db
def test_without_a_decision_registered_the_door_shows_staff_the_teaser_only(premium_article, monkeypatch):
    staff = make_staff("Editors", is_staff=True)
    assert article_body_for(article=premium_article, reader=staff).is_truncated is False  # the paywall decides
    monkeypatch.setattr(news_selectors.hooks, "get_hooks", lambda name: [])
    body = article_body_for(article=premium_article, reader=staff)
    assert body.is_truncated is True
    assert [str(b.value) for b in body.blocks] == ["<p>Open one.</p>", "<p>Open two.</p>"]


@pytest.mark.django_db
def test_two_apps_deciding_who_reads_is_a_configuration_error(premium_article):
    with hooks.register_temporarily(READER_MAY_READ_HOOK, lambda *, reader, article: True):
        with pytest.raises(ImproperlyConfigured):
            article_body_for(article=premium_article, reader=None)
