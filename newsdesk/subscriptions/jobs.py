"""The periodic billing run: charge, retry, remind and end whatever is due (safe to run twice).

It lives apart from tasks.py because the run enqueues the subscriber emails defined there.
"""

import logging

from django_tasks import task

from .gateways import GatewayNotConfigured, get_gateway
from .services.billing import billing_run

logger = logging.getLogger(__name__)


@task()
def run_billing() -> dict:
    """Charge, retry, remind and end whatever is due now; skip the run while no payment gateway is configured."""
    try:
        gateway = get_gateway()
    except GatewayNotConfigured as error:
        # Nobody can subscribe without a gateway, so there is nothing to charge: say so instead of failing the job.
        logger.warning("Billing run skipped: %s", error)
        return {"skipped": str(error)}
    report = billing_run(gateway=gateway)
    return {"charged": report.charged, "failed": report.failed, "unknown": report.unknown, "ended": report.ended}
