"""First run: an empty install says how to set it up, and `newsroom_setup` makes the newsroom it asks for."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import CommandError, call_command
from wagtail.models import Page, Revision, Site

from newsdesk.core.models import NewsroomSettings
from newsdesk.core.services import ADDRESS_TAKEN, NAME_INVALID
from newsdesk.core.templatetags.newsdesk_tags import sast
from newsdesk.news.management.commands.newsroom_setup import DEFAULT_SECTIONS, SITE_URL_INVALID
from newsdesk.news.models import HomePage, SectionPage

pytestmark = pytest.mark.django_db

NOT_SET_UP = "This newsroom is not set up yet"


def _setup(*args: str) -> str:
    out = io.StringIO()
    call_command("newsroom_setup", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def _tree() -> list[tuple]:
    return list(Page.objects.order_by("path").values_list("path", "title", "slug", "live", "content_type__model"))


def test_an_empty_install_says_how_to_set_it_up_instead_of_wagtails_welcome(client):
    response = client.get("/")
    page = response.content.decode()
    assert response.status_code == 200
    assert f"<h1>{NOT_SET_UP}</h1>" in page
    assert 'python manage.py newsroom_setup --name "Your newsroom" --site-url https://news.example' in page
    assert "Welcome to your new Wagtail site" not in page


def test_setup_makes_the_home_page_sections_site_and_name_and_running_it_again_changes_nothing(client, settings):
    settings.SITE_URL = "https://news.karoo.example"
    args = ["--name", "The Karoo  Courier", "--site-url", "https://news.karoo.example/"]
    output = _setup(*args, "--section", "News", "--section", "Farming & Water")

    assert output.splitlines() == [
        "Newsroom: The Karoo Courier (changed)",
        "Home page: https://news.karoo.example/ (Home)",
        "Section: News (created)",
        "Section: Farming & Water (created)",
        "Time zone Africa/Johannesburg, language en-za: set TIME_ZONE and LANGUAGE_CODE in the environment to "
        "change them.",
    ]
    home = HomePage.objects.get()
    site = Site.objects.get()
    assert (site.hostname, site.port, site.root_page_id, site.is_default_site, site.site_name) == (
        "news.karoo.example",
        443,
        home.pk,
        True,
        "The Karoo Courier",
    )
    assert NewsroomSettings.for_site(site).publication_name == "The Karoo Courier"
    assert list(SectionPage.objects.child_of(home).live().values_list("title", "slug")) == [
        ("News", "news"),
        ("Farming & Water", "farming-water"),
    ]
    # Wagtail's placeholder is gone: the root holds the home page only.
    assert [page.specific_class for page in Page.get_first_root_node().get_children()] == [HomePage]

    tree, revisions = _tree(), Revision.objects.count()
    again = _setup(*args, "--section", "News", "--section", "Farming & Water")
    assert (_tree(), Revision.objects.count(), Site.objects.count()) == (tree, revisions, 1)
    assert "(created)" not in again and "(changed)" not in again

    response = client.get("/", HTTP_HOST="news.karoo.example", secure=True)
    page = response.content.decode()
    assert response.status_code == 200
    assert "The Karoo Courier: today's news" in page
    assert 'href="/farming-water/"' in page
    assert NOT_SET_UP not in page


def test_setup_without_sections_gives_an_empty_newsroom_the_default_set_and_a_newsroom_with_sections_none(settings):
    settings.SITE_URL = "http://localhost:8000"
    output = _setup("--name", "Die Dorpskoerant")
    assert "Home page: http://localhost:8000/ (Home)" in output
    home = HomePage.objects.get()
    assert list(SectionPage.objects.child_of(home).values_list("title", flat=True)) == DEFAULT_SECTIONS

    SectionPage.objects.get(title="Opinion").delete()  # the newsroom has no opinion pages
    _setup("--name", "Die Dorpskoerant")
    assert list(SectionPage.objects.child_of(home).values_list("title", flat=True)) == DEFAULT_SECTIONS[:3]


def test_setup_renames_the_newsroom_and_moves_its_address_when_run_again():
    _setup("--name", "The Karoo Courier", "--site-url", "https://news.karoo.example")
    output = _setup("--name", "The Karoo Daily", "--site-url", "http://127.0.0.1:8080")
    site = Site.objects.get()
    assert (site.hostname, site.port, site.site_name) == ("127.0.0.1", 8080, "The Karoo Daily")
    assert NewsroomSettings.for_site(site).publication_name == "The Karoo Daily"
    assert "Newsroom: The Karoo Daily (changed)" in output
    assert "Home page: http://127.0.0.1:8080/ (Home)" in output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--name", "Courier", "--site-url", "ftp://news.example"], SITE_URL_INVALID.format(url="ftp://news.example")),
        (["--name", "Courier", "--site-url", "https://"], SITE_URL_INVALID.format(url="https://")),
        (["--name", "Courier", "--site-url", "http://news.example:99999"], None),
        (["--name", "   ", "--site-url", "https://news.example"], NAME_INVALID),
        (["--name", "x" * 121, "--site-url", "https://news.example"], NAME_INVALID),
    ],
)
def test_bad_input_is_refused_with_a_message_and_changes_nothing(args, message):
    tree, site = _tree(), Site.objects.values().get()
    with pytest.raises(CommandError) as refused:
        _setup(*args)
    assert str(refused.value) == (message or SITE_URL_INVALID.format(url="http://news.example:99999"))
    assert (_tree(), Site.objects.values().get()) == (tree, site)
    assert not NewsroomSettings.objects.exists()


def test_an_address_another_site_answers_is_refused_and_changes_nothing():
    other = Site.objects.create(hostname="news.example", port=443, root_page=Page.get_first_root_node())
    tree = _tree()
    with pytest.raises(CommandError) as refused:
        _setup("--name", "Courier", "--site-url", "https://news.example")
    assert str(refused.value) == ADDRESS_TAKEN.format(hostname="news.example", port=443)
    assert _tree() == tree
    assert Site.objects.get(is_default_site=True).hostname == "localhost"
    assert Site.objects.get(pk=other.pk).hostname == "news.example"


def test_pages_name_the_time_zone_and_language_the_newsroom_chose(client, settings):
    _setup("--name", "The Karoo Courier", "--section", "News")
    winter = dt.datetime(2027, 1, 15, 12, 0, tzinfo=dt.UTC)
    with time_machine.travel(winter, tick=False):
        page = client.get("/").content.decode()
        assert '<html lang="en-za">' in page
        assert "All times are SAST (Africa/Johannesburg)." in page
        settings.TIME_ZONE, settings.LANGUAGE_CODE = "Europe/London", "en-gb"
        cache.clear()  # the footer is a shared fragment, kept until it expires (as after a restart)
        page = client.get("/").content.decode()
        assert '<html lang="en-gb">' in page
        assert "All times are GMT (Europe/London)." in page
        assert sast(winter) == "15 Jan 2027, 12:00 GMT"
