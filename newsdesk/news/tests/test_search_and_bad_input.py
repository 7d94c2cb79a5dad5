import time

import pytest

from newsdesk.news.tests.factories import make_article, newsroom

pytestmark = pytest.mark.django_db


def test_search_finds_ranked_results_and_highlights_matches(client):
    room = newsroom(articles=0)
    make_article(room["africa"], "Drought grips the Karoo", standfirst="Farmers count the cost of the drought.")
    make_article(room["africa"], "Rugby final", standfirst="A late try decides it.")
    html = client.get("/search/?q=drought").content.decode()
    assert "1 result for &ldquo;drought&rdquo;" in html
    assert "<mark>Drought</mark> grips the Karoo" in html
    assert "Rugby final" not in html


def test_search_escapes_the_query_and_the_text(client):
    newsroom(articles=1)
    html = client.get("/search/", {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_search_with_no_query_shows_the_form_only(client):
    response = client.get("/search/")
    assert response.status_code == 200
    assert "result" not in response.content.decode().split("<main", 1)[1]


def test_a_10000_character_query_is_cut_and_answered_fast(client):
    newsroom(articles=3)
    started = time.perf_counter()
    response = client.get("/search/", {"q": "story " * 2000})
    elapsed = time.perf_counter() - started
    assert response.status_code == 200
    assert elapsed < 1.0
    assert response.context["query"] == ("story " * 40).strip()[:200]


@pytest.mark.parametrize("page", ["abc", "-1", "0", "99999", "1.5", ""])
def test_junk_page_numbers_fall_back_to_a_real_page(client, page):
    newsroom(articles=3)
    for url in ["/world/", "/topics/diplomacy/", "/search/?q=story&"]:
        response = client.get(f"{url}{'&' if '?' in url else '?'}page={page}")
        assert response.status_code == 200, url


def test_section_pagination_pages_are_distinct(client):
    room = newsroom(articles=0)
    for i in range(25):
        make_article(room["africa"], f"Item {i:02d}")
    first = client.get("/world/africa/").context["window"].page
    last = client.get("/world/africa/?page=99999").context["window"].page
    assert first.number == 1 and len(first.object_list) == 20
    assert last.number == 2 and len(last.object_list) == 5


@pytest.mark.parametrize("url", ["/search/?q=%00", "/world/?page=%00", "/search/?q=a%00b"])
def test_nul_bytes_in_parameters_get_a_clear_400(client, url):
    newsroom(articles=1)
    response = client.get(url)
    assert response.status_code == 400
    assert b"NUL character" in response.content


def test_nul_byte_in_a_path_is_a_404(client):
    newsroom(articles=1)
    assert client.get("/world/%00/").status_code == 404
