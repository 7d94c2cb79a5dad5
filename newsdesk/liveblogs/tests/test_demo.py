"""The demo newsroom carries one running live page, written by the demo sub-editor; a second load adds nothing."""

import io

import pytest
from django.core.management import call_command
from django.test import Client

from newsdesk.liveblogs.demo.loader import COVERAGE
from newsdesk.liveblogs.models import LivePage, LivePost

pytestmark = pytest.mark.django_db


def test_the_demo_live_page_is_live_with_its_posts_and_loads_once():
    call_command("load_demo", stdout=io.StringIO())
    spec = COVERAGE[0]
    page = LivePage.objects.live().get(slug=spec["slug"])
    assert page.status == "live" and page.get_parent().slug == "kwazulu-natal"
    posts = LivePost.objects.filter(page=page)
    assert posts.count() == len(spec["posts"])
    assert all(p.created_by.username == "subeditor" for p in posts)
    assert posts.filter(key_event=True).count() == 3 and posts.filter(pinned=True).count() == 1

    html = Client().get(page.url).content.decode()
    assert "badge--live" in html and "The harbour master has suspended shipping" in html
    assert page.title in Client().get("/").content.decode()

    call_command("load_demo", stdout=io.StringIO())
    assert LivePage.objects.count() == 1 and LivePost.objects.count() == len(spec["posts"])
