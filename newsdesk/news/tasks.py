"""Background jobs for the newspaper."""

from django.core.management import call_command
from django_tasks import task


@task()
def publish_scheduled_pages() -> None:
    """Publish pages whose go-live time has come and unpublish expired ones (safe to run twice)."""
    call_command("publish_scheduled", verbosity=0)
