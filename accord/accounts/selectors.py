import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from accord.accounts.models import Membership, User


def user_current_totp_code(user: User) -> str:
    """The code a user's authenticator app shows now (demo sign-ins and browser tests)."""
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = get_mfa_adapter().decrypt(authenticator.data["secret"])
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))


def organisation_language(user: User) -> str | None:
    """The default language of the user's (first) organisation."""
    return (
        Membership.objects.filter(user=user)
        .order_by("pk")
        .values_list("team__service__organisation__default_language", flat=True)
        .first()
    )
