"""Demo subscription data: the seeded plans (made by a migration) and one demo subscriber in a free trial."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..gateways.testgateway import TestGateway, tokenise_card
from ..models import Plan, Subscription
from ..services.subscriptions import subscription_start

DEMO_READER = "subscriber@example.org"
DEMO_PASSWORD = "newsdesk-demo"  # noqa: S105 - demo data only


@transaction.atomic
def load(stdout=None) -> None:
    """Create a demo reader with a trial of the Premium plan, once."""
    plan = Plan.objects.filter(slug="premium").first()
    User = get_user_model()
    # Found by address as well as username: an admin may have renamed the reader, and allauth keeps verified
    # addresses unique. A reader who cancelled, or whose trial ended, is left as they are.
    known = (
        User.objects.filter(Q(username=DEMO_READER) | Q(email__iexact=DEMO_READER)).exists()
        or EmailAddress.objects.filter(email__iexact=DEMO_READER).exists()
    )
    if plan is None or known:
        return
    user = User.objects.create_user(username=DEMO_READER, email=DEMO_READER, password=DEMO_PASSWORD)
    EmailAddress.objects.create(user=user, email=DEMO_READER, verified=True, primary=True)
    stored = tokenise_card(number="4242424242424242", exp_month=12, exp_year=2035, today=timezone.now())
    gateway = TestGateway()
    subscription_start(
        user=user, plan=plan, card=gateway.token_from_return(params={"token": stored.token}), gateway=gateway
    )
    if stdout is not None and Subscription.objects.filter(user=user).exists():
        stdout.write(f"Demo subscriber: {DEMO_READER} / {DEMO_PASSWORD} ({plan.trial_days}-day trial of {plan.name})\n")
