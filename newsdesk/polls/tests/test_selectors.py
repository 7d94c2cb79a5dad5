"""Reads: largest-remainder percentages, which poll a page shows, results from the counters alone."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from newsdesk.news.tests.factories import make_article, make_section, newsroom
from newsdesk.polls import selectors
from newsdesk.polls.models import TALLY_SHARDS, OptionTally, Placement, PollStatus

from .factories import make_poll


def test_percentages_add_up_to_exactly_100_by_largest_remainder():
    assert selectors.largest_remainder([1, 1, 1]) == [34, 33, 33]
    assert selectors.largest_remainder([5592, 421]) == [93, 7]
    assert selectors.largest_remainder([0, 0]) == [0, 0]
    assert selectors.largest_remainder([2, 1, 1, 1, 1, 1, 1]) == [25, 13, 13, 13, 12, 12, 12]


@given(st.lists(st.integers(min_value=0, max_value=10**7), min_size=2, max_size=10))
def test_percentages_always_sum_to_100_when_anyone_voted(counts):
    percents = selectors.largest_remainder(counts)
    assert sum(percents) == (100 if sum(counts) else 0)
    total = sum(counts) or 1
    assert all(abs(p - c * 100 / total) < 1 for p, c in zip(percents, counts, strict=True))


@pytest.mark.django_db
def test_results_keep_the_editors_order_and_read_only_the_tallies():
    poll = make_poll(options=("Zebra", "Apple", "Mango"), votes=(1, 5592, 421))
    options = selectors.poll_options(poll_id=poll.pk)
    for known in (None, options):
        with CaptureQueriesContext(connection) as queries:
            results = selectors.poll_results(poll=poll, options=known)
        assert [(o.label, o.votes, o.percent) for o in results.options] == [
            ("Zebra", 1, 0),
            ("Apple", 5592, 93),
            ("Mango", 421, 7),
        ]
        assert results.total == 6014
        assert len(queries) == 1
        assert "polls_vote" not in queries[0]["sql"]


@pytest.mark.django_db
def test_an_options_count_is_the_sum_of_its_shards():
    poll = make_poll(options=("Yes", "No"))
    yes, no = selectors.poll_options(poll_id=poll.pk)
    OptionTally.objects.bulk_create(
        [OptionTally(option=yes, shard=0, votes=3), OptionTally(option=yes, shard=7, votes=4)]
        + [OptionTally(option=no, shard=n, votes=0) for n in range(TALLY_SHARDS)]
    )
    assert selectors.option_tallies(option_ids=[yes.pk, no.pk]) == {yes.pk: 7, no.pk: 0}
    results = selectors.poll_results(poll=poll)
    assert [(o.votes, o.percent) for o in results.options] == [(7, 100), (0, 0)] and results.total == 7
    assert selectors.polls_with_vote_totals().get(pk=poll.pk).total_votes == 7


@pytest.mark.django_db
def test_page_shows_its_sections_poll_inherited_by_subsections_else_the_site_poll():
    room = newsroom(1)
    site_poll = make_poll("Site question?")
    world_poll = make_poll("World question?", placement=Placement.SECTION, section=room["world"])
    article = room["articles"][0]  # in World > Africa
    assert selectors.poll_for_page(page=article) == world_poll
    assert selectors.poll_for_page(page=room["africa"]) == world_poll
    africa_poll = make_poll("Africa question?", placement=Placement.SECTION, section=room["africa"])
    assert selectors.poll_for_page(page=article) == africa_poll
    sport = make_section("Sport")
    assert selectors.poll_for_page(page=sport) == site_poll
    assert selectors.poll_for_page(page=room["home"]) == site_poll


@pytest.mark.django_db
def test_an_article_body_poll_block_wins_and_drafts_never_show():
    room = newsroom(0)
    make_poll("Site question?")
    make_poll("Draft site question?", status=PollStatus.DRAFT)
    block_poll = make_poll("Block question?", placement=Placement.BLOCK)
    article = make_article(room["africa"], "With a poll", body=[("paragraph", "<p>Text.</p>"), ("poll", block_poll)])
    from newsdesk.news.selectors import article_body_for

    view = type("View", (), {"body": article_body_for(article=article)})()
    assert selectors.poll_for_page(page=article, article_view=view) == block_poll
    assert selectors.poll_for_page(page=article).question == "Site question?"
