"""The demo loader, and the editors' side: live results, CSV of tallies only, options locked once votes exist."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from newsdesk.news.tests.factories import newsroom
from newsdesk.polls import services
from newsdesk.polls.demo import loader
from newsdesk.polls.models import OptionWordingChange, Placement, Poll, PollOption, Vote
from newsdesk.polls.selectors import stored_vote_counts

from .factories import make_poll, option, tallies

pytestmark = pytest.mark.django_db


def test_demo_loader_creates_a_site_and_a_section_poll_with_exact_tallies_once():
    room = newsroom(0)
    loader.load(section=room["world"])
    loader.load(section=room["world"])
    polls = {p.placement: p for p in Poll.objects.all()}
    assert set(polls) == {Placement.SITE, Placement.SECTION} and Poll.objects.count() == 2
    assert polls[Placement.SECTION].section_id == room["world"].pk
    for poll in polls.values():
        assert tallies(poll) == stored_vote_counts(poll_id=poll.pk)
    assert Vote.objects.count() == 41 + 57 + 12 + 23 + 30 + 64 + 22 + 9


@pytest.fixture
def editor():
    user = get_user_model().objects.create_superuser("editor", "e@example.com", "x")
    client = Client()
    client.force_login(user)
    return user, client


def _vote(poll, label, key):
    services.vote_cast(poll=poll, option=option(poll, label), voter=services.Voter(voter_key=key), ip="192.0.2.1")


def test_results_view_shows_live_tallies_and_the_hourly_chart(editor):
    _, client = editor
    poll = make_poll(options=("Yes", "No"))
    _vote(poll, "Yes", "a")
    _vote(poll, "Yes", "b")
    _vote(poll, "No", "c")
    page = client.get(f"/admin/polls/{poll.pk}/results/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "<td>Yes</td><td>2</td><td>67%</td>" in html and "<td>No</td><td>1</td><td>33%</td>" in html
    assert "<svg" in html and "Votes per hour" in html
    live = client.get(f"/admin/polls/{poll.pk}/results/?live=1").content.decode()
    assert "<td>Yes</td><td>2</td>" in live and "<html" not in live


def test_csv_export_has_tallies_and_nothing_about_voters(editor):
    _, client = editor
    poll = make_poll(options=("=cmd()", "No"))
    _vote(poll, "No", "secret-voter-key")
    response = client.get(f"/admin/polls/{poll.pk}/tallies.csv")
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/csv")
    assert text.splitlines() == ["position,option,votes,percent", "1,'=cmd(),0,0", "2,No,1,100", ",Total,1,100"]
    assert "secret-voter-key" not in text and "192.0.2" not in text


def test_anonymous_readers_cannot_reach_the_results_view():
    poll = make_poll()
    assert Client().get(f"/admin/polls/{poll.pk}/results/").status_code == 302


def _edit_payload(poll, labels_in_order, deleted=()):
    options = list(PollOption.objects.filter(poll=poll).order_by("sort_order"))
    data = {
        "question": poll.question,
        "status": poll.status,
        "opens_at": poll.opens_at.strftime("%Y-%m-%d %H:%M"),
        "closes_at": "",
        "who_may_vote": poll.who_may_vote,
        "results_show": poll.results_show,
        "placement": poll.placement,
        "section": "",
        "options-TOTAL_FORMS": str(len(options)),
        "options-INITIAL_FORMS": str(len(options)),
        "options-MIN_NUM_FORMS": "2",
        "options-MAX_NUM_FORMS": "10",
    }
    for index, opt in enumerate(options):
        data[f"options-{index}-id"] = str(opt.pk)
        data[f"options-{index}-label"] = labels_in_order.get(opt.pk, opt.label)
        data[f"options-{index}-ORDER"] = str(labels_in_order.get(("order", opt.pk), index + 1))
        data[f"options-{index}-DELETE"] = "1" if opt.pk in deleted else ""
    return data


def test_options_with_votes_cannot_be_deleted_or_reordered_but_wording_edits_are_audited(editor):
    user, client = editor
    poll = make_poll(options=("Yes", "No", "Not sure"))
    _vote(poll, "Yes", "a")
    yes, no = option(poll, "Yes"), option(poll, "No")
    url = f"/admin/snippets/polls/poll/edit/{poll.pk}/"
    deleted = client.post(url, _edit_payload(poll, {}, deleted={no.pk}))
    assert deleted.status_code == 200 and PollOption.objects.filter(poll=poll).count() == 3
    swapped = client.post(url, _edit_payload(poll, {("order", yes.pk): 2, ("order", no.pk): 1}))
    assert swapped.status_code == 200
    assert list(PollOption.objects.filter(poll=poll).order_by("sort_order").values_list("label", flat=True)) == [
        "Yes",
        "No",
        "Not sure",
    ]
    reworded = client.post(url, _edit_payload(poll, {yes.pk: "Yes, build it"}))
    assert reworded.status_code == 302, reworded.content.decode()[:2000]
    change = OptionWordingChange.objects.get()
    assert (change.old_label, change.new_label, change.changed_by_id) == ("Yes", "Yes, build it", user.pk)
    assert tallies(poll)[yes.pk] == 1
