"""Set up an administrator who can sign in before the site can send email (see docs/deploy.md)."""

import getpass
import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from newsdesk.accounts.services import AdminAccountError, admin_account_ensure

PASSWORD_VARIABLE = "NEWSDESK_ADMIN_PASSWORD"  # noqa: S105 - the name of the variable, not a password
READY = (
    "{email} {what} a superuser with a verified address. Sign in at {url}; with REQUIRE_STAFF_2FA on, the admin "
    "asks for an authenticator app first."
)
PASSWORDS_DIFFER = "The passwords do not match; try again."


class Command(BaseCommand):
    help = (
        "Create or promote a superuser who signs in with EMAIL, its address already verified, so the first "
        f"administrator needs no working email. The password is asked for, or read from {PASSWORD_VARIABLE} "
        "with --no-input; an existing account keeps its password when none is given."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("email")
        parser.add_argument("--no-input", "--noinput", action="store_false", dest="interactive")

    def handle(self, *, email: str, interactive: bool, **options) -> None:
        password = os.environ.get(PASSWORD_VARIABLE) or (self._ask_password() if interactive else None)
        try:
            account = admin_account_ensure(email=email, password=password)
        except AdminAccountError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            READY.format(
                email=account.user.email,
                what="is now" if account.created else "was already there; it is now",
                url=f"{settings.SITE_URL}{settings.LOGIN_URL}",
            )
        )

    def _ask_password(self) -> str:
        while True:
            password = getpass.getpass("Password (empty keeps an existing account's password): ")
            if not password or password == getpass.getpass("Password again: "):
                return password
            self.stderr.write(PASSWORDS_DIFFER)
