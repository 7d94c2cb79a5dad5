from django.apps import AppConfig


class PaywallConfig(AppConfig):
    name = "newsdesk.paywall"
    label = "paywall"
    verbose_name = "Paywall"
    # Periodic jobs this app needs: dotted task path -> interval in seconds (see newsdesk.core.periodic).
    periodic_tasks: dict[str, int] = {}

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from newsdesk.subscriptions.models import Plan

        for signal in (post_save, post_delete):
            signal.connect(_purge_offers, sender=Plan, dispatch_uid=f"paywall-purge-offers-{signal}")


def _purge_offers(sender, **kwargs) -> None:
    """Purge cached pages when staff change a plan: the offer under every premium article quotes the plans."""
    from newsdesk.core.pagecache import SITE_TAG, purge_tags

    purge_tags({SITE_TAG})
