"""The signed tokens newsletter links carry: the one-click unsubscribe (per recipient, per list) and confirmation.

The unsubscribe token never expires (an email from last year must still unsubscribe) and is the whole credential:
it names one list membership and is signed with the SECRET_KEY under its own salt, so it opens nothing else.
A confirmation token expires after CONFIRM_MAX_AGE and names the membership's generation: unsubscribing bumps the
generation, so an old confirmation link cannot undo an unsubscribe.
"""

from django.core import signing

UNSUBSCRIBE_SALT = "newsletters.unsubscribe"
CONFIRM_SALT = "newsletters.confirm"
CONFIRM_MAX_AGE = 7 * 24 * 3600


def unsubscribe_token(*, subscription_id: int) -> str:
    return signing.Signer(salt=UNSUBSCRIBE_SALT, sep=".").sign(str(subscription_id))


def subscription_from_unsubscribe_token(token: str) -> int | None:
    """Return the membership id the token names, or None for a forged, altered or truncated token."""
    try:
        return int(signing.Signer(salt=UNSUBSCRIBE_SALT, sep=".").unsign(token))
    except (signing.BadSignature, ValueError):
        return None


def confirm_token(*, subscription_id: int, generation: int) -> str:
    return signing.TimestampSigner(salt=CONFIRM_SALT, sep=".").sign(f"{subscription_id}-{generation}")


def subscription_from_confirm_token(token: str) -> tuple[int, int] | None:
    """Return (membership id, generation) of a valid, unexpired confirmation token, or None."""
    try:
        value = signing.TimestampSigner(salt=CONFIRM_SALT, sep=".").unsign(token, max_age=CONFIRM_MAX_AGE)
        subscription_id, generation = value.split("-")
        return int(subscription_id), int(generation)
    except (signing.BadSignature, ValueError):
        return None
