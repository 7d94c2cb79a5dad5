"""One free trial per mailbox: variants of an address that had a trial are refused and change nothing, other
mailboxes still get theirs, stored claims are re-keyed by mailbox, and two accounts racing for one mailbox get
one trial between them."""

import importlib
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.apps import apps
from django.core import mail
from django.db import connection, connections, transaction

from newsdesk.subscriptions.gateways.testgateway import TestGateway
from newsdesk.subscriptions.models import (
    PaymentMethod,
    Plan,
    Status,
    Subscription,
    SubscriptionEvent,
    TestGatewayCharge,
    TrialClaim,
)
from newsdesk.subscriptions.services.subscriptions import (
    CARD_TRIAL_JUST_TAKEN,
    MAILBOX_HAD_TRIAL,
    SubscriptionError,
    subscription_cancel,
    subscription_start,
)

from .factories import make_card, make_reader, premium
from .test_lifecycle import charged_total, commit_callbacks, run, start
from .test_views import signed_in, subscribe_through_the_forms

T0 = datetime(2026, 1, 10, 8, 0, tzinfo=UTC)
MAILBOX_HAD_TRIAL_TEXT = (
    "Sorry, the free trial is one per mailbox, and {address} reaches a mailbox that has had one on another account. "
    "No subscription was started and nothing was charged: to subscribe, sign in to that account."
)


def written() -> dict[str, int]:
    """Count everything a start writes or sends."""
    return {
        "subscriptions": Subscription.objects.count(),
        "events": SubscriptionEvent.objects.count(),
        "claims": TrialClaim.objects.count(),
        "cards": PaymentMethod.objects.count(),
        "charges": TestGatewayCharge.objects.count(),
        "emails": len(mail.outbox),
    }


def test_the_refusal_text_is_the_one_readers_are_shown():
    assert MAILBOX_HAD_TRIAL == MAILBOX_HAD_TRIAL_TEXT


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("had_trial", "variant", "mailbox"),
    [
        ("jane.doe@gmail.com", "Jane.Doe@Gmail.com", "janedoe@gmail.com"),
        ("jane.doe@gmail.com", "jane.doe+news@gmail.com", "janedoe@gmail.com"),
        ("jane.doe@gmail.com", "janedoe@gmail.com", "janedoe@gmail.com"),
        ("jane.doe@gmail.com", "J.aneDoe+paper@GoogleMail.com", "janedoe@gmail.com"),
        ("sipho@example.co.za", "SIPHO+trial2@example.co.za", "sipho@example.co.za"),
    ],
)
def test_a_variant_of_a_mailbox_that_had_a_trial_is_refused_and_nothing_is_written(had_trial, variant, mailbox):
    with time_machine.travel(T0, tick=False):
        first = start(make_reader(had_trial))
        before = written()
        with pytest.raises(SubscriptionError) as error:
            start(make_reader(variant))
    assert str(error.value) == MAILBOX_HAD_TRIAL_TEXT.format(address=variant)
    assert written() == before
    assert list(Subscription.objects.values_list("pk", "status")) == [(first.pk, Status.TRIALING)]
    assert list(TrialClaim.objects.filter(kind="mailbox").values_list("value", "subscription")) == [(mailbox, first.pk)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("had_trial", "other"),
    [
        ("jane.doe@example.org", "janedoe@example.org"),  # outside Gmail a dot makes another mailbox
        ("jane.doe@gmail.com", "jane.doe@example.org"),
        ("jane@gmail.com", "jane-news@gmail.com"),
    ],
)
def test_a_different_mailbox_still_gets_its_trial(had_trial, other):
    with time_machine.travel(T0, tick=False):
        start(make_reader(had_trial))
        second = start(make_reader(other))
    assert (second.status, second.trial_end) == (Status.TRIALING, T0 + timedelta(days=14))
    assert charged_total(second) == 0
    assert TrialClaim.objects.filter(subscription=second, kind="mailbox").get().value == other


@pytest.mark.django_db
def test_two_addresses_of_one_mailbox_on_one_account_claim_it_once():
    reader = make_reader("thandi@example.org")
    reader.emailaddress_set.create(email="Thandi+news@example.org", verified=True, primary=False)
    with time_machine.travel(T0, tick=False):
        sub = start(reader)
    assert sub.status == Status.TRIALING
    assert sorted(sub.trial_claims.values_list("kind", "value")) == [
        ("account", str(reader.pk)),
        ("card", sub.payment_method.fingerprint),
        ("mailbox", "thandi@example.org"),
    ]


@pytest.mark.django_db
def test_a_plan_without_a_trial_is_sold_to_a_mailbox_that_had_one():
    no_trial = Plan.objects.create(name="Premium, no trial", slug="premium-now", amount=7500, trial_days=0)
    with time_machine.travel(T0, tick=False):
        start(make_reader("jane.doe@gmail.com"))
        second = start(make_reader("jane.doe+later@gmail.com"), plan=no_trial)
    assert (second.status, second.trial_end) == (Status.ACTIVE, None)
    assert charged_total(second) == 7500


@pytest.mark.django_db
def test_an_account_that_had_its_own_trial_before_the_rule_is_charged_at_once_when_it_returns():
    jane, again = make_reader("jane.doe@gmail.com"), make_reader()
    with time_machine.travel(T0, tick=False) as clock:
        start(jane)
        earlier = start(again)
        # Its address became a variant of Jane's, and the claims were re-keyed: Jane's trial holds the mailbox.
        again.emailaddress_set.update(email="jane.doe+again@gmail.com")
        earlier.trial_claims.filter(kind="mailbox").delete()
        with commit_callbacks():
            subscription_cancel(subscription=earlier)
        run(T0 + timedelta(days=15))
        clock.move_to(T0 + timedelta(days=20))
        second = start(again)
    assert (second.status, second.trial_end) == (Status.ACTIVE, None)
    assert charged_total(second) == 7500


@pytest.mark.django_db
def test_the_start_page_refuses_a_variant_with_the_exact_message(client):
    with time_machine.travel(T0, tick=False):
        start(make_reader("jane.doe@gmail.com"))
        before = written()
        reader = signed_in(client, make_reader("jane.doe+paper@gmail.com"))
        response, _ = subscribe_through_the_forms(client)
    assert response.status_code == 409
    assert MAILBOX_HAD_TRIAL_TEXT.format(address="jane.doe+paper@gmail.com") in response.content.decode()
    assert written() == before
    assert not Subscription.objects.filter(user=reader).exists()


@pytest.mark.django_db
def test_stored_email_claims_become_mailbox_claims_and_the_earliest_keeps_a_shared_mailbox():
    backfill = importlib.import_module("newsdesk.subscriptions.migrations.0004_trial_claims_by_mailbox")
    with time_machine.travel(T0, tick=False) as clock:
        subs = []
        for _ in range(3):
            subs.append(start(make_reader()))
            clock.shift(timedelta(hours=1))
    TrialClaim.objects.filter(kind="mailbox").delete()
    # Claims as they were stored before: lower-cased addresses. The later one is written first (a lower id),
    # so "earliest" has to mean the earliest trial, not the first row.
    later = TrialClaim.objects.create(
        kind="email", value="janedoe+news@googlemail.com", subscription=subs[1], created_at=T0 + timedelta(hours=1)
    )
    earliest = TrialClaim.objects.create(kind="email", value="jane.doe@gmail.com", subscription=subs[0], created_at=T0)
    other = TrialClaim.objects.create(
        kind="email", value="sipho@example.co.za", subscription=subs[2], created_at=T0 + timedelta(hours=2)
    )

    backfill.claims_by_mailbox(apps, None)
    backfill.claims_by_mailbox(apps, None)  # a second run finds nothing to do

    assert sorted(TrialClaim.objects.exclude(kind__in=["account", "card"]).values_list("pk", "kind", "value")) == [
        (earliest.pk, "mailbox", "janedoe@gmail.com"),
        (other.pk, "mailbox", "sipho@example.co.za"),
    ]
    assert later.pk not in TrialClaim.objects.values_list("pk", flat=True)
    assert sorted(subs[1].trial_claims.values_list("kind", flat=True)) == ["account", "card"]

    backfill.claims_by_address(apps, None)
    assert sorted(TrialClaim.objects.exclude(kind__in=["account", "card"]).values_list("kind", "value")) == [
        ("email", "janedoe@gmail.com"),
        ("email", "sipho@example.co.za"),
    ]


def _race(first_reader, first_card, second_reader, second_card):
    """Start two trials whose claims collide: on PostgreSQL the second start writes while the first is uncommitted."""
    plan, gateway = premium(), TestGateway()
    if connection.vendor != "postgresql":  # SQLite serialises writers: the starts run in turn
        with commit_callbacks():
            won = subscription_start(user=first_reader, plan=plan, card=first_card, gateway=gateway)
        with pytest.raises(SubscriptionError) as error:
            subscription_start(user=second_reader, plan=plan, card=second_card, gateway=gateway)
        return won, error.value
    first_written, release = threading.Event(), threading.Event()
    outcome: dict = {}

    def first():
        try:
            with transaction.atomic():
                outcome["won"] = subscription_start(user=first_reader, plan=plan, card=first_card, gateway=gateway)
                first_written.set()
                release.wait(timeout=30)
        except Exception as exc:  # noqa: BLE001 - reported below
            outcome["first_error"] = exc
        finally:
            first_written.set()
            connections.close_all()

    def second():
        try:
            first_written.wait(timeout=30)
            subscription_start(user=second_reader, plan=plan, card=second_card, gateway=gateway)
        except SubscriptionError as exc:
            outcome["refused"] = exc
        except Exception as exc:  # noqa: BLE001 - reported below
            outcome["second_error"] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    first_written.wait(timeout=30)
    # Commit the first start only once the second is waiting on its claim: its check saw no claim, so only the
    # unique constraint can stop it now.
    with connection.cursor() as cursor:
        for _ in range(300):
            cursor.execute(
                "SELECT count(*) FROM pg_locks JOIN pg_stat_activity USING (pid) "
                "WHERE NOT granted AND datname = current_database()"
            )
            if cursor.fetchone()[0]:
                break
            time.sleep(0.1)
        else:
            pytest.fail("the second start never waited on the first one's claim")
    release.set()
    for thread in threads:
        thread.join(timeout=60)
    assert "first_error" not in outcome and "second_error" not in outcome, outcome
    return outcome["won"], outcome.get("refused")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_accounts_racing_for_one_mailbox_get_one_trial_and_the_other_is_refused():
    first_reader, second_reader = make_reader("jane.doe@gmail.com"), make_reader("Jane.Doe+race@googlemail.com")
    won, refused = _race(first_reader, make_card(), second_reader, make_card())
    assert str(refused) == MAILBOX_HAD_TRIAL_TEXT.format(address="Jane.Doe+race@googlemail.com")
    assert list(Subscription.objects.values_list("user", "status")) == [(first_reader.pk, Status.TRIALING)]
    assert won.user == first_reader
    assert sorted(TrialClaim.objects.values_list("kind", "subscription")) == [
        ("account", won.pk),
        ("card", won.pk),
        ("mailbox", won.pk),
    ]
    assert not PaymentMethod.objects.filter(user=second_reader).exists()
    assert TestGatewayCharge.objects.count() == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_accounts_racing_for_one_card_get_one_trial_and_the_other_is_refused():
    card = make_card()
    same_card = make_card(exp_month=card.exp_month, exp_year=card.exp_year)
    first_reader, second_reader = make_reader(), make_reader()
    if connection.vendor != "postgresql":
        # SQLite serialises the two starts: the second sees the card's claim and is sold without a trial, charged once.
        plan, gateway = premium(), TestGateway()
        with commit_callbacks():
            subscription_start(user=first_reader, plan=plan, card=card, gateway=gateway)
            paid = subscription_start(user=second_reader, plan=plan, card=same_card, gateway=gateway)
        assert sorted(Subscription.objects.values_list("user", "status")) == [
            (first_reader.pk, Status.TRIALING),
            (second_reader.pk, Status.ACTIVE),
        ]
        assert paid.user_id == second_reader.pk
        assert list(TestGatewayCharge.objects.values_list("amount", flat=True)) == [7500]
        return
    won, refused = _race(first_reader, card, second_reader, same_card)
    assert str(refused) == CARD_TRIAL_JUST_TAKEN
    assert CARD_TRIAL_JUST_TAKEN == (
        "Sorry, this card was used for a free trial on another account a moment ago. No subscription was started "
        "and nothing was charged: start again to subscribe without a trial."
    )
    assert list(Subscription.objects.values_list("user", "status")) == [(first_reader.pk, Status.TRIALING)]
    assert not PaymentMethod.objects.filter(user=second_reader).exists()
    assert TestGatewayCharge.objects.count() == 0
