"""Background jobs of page delivery."""

from django_tasks import task

from .frontend import purge_frontend_tags


@task()
def purge_frontend(tags: list[str]) -> None:
    """Ask Varnish or the CDN to drop pages carrying these tags (purging twice is harmless)."""
    purge_frontend_tags(tags)
