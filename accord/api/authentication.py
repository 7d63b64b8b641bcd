from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed
from django.utils.translation import gettext_lazy as _


class ServiceAccountTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>` for machine clients only.

    A person's account never gets a token: a token cannot carry the second factor that every
    person must present (DESIGN.md §4.7).
    """

    def authenticate_credentials(self, key: str):  # type: ignore[override]
        user, token = super().authenticate_credentials(key)
        if not user.is_service_account:
            raise AuthenticationFailed(_("Tokens are for service accounts only."))
        return user, token
