"""A reader's path through the site in headless Chromium, with axe-core on every page type."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from newsdesk.news.tests.factories import make_article, make_image, make_section, newsroom, paragraph

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every axe-core rule: WCAG 2.0-2.2 A and AA, plus axe's best practices.
AXE_OPTIONS = {"resultTypes": ["violations"]}


@pytest.fixture
def site(live_server):
    room = newsroom(articles=3)
    make_section("Business")
    target = room["articles"][1]
    story = make_article(
        room["africa"],
        "Ministers agree a water treaty",
        standfirst="The agreement shares a river's flow between three countries.",
        body=[
            paragraph("Negotiators finished the text late on Thursday."),
            ("subheading", "What the treaty says"),
            ("related_article", {"article": target}),
            paragraph("Parliaments must still ratify it."),
        ],
        topics=["Diplomacy", "Water"],
        lead_image=make_image("River", size=(800, 450)),
    )
    return {"url": live_server.url, "story": story, "target": target, **room}


def _assert_accessible(page, label: str) -> None:
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, f"{label}: {results.generate_report()}"


def test_reader_follows_a_story_a_read_link_and_searches(page, site):
    page.goto(site["url"] + "/")
    _assert_accessible(page, "home")
    page.get_by_role("link", name="Ministers agree a water treaty").first.click()
    page.wait_for_url("**/world/africa/ministers-agree-a-water-treaty/")
    assert page.locator("h1").inner_text() == "Ministers agree a water treaty"
    _assert_accessible(page, "article")

    page.locator(".read-link a").click()
    page.wait_for_url(f"**{site['target'].url}")
    assert page.locator("h1").inner_text() == site["target"].title

    page.get_by_role("navigation", name="Sections").get_by_role("link", name="World").click()
    page.wait_for_url("**/world/")
    _assert_accessible(page, "section")

    page.get_by_label("Search articles").first.fill("treaty")
    page.get_by_label("Search articles").first.press("Enter")
    page.wait_for_url("**/search/?q=treaty")
    assert page.locator("mark").first.inner_text().lower() == "treaty"
    _assert_accessible(page, "search")


def test_site_works_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(site["url"] + site["story"].url)
    assert tab.locator(".read-link a").inner_text() == site["target"].title
    tab.goto(site["url"] + "/search/?q=treaty")
    assert "1 result" in tab.locator(".search-summary").inner_text()
    context.close()
