"""Writes of accounts that do not go through allauth's pages."""

from dataclasses import dataclass

from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

INVALID_EMAIL = "{email!r} is not an email address."
SEVERAL_ACCOUNTS = "More than one account uses {email}; give the address a single owner in the admin first."
PASSWORD_NEEDED = "A new account needs a password."  # noqa: S105 - a message


class AdminAccountError(Exception):
    """The administrator account cannot be set up as asked; nothing was changed."""


@dataclass(frozen=True)
class AdminAccount:
    user: AbstractUser
    created: bool


@transaction.atomic
def admin_account_ensure(*, email: str, password: str | None) -> AdminAccount:
    """Make the account of this email a superuser whose address is verified, creating it if needed.

    For a site whose email does not work yet: allauth lets nobody sign in before their address is verified, and
    verifying takes an email. Running it again changes nothing, except the password when one is given.
    """
    email = email.strip()
    try:
        validate_email(email)
    except ValidationError:
        raise AdminAccountError(INVALID_EMAIL.format(email=email)) from None
    users = get_user_model().objects
    address = EmailAddress.objects.select_related("user").filter(email__iexact=email).first()
    if address is not None:
        user = address.user
    elif users.filter(email__iexact=email).count() > 1:
        raise AdminAccountError(SEVERAL_ACCOUNTS.format(email=email))
    else:
        user = users.filter(email__iexact=email).first()
    created = user is None
    if created:
        if not password:
            raise AdminAccountError(PASSWORD_NEEDED)
        user = users.model(email=email, username=get_adapter().generate_unique_username([email]))
    if password:
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            raise AdminAccountError(" ".join(error.messages)) from None
        user.set_password(password)
    user.is_active = user.is_staff = user.is_superuser = True
    user.save()
    EmailAddress.objects.filter(user=user).exclude(email__iexact=email).update(primary=False)
    address = EmailAddress.objects.filter(user=user, email__iexact=email).first() or EmailAddress(
        user=user, email=email
    )
    address.verified = address.primary = True
    address.save()
    return AdminAccount(user=user, created=created)
