from functools import partial

from django.conf import settings
from django.http import HttpRequest

from accord.core import panels


def accord(request: HttpRequest) -> dict[str, object]:
    return {
        "QUICK_EXIT_URL": settings.ACCORD_QUICK_EXIT_URL,
        "DEMO_MODE": settings.DEBUG,
        # Called by the template only where it shows the navigation (signed-in pages).
        "nav_entries": partial(panels.nav_for, request),
    }
