"""Register a member on the hub with the service account it submits with, and print that
account's token once (give it to the member's operator, who sets ACCORD_NETWORK_HUB_TOKEN):
`network_member_create SLUG "NAME" --country ES --since 2024-01-01`."""

import datetime

from django.core.management.base import BaseCommand, CommandParser
from rest_framework.authtoken.models import Token

from accord.accounts import services as accounts
from accord.audit.context import Actor
from accord.network.models import PartnershipModel
from accord.network.services import member_create


class Command(BaseCommand):
    help = "Register a network member and its submitting service account; prints the token."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("name")
        parser.add_argument("--country", required=True)
        parser.add_argument("--since", type=datetime.date.fromisoformat, required=True)
        parser.add_argument(
            "--model", choices=PartnershipModel.values, default=PartnershipModel.ESTABLISHED
        )

    def handle(self, *args: object, **options: object) -> None:
        actor = Actor.system()
        account = accounts.user_create(
            actor=actor,
            username=f"network-{options['slug']}",
            email="",
            password=None,
            is_service_account=True,
        )
        member_create(
            actor=actor,
            slug=str(options["slug"]),
            name=str(options["name"]),
            country=str(options["country"]),
            partnership_model=str(options["model"]),
            member_since=options["since"],  # type: ignore[arg-type]
            account=account,
        )
        self.stdout.write(Token.objects.create(user=account).key)
