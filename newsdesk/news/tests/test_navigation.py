"""The masthead's navigation: the top-level sections shown in navigation, on every page of the site."""

import re

import pytest

from .factories import make_home, make_section

pytestmark = pytest.mark.django_db

NAV = re.compile(r'<nav class="primary-nav" aria-label="Sections">(.*?)</nav>', re.S)


def _nav_links(html: str) -> list[str]:
    return re.findall(r'<a href="([^"]+)">([^<]+)</a>', NAV.search(html).group(1))


def test_the_masthead_lists_the_top_level_sections_shown_in_navigation_in_tree_order(client):
    home = make_home()
    world = make_section("World", parent=home)
    make_section("Africa", parent=world)  # a subsection: not in the masthead
    make_section("Business", parent=home)
    make_section("Archive", parent=home, show_in_navigation=False)

    response = client.get("/")

    assert _nav_links(response.content.decode()) == [("/", "Home"), ("/world/", "World"), ("/business/", "Business")]


def test_the_not_found_page_carries_the_same_navigation(client):
    make_section("World", parent=make_home())

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert _nav_links(response.content.decode()) == [("/", "Home"), ("/world/", "World")]
