from django.core.management.base import BaseCommand

from accord.programmes.partner_contact import safety_information_release


class Command(BaseCommand):
    help = "Release the safety information whose delay has passed, as one batch (run daily)."

    def handle(self, *args: object, **options: object) -> None:
        count = safety_information_release()
        self.stdout.write(f"{count} released")
