from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accord.accounts.models import User
from accord.accounts.selectors import user_current_totp_code


class Command(BaseCommand):
    help = "Print a demo user's current TOTP code, so a person trying the demo can sign in."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: object, username: str, **options: object) -> None:
        if not settings.DEBUG:
            raise CommandError("demo_totp works only in demo mode (ACCORD_DEBUG=1).")
        try:
            user = User.objects.get(username=username)
            code = user_current_totp_code(user)
        except (User.DoesNotExist, Authenticator.DoesNotExist):
            raise CommandError(f"No demo user {username!r} with an authenticator.") from None
        self.stdout.write(code)
