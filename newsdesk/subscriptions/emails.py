"""The emails a subscriber gets, rendered from templates/subscriptions/emails/<kind>.txt."""

from django.core.mail import send_mail
from django.template.loader import render_to_string

from newsdesk.core.selectors import absolute_url

from .models import Subscription, format_money
from .selectors import TEST_MODE_NOTICE, last_payment, local_date, payments_simulated, start_terms

SUBJECTS = {
    "trial_started": "Your free trial has started",
    "trial_ending": "Your free trial ends on {trial_end}",
    "payment_received": "Receipt for your subscription",
    "payment_failed": "We could not take your subscription payment",
    "payment_failed_cancelled": "We could not take your subscription payment",
    "subscription_ended": "Your subscription has ended",
    "cancelled": "Your subscription is cancelled",
}


def send_subscription_email(subscription: Subscription, kind: str) -> None:
    """Send one email about a subscription to its reader."""
    if kind not in SUBJECTS:
        raise ValueError(f"Unknown subscription email {kind!r}")
    paid = last_payment(subscription)
    context = {
        "subscription": subscription,
        "plan": subscription.plan,
        "price": format_money(subscription.plan.amount, subscription.plan.currency),
        "trial_end": local_date(subscription.trial_end) if subscription.trial_end else "",
        "next_charge": local_date(subscription.due_at) if subscription.due_at else "",
        "access_until": local_date(subscription.access_until) if subscription.access_until else "",
        "last_payment": paid,
        # What starting meant, in the words the confirm page used (the same rule computed both).
        "terms": start_terms(plan=subscription.plan, trial_end=subscription.trial_end),
        "first_payment": subscription.periods_paid <= 1 and subscription.trial_end is None,
        "account_url": absolute_url("/account/"),
        "update_card_url": absolute_url("/subscriptions/card/"),
    }
    subject = SUBJECTS[kind].format(**context)
    body = render_to_string(f"subscriptions/emails/{kind}.txt", context)
    if payments_simulated():  # first, so that nobody reads "charged" without reading this
        body = f"{TEST_MODE_NOTICE}\n\n{body}"
    send_mail(subject, body, None, [subscription.user.email])
