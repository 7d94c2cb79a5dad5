"""Sending an edition: RFC 8058 headers, the paywall in email, suppressions, and exactly one email per recipient."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from html import unescape

import pytest
import time_machine
from django.core import mail
from django.test import Client, override_settings

from newsdesk.core.selectors import absolute_url
from newsdesk.news.tests.factories import make_article, make_section, paragraph
from newsdesk.newsletters import sending, services
from newsdesk.newsletters.models import Audience, Delivery, DeliveryState, EditionStatus, Status, Subscription
from newsdesk.newsletters.render import (
    ONE_CLICK,
    WireTemplate,
    edition_render,
    recipient_message,
    unsubscribe_url,
    wire_template,
)
from newsdesk.newsletters.selectors import edition_report
from newsdesk.newsletters.smtp import HandoverEmailBackend
from newsdesk.subscriptions.models import Status as BillingStatus
from newsdesk.subscriptions.models import Subscription as Billing
from newsdesk.subscriptions.tests.factories import make_reader, premium

from .factories import make_edition, make_members, make_newsletter
from .sink import Sink, smtp_to

pytestmark = pytest.mark.django_db

SECRET = "Quillsbury trustees hid the vellum ledger under Mthatha's old granary."
TEASER = "The first paragraph anyone may read."
NOW = datetime(2026, 3, 2, 5, 0, tzinfo=UTC)
LOCMEM = override_settings(NEWSLETTERS_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")


@pytest.fixture(autouse=True)
def fresh_render_cache():
    sending._rendered.clear()


@pytest.fixture
def stories():
    section = make_section("Business")
    free = make_article(section, "Rand firms against the dollar")
    premium = make_article(
        section,
        "Inside the pension fund's missing billions",
        premium=True,
        body=[paragraph(TEASER), paragraph("The second paragraph anyone may read."), paragraph(SECRET)],
    )
    return free, premium


def _approved(newsletter, articles):
    edition = make_edition(newsletter, articles)
    services.edition_approve(edition_id=edition.pk, by=None)
    return edition


def test_premium_story_in_email_is_headline_teaser_and_link_in_both_parts(stories):
    free, premium = stories
    edition = make_edition(make_newsletter(), [free, premium])
    rendered = edition_render(edition)
    url = absolute_url(premium.url)
    for part in (unescape(rendered.html), rendered.text):
        assert premium.title in part and TEASER in part and url in part
        assert "Mthatha" not in part and "vellum" not in part
        assert free.title in part and free.standfirst in part
    assert "For subscribers" in rendered.html and "[For subscribers]" in rendered.text
    # CSS is inlined for clients that drop <style>; dark mode stays as an @media rule.
    assert 'class="headline" style="' in rendered.html
    assert "prefers-color-scheme: dark" in rendered.html


@LOCMEM
def test_every_email_carries_rfc8058_headers_with_its_own_working_one_click_token(stories):
    newsletter = make_newsletter()
    first, second = make_members(newsletter, 2)
    edition = _approved(newsletter, list(stories))
    assert sending.edition_start(edition_id=edition.pk) == 2
    assert sending.edition_send(edition_id=edition.pk)["sent"] == 2
    by_rcpt = {m.to[0]: m for m in mail.outbox}
    assert set(by_rcpt) == {first.email, second.email}
    headers = by_rcpt[first.email].extra_headers
    assert headers["List-Unsubscribe-Post"] == ONE_CLICK == "List-Unsubscribe=One-Click"
    link = headers["List-Unsubscribe"].strip("<>")
    assert link.startswith("http") and link != by_rcpt[second.email].extra_headers["List-Unsubscribe"].strip("<>")
    assert link in by_rcpt[first.email].body and link in by_rcpt[first.email].alternatives[0][0]
    # The mail client's one click: a POST with the RFC's body and nothing else.
    assert (
        Client(enforce_csrf_checks=True).post(link.split("8000", 1)[-1], {"List-Unsubscribe": "One-Click"}).status_code
        == 200
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Status.UNSUBSCRIBED, Status.CONFIRMED)


@LOCMEM
@override_settings(NEWSLETTERS_UNSUBSCRIBE_MAILTO="unsubscribe@newsdesk.test")
def test_optional_mailto_joins_the_https_link(stories):
    newsletter = make_newsletter()
    member = make_members(newsletter, 1)[0]
    message = recipient_message(
        edition_render(make_edition(newsletter, list(stories))),
        email=member.email,
        subscription_id=member.pk,
        delivery_id=1,
    )
    assert message.extra_headers["List-Unsubscribe"].endswith(
        ", <mailto:unsubscribe@newsdesk.test?subject=unsubscribe>"
    )


@LOCMEM
def test_suppressed_pending_and_unsubscribed_addresses_are_never_mailed(stories):
    newsletter = make_newsletter()
    members = make_members(newsletter, 4)
    services.suppression_record(email=members[0].email, reason="complained")
    services.subscription_unsubscribe(subscription_id=members[1].pk)
    edition = _approved(newsletter, list(stories))
    assert sending.edition_start(edition_id=edition.pk) == 2
    services.suppression_record(email=members[2].email, reason="bounced")  # after the start, before the send
    totals = sending.edition_send(edition_id=edition.pk)
    assert (totals["sent"], totals["skipped"]) == (1, 1)
    assert [m.to for m in mail.outbox] == [[members[3].email]]
    edition.refresh_from_db()
    assert edition.status == EditionStatus.SENT
    report = edition_report(edition)
    assert (report.recipients, report.sent, report.skipped) == (2, 1, 1)


@LOCMEM
def test_a_second_start_and_a_second_send_send_nothing_more(stories):
    newsletter = make_newsletter()
    make_members(newsletter, 3)
    edition = _approved(newsletter, list(stories))
    sending.edition_start(edition_id=edition.pk)
    assert sending.edition_start(edition_id=edition.pk) == 0
    sending.edition_send(edition_id=edition.pk)
    sending.edition_send(edition_id=edition.pk)
    assert len(mail.outbox) == 3 and Delivery.objects.filter(edition=edition).count() == 3


@pytest.mark.parametrize("when", ["before the hand-over", "after the hand-over"])
def test_worker_killed_mid_batch_resumes_and_the_smtp_sink_gets_one_email_per_recipient(stories, when):
    """An exception that ends the run before the hand-over leaves an unfinished DATA the server drops, and the
    resume sends it once; one after it (the row already says sent) has the "." sent before the connection drops."""
    newsletter = make_newsletter()
    members = make_members(newsletter, 30)
    edition = _approved(newsletter, list(stories))

    class Killed(BaseException):
        pass

    with (
        Sink() as sink,
        smtp_to(sink, NEWSLETTERS_BATCH_SIZE=10),
    ):
        with time_machine.travel(NOW, tick=False):
            sending.edition_start(edition_id=edition.pk)
            claim = sending.batch_claim(edition_id=edition.pk)
            original = sending._mark_sent
            calls = {"n": 0}

            def dying_mark(claim_, delivery_id):
                calls["n"] += 1
                if calls["n"] == 4 and when == "before the hand-over":  # its body is on the wire, its "." is not
                    raise Killed
                marked = original(claim_, delivery_id)
                if calls["n"] == 4:  # committed as sent, its "." not yet on the wire
                    raise Killed
                return marked

            sending._mark_sent = dying_mark
            try:
                with pytest.raises(Killed):
                    sending.batch_send(edition_id=edition.pk, claim=claim)
            finally:
                sending._mark_sent = original
        before_resume = 3 if when == "before the hand-over" else 4
        assert Delivery.objects.filter(edition=edition, state=DeliveryState.SENT).count() == before_resume
        assert sink.handler.total == before_resume
        with time_machine.travel(NOW + timedelta(minutes=11), tick=False):
            sending.edition_send(edition_id=edition.pk)
        # aiosmtpd handles the dropped connection asynchronously; what it accepted is already counted.
        assert sink.handler.total == 30
        assert set(sink.handler.by_recipient) == {m.email for m in members}
        assert set(sink.handler.by_recipient.values()) == {1}
        header = sink.handler.headers[0]
        assert header["List-Unsubscribe-Post"] == ONE_CLICK and header["List-Unsubscribe"].strip().startswith("<http")
    edition.refresh_from_db()
    assert edition.status == EditionStatus.SENT


def test_over_smtp_each_email_carries_its_own_unsubscribe_link_and_lines_starting_with_a_dot_arrive_whole(stories):
    newsletter = make_newsletter()
    members = make_members(newsletter, 3)
    edition = _approved(newsletter, list(stories))
    template = wire_template(edition_render(edition))
    dotted = WireTemplate(
        from_email=template.from_email,
        data=template.data.replace(b"\r\n\r\n", b"\r\n\r\n..a line that starts with a dot\r\n", 1),
    )
    with (
        Sink() as sink,
        smtp_to(sink),
    ):
        sending.edition_start(edition_id=edition.pk)
        sending.edition_send(edition_id=edition.pk)
        backend = HandoverEmailBackend(host="127.0.0.1", port=sink.port)
        with backend:
            backend.send_messages(
                [dotted.fill(email="dots@example.test", subscription_id=1, delivery_id=1, edition_id=edition.pk)]
            )
    by_rcpt = {headers["To"]: headers for headers in sink.handler.headers}
    for member in members:
        assert by_rcpt[member.email]["List-Unsubscribe"].strip() == f"<{unsubscribe_url(member.pk)}>"
    assert b"\r\n\r\n.a line that starts with a dot\r\n" in sink.handler.contents[-1]


def test_a_run_whose_claim_was_taken_over_stops_before_the_final_dot(stories):
    newsletter = make_newsletter()
    make_members(newsletter, 5)
    edition = _approved(newsletter, list(stories))
    with (
        Sink() as sink,
        smtp_to(sink),
    ):
        with time_machine.travel(NOW, tick=False):
            sending.edition_start(edition_id=edition.pk)
            slow = sending.batch_claim(edition_id=edition.pk)
        with time_machine.travel(NOW + timedelta(minutes=11), tick=False):
            fast = sending.batch_claim(edition_id=edition.pk)  # the slow run looks dead: its batch is taken over
            assert sending.batch_send(edition_id=edition.pk, claim=slow)["sent"] == 0
            assert sending.batch_send(edition_id=edition.pk, claim=fast)["sent"] == 5
    assert sink.handler.total == 5 and set(sink.handler.by_recipient.values()) == {1}


def test_a_subscribers_list_goes_only_to_readers_whose_subscription_gives_access_when_it_is_sent(stories):
    newsletter = make_newsletter(audience=Audience.SUBSCRIBERS)
    readers = {name: make_reader(f"{name}@example.test") for name in ("paying", "lapsed", "gone")}
    for name, status in (("paying", BillingStatus.ACTIVE), ("lapsed", BillingStatus.ENDED)):
        Billing.objects.create(user=readers[name], plan=premium(), status=status, created_at=NOW, anchor=NOW)
    for reader in readers.values():
        Subscription.objects.create(
            newsletter=newsletter, email=reader.email, user=reader, status=Status.CONFIRMED, confirmed_at=NOW
        )
    # Joined while subscribed; the account was deleted since (the membership keeps no user).
    Subscription.objects.filter(email="gone@example.test").update(user=None)
    edition = _approved(newsletter, list(stories))
    assert sending.edition_start(edition_id=edition.pk) == 1
    assert list(Delivery.objects.filter(edition=edition).values_list("email", flat=True)) == ["paying@example.test"]


@LOCMEM
def test_a_sending_edition_is_resumed_only_when_nobody_has_claimed_its_rows_for_the_claim_timeout(stories):
    newsletter = make_newsletter()
    make_members(newsletter, 6)
    edition = _approved(newsletter, list(stories))
    with time_machine.travel(NOW, tick=False):
        assert sending.editions_due() == [edition.pk]  # approved: to start
        sending.edition_start(edition_id=edition.pk)
        claim = sending.batch_claim(edition_id=edition.pk, size=2)
        sending.batch_send(edition_id=edition.pk, claim=claim)  # a live run, two rows sent, four waiting
    with time_machine.travel(NOW + timedelta(minutes=1), tick=False):
        assert sending.editions_due() == []  # its run is at work: no second set of senders
    with time_machine.travel(NOW + timedelta(minutes=11), tick=False):
        assert sending.editions_due() == [edition.pk]  # nobody claimed anything for the claim timeout
        dead = sending.batch_claim(edition_id=edition.pk, size=2)
    with time_machine.travel(NOW + timedelta(minutes=22), tick=False):
        assert sending.editions_due() == [edition.pk]  # that run died holding its rows
        sending.delivery_settle(delivery_id=dead.rows[0][0], claim_token=dead.token)  # its witness hands them back
        assert sending.editions_due() == [edition.pk]
        sending.edition_send(edition_id=edition.pk)
        assert sending.editions_due() == []
    edition.refresh_from_db()
    assert edition.status == EditionStatus.SENT
