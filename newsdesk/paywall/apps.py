from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_out
from django.db import transaction

from newsdesk.delivery import edgecache
from newsdesk.delivery.pagecache import purge_tags
from newsdesk.delivery.tags import SITE_TAG


class PaywallConfig(AppConfig):
    name = "newsdesk.paywall"
    label = "paywall"
    verbose_name = "Paywall"
    # Periodic jobs this app needs: dotted task path -> interval in seconds (see newsdesk.core.periodic).
    periodic_tasks: dict[str, int] = {}

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from newsdesk.subscriptions.models import Plan  # reason: models load only once the app registry is ready

        for signal in (post_save, post_delete):
            signal.connect(_plan_changed, sender=Plan, dispatch_uid=f"paywall-plan-changed-{signal}")
        user_logged_out.connect(_signed_out, dispatch_uid="paywall-signed-out")


def _plan_changed(sender, **kwargs) -> None:
    """Let every offer quote the plans staff just changed: forget the cached figures, then purge cached pages."""
    from .selectors import forget_plan_on_offer  # reason: selectors import models, not loadable at module import

    # After commit, and before the purge (callbacks run in order): no request can cache the old row meanwhile.
    transaction.on_commit(forget_plan_on_offer)
    purge_tags({SITE_TAG})


def _signed_out(sender, request=None, **kwargs) -> None:
    """Stop nginx answering premium bodies to a session that signed out (it vouched for it; bodies.py)."""
    session_key = getattr(getattr(request, "session", None), "session_key", None)
    if session_key and edgecache.enabled():
        edgecache.forget_session(session_key=session_key)
