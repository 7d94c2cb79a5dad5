from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    """How a page reaches a reader: caches, the page cache and its edge copies, fragments, purge tags, the replica."""

    name = "newsdesk.delivery"
    label = "delivery"
    verbose_name = "Newsdesk delivery"
