"""`manage.py billing run [--at ISO]`: charge, retry, remind and end whatever is due."""

from datetime import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from newsdesk.subscriptions.gateways import GatewayNotConfigured, get_gateway
from newsdesk.subscriptions.services.billing import billing_run

TEST_CLOCK_REFUSED = (
    "--at (a test clock) is refused here: it needs the test gateway (SUBSCRIPTIONS_GATEWAY=test) and "
    "SUBSCRIPTIONS_TEST_CLOCK=1, which production settings never set."
)
BAD_AT = "--at needs an ISO 8601 time with a UTC offset, for example 2026-03-01T09:00:00+02:00."


class Command(BaseCommand):
    help = "Run billing: charge due subscriptions, retry failed payments, send trial reminders, end lapsed ones."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("run", help="Run billing once.")
        run.add_argument("--at", help="Pretend it is this moment (test gateway only).")
        run.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, action: str, at: str | None = None, batch_size: int = 500, **options):
        moment = timezone.now()
        try:
            gateway = get_gateway()
        except GatewayNotConfigured as error:
            raise CommandError(str(error)) from None
        if at is not None:
            if not settings.SUBSCRIPTIONS_TEST_CLOCK or gateway.name != "test":
                raise CommandError(TEST_CLOCK_REFUSED)
            try:
                moment = datetime.fromisoformat(at)
            except ValueError:
                raise CommandError(BAD_AT) from None
            if moment.tzinfo is None:
                raise CommandError(BAD_AT)
        report = billing_run(at=moment, gateway=gateway, batch_size=max(1, batch_size))
        self.stdout.write(
            f"Billing run at {moment.isoformat()}: {report.charged} charged ({report.amount} minor units), "
            f"{report.failed} failed, {report.unknown} unknown, {report.ended} ended, {report.reminders} reminders."
        )
        for error in report.errors:
            self.stderr.write(error)
