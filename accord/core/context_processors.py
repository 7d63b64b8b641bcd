from django.conf import settings
from django.http import HttpRequest


def accord(request: HttpRequest) -> dict[str, object]:
    return {"QUICK_EXIT_URL": settings.ACCORD_QUICK_EXIT_URL, "DEMO_MODE": settings.DEBUG}
