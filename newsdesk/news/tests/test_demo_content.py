"""The demo data files fit together and give the demo newsroom its intended shape."""

import json
import shutil

import pytest

from newsdesk.news.demo.content import DATA_DIR, DemoContentError, demo_content, read, section_paths

CONTENT = demo_content()
ARTICLES = CONTENT.articles


def _kinds(article: dict) -> list[str]:
    return [block["type"] for block in article["body"]]


def test_sections_are_unique_with_seven_at_the_top_and_two_with_subsections():
    paths = section_paths(CONTENT.sections)
    assert len(paths) == len(set(paths))
    assert len(CONTENT.sections) >= 7
    assert sum(1 for s in CONTENT.sections if s.get("children")) >= 2


def test_nine_authors_with_unique_slugs_and_two_distinct_agencies():
    slugs = [a["slug"] for a in CONTENT.authors]
    assert len(slugs) == 9 and len(set(slugs)) == 9
    assert len(CONTENT.agencies) == 2 and len(set(CONTENT.agencies)) == 2
    assert all(a["name"] and a["role"] and a["bio"] for a in CONTENT.authors)


def test_every_section_has_three_articles_and_there_are_at_least_48():
    assert len(ARTICLES) >= 48
    per_section = dict.fromkeys(section_paths(CONTENT.sections), 0)
    for article in ARTICLES:
        per_section[article["section"]] += 1
    assert {path: count for path, count in per_section.items() if count < 3} == {}


@pytest.mark.parametrize("article", ARTICLES, ids=[a["slug"] for a in ARTICLES])
def test_article_is_complete(article):
    slug = article["slug"]
    assert 0 < len(article["headline"]) <= 110
    assert 0 < len(article["standfirst"]) <= 300
    assert len(article["authors"]) <= 2
    assert article["authors"] or article["agency"], "needs authors or an agency"
    assert 0.5 <= article["hours_ago"] <= 400
    assert 1 <= len(article["topics"]) <= 3
    assert article["image"]["caption"] and article["image"]["credit"]
    body = article["body"]
    assert 5 <= len(body) <= 10
    assert _kinds(article).count("paragraph") >= (6 if article["premium"] else 4)
    assert _kinds(article).count("related") <= 2
    for block in body:
        if block["type"] == "paragraph":
            assert isinstance(block["value"], str) and "<" not in block["value"], "paragraphs are plain text"
        elif block["type"] == "quote":
            assert block["value"]["text"] and block["value"]["attribution"]
        elif block["type"] == "related":
            assert block["value"] != slug, "a related link may not point at its own article"


def test_the_demo_has_about_twelve_recent_six_premium_and_links_between_articles():
    assert 10 <= sum(a["hours_ago"] <= 48 for a in ARTICLES) <= 14
    assert 5 <= sum(bool(a["premium"]) for a in ARTICLES) <= 7
    assert sum("related" in _kinds(a) for a in ARTICLES) >= 20
    assert sum(_kinds(a).count("subheading") >= 2 for a in ARTICLES) * 2 >= len(ARTICLES)
    assert len({topic for a in ARTICLES for topic in a["topics"]}) <= 25


@pytest.fixture
def data_copy(tmp_path):
    shutil.copytree(DATA_DIR, tmp_path / "data")
    return tmp_path / "data"


def _edit(path, change):
    spec = json.loads(path.read_text())
    change(spec)
    path.write_text(json.dumps(spec))


def test_a_copy_of_the_data_reads_like_the_original(data_copy):
    assert read(data_copy) == CONTENT


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s: s.update(section="nowhere"), "unknown section 'nowhere' (see sections.json)"),
        (lambda s: s.update(authors=["nobody"]), "unknown author 'nobody' (see authors.json)"),
        (lambda s: s.update(agency="Wire"), "unknown agency 'Wire' (see agencies.json)"),
        (lambda s: s.pop("standfirst"), "missing standfirst"),
        (lambda s: s.update(byline="x"), "unknown key byline"),
        (lambda s: s["body"].append({"type": "video", "value": ""}), "body type 'video' is not one of"),
        (lambda s: s["body"].append({"type": "related", "value": "gone"}), "related article 'gone' not found"),
    ],
)
def test_a_broken_article_file_is_named_with_what_to_fix(data_copy, change, message):
    slug = ARTICLES[0]["slug"]
    _edit(data_copy / "articles" / f"{slug}.json", change)
    with pytest.raises(DemoContentError) as raised:
        read(data_copy)
    assert str(raised.value).startswith(f"articles/{slug}.json: {message}")


def test_a_file_that_is_not_json_is_named(data_copy):
    (data_copy / "articles" / "stray.json").write_text("{'single': 'quotes'}")
    with pytest.raises(DemoContentError, match=r"^articles/stray.json: not valid JSON \(Expecting property name"):
        read(data_copy)
