"""The public editor's retention job: erase personal data past the retention period (safe to run twice).

It lives apart from tasks.py because the services it runs enqueue the email tasks defined there.
"""

from django_tasks import task

from . import services


@task()
def purge_expired_personal_data() -> int:
    """Erase complainants' personal data past the retention period."""
    return services.cases_purge_expired()
