"""A sender process SIGKILLed at each moment of a message's hand-over: the sink still gets one email per recipient.

The sender runs in a process of its own, on this test's database (a copy of the in-memory SQLite database in a
file, or the PostgreSQL test database itself), and kills itself at the chosen moment of the third message:
- before its row is committed as sent (the body is on the wire, the "." is not): the server must drop it and
  the resume send it;
- after the commit, before the ".": the message must still arrive (the witness sends the ".");
- after the ".": it must not arrive twice.
The test then resumes the edition in this process, as the next run would."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from newsdesk.news.tests.factories import make_article, make_section
from newsdesk.newsletters import sending, services
from newsdesk.newsletters.models import Delivery, DeliveryState, EditionStatus

from .factories import make_edition, make_members, make_newsletter
from .sink import Sink, smtp_to

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[3]
RECIPIENTS = 8
VICTIM = 3  # the message during which the sender dies

SENDER = textwrap.dedent(
    """
    import os, signal, sys
    import django

    django.setup()
    from newsdesk.newsletters import sending, smtp

    moment, victim, edition_id = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    seen = {"dots": 0, "marks": 0}

    def die():
        print("killed", flush=True)
        os.kill(os.getpid(), signal.SIGKILL)

    send, mark = smtp.HandoverSMTP.send, sending._mark_sent

    def send_and_maybe_die(self, data):
        if data == b".\\r\\n":
            seen["dots"] += 1
            if seen["dots"] == victim and moment == "after the commit":
                die()
            send(self, data)
            if seen["dots"] == victim and moment == "after the dot":
                die()
            return
        send(self, data)

    def mark_and_maybe_die(claim, delivery_id):
        seen["marks"] += 1
        if seen["marks"] == victim and moment == "before the commit":
            die()
        return mark(claim, delivery_id)

    smtp.HandoverSMTP.send = send_and_maybe_die
    sending._mark_sent = mark_and_maybe_die
    sending.edition_send(edition_id=edition_id)
    print("finished without dying", flush=True)
    """
)


def _database_for_a_process(tmp_path: Path) -> tuple[dict[str, str], Path | None]:
    """Return the environment that points a process at this test's database (and the SQLite copy's path)."""
    if connection.vendor == "sqlite":
        path = tmp_path / "shared.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(path) as copy:
            connection.connection.backup(copy)
        return {"DATABASE_URL": f"sqlite:///{path}"}, path
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return {"DATABASE_URL": url}, None


@pytest.mark.parametrize("moment", ["before the commit", "after the commit", "after the dot"])
def test_a_sender_killed_at_any_moment_of_a_message_leaves_one_email_per_recipient(tmp_path, moment):
    newsletter = make_newsletter()
    members = make_members(newsletter, RECIPIENTS)
    edition = make_edition(newsletter, [make_article(make_section("News"), "Water plan approved")])
    services.edition_approve(edition_id=edition.pk, by=None)
    sending.edition_start(edition_id=edition.pk)
    sending._rendered.clear()

    with Sink() as sink:
        database, copy = _database_for_a_process(tmp_path)
        env = {
            **os.environ,
            **database,
            "DJANGO_SETTINGS_MODULE": "newsdesk.settings.test",
            "NEWSLETTERS_EMAIL_BACKEND": "newsdesk.newsletters.smtp.HandoverEmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(sink.port),
            "NEWSLETTERS_BATCH_SIZE": str(RECIPIENTS),
        }
        env.pop("REDIS_URL", None)
        # Its output ends when the sender and its witness have both exited: the witness has settled by then.
        done = subprocess.run(
            [sys.executable, "-c", SENDER, moment, str(VICTIM), str(edition.pk)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.stdout.strip() == "killed", done.stderr[-3000:]
        if copy is not None:
            with sqlite3.connect(copy) as shared:
                shared.backup(connection.connection)
        sent_before_resume = sink.handler.total
        assert sent_before_resume == VICTIM - (moment == "before the commit")
        # The next run, after the claim timeout (the witness has handed the dead run's rows back already).
        with (
            time_machine.travel(timezone.now() + timedelta(minutes=11), tick=False),
            smtp_to(sink),
        ):
            sending.edition_send(edition_id=edition.pk)

        assert sink.handler.total == RECIPIENTS
        assert sink.handler.by_recipient == {member.email: 1 for member in members}
    assert Delivery.objects.filter(edition=edition, state=DeliveryState.SENT).count() == RECIPIENTS
    edition.refresh_from_db()
    assert edition.status == EditionStatus.SENT


@override_settings(NEWSLETTERS_EMAIL_BACKEND="newsdesk.newsletters.smtp.HandoverEmailBackend")
def test_a_dead_senders_witness_hands_its_unsent_rows_back_at_once():
    newsletter = make_newsletter()
    make_members(newsletter, 4)
    edition = make_edition(newsletter, [make_article(make_section("News"), "Water plan approved")])
    services.edition_approve(edition_id=edition.pk, by=None)
    sending.edition_start(edition_id=edition.pk)
    claim = sending.batch_claim(edition_id=edition.pk)
    first = claim.rows[0][0]
    Delivery.objects.filter(pk=first).update(state=DeliveryState.SENT, sent_at=timezone.now())
    assert sending.delivery_settle(delivery_id=first, claim_token=claim.token) is True
    assert sending.delivery_settle(delivery_id=claim.rows[1][0], claim_token=claim.token) is False
    states = dict(Delivery.objects.filter(edition=edition).values_list("pk", "state"))
    assert states.pop(first) == DeliveryState.SENT and set(states.values()) == {DeliveryState.QUEUED}
    # A row another run has taken over is not this claim's: nothing is finished or handed back.
    other = sending.batch_claim(edition_id=edition.pk)
    assert sending.delivery_settle(delivery_id=other.rows[0][0], claim_token=claim.token) is False
    assert set(Delivery.objects.filter(pk__in=[r[0] for r in other.rows]).values_list("state", flat=True)) == {
        DeliveryState.SENDING
    }
