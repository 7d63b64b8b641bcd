from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.http import HttpRequest

from accord.core import crypto

# allauth passes no row to encrypt(), so the associated data can only name the kind of secret.
MFA_AAD = "allauth.mfa.secret"


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Accounts are created by an organisation admin, never by self-service sign-up.
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs: object) -> bool:
        # Enrolling the first authenticator is the mandatory step right after the password
        # sign-in: asking for the password a second time would prove nothing more. Replacing
        # or changing an existing factor still requires re-authentication.
        user = context.request.user
        if app == "allauth.mfa" and user.is_authenticated and not is_mfa_enabled(user):
            return False
        return super().is_reauthentication_required(app=app, **kwargs)


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        # The second factor is mandatory: it may be replaced (recovery codes regenerated),
        # never removed, or the account would fall back to a password alone.
        return authenticator.type != Authenticator.Type.TOTP

    # The TOTP key and the recovery-code seed are as good as a second factor: stored in the
    # clear, a copy of the database would pass MFA for every account.
    def encrypt(self, text: str) -> str:
        return crypto.encrypt(text, aad=MFA_AAD)

    def decrypt(self, encrypted_text: str) -> str:
        return crypto.decrypt(encrypted_text, aad=MFA_AAD)
